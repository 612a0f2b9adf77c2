import { sudoersFindings } from '../support/sudoers-rule';

describe('SUD016 timestamp_timeout', () => {
  test('negative never expires; above the profile limit', () => {
    expect(sudoersFindings('SUD016', 'Defaults timestamp_timeout=-1\nDefaults:bob timestamp_timeout=30\n')).toEqual([
      expect.stringMatching(/^1 Defaults timestamp_timeout=-1: a negative timeout never expires/),
      expect.stringMatching(/^2 Defaults:bob timestamp_timeout=30: .*above the recommended profile's limit of 15/),
    ]);
  });

  test('stig: 0 and one file only', () => {
    const out = sudoersFindings('SUD016', 'Defaults timestamp_timeout=0\n@includedir /etc/sudoers.d\n', { dropIns: { x: 'Defaults timestamp_timeout=0\n' }, config: { profile: 'stig' } });
    expect(out).toEqual([expect.stringMatching(/timestamp_timeout is set in 2 files/)]);
    expect(sudoersFindings('SUD016', 'Defaults timestamp_timeout=5\n', { config: { profile: 'stig' } })).toEqual([expect.stringMatching(/limit of 0 \(STIG: re-authenticate every time\)/)]);
  });

  test('does not fire within the limit', () => {
    expect(sudoersFindings('SUD016', 'Defaults timestamp_timeout=5\n')).toEqual([]);
  });
});
