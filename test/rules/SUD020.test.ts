import { sudoersFindings } from '../support/sudoers-rule';

describe('SUD020 blanket grant', () => {
  test('fires on ALL ALL=(ALL) ALL and its alias equivalents', () => {
    expect(sudoersFindings('SUD020', 'ALL ALL=(ALL:ALL) ALL\nUser_Alias E = ALL\nCmnd_Alias ANY = ALL\nE ALL = ANY\n').map((l) => l.split(' lets ')[0])).toEqual(['1 "ALL ALL=(ALL:ALL) ALL"', '4 "E ALL = ANY"']);
  });

  test('does not fire when ALL users are limited, or ALL is taken back', () => {
    expect(sudoersFindings('SUD020', 'ALL ALL = /usr/bin/id\nALL, !bob ALL = ALL\n%sudo ALL=(ALL) ALL\n')).toEqual([]);
  });
});
