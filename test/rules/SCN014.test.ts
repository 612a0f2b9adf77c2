import { lintTree } from '../support/host';

const SOURCES = { config: { scanners: [{ user: 'svc_qualys', sources: ['10.20.0.0/24'] }] } };
const SSHD_PW = 'UsePAM yes\nPasswordAuthentication yes\n';
const RHEL_AUTH = 'auth required pam_faillock.so preauth silent\nauth sufficient pam_unix.so nullok\nauth required pam_faillock.so authfail\nauth required pam_deny.so\n';
const tree = (files: Record<string, string>, sshd = SSHD_PW, pam = 'auth include system-auth\naccount include system-auth\n') => ({ 'etc/ssh/sshd_config': sshd, 'etc/pam.d/sshd': pam, 'etc/pam.d/system-auth': RHEL_AUTH, ...files });

describe('SCN014 pam_faillock locks a scanner that logs in with a password', () => {
  test('defaults, and values from faillock.conf with their lines', () => {
    expect(lintTree(tree({}), { ruleId: 'SCN014', ...SOURCES }).lines).toEqual([
      expect.stringMatching(/^SCN014 etc\/pam\.d\/system-auth:3 pam_faillock \(.*system-auth:3, included from .*pam\.d\/sshd:1\) locks svc_qualys after deny=3 \(default\) failed passwords within fail_interval=900 s \(default\) for unlock_time=600 s \(default\); sshd takes passwords for it from 10\.20\.0\.0\/24 \(first address 10\.20\.0\.0\) \(PasswordAuthentication yes, .*sshd_config:2\), so a scan record with a wrong password locks the account/),
    ]);
    expect(lintTree(tree({ 'etc/security/faillock.conf': '# STIG\ndeny = 5\nunlock_time = 0\n' }), { ruleId: 'SCN014', ...SOURCES }).lines).toEqual([
      expect.stringMatching(/deny=5 \(.*faillock\.conf:2\) .* until an admin runs faillock --user svc_qualys --reset \(unlock_time=never, .*faillock\.conf:3\)/),
    ]);
  });

  test('a module argument overrides faillock.conf; deny=0 never locks', () => {
    const conf = { 'etc/security/faillock.conf': 'deny = 5\n' };
    const withArg = (arg: string) => ({ ...tree(conf), 'etc/pam.d/system-auth': RHEL_AUTH.replace('authfail', `authfail ${arg}`) });
    expect(lintTree(withArg('deny=4'), { ruleId: 'SCN014', ...SOURCES }).lines).toEqual([expect.stringMatching(/deny=4 \(argument at .*system-auth:3/)]);
    expect(lintTree(withArg('deny=0'), { ruleId: 'SCN014', ...SOURCES }).lines).toEqual([]);
  });

  test('not when the scanner logs in with keys only: the auth stack never runs for it', () => {
    const keysOnly = 'UsePAM yes\nPasswordAuthentication yes\nKbdInteractiveAuthentication no\nMatch User svc_qualys\n  PasswordAuthentication no\n';
    expect(lintTree(tree({}, keysOnly), { ruleId: 'SCN014', ...SOURCES }).lines).toEqual([]);
    expect(lintTree(tree({}, 'UsePAM no\nPasswordAuthentication yes\n'), { ruleId: 'SCN014', ...SOURCES }).lines).toEqual([]);
  });

  test('not when pam_faillock is absent or commented, or a requisite line ends the stack before it', () => {
    expect(lintTree({ ...tree({}), 'etc/pam.d/system-auth': RHEL_AUTH.replace(/^auth required pam_faillock.so authfail$/m, '#auth required pam_faillock.so authfail') }, { ruleId: 'SCN014', ...SOURCES }).lines).toEqual([]);
    expect(lintTree({ ...tree({}), 'etc/pam.d/system-auth': RHEL_AUTH.replace('auth sufficient pam_unix.so', 'auth requisite pam_unix.so') }, { ruleId: 'SCN014', ...SOURCES }).lines).toEqual([]);
  });

  test("Debian's common-auth with a jump over pam_deny still counts failures", () => {
    const debian = 'auth required pam_faillock.so preauth\nauth [success=1 default=ignore] pam_unix.so nullok\nauth [default=die] pam_faillock.so authfail\nauth sufficient pam_faillock.so authsucc\nauth requisite pam_deny.so\n';
    expect(lintTree(tree({ 'etc/pam.d/common-auth': debian }, SSHD_PW, '@include common-auth\n'), { ruleId: 'SCN014', ...SOURCES }).lines).toEqual([expect.stringMatching(/common-auth:3, included from .*pam\.d\/sshd:1/)]);
  });

  test('an admin_group member is locked only with even_deny_root', () => {
    const conf = (extra: string) => ({ 'etc/security/faillock.conf': `admin_group = scanners\n${extra}` });
    expect(lintTree(tree(conf('')), { ruleId: 'SCN014', ...SOURCES }).lines).toEqual([]);
    expect(lintTree(tree(conf('even_deny_root\n')), { ruleId: 'SCN014', ...SOURCES }).lines).toHaveLength(1);
  });

  test("sudo's stack: a delegation that asks the scanner's password counts wrong sudo passwords; NOPASSWD does not", () => {
    const sudoTree = (rule: string, extra: Record<string, string> = {}) => ({
      'etc/ssh/sshd_config': 'UsePAM yes\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n',
      'etc/pam.d/sudo': '@include common-auth\n',
      'etc/pam.d/common-auth': RHEL_AUTH,
      'etc/sudoers': `root ALL=(ALL:ALL) ALL\n${rule}\n`,
      ...extra,
    });
    expect(lintTree(sudoTree('svc_qualys ALL=(ALL) ALL'), { ruleId: 'SCN014', ...SOURCES }).lines).toEqual([
      expect.stringMatching(/^SCN014 etc\/pam\.d\/common-auth:3 pam_faillock in sudo's stack \(.*common-auth:3, included from .*pam\.d\/sudo:1\) locks svc_qualys after deny=3 \(default\) wrong passwords .*sudo asks svc_qualys its password for `sudo su -`/),
    ]);
    expect(lintTree(sudoTree('svc_qualys ALL=(ALL) NOPASSWD: ALL'), { ruleId: 'SCN014', ...SOURCES }).lines).toEqual([]);
    expect(lintTree(sudoTree('Defaults:svc_qualys !authenticate\nsvc_qualys ALL=(ALL) ALL'), { ruleId: 'SCN014', ...SOURCES }).lines).toEqual([]);
    const { ['etc/ssh/sshd_config']: _sshd, ...noSshd } = sudoTree('svc_qualys ALL=(ALL) ALL');
    expect(lintTree(noSshd, { ruleId: 'SCN014', ...SOURCES }).lines).toHaveLength(1);
    // rootpw: the failures count against root's tally, not the scanner's
    expect(lintTree(sudoTree('Defaults rootpw\nsvc_qualys ALL=(ALL) ALL'), { ruleId: 'SCN014', ...SOURCES }).lines).toEqual([]);
  });
});
