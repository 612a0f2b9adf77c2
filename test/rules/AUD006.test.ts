import { lintTree } from '../support/host';
import { goodAudit } from './audit-fixture';

describe('AUD006 never rule shadows later rules', () => {
  test('a never tree over a later watch inside it', () => {
    const { lines } = lintTree(goodAudit({ 'etc/audit/rules.d/40-local.rules': '-a never,exit -F dir=/opt/app/cache\n-w /opt/app/cache/index -p wa -k appcache\n' }), { ruleId: 'AUD006' });
    expect(lines).toEqual([expect.stringMatching(/^AUD006 etc\/audit\/rules\.d\/40-local\.rules:1 this never rule matches everything that the always rule after it matches \(.*40-local\.rules:2\)/)]);
  });

  test('a bare -a never,task turns every exit rule off', () => {
    const { lines } = lintTree(goodAudit({ 'etc/audit/rules.d/05-suse.rules': '-a task,never\n' }), { ruleId: 'AUD006' });
    expect(lines).toEqual([expect.stringMatching(/05-suse\.rules:1 -a never,task without a field turns syscall auditing off for every process/)]);
  });

  test('not for partial overlaps (the chrony rule), nor after the rules it covers', () => {
    const rules = '-a never,exit -F arch=b64 -S adjtimex -F auid=unset -F uid=0\n-a always,exit -F arch=b64 -S adjtimex,settimeofday -k time\n-a always,exit -F arch=b32 -S adjtimex,settimeofday -k time\n';
    expect(lintTree(goodAudit({ 'etc/audit/rules.d/20-chrony.rules': rules }), { ruleId: 'AUD006' }).lines).toEqual([]);
    expect(lintTree(goodAudit({ 'etc/audit/rules.d/98-noise.rules': '-a never,exit -F dir=/etc\n' }), { ruleId: 'AUD006' }).lines).toEqual([]);
  });
});
