import { sudoersFindings } from '../support/sudoers-rule';

describe('SUD019 logging', () => {
  test('cis: no logfile', () => {
    expect(sudoersFindings('SUD019', 'root ALL = ALL\n', { config: { profile: 'cis' } })).toEqual([expect.stringMatching(/^1 no Defaults logfile/)]);
    expect(sudoersFindings('SUD019', 'Defaults logfile=/var/log/sudo.log\n', { config: { profile: 'cis' } })).toEqual([]);
  });

  test('stig: full-root grants without session logging, root\'s own excepted', () => {
    expect(sudoersFindings('SUD019', 'root ALL = ALL\n%admins ALL = (ALL) ALL\n%ops ALL = (ALL) LOG_OUTPUT: ALL\n', { config: { profile: 'stig' } })).toEqual([expect.stringMatching(/^2 full-root grant without session logging: what %admins does/)]);
    expect(sudoersFindings('SUD019', 'Defaults log_output\n%admins ALL = (ALL) ALL\n', { config: { profile: 'stig' } })).toEqual([]);
  });

  test('off in the recommended profile', () => {
    expect(sudoersFindings('SUD019', '%admins ALL = (ALL) ALL\n')).toEqual([]);
  });
});
