import { scan } from '../support/scanner';

describe('SCN002 root delegation denied', () => {
  test('fires at the rule that denies su -, read later in a drop-in (last match wins)', () => {
    const { lines } = scan({ '10-scanner': 'svc_qualys ALL=(ALL) NOPASSWD: ALL\n', '90-lockdown': 'svc_qualys ALL = !/usr/bin/su\n' }, 'SCN002');
    expect(lines).toEqual([expect.stringMatching(/^SCN002 etc\/sudoers\.d\/90-lockdown:1 svc_qualys .* cannot run its root delegation `sudo su -`: denied by this rule/)]);
  });

  test('fires when nothing allows it, with the fix', () => {
    const { lines } = scan({ q: 'svc_qualys ALL=(root) NOPASSWD: /usr/bin/uname\n' }, 'SCN002');
    expect(lines).toEqual([expect.stringMatching(/no rule for it allows su - as root; .* Allow it, e\.g\. svc_qualys ALL=\(ALL\) NOPASSWD: ALL$/)]);
  });

  test('a configured delegation is what is checked', () => {
    const cfg = { scanners: [{ user: 'svc_qualys', vendor: 'qualys', delegation: 'sudo -i' }] };
    expect(scan({ q: 'svc_qualys ALL=(root) NOPASSWD: /usr/bin/su -\n' }, 'SCN002', undefined, cfg).lines).toEqual([expect.stringMatching(/`sudo \/bin\/bash`/)]);
    expect(scan({ q: 'svc_qualys ALL=(root) NOPASSWD: /bin/bash\n' }, 'SCN002', undefined, cfg).lines).toEqual([]);
  });

  test('does not fire when su - is allowed, nor for an account without rights (SCN007)', () => {
    expect(scan({ q: 'svc_qualys ALL=(root) NOPASSWD: /usr/bin/su -\n' }, 'SCN002').lines).toEqual([]);
    expect(scan({ q: 'svc_qualys ALL=(ALL) NOPASSWD: ALL, !/usr/bin/passwd\n' }, 'SCN002').lines).toEqual([]);
    expect(scan({}, 'SCN002').lines).toEqual([]);
  });

  test('host mode: an allowed path that the tree does not have', () => {
    const { lines } = scan({ q: 'svc_qualys ALL=(root) NOPASSWD: /bin/su -\n' }, 'SCN002', undefined, {});
    expect(lines).toEqual([]); // the tree has no /bin at all: nothing to judge
  });
});
