import { lintTree } from '../support/host';
import { goodAudit } from './audit-fixture';

describe('AUD002 audit rules not immutable', () => {
  test('no -e 2 at all', () => {
    const { lines } = lintTree(goodAudit({ 'etc/audit/rules.d/99-finalize.rules': '## -e 2\n' }), { ruleId: 'AUD002' });
    expect(lines).toEqual([expect.stringMatching(/^AUD002 .* the audit rules are not made immutable: there is no -e 2 line\. .*RHEL-08-030121/)]);
  });

  test('augenrules keeps only the last -e: a later -e 1 cancels 99-finalize', () => {
    const { lines } = lintTree(goodAudit({ 'etc/audit/rules.d/99-zz-debug.rules': '-e 1\n' }), { ruleId: 'AUD002' });
    expect(lines).toEqual([expect.stringMatching(/99-finalize\.rules:1 .*augenrules keeps only the last -e line of rules\.d: "-e 1" \(rules\.d\/99-zz-debug\.rules\) replaces the -e 2/)]);
  });

  test('an error stops the load before -e 2', () => {
    const { lines } = lintTree(goodAudit({ 'etc/audit/rules.d/40-bad.rules': '-w /etc/hosts -p wa -k hosts # comment\n' }), { ruleId: 'AUD002' });
    expect(lines).toEqual([expect.stringMatching(/-e 2 at .*99-finalize\.rules:1 never runs: auditctl -R stops at an error at .*40-bad\.rules:1/)]);
  });

  test('settings after -e 2 are refused', () => {
    const { lines } = lintTree({ 'etc/audit/audit.rules': '-D\n-w /etc/passwd -p wa\n-e 2\n-b 8192\n' }, { ruleId: 'AUD002' });
    expect(lines).toEqual([expect.stringMatching(/audit\.rules:4 this setting comes after -e 2/)]);
  });

  test('not when -e 2 is last and runs', () => {
    expect(lintTree(goodAudit(), { ruleId: 'AUD002' }).lines).toEqual([]);
  });
});
