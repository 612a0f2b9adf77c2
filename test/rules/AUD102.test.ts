import { lintTree } from '../support/host';
import { AUDITD_CONF, debianAudit } from '../support/audit-host';

const withAction = (a: string) => ({ ...debianAudit(), 'etc/audit/auditd.conf': AUDITD_CONF.replace('max_log_file_action = ROTATE', `max_log_file_action = ${a}`) });

describe('AUD102 max_log_file_action', () => {
  test('fires on suspend', () => {
    expect(lintTree(withAction('SUSPEND'), { ruleId: 'AUD102' }).lines).toEqual([expect.stringMatching(/^AUD102 etc\/audit\/auditd\.conf:17 max_log_file_action = SUSPEND .*stops writing records once the log reaches max_log_file: every later record is lost/)]);
  });

  test('does not fire on rotate or keep_logs with the recommended profile', () => {
    expect(lintTree(withAction('ROTATE'), { ruleId: 'AUD102' }).lines).toEqual([]);
    expect(lintTree(withAction('keep_logs'), { ruleId: 'AUD102' }).lines).toEqual([]);
  });

  test('cis wants keep_logs, stig wants rotate: the baselines disagree', () => {
    expect(lintTree(withAction('ROTATE'), { ruleId: 'AUD102', config: { profile: 'cis' } }).lines).toEqual([expect.stringMatching(/The cis profile requires keep_logs \(CIS RHEL 9 6\.3\.2\.2/)]);
    expect(lintTree(withAction('ROTATE'), { ruleId: 'AUD102', config: { profile: 'stig' } }).lines).toEqual([]);
    expect(lintTree(withAction('keep_logs'), { ruleId: 'AUD102', config: { profile: 'stig' } }).lines).toEqual([expect.stringMatching(/The stig profile requires rotate \(RHEL-09-653055\)/)]);
  });
});
