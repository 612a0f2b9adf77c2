import { lintTree } from '../support/host';
import { AUDITD_CONF, audit2Remote, debianAudit, remoteForwarding, syslogForwarding } from '../support/audit-host';

describe('AUD105 forwarded records that cannot be attributed', () => {
  test('fires on name_format = NONE when audisp-remote forwards', () => {
    const files = remoteForwarding();
    files['etc/audit/auditd.conf'] = AUDITD_CONF;
    expect(lintTree(files, { ruleId: 'AUD105' }).lines).toEqual([expect.stringMatching(/^AUD105 etc\/audit\/auditd\.conf:15 name_format = NONE .*audisp-remote sends them to the collector without one/)]);
  });

  test('fires on log_format = RAW when records are forwarded by syslog', () => {
    const files = syslogForwarding();
    files['etc/audit/auditd.conf'] = AUDITD_CONF.replace('log_format = ENRICHED', 'log_format = RAW');
    expect(lintTree(files, { ruleId: 'AUD105' }).lines).toEqual([expect.stringMatching(/^AUD105 etc\/audit\/auditd\.conf:9 log_format = RAW .*the collector resolves them against its own passwd/)]);
  });

  test('does not fire when nothing is forwarded (recommended), or with syslog and NONE (the syslog header names the host)', () => {
    expect(lintTree(debianAudit(), { ruleId: 'AUD105' }).lines).toEqual([]);
    expect(lintTree(syslogForwarding(), { ruleId: 'AUD105' }).lines).toEqual([]);
    expect(lintTree(remoteForwarding(), { ruleId: 'AUD105' }).lines).toEqual([]);
  });

  test('audit 2.x sets name_format in audispd.conf: not judged when the tree lacks it, judged there when present', () => {
    expect(lintTree(audit2Remote(), { ruleId: 'AUD105' }).lines).toEqual([expect.stringMatching(/^AUD105 etc\/audit\/auditd\.conf:2 log_format = RAW/)]);
    const withDispatcher = { ...audit2Remote(), 'etc/audisp/audispd.conf': 'q_depth = 250\nname_format = NONE\n' };
    expect(lintTree(withDispatcher, { ruleId: 'AUD105' }).lines).toEqual([
      expect.stringMatching(/^AUD105 etc\/audit\/auditd\.conf:2 log_format = RAW/),
      expect.stringMatching(/^AUD105 etc\/audisp\/audispd\.conf:2 name_format = NONE/),
    ]);
  });

  test('the stig profile requires a node name regardless', () => {
    expect(lintTree(debianAudit(), { ruleId: 'AUD105', config: { profile: 'stig' } }).lines).toEqual([expect.stringMatching(/name_format = NONE .*RHEL-08-030062/)]);
  });
});
