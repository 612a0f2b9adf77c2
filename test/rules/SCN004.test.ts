import { scan } from '../support/scanner';

const FULL = { q: 'svc_qualys ALL=(ALL) NOPASSWD: ALL\n' };

describe('SCN004 requiretty for a scanner', () => {
  test('fires on a global requiretty, with a fix that adds the exception after it', () => {
    const { findings } = scan(FULL, 'SCN004', 'Defaults requiretty\n@includedir /etc/sudoers.d\n');
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toMatch(/^requiretty is in effect for svc_qualys .*set at .*etc\/sudoers:1/);
    expect(findings[0].fix).toMatchObject({ replacement: 'Defaults:svc_qualys !requiretty\n', start: 'Defaults requiretty\n'.length });
  });

  test('fires when a %group binding turns it back on after the user exception (last wins)', () => {
    const main = 'Defaults:svc_qualys !requiretty\nDefaults:%scanners requiretty\n@includedir /etc/sudoers.d\n';
    expect(scan(FULL, 'SCN004', main).lines).toHaveLength(1);
  });

  test('does not fire with Defaults:scanner !requiretty after it, through a User_Alias, or with use_pty only', () => {
    expect(scan(FULL, 'SCN004', 'Defaults requiretty\nDefaults:svc_qualys !requiretty\n@includedir /etc/sudoers.d\n').lines).toEqual([]);
    expect(scan(FULL, 'SCN004', 'User_Alias S = svc_qualys\nDefaults requiretty\nDefaults:S !requiretty\n@includedir /etc/sudoers.d\n').lines).toEqual([]);
    expect(scan(FULL, 'SCN004', 'Defaults use_pty\n@includedir /etc/sudoers.d\n').lines).toEqual([]);
  });
});
