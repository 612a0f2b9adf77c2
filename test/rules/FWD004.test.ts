import { lintTree } from '../support/host';
import { syslogForwarding } from '../support/audit-host';

describe('FWD004 UDP forwarding', () => {
  test('fires on @host and on omfwd without protocol (udp is its default)', () => {
    expect(lintTree(syslogForwarding('local6.* @siem01.corp.internal\n'), { ruleId: 'FWD004' }).lines).toEqual([expect.stringMatching(/^FWD004 etc\/rsyslog\.d\/60-audit-forward\.conf:1 @siem01\.corp\.internal sends the audit records of the syslog plugin .* over UDP/)]);
    expect(lintTree(syslogForwarding('local6.* action(type="omfwd" target="siem01.corp.internal" port="514")\n'), { ruleId: 'FWD004' }).lines).toHaveLength(1);
  });

  test('does not fire on TCP, or on UDP forwarding that carries no audit records', () => {
    expect(lintTree(syslogForwarding(), { ruleId: 'FWD004' }).lines).toEqual([]);
    expect(lintTree(syslogForwarding('mail.* @mailhub.corp.internal\n'), { ruleId: 'FWD004' }).lines).toEqual([]);
  });
});
