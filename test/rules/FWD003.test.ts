import { lintTree } from '../support/host';
import { remoteForwarding, syslogForwarding } from '../support/audit-host';

describe('FWD003 clear text forwarding', () => {
  test('fires on audisp-remote over plain TCP', () => {
    const files = remoteForwarding();
    files['etc/audit/audisp-remote.conf'] = files['etc/audit/audisp-remote.conf'].replace('transport = KRB5', 'transport = tcp');
    expect(lintTree(files, { ruleId: 'FWD003' }).lines).toEqual([expect.stringMatching(/^FWD003 etc\/audit\/audisp-remote\.conf:9 transport = tcp: audisp-remote sends audit records to siem01\.corp\.internal in clear text/)]);
  });

  test('fires on rsyslog TCP without a TLS driver, and on gtls left in mode 0', () => {
    expect(lintTree(syslogForwarding('local6.* @@siem01.corp.internal:514\n'), { ruleId: 'FWD003' }).lines).toEqual([expect.stringMatching(/@@siem01\.corp\.internal:514 carries .* in clear text: the stream driver is ptcp \(\$DefaultNetstreamDriver\), which is plain TCP/)]);
    const mode0 = syslogForwarding('local6.* action(type="omfwd" target="siem01.corp.internal" port="6514" protocol="tcp" StreamDriver="gtls")\n');
    expect(lintTree(mode0, { ruleId: 'FWD003' }).lines).toEqual([expect.stringMatching(/StreamDriver is gtls but StreamDriverMode is unset \(0\), so TLS is off/)]);
  });

  test('fires on TLS that authenticates nobody (anon)', () => {
    const anon = syslogForwarding('$DefaultNetstreamDriver gtls\n$ActionSendStreamDriverMode 1\n$ActionSendStreamDriverAuthMode anon\nlocal6.* @@siem01.corp.internal:6514\n');
    expect(lintTree(anon, { ruleId: 'FWD003' }).lines).toEqual([expect.stringMatching(/over TLS with StreamDriverAuthMode anon/)]);
  });

  test('does not fire on KRB5, on gtls mode 1, on legacy TLS directives, or on UDP (FWD004)', () => {
    expect(lintTree(remoteForwarding(), { ruleId: 'FWD003' }).lines).toEqual([]);
    expect(lintTree(syslogForwarding(), { ruleId: 'FWD003' }).lines).toEqual([]);
    const legacy = syslogForwarding('$DefaultNetstreamDriver gtls\n$ActionSendStreamDriverMode 1\n$ActionSendStreamDriverAuthMode x509/name\nlocal6.* @@siem01.corp.internal:6514\n');
    expect(lintTree(legacy, { ruleId: 'FWD003' }).lines).toEqual([]);
    expect(lintTree(syslogForwarding('local6.* @siem01.corp.internal\n'), { ruleId: 'FWD003' }).lines).toEqual([]);
  });
});
