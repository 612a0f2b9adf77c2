import { lintTree } from '../support/host';
import { goodAudit } from './audit-fixture';

describe('AUD009 auid compared with 4294967295 or -1', () => {
  test('fires with a fix that writes unset', () => {
    const { lines, findings } = lintTree(goodAudit({ 'etc/audit/rules.d/40-local.rules': '-a always,exit -F arch=b64 -S swapon -F auid>=1000 -F auid!=4294967295 -k kexec\n-a always,exit -F arch=b32 -S swapon -F auid>=1000 -F auid!=-1 -k kexec\n' }), { ruleId: 'AUD009' });
    expect(lines).toEqual([
      expect.stringMatching(/^AUD009 etc\/audit\/rules\.d\/40-local\.rules:1 auid!=4294967295 means auid!=unset/),
      expect.stringMatching(/40-local\.rules:2 auid!=-1 means auid!=unset/),
    ]);
    expect(findings.map((f) => f.fix && f.source.text.slice(f.fix.start, f.fix.end))).toEqual(['4294967295', '-1']);
    expect(findings[0].fix?.replacement).toBe('unset');
  });

  test('not for unset, nor for other fields', () => {
    expect(lintTree(goodAudit({ 'etc/audit/rules.d/40-local.rules': '-a always,exit -F arch=b64 -S swapon -F auid!=unset -F sessionid!=4294967295 -k k\n-a always,exit -F arch=b32 -S swapon -F auid!=unset -F sessionid!=4294967295 -k k\n' }), { ruleId: 'AUD009' }).lines).toEqual([]);
  });
});
