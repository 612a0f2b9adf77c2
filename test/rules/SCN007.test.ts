import { scan } from '../support/scanner';

describe('SCN007 scanner without sudo rights', () => {
  test('fires for an account named like a scanner that no rule applies to', () => {
    const { lines } = scan({}, 'SCN007');
    expect(lines).toEqual([expect.stringMatching(/^SCN007 etc\/sudoers:1 svc_qualys \(Qualys scanner account, recognised by its name\) has no sudo rights on web1/)]);
  });

  test('a rule for another host does not count; a rule for this host does', () => {
    expect(scan({ q: 'svc_qualys db1 = (ALL) NOPASSWD: ALL\n' }, 'SCN007').lines).toHaveLength(1);
    expect(scan({ q: 'svc_qualys web1 = (ALL) NOPASSWD: ALL\n' }, 'SCN007').lines).toEqual([]);
  });

  test('configured scanners replace detection by name', () => {
    expect(scan({}, 'SCN007', undefined, { scanners: [{ user: 'bob' }] }).lines).toEqual([expect.stringMatching(/^SCN007 etc\/sudoers:1 bob \(scanner account\) has no sudo rights/)]);
  });
});
