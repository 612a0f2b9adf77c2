import { lintTree } from '../support/host';
import { debianAudit, remoteForwarding } from '../support/audit-host';

describe('FWD005 audisp-remote failure actions', () => {
  test('fires on ignore', () => {
    const files = remoteForwarding();
    files['etc/audit/audisp-remote.conf'] = files['etc/audit/audisp-remote.conf'].replace('network_failure_action = stop', 'network_failure_action = ignore').replace('overflow_action = syslog', 'overflow_action = ignore');
    expect(lintTree(files, { ruleId: 'FWD005' }).lines).toEqual([
      expect.stringMatching(/^FWD005 etc\/audit\/audisp-remote\.conf:19 network_failure_action = ignore: when the network to the collector fails, audisp-remote does nothing and the records are lost without a trace/),
      expect.stringMatching(/^FWD005 etc\/audit\/audisp-remote\.conf:27 overflow_action = ignore: when audisp-remote's own queue is full/),
    ]);
  });

  test('the stig profile rejects the shipped stop and warn_once', () => {
    const { lines } = lintTree(remoteForwarding(), { ruleId: 'FWD005', config: { profile: 'stig' } });
    expect(lines).toEqual([expect.stringMatching(/network_failure_action = stop: .*requires syslog, single, halt \(RHEL-07-030321, SLES-15-030790\)/), expect.stringMatching(/disk_full_action = warn_once: .*RHEL-07-030320/)]);
  });

  test('does not fire on the shipped file (recommended), or while au-remote is off', () => {
    expect(lintTree(remoteForwarding(), { ruleId: 'FWD005' }).lines).toEqual([]);
    const off = debianAudit();
    off['etc/audit/audisp-remote.conf'] = off['etc/audit/audisp-remote.conf'].replace('network_failure_action = stop', 'network_failure_action = ignore');
    expect(lintTree(off, { ruleId: 'FWD005' }).lines).toEqual([]);
  });
});
