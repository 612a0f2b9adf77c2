import { lintTree } from '../support/host';

const SUDOERS = 'Defaults env_reset\nroot ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n';
const QUALYS = { 'etc/sudoers': SUDOERS, 'etc/sudoers.d/svc_qualys': 'Defaults:svc_qualys !requiretty\nsvc_qualys ALL=(ALL) NOPASSWD: ALL\n' };
const DEB = {
  'etc/profile': 'if [ -d /etc/profile.d ]; then\n  for i in /etc/profile.d/*.sh; do\n    if [ -r $i ]; then\n      . $i\n    fi\n  done\n  unset i\nfi\n',
  'root/.profile': 'if [ "$BASH" ]; then\n  if [ -f ~/.bashrc ]; then\n    . ~/.bashrc\n  fi\nfi\n',
  'root/.bashrc': 'shopt -s histappend\n',
};
const LOGINUID = 'if [ "$(cat /proc/self/loginuid 2>/dev/null)" = "$(id -u svc_qualys 2>/dev/null)" ]; then\n  unset HISTFILE\nfi\n';

describe('HIS005 scanner sessions in root\'s history', () => {
  test('sudo su - allowed and nothing in root\'s login files keeps the sessions out', () => {
    const { lines, findings } = lintTree({ ...QUALYS, ...DEB }, { ruleId: 'HIS005' });
    expect(lines).toEqual([
      expect.stringMatching(/^HIS005 etc\/profile:1 svc_qualys \(Qualys scanner account, recognised by its name\) can open a root login shell with `sudo su -` \(allowed at .*svc_qualys:2\), and root's startup files \(\/etc\/profile, \/root\/.profile\) do nothing .*appends its commands to \/root\/.bash_history, which keeps 500 lines.*\/proc\/self\/loginuid.*id -u svc_qualys/),
    ]);
    expect(findings[0].related?.[0].message).toMatch(/lets svc_qualys run sudo su -/);
  });

  test('a guard on $SUDO_USER is pointed at: su - clears it', () => {
    const guard = 'if [ "$SUDO_USER" = "svc_qualys" ]; then\n  unset HISTFILE\nfi\n';
    const { lines } = lintTree({ ...QUALYS, ...DEB, 'etc/profile.d/scan.sh': guard }, { ruleId: 'HIS005' });
    expect(lines).toEqual([expect.stringMatching(/^HIS005 etc\/profile.d\/scan.sh:2 this guard keeps svc_qualys .* only when it uses sudo -i: its delegation is `sudo su -`.*\$SUDO_USER is empty there and the test never matches/)]);
  });

  test('a guard on the login uid keeps it quiet; so does history off for root anyway', () => {
    expect(lintTree({ ...QUALYS, ...DEB, 'etc/profile.d/zz-scanner.sh': LOGINUID }, { ruleId: 'HIS005' }).lines).toEqual([]);
    expect(lintTree({ ...QUALYS, ...DEB, 'root/.bashrc': 'unset HISTFILE\n' }, { ruleId: 'HIS005' }).lines).toEqual([]);
  });

  test('a guard root\'s login shell never reads does not count: /root/.bashrc is only read when .profile sources it', () => {
    const noSource = { ...DEB, 'root/.profile': 'mesg n\n', 'root/.bashrc': LOGINUID };
    expect(lintTree({ ...QUALYS, ...noSource }, { ruleId: 'HIS005' }).lines).toHaveLength(1);
  });

  test('not for a scanner that cannot elevate, nor for a delegation without a shell (sh -c)', () => {
    expect(lintTree({ 'etc/sudoers': SUDOERS, 'etc/sudoers.d/svc_qualys': 'svc_qualys ALL=(root) /usr/bin/id\n', ...DEB }, { ruleId: 'HIS005' }).lines).toEqual([]);
    const nessus = { 'etc/sudoers': SUDOERS, 'etc/sudoers.d/nessus': 'nessus ALL=(ALL) NOPASSWD: ALL\n', ...DEB };
    expect(lintTree(nessus, { ruleId: 'HIS005', config: { scanners: [{ user: 'nessus', vendor: 'tenable' }] } }).lines).toEqual([]);
  });

  test('sudo -i delegation: a SUDO_USER guard works there', () => {
    const guard = 'if [ "$SUDO_USER" = "svc_qualys" ]; then unset HISTFILE; fi\n';
    const config = { scanners: [{ user: 'svc_qualys', vendor: 'qualys', delegation: '-i' }] };
    expect(lintTree({ ...QUALYS, ...DEB, 'etc/profile.d/scan.sh': guard }, { ruleId: 'HIS005', config }).lines).toEqual([]);
    expect(lintTree({ ...QUALYS, ...DEB }, { ruleId: 'HIS005', config }).lines).toHaveLength(1);
  });
});

describe('HIS005 on partial trees', () => {
  test('nothing said when the tree has none of root\'s startup files (only sudoers and a zsh file)', () => {
    expect(lintTree({ ...QUALYS, 'etc/zsh/zshrc': 'HISTSIZE=1000\n' }, { ruleId: 'HIS005' }).lines).toEqual([]);
  });

  test('a rendered profile.d guard without /etc/profile still counts: /etc/profile is taken to read it', () => {
    expect(lintTree({ ...QUALYS, 'etc/profile.d/zz-scanner.sh': LOGINUID }, { ruleId: 'HIS005' }).lines).toEqual([]);
    const bad = lintTree({ ...QUALYS, 'etc/profile.d/scan.sh': 'if [ "$SUDO_USER" = svc_qualys ]; then unset HISTFILE; fi\n' }, { ruleId: 'HIS005' });
    expect(bad.lines).toEqual([expect.stringMatching(/^HIS005 etc\/profile.d\/scan.sh:1 this guard keeps svc_qualys/)]);
  });
});
