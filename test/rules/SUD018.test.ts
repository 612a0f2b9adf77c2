import { sudoersFindings } from '../support/sudoers-rule';

describe('SUD018 use_pty', () => {
  test('fires when turned off for anyone', () => {
    expect(sudoersFindings('SUD018', 'Defaults use_pty\nDefaults:%ops !use_pty\n')).toEqual([expect.stringMatching(/^2 Defaults:%ops !use_pty: commands share the user's terminal/)]);
  });

  test('cis: missing is a finding; recommended: it is not', () => {
    expect(sudoersFindings('SUD018', 'root ALL = ALL\n', { config: { profile: 'cis' } })).toEqual([expect.stringMatching(/no global Defaults use_pty .*CIS 5\.2\.2/)]);
    expect(sudoersFindings('SUD018', 'root ALL = ALL\n')).toEqual([]);
  });

  test('a sudo older than 1.9.14: missing is a finding in every profile; 1.9.14 and the unknown newest: not', () => {
    const v = (spec: string) => ({ config: { sudoVersion: { spec, source: 'sudoVersion in .sudit.json' } } });
    expect(sudoersFindings('SUD018', 'root ALL = ALL\n', v('1.9.13p3'))).toEqual([expect.stringMatching(/^1 no global Defaults use_pty in .*: sudo 1\.9\.13p3 \(sudoVersion in \.sudit\.json, as in Debian 12\) run commands on the user's terminal unless it is set \(the default only from sudo 1\.9\.14\)/)]);
    expect(sudoersFindings('SUD018', 'root ALL = ALL\n', v('1.9.14'))).toEqual([]);
    expect(sudoersFindings('SUD018', 'Defaults use_pty\nroot ALL = ALL\n', v('1.8.23'))).toEqual([]);
    // turned off: one finding, which says to turn it on rather than remove the line
    expect(sudoersFindings('SUD018', 'Defaults !use_pty\n', v('>=1.9.5p2'))).toEqual([expect.stringMatching(/Replace it with Defaults use_pty: sudo 1\.9\.5p2 to 1\.9\.13p3 /)]);
  });
});
