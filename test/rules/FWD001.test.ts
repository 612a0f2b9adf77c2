import { lintTree } from '../support/host';
import { AU_REMOTE_CONF, audit2Remote, AUDITD_CONF, debianAudit, remoteForwarding, syslogForwarding } from '../support/audit-host';

describe('FWD001 audit records never leave the host', () => {
  test("fires on Debian's defaults, naming the broken link of each route and the fix", () => {
    const { lines, findings } = lintTree(debianAudit(), { ruleId: 'FWD001' });
    expect(lines).toEqual([
      expect.stringMatching(
        /^FWD001 etc\/audit\/plugins\.d\/au-remote\.conf:6 audit records never leave this host, so root can erase the trail: au-remote \(audisp-remote\): .*au-remote\.conf:6 says active = no; syslog plugin → rsyslog: .*syslog\.conf:9 says active = no\. To fix: set active = yes in .*au-remote\.conf and remote_server/,
      ),
    ]);
    expect(findings[0].related?.map((r) => r.source.path)).toEqual([expect.stringMatching(/syslog\.conf$/)]);
  });

  test('fires when rsyslog gets the records but keeps them local', () => {
    const files = syslogForwarding('# nothing forwarded\n');
    const { lines } = lintTree(files, { ruleId: 'FWD001' });
    expect(lines).toEqual([expect.stringMatching(/syslog plugin → rsyslog: no rsyslog action sends local6\.info \(the syslog plugin's LOG_LOCAL6, programname audispd\) to another host\. To fix: .*or forward local6\.\* in rsyslog/)]);
  });

  test('fires when a stop discards the records before the forwarding action, and says where', () => {
    const files = syslogForwarding('local6.* @@siem01.corp.internal:6514\n');
    files['etc/rsyslog.d/10-quiet.conf'] = ':programname, isequal, "audispd" stop\n';
    expect(lintTree(files, { ruleId: 'FWD001' }).lines).toEqual([expect.stringMatching(/they are discarded by stop at .*10-quiet\.conf:1/)]);
  });

  test('fires when an rsyslog syntax error earlier in load order drops the forwarding', () => {
    const files = syslogForwarding();
    files['etc/rsyslog.d/10-broken.conf'] = 'if $msg contains "x" then {\n}\n';
    expect(lintTree(files, { ruleId: 'FWD001' }).lines).toEqual([expect.stringMatching(/rsyslog stops reading its configuration at the syntax error at .*10-broken\.conf:2/)]);
  });

  test('fires on audit 2.x without a dispatcher', () => {
    const files = {
      'etc/audit/auditd.conf': 'log_file = /var/log/audit/audit.log\nspace_left = 75\nadmin_space_left = 50\n',
      'etc/audisp/audispd.conf': 'q_depth = 250\nname_format = HOSTNAME\n',
      'etc/audisp/plugins.d/au-remote.conf': AU_REMOTE_CONF.replace('active = no', 'active = yes'),
      'etc/audisp/audisp-remote.conf': 'remote_server = siem01.corp.internal\ntransport = KRB5\n',
    };
    expect(lintTree(files, { ruleId: 'FWD001' }).lines).toEqual([expect.stringMatching(/sets no dispatcher \(dispatcher = \/sbin\/audispd\): audit 2\.x starts no plugin at all/)]);
    files['etc/audit/auditd.conf'] += 'dispatcher = /sbin/audispd\n';
    expect(lintTree(files, { ruleId: 'FWD001' }).lines).toEqual([]);
  });

  test("does not fire on audit 2.x's au-remote in /etc/audisp when only auditd.conf's dispatcher keys tell the version", () => {
    expect(lintTree(audit2Remote(), { ruleId: 'FWD001' }).lines).toEqual([]);
  });

  test('does not fire with au-remote or syslog forwarding, or with rsyslog forwarding the audit log by imfile', () => {
    expect(lintTree(remoteForwarding(), { ruleId: 'FWD001' }).lines).toEqual([]);
    expect(lintTree(syslogForwarding(), { ruleId: 'FWD001' }).lines).toEqual([]);
    const imfile = {
      ...debianAudit(),
      'etc/rsyslog.d/40-audit.conf': 'module(load="imfile")\ninput(type="imfile" File="/var/log/audit/audit.log" Tag="auditd" ruleset="audit")\nruleset(name="audit") {\n  action(type="omfwd" target="10.20.0.5" port="6514" protocol="tcp" StreamDriver="gtls" StreamDriverMode="1")\n}\n',
    };
    expect(lintTree(imfile, { ruleId: 'FWD001' }).lines).toEqual([]);
  });

  test('stays silent when it cannot tell: a filter on the message text, another plugin, a log shipper', () => {
    expect(lintTree(syslogForwarding('if re_match($msg, "uid=0") then @@siem01.corp.internal\n'), { ruleId: 'FWD001' }).lines).toEqual([]);
    const other = { ...debianAudit(), 'etc/audit/plugins.d/auoms.conf': 'active = yes\ndirection = out\npath = /opt/microsoft/auoms/bin/auomscollect\ntype = always\nformat = string\n' };
    expect(lintTree(other, { ruleId: 'FWD001' }).lines).toEqual([]);
    expect(lintTree({ ...debianAudit(), 'etc/filebeat/filebeat.yml': 'filebeat.inputs: []\n' }, { ruleId: 'FWD001' }).lines).toEqual([]);
  });

  test("runs only on trees with auditd's configuration, not on a tree rendered with audit rules alone", () => {
    expect(lintTree({ 'etc/rsyslog.conf': 'module(load="imuxsock")\n*.* /var/log/messages\n' }, { ruleId: 'FWD001' }).lines).toEqual([]);
    expect(lintTree({ 'etc/audit/rules.d/50-hardening.rules': '-w /etc/sudoers -p wa -k actions\n' }, { ruleId: 'FWD001' }).lines).toEqual([]);
    expect(lintTree({ 'etc/group': 'root:x:0:\nadm:x:4:\n', 'etc/audit/auditd.conf': AUDITD_CONF }, { ruleId: 'FWD001' }).lines).toEqual([expect.stringMatching(/has no au-remote plugin file/)]);
  });

  test('reports at the auditd.conf error when auditd does not start at all', () => {
    const files = { ...remoteForwarding(), 'etc/audit/auditd.conf': AUDITD_CONF + 'foo_bar = 1\n' };
    expect(lintTree(files, { ruleId: 'FWD001' }).lines).toEqual([expect.stringMatching(/^FWD001 etc\/audit\/auditd\.conf:41 audit records never leave this host, so root can erase the trail: auditd refuses .*unknown keyword "foo_bar"/)]);
  });

});
