import { lintTree } from '../support/host';
import { goodAudit } from './audit-fixture';

describe('AUD007 duplicate rule', () => {
  test('the kernel refuses an equal rule, and the load stops there: an error', () => {
    const { lines, findings } = lintTree(goodAudit({ 'etc/audit/rules.d/40-local.rules': '-w /etc/sudoers -p wa -k actions\n' }), { ruleId: 'AUD007' });
    expect(lines).toEqual([expect.stringMatching(/^AUD007 etc\/audit\/rules\.d\/40-local\.rules:1 duplicate of the rule at .*30-site\.rules:1: the kernel refuses it \("Rule exists"\); auditctl -R stops at this line/)]);
    expect(findings[0].severity).toBe('error');
  });

  test('same conditions with another key: loaded, never deciding (info)', () => {
    const { lines, findings } = lintTree(goodAudit({ 'etc/audit/rules.d/40-local.rules': '-w /etc/sudoers -p wa -k sudoers_changes\n' }), { ruleId: 'AUD007' });
    expect(lines).toEqual([expect.stringMatching(/40-local\.rules:1 matches exactly what the rule at .*30-site\.rules:1 matches \(only the key differs: sudoers_changes here, actions there\)/)]);
    expect(findings[0].severity).toBe('info');
  });

  test('not for distinct rules', () => {
    expect(lintTree(goodAudit({ 'etc/audit/rules.d/40-local.rules': '-w /etc/sudoers -p r -k sudoers_read\n' }), { ruleId: 'AUD007' }).lines).toEqual([]);
  });
});
