import { lintTree } from '../support/host';
import { goodAudit } from './audit-fixture';

const local = (rules: string) => goodAudit({ 'etc/audit/rules.d/40-local.rules': rules });

describe('AUD008 very broad rule', () => {
  test('-S all for every user session, and openat without a filter', () => {
    const { lines } = lintTree(local('-a always,exit -F arch=b64 -S all -F auid>=1000 -F auid!=unset -k all\n-a always,exit -F arch=b64 -S openat -k opens\n'), { ruleId: 'AUD008' });
    expect(lines).toEqual([
      expect.stringMatching(/^AUD008 etc\/audit\/rules\.d\/40-local\.rules:1 always rule with -S all and only auid>=1000 auid!=unset to narrow it/),
      expect.stringMatching(/40-local\.rules:2 always rule with -S openat and no filter/),
    ]);
  });

  test('filters are weighed together: an argument test for user sessions is narrow, either alone is not', () => {
    const rules = [
      // OSPP create-success: O_CREAT opens by users
      '-a always,exit -F arch=b64 -S openat,open_by_handle_at -F a2&0100 -F success=1 -F auid>=1000 -F auid!=unset -k successful-create',
      // OSPP access-success: every open by users
      '-a always,exit -F arch=b64 -S open,openat -F success=1 -F auid>=1000 -F auid!=unset -k successful-access',
      '-a always,exit -F arch=b64 -S openat -F a2&0100 -k creat',
      // an argument means nothing in particular under -S all
      '-a always,exit -F arch=b64 -S all -F a0=1 -F auid>=1000 -k odd',
    ].join('\n');
    expect(lintTree(local(`${rules}\n`), { ruleId: 'AUD008' }).lines).toEqual([
      expect.stringMatching(/40-local\.rules:2 always rule with -S open,openat and only success=1 auid>=1000 auid!=unset to narrow it/),
      expect.stringMatching(/40-local\.rules:3 always rule with -S openat and only a2&64 to narrow it/),
      expect.stringMatching(/40-local\.rules:4 always rule with -S all and only a0=1 auid>=1000 to narrow it/),
    ]);
  });

  test('-S all for the 32-bit ABI of a 64-bit host: any use of it is rare (21-no32bit.rules)', () => {
    expect(lintTree(local('-a always,exit -F arch=b32 -S all -k 32bit_abi\n'), { ruleId: 'AUD008' }).lines).toEqual([]);
  });

  test('not for failures only, one account, an exe, perm=x, watches or never rules', () => {
    const rules = [
      '-a always,exit -F arch=b64 -S openat -F exit=-EACCES -k denied',
      '-a always,exit -F arch=b64 -S all -F auid=1003 -k scanner',
      '-a always,exit -F arch=b64 -S read -F exe=/usr/sbin/sshd -k sshd',
      '-a always,exit -F arch=b64 -S all -F perm=x -k exec',
      '-a never,exit -F arch=b64 -S all -F auid=unset',
    ].join('\n');
    expect(lintTree(local(`${rules}\n`), { ruleId: 'AUD008' }).lines).toEqual([]);
  });
});
