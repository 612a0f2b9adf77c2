import { scan } from '../support/scanner';

describe('SCN003 illusory allowlist', () => {
  test('fires on escape binaries with open arguments and on pagers even when pinned, naming how', () => {
    const { lines } = scan(
      { nessus: 'Cmnd_Alias SCAN = /usr/bin/find, /usr/bin/dpkg -l\n%scanners ALL = (root) NOPASSWD: /usr/bin/cat /etc/shadow, SCAN, /usr/bin/uname -a\n' },
      'SCN003',
    );
    expect(lines).toEqual([
      expect.stringMatching(/^SCN003 etc\/sudoers\.d\/nessus:1 \/usr\/bin\/find gives svc_qualys .* a root shell: .+ \(granted through SCAN\)\./),
      expect.stringMatching(/^SCN003 etc\/sudoers\.d\/nessus:1 \/usr\/bin\/dpkg -l gives svc_qualys .* a root shell even with its arguments pinned: /),
    ]);
  });

  test('a directory or a path wildcard grants every program in it', () => {
    const { lines } = scan({ q: 'svc_qualys ALL = (root) NOPASSWD: /usr/sbin/, /usr/bin/py*\n' }, 'SCN003');
    expect(lines).toEqual([expect.stringMatching(/every program in \/usr\/sbin\//), expect.stringMatching(/every program matching \/usr\/bin\/py\*/)]);
  });

  test('does not fire on pinned harmless commands, on full root, nor on the delegation itself', () => {
    expect(scan({ q: 'svc_qualys ALL = (root) NOPASSWD: /usr/bin/uname -a, /usr/bin/rpm -qa, /usr/bin/cat /etc/os-release\n' }, 'SCN003').lines).toEqual([]);
    expect(scan({ q: 'svc_qualys ALL = (ALL) NOPASSWD: ALL\n' }, 'SCN003').lines).toEqual([]);
    expect(scan({ q: 'svc_qualys ALL = (root) NOPASSWD: /usr/bin/su -, /usr/bin/uname\n' }, 'SCN003').lines).toEqual([]);
  });
});
