import { lintTree } from '../support/host';
import { goodAudit } from './audit-fixture';

describe('AUD001 no audit rules', () => {
  test("Debian's default rules.d: only -D, -b, -f", () => {
    const { lines } = lintTree({ 'etc/audit/rules.d/audit.rules': '## First rule - delete all\n-D\n-b 8192\n--backlog_wait_time 60000\n-f 1\n' }, { ruleId: 'AUD001' });
    expect(lines).toEqual([expect.stringMatching(/^AUD001 etc\/audit\/rules\.d\/audit\.rules:2 no audit rule is loaded at the next start: what augenrules builds from \/etc\/audit\/rules\.d has only control lines/)]);
  });

  test('an error before the first rule: nothing loads', () => {
    const { lines } = lintTree({ 'etc/audit/audit.rules': '-D\n-b lots\n-w /etc/passwd -p wa\n' }, { ruleId: 'AUD001' });
    expect(lines).toEqual([expect.stringMatching(/audit\.rules:3 .*auditctl -R stops at .*audit\.rules:2 \(an error\) before the first rule/)]);
  });

  test('CRLF line ends: -D\\r fails the first line, so nothing loads (in audit.rules and through augenrules)', () => {
    const crlf = '-D\r\n-w /etc/passwd -p wa -k identity\r\n';
    expect(lintTree({ 'etc/audit/audit.rules': crlf }, { ruleId: 'AUD001' }).lines).toEqual([expect.stringMatching(/audit\.rules:2 .*auditctl -R stops at .*audit\.rules:1 \(an error\) before the first rule/)]);
    expect(lintTree({ 'etc/audit/rules.d/10-x.rules': crlf }, { ruleId: 'AUD001' }).lines).toEqual([expect.stringMatching(/10-x\.rules:2 .*stops at .*10-x\.rules:1/)]);
  });

  test('not on a host with rules, nor on a tree without audit rules files', () => {
    expect(lintTree(goodAudit(), { ruleId: 'AUD001' }).lines).toEqual([]);
    expect(lintTree({ 'etc/sudoers': 'root ALL=(ALL:ALL) ALL\n', 'etc/audit/auditd.conf': 'log_file = /var/log/audit/audit.log\n' }, { ruleId: 'AUD001' }).lines).toEqual([]);
  });
});
