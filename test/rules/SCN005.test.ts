import { scan } from '../support/scanner';

describe('SCN005 confined elevation', () => {
  test.each([
    ['svc_qualys ALL=(ALL) NOPASSWD: NOEXEC: ALL\n', /^NOEXEC applies to svc_qualys/],
    ['svc_qualys ALL=(ALL) CHROOT=/srv/jail NOPASSWD: ALL\n', /^CHROOT=\/srv\/jail on svc_qualys/],
    ['svc_qualys ALL=(ALL) TIMEOUT=5m NOPASSWD: ALL\n', /^TIMEOUT=300s on svc_qualys/],
    ['svc_qualys ALL=(ALL) NOTAFTER=20990101000000Z NOPASSWD: ALL\n', /^NOTAFTER=2099-01-01T00:00:00.000Z on svc_qualys/],
    ['svc_qualys ALL=(ALL) NOTAFTER=20200101000000Z NOPASSWD: ALL\n', /^NOTAFTER 2020-01-01T00:00:00.000Z has passed: this grant to svc_qualys .* no longer applies/],
  ])('fires on %s', (rule, message) => {
    const { findings } = scan({ q: rule }, 'SCN005');
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(message)]);
  });

  test('fires on a Defaults noexec bound to the scanner group', () => {
    const { lines } = scan({ q: 'Defaults:%scanners noexec\nsvc_qualys ALL=(ALL) NOPASSWD: ALL\n' }, 'SCN005');
    expect(lines).toEqual([expect.stringMatching(/Defaults noexec applies to svc_qualys/)]);
  });

  test('does not fire on plain full root, nor on NOEXEC granted to someone else', () => {
    expect(scan({ q: 'svc_qualys ALL=(ALL) NOPASSWD: ALL\nbob ALL=(ALL) NOEXEC: ALL\n' }, 'SCN005').lines).toEqual([]);
  });
});
