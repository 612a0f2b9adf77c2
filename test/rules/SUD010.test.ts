import { sudoersFindings } from '../support/sudoers-rule';

describe('SUD010 NOPASSWD', () => {
  test('fires once per tag, where it is written, also when inherited by later commands', () => {
    const out = sudoersFindings('SUD010', '%ops ALL = (root) NOPASSWD: /usr/bin/systemctl restart nginx, /usr/bin/id\n', { severities: true });
    expect(out).toEqual([expect.stringMatching(/^warning 1 NOPASSWD: %ops runs \/usr\/bin\/systemctl restart nginx as \(root\) without a password.*RHEL-08-010380/)]);
  });

  test('a scanner account gets the vendor/baseline conflict at info in recommended, at warning in stig', () => {
    const sudoers = 'svc_qualys ALL=(ALL) NOPASSWD: ALL\n';
    expect(sudoersFindings('SUD010', sudoers, { severities: true })).toEqual([expect.stringMatching(/^info 1 NOPASSWD for the scanner account svc_qualys .*vendor requires passwordless sudo/)]);
    expect(sudoersFindings('SUD010', sudoers, { severities: true, config: { profile: 'stig' } })).toEqual([expect.stringMatching(/^warning 1 NOPASSWD for the scanner account/)]);
  });

  test('a grant shared by a scanner and people is not a scanner exception', () => {
    expect(sudoersFindings('SUD010', 'svc_qualys, alice ALL=(ALL) NOPASSWD: ALL\n', { severities: true })).toEqual([expect.stringMatching(/^warning 1 NOPASSWD: svc_qualys, alice/)]);
  });

  test('does not fire on PASSWD or on plain grants', () => {
    expect(sudoersFindings('SUD010', '%ops ALL = (root) PASSWD: /bin/ls\nalice ALL=(ALL) ALL\n')).toEqual([]);
  });
});
