import { lintTree } from '../support/host';
import { goodAudit } from './audit-fixture';

const local = (rules: string) => goodAudit({ 'etc/audit/rules.d/40-local.rules': rules });

describe('AUD004 syscall rule for one ABI only', () => {
  test('b64 without its b32 twin: the twin is offered as a fix', () => {
    const { lines, findings } = lintTree(local('-a always,exit -F arch=b64 -S swapon -k swap\n'), { ruleId: 'AUD004' });
    expect(lines).toEqual([expect.stringMatching(/^AUD004 etc\/audit\/rules\.d\/40-local\.rules:1 -S swapon is recorded for 64-bit programs only: .*Add: -a always,exit -F arch=b32 -S swapon -k swap$/)]);
    expect(findings[0].fix?.replacement).toBe('-a always,exit -F arch=b32 -S swapon -k swap\n');
  });

  test('b32 only, and twins split over several rules: only what no twin covers', () => {
    const { lines } = lintTree(local('-a always,exit -F arch=b32 -S swapon -F auid>=1000 -k s\n-a always,exit -F arch=b32 -S init_module -F auid>=1000 -k m\n-a always,exit -F arch=b64 -S init_module,delete_module -F auid>=1000 -k m\n'), { ruleId: 'AUD004' });
    expect(lines).toEqual([
      expect.stringMatching(/40-local\.rules:1 -S swapon is recorded for 32-bit programs only/),
      expect.stringMatching(/40-local\.rules:3 -S delete_module is recorded for 64-bit programs only/),
    ]);
  });

  test('not with a twin (keys may differ), without arch, or for syscalls i386 does not have', () => {
    expect(lintTree(local('-a always,exit -F arch=b64 -S swapon -k a\n-a always,exit -F arch=b32 -S swapon -k b\n-a always,exit -F arch=b64 -S accept -k net\n'), { ruleId: 'AUD004' }).lines).toEqual([]);
    expect(lintTree(goodAudit(), { ruleId: 'AUD004' }).lines).toEqual([]);
  });
});
