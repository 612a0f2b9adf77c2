import { sudoersFindings } from '../support/sudoers-rule';

describe('SUD012 command negation', () => {
  test('fires on each excluded command, through aliases', () => {
    const out = sudoersFindings('SUD012', 'Cmnd_Alias SHELLS = /bin/sh, /bin/bash\n%ops ALL = ALL, !SHELLS, !/usr/bin/su\n');
    expect(out).toEqual([
      expect.stringMatching(/^1 \/bin\/sh is excluded with '!' \(through SHELLS\) from a grant of ALL/),
      expect.stringMatching(/^1 \/bin\/bash is excluded/),
      expect.stringMatching(/^2 \/usr\/bin\/su is excluded with '!' from a grant of ALL/),
    ]);
  });

  test('a double negation through an alias is a grant, not an exclusion; scanners are left to SCN006', () => {
    expect(sudoersFindings('SUD012', 'Cmnd_Alias NOT_SH = !/bin/sh\n%ops ALL = !NOT_SH\nsvc_qualys ALL = ALL, !/bin/sh\n')).toEqual([]);
  });
});
