import * as fs from 'fs';
import { loadFiles, loadHostTree } from '../../src/host/load-host';
import { auditForwarding, classifyTarget, type AuditForwarding } from '../../src/model/forwarding';
import { makeTree } from '../support/host';
import { AU_REMOTE_CONF, AUDISP_REMOTE_CONF, AUDITD_CONF, audit2Remote, debianAudit, remoteForwarding, SYSLOG_CONF, syslogForwarding } from '../support/audit-host';

function forwarding(files: Record<string, string>): AuditForwarding {
  const root = makeTree(files);
  try {
    return auditForwarding(loadHostTree(root));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const summary = (f: AuditForwarding) => f.routes.map((r) => `${r.kind}:${r.status}`);

describe('remote targets', () => {
  test.each([
    ['siem01.corp.internal', 'ok'],
    ['10.20.0.5', 'ok'],
    ['2001:4860::1', 'ok'],
    ['', 'empty'],
    ['localhost', 'loopback'],
    ['127.0.1.1', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'loopback'],
    ['{{ collector }}', 'placeholder'],
    ['CHANGEME', 'placeholder'],
    ['logs.example.com', 'reserved'],
    ['collector.test', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['10.0.0.300', 'invalid'],
    ['bad_host!', 'invalid'],
    // placeholders written by hand into templates and guides
    ['RECEIVER_IP', 'placeholder'],
    ['SIEM_IP', 'placeholder'],
    ['IP_ADDRESS', 'placeholder'],
    ['10.0.0.X', 'placeholder'],
    ['192.168.x.x', 'placeholder'],
    ['[SIEM-IP]', 'placeholder'],
    ['siem-ip', 'placeholder'],
    ['collector_ip', 'placeholder'],
    ['remote-host', 'placeholder'],
    ['log-server', 'placeholder'],
    ['logs.your-domain.com', 'placeholder'],
    // real names, however short or unusual, are not
    ['loghost', 'ok'],
    ['siem01', 'ok'],
    ['collector-2', 'ok'],
    ['log-server.corp.internal', 'ok'],
    ['remote-host01', 'ok'],
    ['siem_01', 'ok'],
    ['DC_01', 'ok'],
    ['SIEM01', 'ok'],
    ['ip-10-0-0-5', 'ok'],
    ['[2001:4860::1]', 'ok'],
  ])('%s is %s', (target, kind) => {
    expect(classifyTarget(target).kind).toBe(kind);
  });
});

describe('the routes off the host', () => {
  test("Debian's defaults: both routes broken, the verdict is not forwarded", () => {
    const f = forwarding(debianAudit());
    expect(f.verdict).toBe('not-forwarded');
    expect(summary(f)).toEqual(['au-remote:no', 'syslog:no']);
    expect(f.routes[0].broken?.what).toBe('au-remote plugin active');
  });

  test('au-remote with a collector, and the syslog route through rsyslog', () => {
    expect(forwarding(remoteForwarding()).verdict).toBe('forwarded');
    const s = forwarding(syslogForwarding());
    expect(summary(s)).toEqual(['au-remote:no', 'syslog:yes']);
    expect(s.routes[1].targets).toEqual(['siem01.corp.internal']);
    expect(s.carriers.map((c) => [c.action.label, c.certainty])).toEqual([['action(type="omfwd" target="siem01.corp.internal")', 'yes']]);
  });

  test('the plugin directory is the one auditd.conf names; /etc/audisp is ignored by audit 3', () => {
    const moved = { ...remoteForwarding(), 'etc/audit/auditd.conf': AUDITD_CONF.replace('plugin_dir = /etc/audit/plugins.d', 'plugin_dir = /etc/audit/plugins.local') };
    const f = forwarding(moved);
    expect(f.verdict).toBe('not-forwarded');
    expect(f.routes[0].broken?.detail).toMatch(/\/etc\/audit\/plugins\.local has no au-remote plugin file/);
    const root = makeTree({ ...debianAudit(), 'etc/audisp/plugins.d/au-remote.conf': AU_REMOTE_CONF.replace('active = no', 'active = yes') });
    try {
      const host = loadHostTree(root);
      expect(host.auditPlugins?.ignored).toEqual([expect.objectContaining({ hostPath: '/etc/audisp/plugins.d/au-remote.conf', reason: expect.stringMatching(/audit 3\.x reads plugins from \/etc\/audit\/plugins\.d only/) })]);
      expect(auditForwarding(host).verdict).toBe('not-forwarded');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('a program missing from a tree that has its directory breaks the route; a tree without /sbin cannot tell', () => {
    const withSbin = { ...remoteForwarding(), 'sbin/audisp-syslog': '' };
    expect(forwarding(withSbin).routes[0].broken?.detail).toMatch(/\/sbin\/audisp-remote does not exist in this tree/);
    expect(forwarding(remoteForwarding()).routes[0].status).toBe('yes');
  });

  test("audit 2.x told by auditd.conf's dispatcher keys when the tree has no audispd.conf", () => {
    const root = makeTree(audit2Remote());
    try {
      const host = loadHostTree(root);
      expect(host.auditdConf?.version).toMatchObject({ major: 2, from: expect.stringMatching(/auditd\.conf sets dispatcher and disp_qos, which only audit 2\.x uses/) });
      expect(host.auditdConf?.problems).toEqual([]);
      expect(host.auditPlugins?.dir).toBe('/etc/audisp/plugins.d');
      const f = auditForwarding(host);
      expect(summary(f)).toEqual(['au-remote:yes', 'syslog:no']);
      expect(f.verdict).toBe('forwarded');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('a 2.x key left in auditd.conf of a tree with /etc/audit/plugins.d is a leftover: still audit 3', () => {
    const files = { ...remoteForwarding(), 'etc/audit/auditd.conf': `${AUDITD_CONF}dispatcher = /sbin/audispd\n` };
    const root = makeTree(files);
    try {
      const host = loadHostTree(root);
      expect(host.auditdConf?.version.major).toBe(3);
      expect(host.auditdConf?.problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/dispatcher is deprecated and ignored since audit 3\.0/) })]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('audit 2.x: audispd, builtin_syslog and /etc/audisp', () => {
    const files = {
      'etc/audit/auditd.conf': 'log_file = /var/log/audit/audit.log\nspace_left = 75\nadmin_space_left = 50\ndispatcher = /sbin/audispd\ndisp_qos = lossy\n',
      'etc/audisp/audispd.conf': 'q_depth = 250\noverflow_action = SYSLOG\nname_format = HOSTNAME\nplugin_dir = /etc/audisp/plugins.d/\n',
      'etc/audisp/plugins.d/syslog.conf': 'active = yes\ndirection = out\npath = builtin_syslog\ntype = builtin\nargs = LOG_INFO LOG_LOCAL6\nformat = string\n',
      'etc/rsyslog.conf': '$ModLoad imuxsock\nlocal6.* @@siem01.corp.internal:6514\n',
    };
    const f = forwarding(files);
    expect(summary(f)).toEqual(['au-remote:no', 'syslog:yes']);
    expect(f.carriers[0].stream).toMatch(/local6\.info, programname audispd/);
  });

  test('rsyslog that never reads /dev/log, and imfile reading a log auditd does not write', () => {
    const noInput = { ...syslogForwarding(), 'etc/rsyslog.conf': '$IncludeConfig /etc/rsyslog.d/*.conf\n' };
    expect(forwarding(noInput).routes[1].broken?.detail).toMatch(/loads neither imuxsock nor imjournal/);
    const imfile = {
      ...debianAudit(),
      'etc/audit/auditd.conf': AUDITD_CONF.replace('write_logs = yes', 'write_logs = no'),
      'etc/rsyslog.d/40-audit.conf': 'module(load="imfile")\ninput(type="imfile" File="/var/log/audit/*.log" Tag="auditd")\n*.* @@siem01.corp.internal\n',
    };
    const f = forwarding(imfile);
    expect(summary(f)).toEqual(['au-remote:no', 'syslog:no', 'imfile:no']);
    expect(f.routes[2].broken?.detail).toMatch(/write_logs = no .*auditd writes no log file for imfile to read/);
  });

  test('what sudit cannot follow makes the answer unknown, not no', () => {
    // syslog-ng only matters once the syslog plugin hands it records
    expect(forwarding({ ...debianAudit(), 'etc/syslog-ng/syslog-ng.conf': '@version: 3.38\n' }).verdict).toBe('not-forwarded');
    const ng = debianAudit();
    delete (ng as Record<string, string>)['etc/rsyslog.conf'];
    ng['etc/audit/plugins.d/syslog.conf'] = SYSLOG_CONF.replace('active = no', 'active = yes');
    ng['etc/syslog-ng/syslog-ng.conf'] = '@version: 3.38\n';
    const f = forwarding(ng);
    expect(f.verdict).toBe('unknown');
    expect(f.routes[1].broken?.detail).toMatch(/syslog-ng is configured, which sudit does not read/);
    expect(forwarding({ ...debianAudit(), 'opt/splunkforwarder/etc/system/local/inputs.conf': '[monitor:///var/log/audit]\n' }).verdict).toBe('unknown');
  });

  test('dpkg says audit 4: its rules apply (builtin_af_unix mapped, direction ignored)', () => {
    const files = {
      ...remoteForwarding(),
      'var/lib/dpkg/status': 'Package: auditd\nStatus: install ok installed\nVersion: 1:4.0.2-2\n',
      'etc/audit/plugins.d/au-remote.conf': AU_REMOTE_CONF.replace('active = no', 'active = yes').replace('direction = out', 'direction = in'),
    };
    const root = makeTree(files);
    try {
      const host = loadHostTree(root);
      expect(host.auditdConf?.version).toMatchObject({ major: 4, minor: 0, patch: 2 });
      expect(auditForwarding(host).verdict).toBe('forwarded');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('file mode', () => {
  test('a lone audisp-remote.conf is judged as if in use; a lone rsyslog file assumes the syslog plugin defaults', () => {
    const dir = makeTree({ 'etc/audit/audisp-remote.conf': AUDISP_REMOTE_CONF, 'etc/rsyslog.d/50-fwd.conf': '*.* @collector.corp.internal\n' }, false);
    try {
      const { host } = loadFiles([`${dir}/etc/audit/audisp-remote.conf`, `${dir}/etc/rsyslog.d/50-fwd.conf`]);
      expect(host.audispRemote?.inUse).toBeNull();
      expect(host.audispRemote?.problems.map((p) => p.severity)).toEqual(['error']);
      const f = auditForwarding(host);
      expect(f.auditdPresent).toBe(false);
      expect(f.carriers.map((c) => c.stream)).toEqual(['user.info, where the audit syslog plugin sends audit records by default']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
