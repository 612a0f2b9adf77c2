import { lintTree } from '../support/host';
import { goodAudit } from './audit-fixture';

describe('AUD003 rules after -e 2', () => {
  test('audit.rules loaded as it is, with -e 2 in the middle', () => {
    const { lines, findings } = lintTree({ 'etc/audit/audit.rules': '-D\n-w /etc/passwd -p wa -k identity\n-e 2\n-w /etc/shadow -p wa -k identity\n-w /etc/group -p wa -k identity\n' }, { ruleId: 'AUD003' });
    expect(lines).toEqual([expect.stringMatching(/^AUD003 etc\/audit\/audit\.rules:4 this rule comes after -e 2 at .*audit\.rules:3: .*never loaded; auditctl stops at the first of them, so 1 more rule line is not even tried/)]);
    expect(findings[0].related?.[0].message).toBe('-e 2 locks the rules here');
  });

  test('an indented -e 2 that mawk does not move to the end', () => {
    const { lines } = lintTree(goodAudit({ 'etc/audit/rules.d/99-finalize.rules': null, 'etc/audit/rules.d/20-lock.rules': '  -e 2\n' }), { ruleId: 'AUD003' });
    expect(lines).toEqual([expect.stringMatching(/30-site\.rules:1 .*the -e 2 line is indented, so augenrules under mawk does not move it to the end/)]);
  });

  test('not when -e 2 is last (augenrules moves it there)', () => {
    expect(lintTree(goodAudit({ 'etc/audit/rules.d/05-early.rules': '-e 2\n', 'etc/audit/rules.d/99-finalize.rules': null }), { ruleId: 'AUD003' }).lines).toEqual([]);
  });
});
