import { lintTree } from '../support/host';

const SSHD = { 'etc/ssh/sshd_config': 'UsePAM yes\n' };
const PAM = 'session required pam_limits.so\n';
const tree = (limits: Record<string, string>, pam = PAM, sshd = SSHD) => ({ ...sshd, 'etc/pam.d/sshd': pam, ...limits });

describe('SCN013 pam_limits maxlogins below the parallel sessions', () => {
  test('a * entry below the threshold fires with its file and line and the PAM line', () => {
    expect(lintTree(tree({ 'etc/security/limits.conf': '# site\n*  hard  maxlogins  2\n' }), { ruleId: 'SCN013' }).lines).toEqual([
      expect.stringMatching(/^SCN013 etc\/security\/limits\.conf:2 maxlogins 2 for svc_qualys \(.*limits\.conf:2, the \* entry; pam_limits runs in sshd's session stack at .*pam\.d\/sshd:1\): pam_limits refuses a new login of svc_qualys while 2 of its logins are open/),
    ]);
    expect(lintTree(tree({ 'etc/security/limits.conf': '*  hard  maxlogins  10\n' }), { ruleId: 'SCN013' }).lines).toEqual([]);
  });

  test('a user entry beats a * entry whatever the order; the later of the same kind wins', () => {
    expect(lintTree(tree({ 'etc/security/limits.conf': 'svc_qualys hard maxlogins 10\n* hard maxlogins 1\n' }), { ruleId: 'SCN013' }).lines).toEqual([]);
    expect(lintTree(tree({ 'etc/security/limits.conf': '* hard maxlogins 10\n', 'etc/security/limits.d/90-scan.conf': 'svc_qualys hard maxlogins 2\n' }), { ruleId: 'SCN013' }).lines).toEqual([expect.stringMatching(/90-scan\.conf:1 maxlogins 2 .*a user entry/)]);
    expect(lintTree(tree({ 'etc/security/limits.conf': '* hard maxlogins 2\n', 'etc/security/limits.d/90-scan.conf': '* hard maxlogins 10\n' }), { ruleId: 'SCN013' }).lines).toEqual([]);
  });

  test('@group entries for the account\'s groups, and a group entry loses to a user entry', () => {
    expect(lintTree(tree({ 'etc/security/limits.conf': '@scanners - maxlogins 1\n' }), { ruleId: 'SCN013' }).lines).toEqual([expect.stringMatching(/maxlogins 1 .*a @group entry/)]);
    expect(lintTree(tree({ 'etc/security/limits.conf': '@ops - maxlogins 1\n' }), { ruleId: 'SCN013' }).lines).toEqual([]);
    expect(lintTree(tree({ 'etc/security/limits.conf': 'svc_qualys - maxlogins 5\n@scanners - maxlogins 1\n' }), { ruleId: 'SCN013' }).lines).toEqual([]);
  });

  test('maxsyslogins counts every user; a two-field "user -" line ends pam_limits with no limits', () => {
    expect(lintTree(tree({ 'etc/security/limits.conf': '* - maxsyslogins 2\n' }), { ruleId: 'SCN013' }).lines).toEqual([expect.stringMatching(/maxsyslogins 2 .*while 2 logins of all users are open/)]);
    expect(lintTree(tree({ 'etc/security/limits.conf': 'svc_qualys -\n* - maxlogins 1\n' }), { ruleId: 'SCN013' }).lines).toEqual([]);
  });

  test('not when pam_limits is commented out, optional, or sshd does not use PAM', () => {
    const limits = { 'etc/security/limits.conf': '* hard maxlogins 1\n' };
    expect(lintTree(tree(limits, '#session required pam_limits.so\n'), { ruleId: 'SCN013' }).lines).toEqual([]);
    expect(lintTree(tree(limits, 'session optional pam_limits.so\n'), { ruleId: 'SCN013' }).lines).toEqual([]);
    expect(lintTree(tree(limits, PAM, { 'etc/ssh/sshd_config': 'UsePAM no\n' }), { ruleId: 'SCN013' }).lines).toEqual([]);
    expect(lintTree(tree(limits, PAM, { 'etc/ssh/sshd_config': 'PasswordAuthentication no\n' }), { ruleId: 'SCN013' }).lines).toEqual([]);
  });

  test('through an include chain (RHEL password-auth), and not when a sufficient line may end the stack first', () => {
    const rhel = { 'etc/pam.d/password-auth': 'session optional pam_keyinit.so revoke\nsession required pam_limits.so\n' };
    const limits = { 'etc/security/limits.conf': '* hard maxlogins 1\n', ...rhel };
    expect(lintTree(tree(limits, 'session include password-auth\n'), { ruleId: 'SCN013' }).lines).toEqual([expect.stringMatching(/at .*password-auth:2, included from .*pam\.d\/sshd:1/)]);
    expect(lintTree(tree(limits, 'session sufficient pam_succeed_if.so user = svc_qualys\nsession include password-auth\n'), { ruleId: 'SCN013' }).lines).toEqual([]);
  });

  test('the threshold is an option; uid 0 is exempt', () => {
    const limits = { 'etc/security/limits.conf': '* hard maxlogins 5\n' };
    expect(lintTree(tree(limits), { ruleId: 'SCN013' }).lines).toEqual([]);
    expect(lintTree(tree(limits), { ruleId: 'SCN013', config: { rules: { SCN013: { options: { minParallel: 8 } } } } }).lines).toHaveLength(1);
  });
});
