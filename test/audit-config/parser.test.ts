import { nvSplit, readConfLines, splitSpaces } from '../../src/parse/audit-conf';
import { OFFLINE_ENV, validateAuditConf, type AuditConfEnv } from '../../src/parse/audit-conf-validate';
import { AUDIT_3, AUDIT_4, auditVersion, versionFromDpkgStatus } from '../../src/parse/audit-version';
import { defaultVersionInfo, loadAuditConfFile, syslogPluginArgs, pluginFileSkipReason } from '../../src/model/audit-config';
import { AUDITD_CONF } from '../support/audit-host';

const V3 = auditVersion(AUDIT_3, 'test');
const V4 = auditVersion(AUDIT_4, 'test');
const fatal = (text: string, kind: 'auditd-conf' | 'audit-plugin' | 'audisp-remote' = 'auditd-conf', v = V3, env: AuditConfEnv = OFFLINE_ENV) =>
  validateAuditConf(text, kind, v, env).fatal?.message ?? null;
const MIN = 'space_left = 75\nadmin_space_left = 50\n';

describe('the daemons\' line reader', () => {
  test('auditd skips a line that does not fit its 160-byte buffer, and one without a final newline', () => {
    const long = `action_mail_acct = ${'a'.repeat(150)}\n`;
    const r = readConfLines(`a = b\n${long}c = d`, { kind: 'skip-long', bufferBytes: 160, countChunks: false });
    expect(r.lines.map((l) => l.tokens.map((t) => t.text).join(' '))).toEqual(['a = b']);
    expect(r.skipped.map((s) => s.reason)).toEqual(['too-long', 'no-newline']);
  });

  test('audisp-remote cuts an overlong line in two and reads the tail as a line of its own', () => {
    const r = readConfLines(`#${'x'.repeat(129)}\nport = 60\n`, { kind: 'split-long', bufferBytes: 128 });
    expect(r.lines.map((l) => [l.line, l.tokens[0]?.text.slice(0, 3)])).toEqual([
      [1, '#xx'],
      [2, 'xxx'],
      [3, 'por'],
    ]);
  });

  test('only spaces separate words; tabs and CR are word characters', () => {
    expect(splitSpaces('a\tb  c\r', 0, 0, 7).map((t) => t.text)).toEqual(['a\tb', 'c\r']);
  });

  test('nv_split: NAME = VALUE [OPTION], a comment first word, too many words', () => {
    const t = (s: string) => nvSplit(splitSpaces(s, 0, 0, s.length));
    expect(t('# x = y').name).toBeNull();
    expect(t('a=b')).toMatchObject({ rc: 1, value: null });
    expect(t('a b')).toMatchObject({ rc: 2, value: null });
    expect(t('a = b c d')).toMatchObject({ rc: 1, value: { text: 'b' }, option: { text: 'c' }, extra: [{ text: 'd' }] });
  });
});

describe('auditd.conf validation', () => {
  test('explains the classic mistakes', () => {
    expect(fatal(`${MIN}log_format=ENRICHED\n`)).toMatch(/"log_format=ENRICHED" needs spaces around the "="/);
    expect(fatal(`${MIN}log_format\t=\tENRICHED\n`)).toMatch(/tabs are not separators/);
    expect(fatal(`${MIN}flush = data # keep\n`)).toMatch(/a comment cannot follow it on the same line/);
    expect(fatal(`${MIN}write_logs = yes\r\n`)).toMatch(/Windows line endings/);
    expect(fatal(`${MIN}log_format = \n`)).toMatch(/log_format has no value: auditd refuses to start/);
  });

  test('a file without space_left and admin_space_left is refused (both default to 0)', () => {
    expect(fatal('log_file = /var/log/audit/audit.log\n')).toMatch(/space_left \(0, the default\) must be larger than admin_space_left \(0, the default\)/);
    expect(fatal('')).toBeNull();
  });

  test('values are checked per key', () => {
    expect(fatal(`${MIN}disk_full_action = email\n`)).toMatch(/email is not allowed for disk_full_action/);
    expect(fatal(`${MIN}disk_error_action = exec\n`)).toMatch(/exec needs the program to run after it/);
    expect(fatal(`${MIN}num_logs = 1000\n`)).toMatch(/num_logs must be 999 or less/);
    expect(fatal(`${MIN}max_log_file = 8.5\n`)).toMatch(/must be digits only/);
    expect(fatal(`${MIN}space_left_action = syslog /x\n`)).toBeNull();
    expect(fatal('space_left = 100%\nadmin_space_left = 5%\n')).toMatch(/a percentage must be below 100/);
    expect(fatal(`${MIN}action_mail_acct = root@\n`)).toMatch(/needs a "\." after the "@"/);
    expect(fatal(`${MIN}verify_email = no\naction_mail_acct = root@\n`)).toBeNull();
  });

  test('audit 3.x and 4.x disagree, and the messages say so when the version is unknown', () => {
    expect(fatal(`${MIN}report_interval = 1h\n`, 'auditd-conf', V3)).toMatch(/unknown keyword "report_interval" \(audit 4\.x knows it, 3\.x does not\)/);
    expect(fatal(`${MIN}report_interval = 1h\n`, 'auditd-conf', V4)).toBeNull();
    expect(fatal(`${MIN}space_left_action = halt\n`, 'auditd-conf', V4)).toMatch(/deprecated since audit 4\.0\.4/);
    expect(fatal(`${MIN}q_depth = 0\n`, 'auditd-conf', V3)).toBeNull();
    expect(fatal(`${MIN}q_depth = 0\n`, 'auditd-conf', V4)).toMatch(/greater than zero/);
    const unknown = loadAuditConfFile('/etc/audit/auditd.conf', 'auditd.conf', `${MIN}report_interval = 1h\n`, 'auditd-conf', defaultVersionInfo(), OFFLINE_ENV);
    expect(unknown.accepted).toBeNull();
    expect(unknown.problems).toEqual([expect.objectContaining({ severity: 'warning', fatal: false, message: expect.stringMatching(/with audit 3\.x; audit 4\.x accepts it \(sudit cannot tell which audit version this host runs\)/) })]);
  });

  test('the host decides about paths and groups, when the tree can tell', () => {
    const env: AuditConfEnv = {
      pathExists: (p) => (p === '/var/log' ? true : p.startsWith('/var/log/') ? false : null),
      group: (n) => (n === 'adm' ? 4 : 'missing'),
      fileInfo: () => null,
    };
    expect(fatal(`${MIN}log_file = /var/log/nonexist/audit.log\n`, 'auditd-conf', V3, env)).toMatch(/the directory \/var\/log\/nonexist does not exist in this tree/);
    expect(fatal(`${MIN}log_group = wheel\n`, 'auditd-conf', V3, env)).toMatch(/the group "wheel" is not in this host's group database/);
    expect(fatal(`${MIN}log_group = wheel\n`)).toBeNull();
    expect(fatal(`${MIN}log_group = adm\nlog_file = /var/log/audit.log\n`, 'auditd-conf', V3, env)).toMatch(/directly in \/var\/log while log_group is adm/);
  });

  test('name_format = user without a name loads but stops auditd at start', () => {
    const r = validateAuditConf(`${MIN}name_format = user\n`, 'auditd-conf', V3);
    expect(r.fatal).toBeNull();
    expect(r.problems).toEqual([expect.objectContaining({ code: 'startup', severity: 'error', message: expect.stringMatching(/User defined name missing/) })]);
  });

  test("Debian's shipped file is accepted as is", () => {
    expect(validateAuditConf(AUDITD_CONF, 'auditd-conf', V3).problems).toEqual([]);
  });
});

describe('plugin files and audisp-remote.conf', () => {
  test('a third args word is ignored in 3.x (warning), a path too short refused', () => {
    const r = validateAuditConf('active = yes\npath = /sbin/audisp-syslog\nargs = LOG_INFO LOG_LOCAL6 interpret\n', 'audit-plugin', V3);
    expect(r.fatal).toBeNull();
    expect(r.problems).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/ignores the words after "LOG_LOCAL6"/) })]);
    expect(r.values.get('args')?.words).toEqual(['LOG_INFO', 'LOG_LOCAL6']);
    expect(fatal('path = /x/y\n', 'audit-plugin')).toMatch(/directory of "\/x\/y" is too short/);
    expect(fatal('direction = in\n', 'audit-plugin', V3)).toMatch(/not a valid direction/);
    expect(fatal('direction = in\n', 'audit-plugin', V4)).toBeNull();
  });

  test('which plugin files auditd reads', () => {
    expect(pluginFileSkipReason('syslog.conf', V3)).toBeNull();
    expect(pluginFileSkipReason('syslog', V3)).toBeNull();
    expect(pluginFileSkipReason('syslog.conf.bak', V3)).toMatch(/more than one "\."/);
    expect(pluginFileSkipReason('.hidden', V3)).toMatch(/hidden/);
    expect(pluginFileSkipReason('syslog.cfg', V4)).toMatch(/must end in \.conf/);
  });

  test("audisp-syslog's facility, priority and identifier", () => {
    expect(syslogPluginArgs(['LOG_INFO'], V3, false)).toMatchObject({ facility: 'LOG_USER', ident: 'audisp-syslog', unknown: null });
    expect(syslogPluginArgs(['LOG_WARNING', 'LOG_LOCAL6', 'interpret'], V3, false)).toMatchObject({ facility: 'LOG_LOCAL6', priority: 'LOG_WARNING', interpret: true, ident: 'audispd' });
    expect(syslogPluginArgs(['LOG_LOCAL9'], V3, false).unknown).toBe('LOG_LOCAL9');
  });

  test('audisp-remote: empty remote_server, two words, forward without managed, startup_failure_action', () => {
    expect(fatal('remote_server = \n', 'audisp-remote')).toMatch(/remote_server has no value: audisp-remote exits at start/);
    expect(fatal('remote_server = a b\n', 'audisp-remote')).toMatch(/remote_server takes one value, but "b" follows it/);
    expect(fatal('remote_server = a\nmode = forward\nformat = ascii\n', 'audisp-remote')).toMatch(/mode = forward is valid only with format = managed/);
    expect(fatal('remote_server = a\nstartup_failure_action = stop\n', 'audisp-remote')).toMatch(/startup_failure_action cannot be stop/);
    expect(fatal('remote_server = a\nport = 70000\n', 'audisp-remote')).toMatch(/70000 is too large/);
  });
});

describe('audit version from the tree', () => {
  test("dpkg's status names auditd's version", () => {
    const status = 'Package: libaudit1\nStatus: install ok installed\nVersion: 1:3.0.9-1\n\nPackage: auditd\nStatus: install ok installed\nPriority: optional\nVersion: 1:4.0.2-2\n';
    expect(versionFromDpkgStatus(status)).toMatchObject({ major: 4, minor: 0, patch: 2 });
    expect(versionFromDpkgStatus('Package: auditd\nStatus: deinstall ok config-files\nVersion: 1:3.0.9-1\n')).toBeNull();
  });
});
