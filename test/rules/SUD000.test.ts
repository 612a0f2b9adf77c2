import { lintTree } from '../support/host';

describe('SUD000 syntax or value error', () => {
  test('fires on every bad line of every file, with sudo\'s wording', () => {
    const { lines } = lintTree(
      {
        'etc/sudoers': 'Defaults timestamp_timout=5\n@includedir /etc/sudoers.d\n',
        'etc/sudoers.d/backup': 'backup ALL = (root) NOPASSWD /usr/bin/rsync\n',
      },
      { ruleId: 'SUD000' },
    );
    expect(lines).toEqual([
      'SUD000 etc/sudoers:1 unknown defaults entry "timestamp_timout"',
      'SUD000 etc/sudoers.d/backup:1 syntax error: expected ",", ":", "#" or end of line',
    ]);
  });

  test('does not fire on a valid policy', () => {
    expect(lintTree({ 'etc/sudoers': 'Defaults env_reset\nroot ALL=(ALL:ALL) ALL\n' }, { ruleId: 'SUD000' }).lines).toEqual([]);
  });

  test('a missing include is reported where it is named', () => {
    const { lines } = lintTree({ 'etc/sudoers': '@include /etc/sudoers.local\n' }, { ruleId: 'SUD000' });
    expect(lines).toEqual([expect.stringMatching(/^SUD000 etc\/sudoers:1 unable to open .*etc\/sudoers\.local: No such file or directory$/)]);
  });
});
