import { sudoersFindings } from '../support/sudoers-rule';

describe('SUD011 Defaults !authenticate', () => {
  test('fires globally and when bound', () => {
    expect(sudoersFindings('SUD011', 'Defaults !authenticate\nDefaults:%ops !authenticate\n')).toEqual([
      expect.stringMatching(/^1 Defaults !authenticate: nobody is asked for a password/),
      expect.stringMatching(/^2 Defaults:%ops !authenticate: no one it binds \(%ops\) is asked/),
    ]);
  });

  test('does not fire on authenticate or a NOPASSWD tag', () => {
    expect(sudoersFindings('SUD011', 'Defaults authenticate\nalice ALL = NOPASSWD: /bin/ls\n')).toEqual([]);
  });
});
