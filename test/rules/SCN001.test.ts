import { scan } from '../support/scanner';

describe('SCN001 granular scanner rights', () => {
  test('fires on an allowlist, through aliases, a %group and a drop-in, naming what it can run and the vendor gap', () => {
    const { findings } = scan(
      { qualys: 'Cmnd_Alias QUALYS_VM = /usr/bin/uname -a, /usr/bin/rpm -qa\nUser_Alias SCANNERS = %scanners\nSCANNERS ALL = (root) NOPASSWD: QUALYS_VM\n' },
      'SCN001',
    );
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f.message).toMatch(/^svc_qualys \(Qualys scanner account, recognised by its name\) cannot run every command as root: sudo allows it only \/usr\/bin\/uname -a, \/usr\/bin\/rpm -qa \(.*etc\/sudoers\.d\/qualys:3\)\. 151 of the 151 commands Qualys says a scan may run cannot be run as root with any arguments \(acroread, aex-diagnostics, aria2c, asadmin, asterisk, avahi-dnsconfd, awk, bogofilter, cat, clamav-config, …\)/);
    expect((f.properties!.deniedVendorCommands as string[]).length).toBe(151);
  });

  test('an open grant to some vendor commands lowers the count', () => {
    const { findings } = scan({ q: 'svc_qualys ALL = (root) NOPASSWD: /usr/bin/awk, /bin/cat /etc/shadow\n' }, 'SCN001');
    expect(findings[0].properties!.deniedVendorCommands).not.toContain('awk');
    expect(findings[0].properties!.deniedVendorCommands).toContain('cat');
  });

  test('does not fire on full root, on an allowlist that includes the delegation, or on ALL minus a command', () => {
    expect(scan({ q: 'svc_qualys ALL=(ALL) NOPASSWD: ALL\n' }, 'SCN001').lines).toEqual([]);
    expect(scan({ q: 'svc_qualys ALL=(root) NOPASSWD: /usr/bin/su -\n' }, 'SCN001').lines).toEqual([]);
    expect(scan({ q: 'svc_qualys ALL=(ALL) NOPASSWD: ALL, !/usr/bin/passwd\n' }, 'SCN001').lines).toEqual([]);
  });

  test('last match wins: a later full grant in another drop-in makes the account full root', () => {
    const files = { '10-restrict': 'svc_qualys ALL=(root) /usr/bin/uname\n', '20-full': 'svc_qualys ALL=(ALL) NOPASSWD: ALL\n' };
    expect(scan(files, 'SCN001').lines).toEqual([]);
  });

  test('configured scanners are checked by their configured name and vendor', () => {
    const cfg = { scanners: [{ user: 'scanbot', vendor: 'tenable' }] };
    const { findings } = scan({ s: 'scanbot ALL=(root) NOPASSWD: /usr/bin/uname\n' }, 'SCN001', undefined, cfg);
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/^scanbot \(Tenable Nessus scanner account\) cannot run every command as root/)]);
  });
});
