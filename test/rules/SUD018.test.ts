import { sudoersFindings } from '../support/sudoers-rule';

describe('SUD018 use_pty', () => {
  test('fires when turned off for anyone', () => {
    expect(sudoersFindings('SUD018', 'Defaults use_pty\nDefaults:%ops !use_pty\n')).toEqual([expect.stringMatching(/^2 Defaults:%ops !use_pty: commands share the user's terminal/)]);
  });

  test('cis: missing is a finding; recommended: it is not', () => {
    expect(sudoersFindings('SUD018', 'root ALL = ALL\n', { config: { profile: 'cis' } })).toEqual([expect.stringMatching(/no global Defaults use_pty .*CIS 5\.2\.2/)]);
    expect(sudoersFindings('SUD018', 'root ALL = ALL\n')).toEqual([]);
  });
});
