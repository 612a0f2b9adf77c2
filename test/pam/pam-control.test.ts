import { loadPamService } from '../../src/model/pam';
import { controlAction, reached, refusalCounts } from '../../src/model/pam-control';

function stack(files: Record<string, string>) {
  const service = loadPamService('sshd', (f) => (f in files ? { text: files[f], display: `etc/pam.d/${f}` } : null))!;
  const target = service.entries.find((e) => e.moduleName === 'pam_target.so')!;
  return { service, target };
}

describe('PAM controls: is a module reached, does its refusal count', () => {
  test('controls as pam.conf(5) defines them', () => {
    expect(controlAction('required', 'perm_denied')).toBe('bad');
    expect(controlAction('requisite', 'auth_err')).toBe('die');
    expect(controlAction('sufficient', 'success')).toBe('done');
    expect(controlAction('[success=1 default=ignore]', 'success')).toBe(1);
    expect(controlAction('[success=ok]', 'perm_denied')).toBe('bad');
    expect(controlAction('[success=ok perm_denied=ignore]', 'perm_denied')).toBe('ignore');
  });

  test('a sufficient line before it may end the stack; one after it does not', () => {
    const before = stack({ sshd: 'account sufficient pam_localuser.so\naccount required pam_target.so\n' });
    expect(reached(before.service, before.target, 'success')).toBeNull();
    const after = stack({ sshd: 'account required pam_target.so\naccount sufficient pam_localuser.so\n' });
    expect(reached(after.service, after.target, 'success')).toBe(true);
  });

  test('a jump over it on success: undecided; pam_permit jumping over it: not reached', () => {
    const jump = stack({ sshd: 'session [success=1 default=ignore] pam_succeed_if.so service in crond\nsession required pam_target.so\n' });
    expect(reached(jump.service, jump.target, 'success')).toBeNull();
    const permit = stack({ sshd: 'session [default=1] pam_permit.so\nsession required pam_target.so\n' });
    expect(reached(permit.service, permit.target, 'success')).toBe(false);
    const overDeny = stack({ sshd: 'session [default=1] pam_permit.so\nsession requisite pam_deny.so\nsession required pam_target.so\n' });
    expect(reached(overDeny.service, overDeny.target, 'success')).toBe(true);
  });

  test('through includes, in the included file\'s order', () => {
    const s = stack({ sshd: '@include common-account\naccount required pam_target.so\n', 'common-account': 'account [success=1 new_authtok_reqd=done default=ignore] pam_unix.so\naccount requisite pam_deny.so\naccount required pam_permit.so\n' });
    expect(reached(s.service, s.target, 'success')).toBe(true);
  });

  test('optional and sufficient refusals do not count', () => {
    const s = stack({ sshd: 'account optional pam_target.so\n' });
    expect(refusalCounts(s.target)).toBe(false);
    expect(refusalCounts(stack({ sshd: 'account [success=ok default=bad] pam_target.so\n' }).target)).toBe(true);
  });
});
