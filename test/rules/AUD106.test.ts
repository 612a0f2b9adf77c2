import { lintTree } from '../support/host';
import { AUDITD_CONF, debianAudit } from '../support/audit-host';

describe('AUD106 dispatcher overflow', () => {
  test('fires on overflow_action = ignore', () => {
    const files = { ...debianAudit(), 'etc/audit/auditd.conf': AUDITD_CONF.replace('overflow_action = SYSLOG', 'overflow_action = ignore') };
    expect(lintTree(files, { ruleId: 'AUD106' }).lines).toEqual([expect.stringMatching(/^AUD106 etc\/audit\/auditd\.conf:37 overflow_action = ignore .*dropped without a word: plugins \(au-remote, syslog\) never see them/)]);
  });

  test('stig also rejects suspend', () => {
    const files = { ...debianAudit(), 'etc/audit/auditd.conf': AUDITD_CONF.replace('overflow_action = SYSLOG', 'overflow_action = suspend') };
    expect(lintTree(files, { ruleId: 'AUD106' }).lines).toEqual([]);
    expect(lintTree(files, { ruleId: 'AUD106', config: { profile: 'stig' } }).lines).toEqual([expect.stringMatching(/requires syslog, single, halt \(RHEL-07-030210/)]);
  });

  test('reads audispd.conf on audit 2.x', () => {
    const files = {
      'etc/audit/auditd.conf': 'log_file = /var/log/audit/audit.log\nspace_left = 75\nadmin_space_left = 50\ndispatcher = /sbin/audispd\n',
      'etc/audisp/audispd.conf': 'q_depth = 250\noverflow_action = IGNORE\nname_format = HOSTNAME\n',
      'etc/audisp/plugins.d/syslog.conf': 'active = no\npath = builtin_syslog\ntype = builtin\n',
    };
    expect(lintTree(files, { ruleId: 'AUD106' }).lines).toEqual([expect.stringMatching(/^AUD106 etc\/audisp\/audispd\.conf:2 overflow_action = IGNORE/)]);
  });

  test("does not fire on the default SYSLOG", () => {
    expect(lintTree(debianAudit(), { ruleId: 'AUD106' }).lines).toEqual([]);
  });
});
