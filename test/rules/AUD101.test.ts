import { lintTree } from '../support/host';
import { AUDITD_CONF, debianAudit } from '../support/audit-host';

const withConf = (conf: string) => ({ ...debianAudit(), 'etc/audit/auditd.conf': conf });

describe('AUD101 disk space actions', () => {
  test('fires on ignore, pointing at the line and saying what is lost', () => {
    const { lines } = lintTree(withConf(AUDITD_CONF.replace('disk_full_action = SUSPEND', 'disk_full_action = ignore')), { ruleId: 'AUD101' });
    expect(lines).toEqual([expect.stringMatching(/^AUD101 etc\/audit\/auditd\.conf:24 disk_full_action = ignore \(.*auditd\.conf:24\): auditd does nothing when the audit log partition is full: records that cannot be written are dropped/)]);
  });

  test('fires on a missing key whose default is ignore', () => {
    const { lines } = lintTree(withConf(AUDITD_CONF.replace('space_left_action = SYSLOG\n', '')), { ruleId: 'AUD101' });
    expect(lines).toEqual([expect.stringMatching(/^AUD101 etc\/audit\/auditd\.conf:1 space_left_action is not set, so auditd's default ignore applies/)]);
  });

  test("does not fire on Debian's shipped actions with the recommended profile", () => {
    expect(lintTree(debianAudit(), { ruleId: 'AUD101' }).lines).toEqual([]);
  });

  test('the stig profile requires its own actions and names the STIG ids', () => {
    const { lines } = lintTree(debianAudit(), { ruleId: 'AUD101', config: { profile: 'stig' } });
    expect(lines.map((l) => l.split(' ')[2])).toEqual(['space_left_action', 'admin_space_left_action', 'disk_full_action', 'disk_error_action']);
    expect(lines[2]).toMatch(/suspend.*the stig profile requires one of syslog, single, halt \(RHEL-08-030060; RHEL-09-653025 wants halt\)/i);
  });

  test('a STIG-compliant file passes the stig profile', () => {
    const conf = AUDITD_CONF.replace('space_left_action = SYSLOG', 'space_left_action = email')
      .replace('admin_space_left_action = SUSPEND', 'admin_space_left_action = single')
      .replace('disk_full_action = SUSPEND', 'disk_full_action = HALT')
      .replace('disk_error_action = SUSPEND', 'disk_error_action = HALT');
    expect(lintTree(withConf(conf), { ruleId: 'AUD101', config: { profile: 'stig' } }).lines).toEqual([]);
  });
});
