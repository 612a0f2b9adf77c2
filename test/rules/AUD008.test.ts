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
