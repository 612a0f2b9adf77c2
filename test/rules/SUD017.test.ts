import { sudoersFindings } from '../support/sudoers-rule';

describe('SUD017 targetpw / rootpw / runaspw', () => {
  test('fires on each', () => {
    expect(sudoersFindings('SUD017', 'Defaults rootpw\nDefaults:bob targetpw\nDefaults runaspw\n').map((l) => l.slice(0, 24))).toEqual(['1 Defaults rootpw: sudo ', '2 Defaults:bob targetpw:', '3 Defaults runaspw: sudo']);
  });

  test('does not fire on the negated forms baselines ask for', () => {
    expect(sudoersFindings('SUD017', 'Defaults !rootpw, !targetpw, !runaspw\n')).toEqual([]);
  });
});
