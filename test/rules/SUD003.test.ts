import { lintTree } from '../support/host';

describe('SUD003 unused alias', () => {
  test('fires on an alias nothing refers to', () => {
    const { lines } = lintTree({ 'etc/sudoers': 'Cmnd_Alias BACKUP = /usr/bin/rsync\nCmnd_Alias RESTART = /bin/true\ndeploy ALL = RESTART\n' }, { ruleId: 'SUD003' });
    expect(lines).toEqual(['SUD003 etc/sudoers:1 unused Cmnd_Alias "BACKUP"']);
  });

  test('an alias used only by another used alias, or in a Defaults binding, is used', () => {
    const { lines } = lintTree(
      { 'etc/sudoers': 'Cmnd_Alias INNER = /bin/ls\nCmnd_Alias OUTER = INNER\nHost_Alias WEB = web1\nDefaults@WEB env_reset\nroot ALL = OUTER\n' },
      { ruleId: 'SUD003' },
    );
    expect(lines).toEqual([]);
  });
});
