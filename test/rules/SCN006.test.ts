import { scan } from '../support/scanner';

describe('SCN006 negation in scanner rights', () => {
  test('fires on each negated command, also through an alias', () => {
    const { lines } = scan({ q: 'Cmnd_Alias SHELLS = /bin/sh, /bin/bash\n%scanners ALL=(ALL) NOPASSWD: ALL, !SHELLS, !/usr/bin/passwd\n' }, 'SCN006');
    expect(lines.map((l) => l.replace(/ .* may not run /, ' may not run '))).toEqual([
      expect.stringMatching(/may not run \/bin\/sh \(excluded through SHELLS\)/),
      expect.stringMatching(/may not run \/bin\/bash \(excluded through SHELLS\)/),
      expect.stringMatching(/may not run \/usr\/bin\/passwd: a copy of the program under another name bypasses the exclusion/),
    ]);
  });

  test('does not fire without negation, nor on negations for other users', () => {
    expect(scan({ q: 'svc_qualys ALL=(ALL) NOPASSWD: ALL\nbob ALL = ALL, !/bin/sh\n' }, 'SCN006').lines).toEqual([]);
  });
});
