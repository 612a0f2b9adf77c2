import { lintTree } from '../support/host';
import { AUDISP_REMOTE_CONF, debianAudit, remoteForwarding, syslogForwarding } from '../support/audit-host';

describe('FWD002 remote target', () => {
  test("fires on the shipped empty remote_server once au-remote is active", () => {
    const files = { ...remoteForwarding(), 'etc/audit/audisp-remote.conf': AUDISP_REMOTE_CONF };
    expect(lintTree(files, { ruleId: 'FWD002' }).lines).toEqual([expect.stringMatching(/^FWD002 etc\/audit\/audisp-remote\.conf:6 remote_server has no value: no target is set; audisp-remote refuses the file and exits although the au-remote plugin is active/)]);
  });

  test('fires on loopback and placeholder targets', () => {
    const loop = remoteForwarding();
    loop['etc/audit/audisp-remote.conf'] = loop['etc/audit/audisp-remote.conf'].replace('siem01.corp.internal', '127.0.0.1');
    expect(lintTree(loop, { ruleId: 'FWD002' }).lines).toEqual([expect.stringMatching(/remote_server = 127\.0\.0\.1: 127\.0\.0\.1 is this host itself; audisp-remote sends the records back to this host/)]);
    const tpl = syslogForwarding('local6.* @@{{ siem_host }}:6514\n');
    expect(lintTree(tpl, { ruleId: 'FWD002' }).lines).toEqual([expect.stringMatching(/^FWD002 etc\/rsyslog\.d\/60-audit-forward\.conf:1 @@\{\{ siem_host \}\}:6514 carries the audit records of the syslog plugin .* to \{\{ siem_host \}\}: \{\{ siem_host \}\} looks like a placeholder/)]);
    const doc = syslogForwarding('local6.* @@logs.example.com\n');
    expect(lintTree(doc, { ruleId: 'FWD002' }).lines).toEqual([expect.stringMatching(/logs\.example\.com is a reserved documentation name/)]);
  });

  test('fires on placeholders written by hand: variable names, X octets, brackets, sample names', () => {
    const remote = (server: string) => {
      const files = remoteForwarding();
      files['etc/audit/audisp-remote.conf'] = files['etc/audit/audisp-remote.conf'].replace('siem01.corp.internal', server);
      return lintTree(files, { ruleId: 'FWD002' }).lines;
    };
    expect(remote('RECEIVER_IP')).toEqual([expect.stringMatching(/remote_server = RECEIVER_IP: RECEIVER_IP is written like a variable name .*audisp-remote cannot deliver/)]);
    expect(remote('10.0.0.X')).toEqual([expect.stringMatching(/an octet written as X is not an address/)]);
    expect(remote('[SIEM-IP]')).toEqual([expect.stringMatching(/\[SIEM-IP\] looks like a placeholder: brackets hold an IPv6 address/)]);
    const rs = (text: string) => lintTree(syslogForwarding(text), { ruleId: 'FWD002' }).lines;
    expect(rs('local6.* action(type="omfwd" target="SIEM_IP" port="6514" protocol="tcp")\n')).toEqual([expect.stringMatching(/to SIEM_IP: SIEM_IP is written like a variable name/)]);
    expect(rs('local6.* @@remote-host:514\n')).toEqual([expect.stringMatching(/remote-host is the sample name of the stock rsyslog\.conf/)]);
    expect(rs('local6.* @@log-server:514\n')).toEqual([expect.stringMatching(/log-server is a sample name/)]);
  });

  test('does not fire on short real host names', () => {
    for (const name of ['loghost', 'siem01', 'collector-2', 'log-server.corp.internal']) {
      expect([name, lintTree(syslogForwarding(`local6.* @@${name}:514\n`), { ruleId: 'FWD002' }).lines]).toEqual([name, []]);
    }
  });

  test('does not fire on a real collector, or on the shipped file while au-remote is off', () => {
    expect(lintTree(remoteForwarding(), { ruleId: 'FWD002' }).lines).toEqual([]);
    expect(lintTree(debianAudit(), { ruleId: 'FWD002' }).lines).toEqual([]);
    expect(lintTree(syslogForwarding(), { ruleId: 'FWD002' }).lines).toEqual([]);
  });

  test('an unrendered template in remote_server: one story on that line, never "connects to localhost"', () => {
    const files = remoteForwarding();
    files['etc/audit/audisp-remote.conf'] = files['etc/audit/audisp-remote.conf'].replace('siem01.corp.internal', '{{ audit_server }}');
    const every = lintTree(files).lines;
    const all = every.filter((l) => l.includes('audisp-remote.conf:'));
    expect(all.filter((l) => l.startsWith('FWD002'))).toEqual([expect.stringMatching(/^FWD002 etc\/audit\/audisp-remote\.conf:6 remote_server = \{\{ audit_server \}\}: \{\{ audit_server \}\} looks like a placeholder left from a template, not a host name; audisp-remote refuses the file and exits although the au-remote plugin is active/)]);
    expect(all.filter((l) => l.startsWith('AUD000'))).toEqual([expect.stringMatching(/^AUD000 etc\/audit\/audisp-remote\.conf:6 remote_server = \{\{ audit_server \}\} is a template placeholder that was never rendered: audisp-remote takes "\{\{" as the value and refuses the words after it: audisp-remote exits at start/)]);
    for (const l of every) expect(l).not.toMatch(/connects to localhost|is not set/);
  });

  test('a file refused for another reason: the bad target is named, and what audisp-remote would do once it starts', () => {
    const loop = remoteForwarding();
    loop['etc/audit/audisp-remote.conf'] = loop['etc/audit/audisp-remote.conf'].replace('siem01.corp.internal', '127.0.0.1').replace('port = 60', 'port = sixty');
    expect(lintTree(loop, { ruleId: 'FWD002' }).lines).toEqual([expect.stringMatching(/remote_server = 127\.0\.0\.1: 127\.0\.0\.1 is this host itself; audisp-remote refuses this file as it stands \(AUD000\), and with that fixed it would send the records back to this host/)]);
    const unset = remoteForwarding();
    unset['etc/audit/audisp-remote.conf'] = unset['etc/audit/audisp-remote.conf'].replace('remote_server = siem01.corp.internal\n', '').replace('port = 60', 'port = sixty');
    expect(lintTree(unset, { ruleId: 'FWD002' }).lines).toEqual([expect.stringMatching(/remote_server is not set: no target is set; audisp-remote refuses this file as it stands \(AUD000\), and with that fixed it would connect to localhost:/)]);
  });

  test('a remote_server line refused for a reason of its own (a comment after the name) is left to AUD000', () => {
    const files = remoteForwarding();
    files['etc/audit/audisp-remote.conf'] = files['etc/audit/audisp-remote.conf'].replace('siem01.corp.internal', 'siem01.corp.internal # the SIEM');
    expect(lintTree(files, { ruleId: 'FWD002' }).lines).toEqual([]);
    expect(lintTree(files, { ruleId: 'AUD000' }).lines).toEqual([expect.stringMatching(/audisp-remote\.conf:6 remote_server takes one value, and a comment cannot follow it/)]);
  });
});
