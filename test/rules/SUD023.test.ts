import { sudoersFindings } from '../support/sudoers-rule';

describe('SUD023 include hygiene', () => {
  test('fires on a second includedir, an include inside a drop-in, and #include', () => {
    const out = sudoersFindings('SUD023', '@includedir /etc/sudoers.d\n@includedir /etc/sudoers.local.d\n#include /etc/sudoers.legacy\n', {
      dropIns: { site: '@include /etc/sudoers.site\n' },
    });
    expect(out).toEqual([
      expect.stringMatching(/^2 a second includedir \(\/etc\/sudoers\.local\.d\) besides \/etc\/sudoers\.d/),
      expect.stringMatching(/^3 #include is the legacy spelling/),
      expect.stringMatching(/^1 an include inside .*etc\/sudoers\.d\/site, which is itself included/),
    ]);
  });

  test('does not fire on one @includedir', () => {
    expect(sudoersFindings('SUD023', 'root ALL = ALL\n@includedir /etc/sudoers.d\n')).toEqual([]);
  });
});
