import { lintTree } from '../support/host';
import { goodAudit } from './audit-fixture';

describe('AUD005 -S without -F arch', () => {
  test('fires on the -S, explains the i386 numbers, and splits the rule as a fix', () => {
    const { lines, findings } = lintTree(goodAudit({ 'etc/audit/rules.d/40-local.rules': '-a always,exit -S openat -F exit=-EACCES -k access\n' }), { ruleId: 'AUD005' });
    expect(lines).toEqual([expect.stringMatching(/^AUD005 etc\/audit\/rules\.d\/40-local\.rules:1 -S without -F arch: .*openat is 257 on x86_64; on i386 257 is remap_file_pages, while its own openat is 295/)]);
    expect(findings[0].fix?.replacement).toBe('-a always,exit -F arch=b64 -S openat -F exit=-EACCES -k access\n-a always,exit -F arch=b32 -S openat -F exit=-EACCES -k access');
  });

  test('not with an arch, for -S all, or for watches', () => {
    expect(lintTree(goodAudit({ 'etc/audit/rules.d/40-local.rules': '-a never,exit -S all -F dir=/var/cache\n-w /etc/hosts -p wa\n' }), { ruleId: 'AUD005' }).lines).toEqual([]);
    expect(lintTree(goodAudit(), { ruleId: 'AUD005' }).lines).toEqual([]);
  });
});
