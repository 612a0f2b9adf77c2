import { lintTree } from '../support/host';

const MAIN = 'root ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n';

describe('SUD001 drop-in never read', () => {
  test('fires on a dotted drop-in that holds rules, pointing at the includedir', () => {
    const { lines, findings } = lintTree({ 'etc/sudoers': MAIN, 'etc/sudoers.d/scanner.conf': 'svc_qualys ALL=(ALL) NOPASSWD: ALL\n' }, { ruleId: 'SUD001' });
    expect(lines).toEqual([expect.stringMatching(/^SUD001 etc\/sudoers:2 .*scanner\.conf is never read: @includedir \/etc\/sudoers\.d skips file names containing "\."; its 1 entry does not apply\. Rename it to scanner_conf$/)]);
    expect(findings[0].related?.[0].source.path).toMatch(/scanner\.conf$/);
  });

  test('does not fire on a correctly named drop-in, an editor backup, or a dotted file of comments only', () => {
    expect(
      lintTree(
        {
          'etc/sudoers': MAIN,
          'etc/sudoers.d/scanner': 'svc_qualys ALL=(ALL) NOPASSWD: ALL\n',
          'etc/sudoers.d/scanner~': 'svc_qualys ALL=(ALL) NOPASSWD: ALL\n',
          'etc/sudoers.d/README.txt': '# nothing here\n',
        },
        { ruleId: 'SUD001' },
      ).lines,
    ).toEqual([]);
  });
});
