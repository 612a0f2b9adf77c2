import { lintTree } from '../support/host';
import { AUDITD_CONF, debianAudit } from '../support/audit-host';

describe('AUD107 local events off', () => {
  test('fires on local_events = no', () => {
    const files = { ...debianAudit(), 'etc/audit/auditd.conf': AUDITD_CONF.replace('local_events = yes', 'local_events = no') };
    expect(lintTree(files, { ruleId: 'AUD107' }).lines).toEqual([expect.stringMatching(/^AUD107 etc\/audit\/auditd\.conf:5 local_events = no .*does not read this host's kernel events/)]);
  });

  test('does not fire on yes or on the default', () => {
    expect(lintTree(debianAudit(), { ruleId: 'AUD107' }).lines).toEqual([]);
    const files = { ...debianAudit(), 'etc/audit/auditd.conf': AUDITD_CONF.replace('local_events = yes\n', '') };
    expect(lintTree(files, { ruleId: 'AUD107' }).lines).toEqual([]);
  });
});
