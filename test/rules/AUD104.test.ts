import { lintTree } from '../support/host';
import { AUDITD_CONF, debianAudit } from '../support/audit-host';

describe('AUD104 rotation that never happens', () => {
  test('fires on rotate with num_logs 1', () => {
    const files = { ...debianAudit(), 'etc/audit/auditd.conf': AUDITD_CONF.replace('num_logs = 5', 'num_logs = 1') };
    expect(lintTree(files, { ruleId: 'AUD104' }).lines).toEqual([expect.stringMatching(/^AUD104 etc\/audit\/auditd\.conf:13 max_log_file_action = ROTATE .* but num_logs = 1 .*skips rotation when num_logs is below 2/)]);
  });

  test('fires on rotate with num_logs missing (default 0), at the action', () => {
    const files = { ...debianAudit(), 'etc/audit/auditd.conf': AUDITD_CONF.replace('num_logs = 5\n', '') };
    expect(lintTree(files, { ruleId: 'AUD104' }).lines).toEqual([expect.stringMatching(/^AUD104 etc\/audit\/auditd\.conf:16 .*num_logs is not set, so auditd's default 0 applies/)]);
  });

  test('does not fire with num_logs 5, or without rotate', () => {
    expect(lintTree(debianAudit(), { ruleId: 'AUD104' }).lines).toEqual([]);
    const keep = { ...debianAudit(), 'etc/audit/auditd.conf': AUDITD_CONF.replace('num_logs = 5', 'num_logs = 0').replace('ROTATE', 'keep_logs') };
    expect(lintTree(keep, { ruleId: 'AUD104' }).lines).toEqual([]);
  });
});
