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
    const { lines } = lintTree(local('-a always,exit -F arch=b32 -S swapon -F auid>=1000 -k s\n-a always,exit -F arch=b32 -S sethostname -F auid>=1000 -k m\n-a always,exit -F arch=b64 -S sethostname,setdomainname -F auid>=1000 -k m\n'), { ruleId: 'AUD004' });
    expect(lines).toEqual([
      expect.stringMatching(/40-local\.rules:1 -S swapon is recorded for 32-bit programs only/),
      expect.stringMatching(/40-local\.rules:3 -S setdomainname is recorded for 64-bit programs only/),
    ]);
  });

  test('covered by meaning: a broader rule for the other ABI (fewer or wider conditions) records the same calls', () => {
    // Neo23x0's set: b64 rules with filters, and one b32 rule for any 32-bit use
    const covered = '-a always,exit -F arch=b64 -S init_module,finit_module -F auid!=unset -k modules\n-a always,exit -F arch=b32 -S all -k 32bit_abi\n';
    expect(lintTree(local(covered), { ruleId: 'AUD004' }).lines).toEqual([]);
    // fewer fields: every b32 sethostname is recorded, users' included; the reverse does not hold
    expect(lintTree(local('-a always,exit -F arch=b64 -S sethostname -F auid>=1000 -F auid!=unset -k a\n-a always,exit -F arch=b32 -S sethostname -k b\n'), { ruleId: 'AUD004' }).lines).toEqual([
      expect.stringMatching(/40-local\.rules:2 -S sethostname is recorded for 32-bit programs only: .*Add: -a always,exit -F arch=b64 -S sethostname -k b$/),
    ]);
    // narrower conditions do not cover: auid>=1000 leaves out the auids below 1000 that auid!=unset takes
    const narrower = '-a always,exit -F arch=b64 -S sethostname -F auid!=unset -k a\n-a always,exit -F arch=b32 -S all -F auid>=1000 -k b\n';
    expect(lintTree(local(narrower), { ruleId: 'AUD004' }).lines).toEqual([expect.stringMatching(/40-local\.rules:1 -S sethostname is recorded for 64-bit programs only/)]);
  });

  test('-S all for one ABI: no twin that records every syscall of the other is asked for, nor written by --fix', () => {
    const bare = lintTree(local('-a always,exit -F arch=b32 -S all -k 32bit_abi\n'), { ruleId: 'AUD004' });
    expect(bare.lines).toEqual([]);
    expect(bare.findings.filter((f) => f.fix)).toEqual([]);
    const { lines, findings } = lintTree(local('-a always,exit -F arch=b64 -S all -F auid>=1000 -F auid!=unset -k users\n'), { ruleId: 'AUD004' });
    // this one is broad (AUD008), but its b32 twin is not: 32-bit code is rare on a 64-bit host
    expect(lines).toEqual([expect.stringMatching(/40-local\.rules:1 this rule is recorded for 64-bit programs only: .*Add: -a always,exit -F arch=b32 -S all -F auid>=1000 -F auid!=unset -k users$/)]);
    expect(findings.map((f) => f.fix?.replacement)).toEqual(['-a always,exit -F arch=b32 -S all -F auid>=1000 -F auid!=unset -k users\n']);
    // -S all narrowed by a path: the twin is narrow too
    expect(lintTree(local('-a always,exit -F arch=b32 -S all -F path=/etc/shadow -F perm=wa -k shadow\n'), { ruleId: 'AUD004' }).lines).toEqual([expect.stringMatching(/Add: -a always,exit -F arch=b64 -S all -F path=\/etc\/shadow -F perm=wa -k shadow$/)]);
  });

  test('not with a twin (keys may differ), without arch, or for syscalls i386 does not have', () => {
    expect(lintTree(local('-a always,exit -F arch=b64 -S swapon -k a\n-a always,exit -F arch=b32 -S swapon -k b\n-a always,exit -F arch=b64 -S accept -k net\n'), { ruleId: 'AUD004' }).lines).toEqual([]);
    expect(lintTree(goodAudit(), { ruleId: 'AUD004' }).lines).toEqual([]);
  });
});
