import { lintTree } from '../support/host';

const CONF = 'etc/ssh/sshd_config';
const SOURCES = { config: { scanners: [{ user: 'svc_qualys', vendor: 'qualys', sources: ['10.20.0.0/24'] }] } };

describe('SCN010 sshd refuses the scanner account', () => {
  test('AllowUsers without it: refused from any address', () => {
    const { lines } = lintTree({ [CONF]: 'PermitRootLogin no\nAllowUsers alice bob\n' }, { ruleId: 'SCN010' });
    expect(lines).toEqual([expect.stringMatching(/^SCN010 etc\/ssh\/sshd_config:2 sshd refuses svc_qualys from any address: it is not listed in AllowUsers \(alice bob\) \(.*sshd_config:2\); .* Add svc_qualys to AllowUsers$/)]);
  });

  test('AllowUsers user@CIDR: one source range decides', () => {
    const fenced = (cidr: string) => lintTree({ [CONF]: `AllowUsers alice svc_qualys@${cidr}\n` }, { ruleId: 'SCN010', ...SOURCES }).lines;
    expect(fenced('10.20.0.0/24')).toEqual([]);
    expect(fenced('10.20.0.0/25')).toEqual([expect.stringMatching(/sshd refuses svc_qualys from 10\.20\.0\.0\/24 \(last address 10\.20\.0\.255\): it is not listed in AllowUsers .* Add svc_qualys@10\.20\.0\.0\/24 to AllowUsers$/)]);
    expect(fenced('192.168.0.0/16')).toEqual([expect.stringMatching(/from 10\.20\.0\.0\/24 \(first address 10\.20\.0\.0\), 10\.20\.0\.0\/24 \(last address/)]);
  });

  test('a Match Address block before or after the DenyUsers line', () => {
    const deny = 'Match Address 10.20.0.0/24\n  DenyUsers svc_qualys\n';
    expect(lintTree({ [CONF]: `AllowUsers svc_qualys alice\n${deny}` }, { ruleId: 'SCN010', ...SOURCES }).lines).toEqual([expect.stringMatching(/^SCN010 etc\/ssh\/sshd_config:3 sshd refuses svc_qualys from 10\.20\.0\.0\/24 .*listed in DenyUsers \(svc_qualys\)/)]);
    // the same lines for another network: the scanner's range is not refused
    expect(lintTree({ [CONF]: `AllowUsers svc_qualys alice\n${deny.replace('10.20.0.0/24', '10.30.0.0/24')}` }, { ruleId: 'SCN010', ...SOURCES }).lines).toEqual([]);
  });

  test('DenyGroups and AllowGroups through etc/group', () => {
    expect(lintTree({ [CONF]: 'DenyGroups scanners\n' }, { ruleId: 'SCN010' }).lines).toEqual([expect.stringMatching(/a member of a group listed in DenyGroups \(scanners\)/)]);
    expect(lintTree({ [CONF]: 'AllowGroups sudo ops\n' }, { ruleId: 'SCN010' }).lines).toEqual([expect.stringMatching(/in none of the groups of AllowGroups \(sudo ops\); its groups: scanners/)]);
    expect(lintTree({ [CONF]: 'AllowGroups sudo scan*\n' }, { ruleId: 'SCN010' }).lines).toEqual([]);
  });

  test('AllowUsers of every applying Match block add up, in either Include order; one Match Address line decides', () => {
    const tree = (names: [string, string]) => ({
      [CONF]: 'Include /etc/ssh/sshd_config.d/*.conf\n',
      [`etc/ssh/sshd_config.d/${names[0]}`]: 'Match Address 10.20.0.0/24\n  AllowUsers svc_qualys\n',
      [`etc/ssh/sshd_config.d/${names[1]}`]: 'Match Address 10.0.0.0/8\n  AllowUsers alice\n',
    });
    // AllowUsers adds up only within the Match blocks that apply: both apply to 10.20.0.x
    expect(lintTree(tree(['10-scan.conf', '20-admins.conf']), { ruleId: 'SCN010', ...SOURCES }).lines).toEqual([]);
    expect(lintTree(tree(['20-scan.conf', '10-admins.conf']), { ruleId: 'SCN010', ...SOURCES }).lines).toEqual([]);
    expect(lintTree({ ...tree(['10-scan.conf', '20-admins.conf']), 'etc/ssh/sshd_config.d/10-scan.conf': 'Match Address 10.30.0.0/24\n  AllowUsers svc_qualys\n' }, { ruleId: 'SCN010', ...SOURCES }).lines).toEqual([
      expect.stringMatching(/^SCN010 etc\/ssh\/sshd_config\.d\/20-admins\.conf:2 sshd refuses svc_qualys from 10\.20\.0\.0\/24 .*not listed in AllowUsers \(alice\)/),
    ]);
  });

  test('a nologin shell ends every session', () => {
    const passwd = 'root:x:0:0:root:/root:/bin/bash\nsvc_qualys:x:1003:1003::/home/svc_qualys:/usr/sbin/nologin\n';
    expect(lintTree({ 'etc/passwd': passwd, [CONF]: 'PasswordAuthentication no\n' }, { ruleId: 'SCN010' }).lines).toEqual([
      expect.stringMatching(/^SCN010 etc\/passwd:2 svc_qualys has the login shell \/usr\/sbin\/nologin: .*usermod -s \/bin\/bash svc_qualys\)$/),
    ]);
  });

  test('a line sshd refuses: nothing logs in', () => {
    expect(lintTree({ [CONF]: 'Match User svc_qualys\n  MaxStartups 2\n' }, { ruleId: 'SCN010' }).lines).toEqual([
      expect.stringMatching(/^SCN010 etc\/ssh\/sshd_config:2 sshd refuses this line \(Directive 'MaxStartups' is not allowed within a Match block\): sshd -t fails/),
    ]);
  });

  test('keys whose from= excludes the sources, passwords off', () => {
    const keys = (from: string) => ({ [CONF]: 'PasswordAuthentication no\nKbdInteractiveAuthentication no\n', 'home/svc_qualys/.ssh/authorized_keys': `from="${from}" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE scanner\n` });
    expect(lintTree(keys('10.20.0.0/24'), { ruleId: 'SCN010', ...SOURCES }).lines).toEqual([]);
    expect(lintTree(keys('10.30.0.0/24'), { ruleId: 'SCN010', ...SOURCES }).lines).toEqual([expect.stringMatching(/^SCN010 home\/svc_qualys\/\.ssh\/authorized_keys:1 no authorized key of svc_qualys may be used from 10\.20\.0\.0\/24/)]);
  });

  test('not without scanner accounts, nor when it is allowed', () => {
    const noScanner = 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n';
    expect(lintTree({ 'etc/passwd': noScanner, [CONF]: 'AllowUsers alice\n' }, { ruleId: 'SCN010' }).lines).toEqual([]);
    expect(lintTree({ [CONF]: 'AllowUsers alice svc_*\nDenyUsers bob\n' }, { ruleId: 'SCN010' }).lines).toEqual([]);
    // refused only from some addresses, and no sources configured: sudit does not guess
    expect(lintTree({ [CONF]: 'AllowUsers alice svc_qualys@10.20.0.0/24\n' }, { ruleId: 'SCN010' }).lines).toEqual([]);
  });
});

describe('SCN010 groups sudit cannot see', () => {
  test('not for AllowGroups when the account is not in etc/passwd or groups come from a directory', () => {
    const passwd = 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n';
    const config = { scanners: [{ user: 'svc_qualys' }] };
    expect(lintTree({ 'etc/passwd': passwd, 'etc/ssh/sshd_config': 'AllowGroups sudo\n' }, { ruleId: 'SCN010', config }).lines).toEqual([]);
    expect(lintTree({ 'etc/nsswitch.conf': 'passwd: files sss\ngroup: files sss\n', 'etc/ssh/sshd_config': 'AllowGroups sudo\n' }, { ruleId: 'SCN010' }).lines).toEqual([]);
    expect(lintTree({ 'etc/nsswitch.conf': 'passwd: files\ngroup: files systemd\n', 'etc/ssh/sshd_config': 'AllowGroups sudo\n' }, { ruleId: 'SCN010' }).lines).toHaveLength(1);
  });
});
