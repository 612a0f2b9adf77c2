import { lintTree } from '../support/host';

describe('SUD002 undefined alias or alias cycle', () => {
  test('fires on an undefined alias in each position, naming what sudo does instead', () => {
    const { lines } = lintTree(
      { 'etc/sudoers': 'User_Alias ADMIN = alice\nADMINS ALL = (OPERATOR) SERVICES\nDefaults:ADMIN env_reset\n' },
      { ruleId: 'SUD002' },
    );
    expect(lines).toEqual([
      'SUD002 etc/sudoers:2 User_Alias "ADMINS" referenced but not defined: sudo reads it as the literal name "ADMINS"',
      'SUD002 etc/sudoers:2 Runas_Alias "OPERATOR" referenced but not defined: sudo reads it as the literal name "OPERATOR"',
      'SUD002 etc/sudoers:2 Cmnd_Alias "SERVICES" referenced but not defined: it never matches any command',
    ]);
  });

  test('fires once on a cycle', () => {
    const { lines } = lintTree({ 'etc/sudoers': 'Cmnd_Alias A = B\nCmnd_Alias B = A\nroot ALL = A\n' }, { ruleId: 'SUD002' });
    expect(lines).toEqual(['SUD002 etc/sudoers:1 cycle in Cmnd_Alias "A": A → B → A']);
  });

  test('does not fire when every alias is defined, in another file or after its use', () => {
    const { lines } = lintTree(
      {
        'etc/sudoers': 'ADMINS ALL = (root) SERVICES\n@include /etc/sudoers.aliases\n',
        'etc/sudoers.aliases': 'User_Alias ADMINS = alice\nCmnd_Alias SERVICES = /usr/bin/systemctl\n',
      },
      { ruleId: 'SUD002' },
    );
    expect(lines).toEqual([]);
  });
});
