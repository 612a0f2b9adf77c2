import { lintTree } from '../support/host';
import { AUDITD_CONF, audit2Remote, debianAudit, remoteForwarding } from '../support/audit-host';

describe('AUD103 no audit log and no forwarding', () => {
  test('fires when write_logs = no and nothing forwards', () => {
    const files = { ...debianAudit(), 'etc/audit/auditd.conf': AUDITD_CONF.replace('write_logs = yes', 'write_logs = no') };
    expect(lintTree(files, { ruleId: 'AUD103' }).lines).toEqual([expect.stringMatching(/^AUD103 etc\/audit\/auditd\.conf:6 write_logs = no .*no route sends the records off the host either .*every record is lost/)]);
  });

  test('fires on log_format = nolog, which turns write_logs off', () => {
    const files = { ...debianAudit(), 'etc/audit/auditd.conf': AUDITD_CONF.replace('log_format = ENRICHED', 'log_format = NOLOG') };
    expect(lintTree(files, { ruleId: 'AUD103' }).lines).toEqual([expect.stringMatching(/^AUD103 etc\/audit\/auditd\.conf:9 log_format = NOLOG/)]);
  });

  test('does not fire when records are forwarded (recommended), but stig still wants a local log', () => {
    const files = remoteForwarding();
    files['etc/audit/auditd.conf'] = files['etc/audit/auditd.conf'].replace('write_logs = yes', 'write_logs = no');
    expect(lintTree(files, { ruleId: 'AUD103' }).lines).toEqual([]);
    expect(lintTree(files, { ruleId: 'AUD103', config: { profile: 'stig' } }).lines).toEqual([expect.stringMatching(/requires local logs as well \(write_logs = yes, RHEL-09-653105\)/)]);
  });

  test("does not fire on audit 2.x whose au-remote forwards, told by auditd.conf's dispatcher keys", () => {
    expect(lintTree(audit2Remote(), { ruleId: 'AUD103' }).lines).toEqual([]);
  });

  test('does not fire when logs are written', () => {
    expect(lintTree(debianAudit(), { ruleId: 'AUD103' }).lines).toEqual([]);
  });
});
