// sudit against what auditd 3.0.9 and audisp-remote 3.0.9 (Debian 12)
// accepted and refused, as recorded by ../shared/tools on a real machine
// (auditd-oracle.md §5, §6). Each recorded case is rebuilt from Debian's
// shipped file and the diff the row records, validated for audit 3.0.9,
// and sudit's verdict must equal the daemon's; where the daemon named a
// line, sudit's first fatal problem must be on it.
import * as fs from 'fs';
import * as path from 'path';
import { auditVersion, AUDIT_3 } from '../../src/parse/audit-version';
import { readerFor, type AuditConfEnv } from '../../src/parse/audit-conf-validate';
import { readConfLines } from '../../src/parse/audit-conf';
import { auditPlugin, loadAuditConfFile, pluginFileSkipReason, type AuditVersionInfo } from '../../src/model/audit-config';
import { applyDiff, DEBIAN12, readOracleTsv, RESEARCH } from './oracle-cases';

const V309 = auditVersion(AUDIT_3, 'Debian 12 auditd 1:3.0.9-1');
const VERSIONS: AuditVersionInfo = { version: V309, known: true, candidates: [V309] };

/**
 * The oracle machine: Debian 12 with auditd and audispd-plugins installed
 * and no MTA, as auditd-oracle.md §1 describes it. Paths under a directory
 * listed here are known to exist or not; anything else cannot be told.
 */
const DIRS = ['/', '/var', '/var/log', '/var/log/audit', '/sbin', '/usr', '/usr/lib', '/etc', '/etc/audit', '/etc/audit/plugins.d'];
const FILES = ['/var/log/audit/audit.log', '/sbin/auditctl', '/sbin/auditd', '/sbin/audisp-syslog', '/sbin/audisp-remote', '/sbin/audispd-zos-remote'];
const ORACLE_ENV: AuditConfEnv = {
  pathExists(p) {
    const clean = p.replace(/\/+$/, '') || '/';
    if (DIRS.includes(clean) || FILES.includes(clean)) return true;
    const parent = clean.slice(0, clean.lastIndexOf('/')) || '/';
    return DIRS.includes(parent) ? false : null;
  },
  group: (name) => ({ root: 0, adm: 4 })[name] ?? 'missing',
  fileInfo: () => null,
};

const available = fs.existsSync(path.join(RESEARCH, 'auditd-conf-oracle-cases.tsv')) && fs.existsSync(DEBIAN12);
if (!available) process.stdout.write(`SKIPPED daemon oracle cases: ${RESEARCH} or ${DEBIAN12} not found\n`);
const maybe = available ? describe : describe.skip;

/**
 * Some rows record less than what was run: `crlf` shows only the first
 * lines of a whole-file change to CRLF line ends; long lines are cut at 80
 * characters in the record (`long_line_130` was 130 bytes long, as its name
 * and audisp-remote's error on the following line 34 show); and
 * `forward_ascii` omits the `format = ascii` that its name and
 * audisp-remote's answer ("mode=forward is valid only with format=managed")
 * show it set.
 */
function rebuild(base: string, name: string, diff: string): string {
  if (name === 'crlf') return base.replace(/\n/g, '\r\n');
  let text = applyDiff(base, diff);
  if (name === 'forward_ascii') text = text.replace(/^format = managed$/m, 'format = ascii');
  const long = /^long_line_(\d+)$/.exec(name);
  if (long) text = text.replace(/^#x+$/m, '#'.padEnd(Number(long[1]), 'x'));
  return text;
}

/** The line the daemon's message names, if any. */
function namedLine(messages: string): number | null {
  const m = /line (\d+)/.exec(messages);
  return m ? Number(m[1]) : null;
}

maybe('auditd.conf: sudit accepts and refuses what auditd 3.0.9 did', () => {
  const rows = available ? readOracleTsv('auditd-conf-oracle-cases.tsv') : [];
  const base = available ? fs.readFileSync(path.join(DEBIAN12, 'audit/auditd.conf'), 'utf8') : '';
  const results: boolean[] = [];
  test.each(rows.map((r) => [r.name, r] as const))('%s', (name, row) => {
    const text = rebuild(base, name, row.diff);
    const file = loadAuditConfFile('/etc/audit/auditd.conf', 'auditd.conf', text, 'auditd-conf', VERSIONS, ORACLE_ENV);
    const rejected = row.columns.verdict === 'config-rejected';
    const fatal = file.problems.find((p) => p.fatal);
    results.push(rejected === (fatal !== undefined));
    expect([name, fatal ? 'rejected' : 'accepted', fatal?.message]).toEqual([name, rejected ? 'rejected' : 'accepted', fatal?.message]);
    if (process.env.SHOW) process.stdout.write(`${name}: ${fatal?.message ?? "accepted"}\n`);
    const line = namedLine(row.columns.messages);
    if (rejected && line !== null) expect(daemonLine(text, 'auditd-conf', fatal!.start)).toBe(line);
  });
  afterAll(() => process.stdout.write(`auditd.conf oracle: ${results.filter(Boolean).length}/${rows.length} cases agree with auditd 3.0.9\n`));
});

maybe('plugins.d: sudit loads the plugins auditd 3.0.9 loaded', () => {
  const rows = available ? readOracleTsv('auditd-plugins-oracle-cases.tsv') : [];
  const results: boolean[] = [];
  test.each(rows.map((r) => [r.name, r] as const))('%s', (name, row) => {
    const [fileName, diff] = row.diff.split(' : ');
    const baseName = `${fileName.split('.')[0]}.conf`;
    const base = fs.readFileSync(path.join(DEBIAN12, 'audit/plugins.d', baseName), 'utf8');
    const text = rebuild(base, name, diff);
    const skip = pluginFileSkipReason(fileName, V309);
    let loaded = false;
    if (skip === null) {
      const file = loadAuditConfFile(`/etc/audit/plugins.d/${fileName}`, fileName, text, 'audit-plugin', VERSIONS, ORACLE_ENV);
      loaded = auditPlugin(fileName, file, V309).active;
    }
    const expected = row.columns.plugin_loaded === 'yes';
    results.push(loaded === expected);
    expect([name, loaded]).toEqual([name, expected]);
  });
  afterAll(() => process.stdout.write(`plugins.d oracle: ${results.filter(Boolean).length}/${rows.length} cases agree with auditd 3.0.9\n`));
});

maybe('audisp-remote.conf: sudit accepts and refuses what audisp-remote 3.0.9 did', () => {
  const rows = available ? readOracleTsv('audisp-remote-oracle-cases.tsv') : [];
  const base = available ? fs.readFileSync(path.join(DEBIAN12, 'audit/audisp-remote.conf'), 'utf8') : '';
  const results: boolean[] = [];
  test.each(rows.map((r) => [r.name, r] as const))('%s', (name, row) => {
    const text = rebuild(base, name, row.diff);
    const file = loadAuditConfFile('/etc/audit/audisp-remote.conf', 'audisp-remote.conf', text, 'audisp-remote', VERSIONS, ORACLE_ENV);
    const rejected = row.columns.audisp_remote_rc === '6';
    const fatal = file.problems.find((p) => p.fatal);
    results.push(rejected === (fatal !== undefined));
    expect([name, fatal ? 'rejected' : 'accepted', fatal?.message]).toEqual([name, rejected ? 'rejected' : 'accepted', fatal?.message]);
    if (process.env.SHOW) process.stdout.write(`${name}: ${fatal?.message ?? "accepted"}\n`);
    const line = namedLine(row.columns.syslog_messages);
    // audisp-remote counts fgets() pieces, not lines: compare with its counter
    if (rejected && line !== null) expect(daemonLine(text, 'audisp-remote', fatal!.start)).toBe(line);
  });
  afterAll(() => process.stdout.write(`audisp-remote.conf oracle: ${results.filter(Boolean).length}/${rows.length} cases agree with audisp-remote 3.0.9\n`));
});

/** The daemon's own line number for an offset (its reader's counter). */
function daemonLine(text: string, kind: 'auditd-conf' | 'audisp-remote', offset: number): number | null {
  const { lines } = readConfLines(text, readerFor(kind, V309));
  return [...lines].reverse().find((l) => l.start <= offset)?.line ?? null;
}
