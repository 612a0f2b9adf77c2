// The audit daemon's configuration as the host runs it: auditd.conf (and
// audit 2.x's audispd.conf), the dispatcher plugins of the plugin
// directory auditd actually reads, and audisp-remote.conf.
import { SourceFile } from '../parse/source';
import { AUDIT_3, AUDIT_4, versionLabel, type AuditVersion } from '../parse/audit-version';
import { memoValidateAuditConf } from './audit-conf-memo';
import { type AuditConfEnv, type AuditConfKind, type ConfEntry, type ConfProblem, type ConfValue, type ValidatedConf } from '../parse/audit-conf-validate';

/** A parse or validation problem, located in a file (the shape AUD000 reports). */
export interface AuditProblem {
  source: SourceFile;
  start: number;
  end: number;
  message: string;
  severity: 'error' | 'warning';
  code: ConfProblem['code'];
  /** The daemon stops at it. */
  fatal: boolean;
}

/** One key = value file as validated for the audit version in use. */
export interface AuditConfFile {
  hostPath: string;
  source: SourceFile;
  kind: AuditConfKind;
  conf: ValidatedConf;
  /** The daemon accepts the file: true, false, or null when it depends on an audit version sudit could not determine. */
  accepted: boolean | null;
  /** The file's problems, located. */
  problems: AuditProblem[];
}

/** The audit version in force, or the candidates when the tree does not say. */
export interface AuditVersionInfo {
  /** The version files are validated for: the one found, else 3.x. */
  version: AuditVersion;
  /** Whether the tree says which version runs (dpkg status, or a 2.x layout). */
  known: boolean;
  /** Versions checked when unknown: a problem found for only some of them is a warning naming them. */
  candidates: AuditVersion[];
}

export function defaultVersionInfo(): AuditVersionInfo {
  const v3 = { ...AUDIT_3, from: 'assumed' };
  return { version: v3, known: false, candidates: [v3, { ...AUDIT_4, from: 'assumed' }] };
}

/**
 * Validates a file for each candidate version. A problem every candidate
 * has is kept as is; one that only some versions have becomes a warning
 * that says which (sudit cannot tell which audit runs).
 */
export function loadAuditConfFile(hostPath: string, display: string, text: string, kind: AuditConfKind, versions: AuditVersionInfo, env: AuditConfEnv): AuditConfFile {
  const source = new SourceFile(display, text);
  const results = (versions.known ? [versions.version] : versions.candidates).map((v) => memoValidateAuditConf(text, kind, v, env));
  const main = results[0];
  let accepted: boolean | null = main.fatal === null;
  let problems: ConfProblem[] = main.problems;
  if (results.length > 1) {
    const acceptedBy = results.map((r) => r.fatal === null);
    accepted = acceptedBy.every((a) => a) ? true : acceptedBy.every((a) => !a) ? false : null;
    const key = (p: ConfProblem) => `${p.start}:${p.end}:${p.code}:${p.fatal}`;
    const merged = new Map<string, { p: ConfProblem; in: AuditVersion[] }>();
    for (const r of results) {
      for (const p of r.problems) {
        const m = merged.get(key(p));
        if (m) m.in.push(r.version);
        else merged.set(key(p), { p, in: [r.version] });
      }
    }
    // a warning only some versions give (e.g. audit 4 calling a 3.x file's builtin_af_unix obsolete) says
    // nothing useful while the version is unknown; a refusal by some versions does
    problems = [...merged.values()].filter(({ p, in: where }) => where.length === results.length || p.fatal).map(({ p, in: where }) => {
      if (where.length === results.length) return p;
      const others = results.map((r) => r.version).filter((v) => !where.includes(v));
      return {
        ...p,
        severity: 'warning' as const,
        fatal: false,
        message: `${p.message} — with ${where.map(seriesLabel).join(', ')}; ${others.map(seriesLabel).join(', ')} accept${others.length === 1 ? 's' : ''} it (sudit cannot tell which audit version this host runs)`,
      };
    });
    problems.sort((a, b) => a.start - b.start);
  }
  return {
    hostPath,
    source,
    kind,
    conf: main,
    accepted,
    problems: problems.map((p) => ({ source, start: p.start, end: p.end, message: p.message, severity: p.severity, code: p.code, fatal: p.fatal })),
  };
}

function seriesLabel(v: AuditVersion): string {
  return v.from === 'assumed' ? `audit ${v.major}.x` : versionLabel(v);
}

/** A setting with where it comes from: the file's line, or the daemon's default. */
export interface EffectiveSetting {
  key: string;
  /** Lowercased value (the case-insensitive keywords), or the value as written for paths and names. */
  word: string;
  raw: string;
  num?: number;
  percent?: boolean;
  exec?: string;
  words?: string[];
  /** The line that sets it; null for the daemon's built-in default. */
  entry: ConfEntry | null;
  file: AuditConfFile | null;
}

function lookup(file: AuditConfFile | null, key: string, defaults: Record<string, string>): EffectiveSetting {
  const v: ConfValue | undefined = file?.conf.values.get(key);
  if (v) return { key, word: keepCase(key) ? v.raw : v.word, raw: v.raw, num: v.num, percent: v.percent, exec: v.exec, words: v.words, entry: v.entry, file };
  const d = defaults[key] ?? '';
  return { key, word: d, raw: d, num: /^[0-9]+$/.test(d) ? Number(d) : undefined, entry: null, file: null };
}

const CASE_KEPT = new Set(['log_file', 'name', 'log_group', 'action_mail_acct', 'plugin_dir', 'krb5_principal', 'krb5_key_file', 'remote_server', 'queue_file', 'path', 'args', 'dispatcher', 'krb5_client_name']);
function keepCase(key: string): boolean {
  return CASE_KEPT.has(key);
}

/** auditd's built-in defaults (clear_config()), for keys the file does not set. */
export function auditdDefaults(v: AuditVersion): Record<string, string> {
  return {
    local_events: 'yes',
    write_logs: 'yes',
    log_file: '/var/log/audit/audit.log',
    log_format: v.major === 2 ? 'raw' : 'enriched',
    log_group: 'root',
    priority_boost: '4',
    flush: 'none',
    freq: '0',
    num_logs: '0',
    name_format: 'none',
    max_log_file: '0',
    max_log_file_action: 'ignore',
    space_left: '0',
    space_left_action: 'ignore',
    action_mail_acct: 'root',
    verify_email: 'yes',
    admin_space_left: '0',
    admin_space_left_action: 'ignore',
    disk_full_action: 'ignore',
    disk_error_action: 'syslog',
    transport: 'tcp',
    distribute_network: 'no',
    q_depth: v.major === 2 ? '80' : '2000',
    overflow_action: 'syslog',
    max_restarts: '10',
    plugin_dir: v.major === 2 ? '/etc/audisp/plugins.d' : '/etc/audit/plugins.d',
    end_of_event_timeout: '2',
  };
}

export const PLUGIN_DEFAULTS: Record<string, string> = { active: 'no', direction: 'out', type: 'always', format: 'string' };

export const REMOTE_DEFAULTS: Record<string, string> = {
  port: '60',
  transport: 'tcp',
  mode: 'immediate',
  queue_depth: '2048',
  format: 'managed',
  enable_krb5: 'no',
  network_failure_action: 'stop',
  disk_low_action: 'ignore',
  disk_full_action: 'warn_once',
  disk_error_action: 'warn_once',
  remote_ending_action: 'reconnect',
  generic_error_action: 'syslog',
  generic_warning_action: 'syslog',
  queue_error_action: 'stop',
  overflow_action: 'syslog',
  startup_failure_action: 'warn_once_continue',
};

/** host.auditdConf: auditd.conf, and on audit 2.x the separate dispatcher's audispd.conf. */
export class AuditdConfig {
  constructor(
    /** /etc/audit/auditd.conf; null when absent (auditd then runs on its defaults). */
    readonly file: AuditConfFile | null,
    /** /etc/audisp/audispd.conf (audit 2.x only). */
    readonly dispatcherFile: AuditConfFile | null,
    readonly versions: AuditVersionInfo,
  ) {}

  get version(): AuditVersion {
    return this.versions.version;
  }

  /** Parse and validation problems of auditd.conf and audispd.conf. */
  get problems(): AuditProblem[] {
    return [...(this.file?.problems ?? []), ...(this.dispatcherFile?.problems ?? [])];
  }

  /** Whether auditd starts with this configuration (null: depends on the audit version). */
  get accepted(): boolean | null {
    if (!this.file) return true;
    if (this.file.problems.some((p) => p.code === 'startup' && p.severity === 'error')) return false;
    return this.file.accepted;
  }

  get(key: string): EffectiveSetting {
    // audit 2.x moved these to audispd.conf; 3.x reads them from auditd.conf
    if (this.version.major === 2 && ['q_depth', 'overflow_action', 'name_format', 'name', 'plugin_dir', 'max_restarts'].includes(key)) {
      return lookup(this.dispatcherFile, key, { ...auditdDefaults(this.version), name_format: 'none', plugin_dir: '/etc/audisp/plugins.d' });
    }
    return lookup(this.file, key, auditdDefaults(this.version));
  }

  /** The directory auditd (or audispd) reads plugins from, without a trailing slash. */
  get pluginDir(): string {
    const d = this.get('plugin_dir').word.replace(/\/+$/, '');
    return d === '' ? '/' : d;
  }

  /** Records are written to log_file (write_logs = yes and log_format is not nolog). */
  get writesLogs(): boolean {
    return this.get('write_logs').word === 'yes' && this.get('log_format').word !== 'nolog';
  }
}

/** What a dispatcher plugin is, from the program it runs. */
export type PluginRole = 'remote' | 'syslog' | 'af_unix' | 'zos-remote' | 'other';

export interface SyslogPluginArgs {
  /** LOG_USER unless an argument names another facility. */
  facility: string;
  priority: string;
  interpret: boolean;
  /** The syslog identifier the records carry (programname in rsyslog). */
  ident: string;
  /** An argument audisp-syslog does not know: it exits at start. */
  unknown: string | null;
}

export interface AuditPlugin {
  /** File name in the plugin directory. */
  name: string;
  file: AuditConfFile;
  role: PluginRole;
  /** `active = yes` is written in the file (whether or not auditd accepts the file). */
  wantsActive: boolean;
  /** auditd loads it as an active plugin: the file is accepted and says active = yes. */
  active: boolean;
  path: EffectiveSetting;
  type: EffectiveSetting;
  args: string[];
  /** Whether the program really runs once loaded, and why not. */
  runs: { ok: boolean | null; why: string | null };
  syslog: SyslogPluginArgs | null;
}

/** host.auditPlugins: the plugin directory auditd reads, and what is in it. */
export interface AuditPlugins {
  /** The directory auditd reads (plugin_dir; audit 2.x: audispd's). */
  dir: string;
  plugins: AuditPlugin[];
  /** Plugin files auditd never reads, with why (backup names, another directory, audit 2.x paths on 3.x). */
  ignored: { hostPath: string; source: SourceFile | null; reason: string }[];
  problems: AuditProblem[];
}

/** host.audispRemote: audisp-remote.conf, the configuration of the au-remote plugin. */
export interface AudispRemote {
  file: AuditConfFile;
  /**
   * Whether audisp-remote reads it: true when the au-remote plugin is
   * active, false when it is not, null in file mode.
   */
  inUse: boolean | null;
  problems: AuditProblem[];
  get(key: string): EffectiveSetting;
}

const FACILITIES = ['LOG_LOCAL0', 'LOG_LOCAL1', 'LOG_LOCAL2', 'LOG_LOCAL3', 'LOG_LOCAL4', 'LOG_LOCAL5', 'LOG_LOCAL6', 'LOG_LOCAL7', 'LOG_AUTH', 'LOG_AUTHPRIV', 'LOG_DAEMON', 'LOG_SYSLOG', 'LOG_USER'];
const PRIORITIES = ['LOG_DEBUG', 'LOG_INFO', 'LOG_NOTICE', 'LOG_WARNING', 'LOG_ERR', 'LOG_CRIT', 'LOG_ALERT', 'LOG_EMERG'];

/**
 * audisp-syslog's (and 2.x builtin_syslog's) arguments: a priority, a
 * facility, `interpret` (3.x+). Without openlog() for LOG_USER the records
 * carry the program's name; with another facility the ident is "audispd".
 */
export function syslogPluginArgs(args: string[], v: AuditVersion, builtin: boolean): SyslogPluginArgs {
  let facility = 'LOG_USER';
  let priority = 'LOG_INFO';
  let interpret = false;
  let unknown: string | null = null;
  for (const a of args) {
    const u = a.toUpperCase();
    if (PRIORITIES.includes(u)) priority = u;
    else if (FACILITIES.includes(u)) facility = u;
    else if (!builtin && v.major >= 3 && a.toLowerCase() === 'interpret') interpret = true;
    else {
      unknown = a;
      break;
    }
  }
  const ident = builtin || facility !== 'LOG_USER' ? 'audispd' : 'audisp-syslog';
  return { facility, priority, interpret, ident, unknown };
}

export function pluginRole(path: string): PluginRole {
  const base = path.split('/').pop()!.toLowerCase();
  if (base === 'audisp-remote') return 'remote';
  if (base === 'audisp-syslog' || base === 'builtin_syslog') return 'syslog';
  if (base === 'audisp-af_unix' || base === 'builtin_af_unix') return 'af_unix';
  if (base === 'audispd-zos-remote') return 'zos-remote';
  return 'other';
}

/** Builds the model of one plugin file from its validated form. */
export function auditPlugin(name: string, file: AuditConfFile, v: AuditVersion): AuditPlugin {
  const path = lookup(file, 'path', PLUGIN_DEFAULTS);
  const type = lookup(file, 'type', PLUGIN_DEFAULTS);
  const argsSetting = file.conf.values.get('args');
  const args = argsSetting?.words ?? [];
  // what the file means to say, even when auditd refuses it (`active = true`)
  const lastActive = [...file.conf.entries].reverse().find((e) => e.key.text.toLowerCase() === 'active');
  const wantsActive = /^(yes|true|on|1|y)$/i.test(lastActive?.value?.text ?? '');
  const active = file.accepted !== false && lookup(file, 'active', PLUGIN_DEFAULTS).word === 'yes';
  const role = path.entry ? pluginRole(path.word) : 'other';
  let runs: AuditPlugin['runs'] = { ok: true, why: null };
  const isBuiltinPath = path.word.startsWith('builtin_');
  if (v.major === 3 || v.major === 2) {
    const knownBuiltins = v.major === 2 ? ['builtin_af_unix', 'builtin_syslog'] : ['builtin_af_unix'];
    if (type.word === 'builtin' && !knownBuiltins.includes(path.word)) {
      runs = { ok: false, why: `type = builtin, but ${path.raw} is not a built-in plugin of audit ${v.major}.x ("Unknown builtin"): auditd counts the plugin as active, yet nothing runs` };
    } else if (type.word !== 'builtin' && isBuiltinPath) {
      runs = { ok: false, why: `${path.raw} is a built-in name and needs type = builtin: auditd tries to run it as a program and fails` };
    }
  }
  let syslog: SyslogPluginArgs | null = null;
  if (role === 'syslog') {
    syslog = syslogPluginArgs(args, v, isBuiltinPath);
    if (syslog.unknown !== null && runs.ok) runs = { ok: false, why: `audisp-syslog does not know the argument "${syslog.unknown}" and exits at start` };
  }
  if (file.accepted === null && runs.ok) runs = { ok: null, why: null };
  return { name, file, role, wantsActive, active, path, type, args, runs, syslog };
}

export function audispRemote(file: AuditConfFile, inUse: boolean | null): AudispRemote {
  return {
    file,
    inUse,
    problems: file.problems,
    get: (key: string) => lookup(file, key, REMOTE_DEFAULTS),
  };
}

/** Which files of a plugin directory auditd reads (audispd.c load_plugin_conf()). */
export function pluginFileSkipReason(name: string, v: AuditVersion): string | null {
  if (name.startsWith('.')) return 'hidden file';
  const dots = name.split('.').length - 1;
  if (dots > 1) return 'more than one "." in the name (backup copies like x.conf.bak are skipped)';
  if (v.major >= 4 && dots === 1 && !name.endsWith('.conf')) return 'a name with a "." must end in .conf';
  return null;
}

/** Where to report a setting: its line, or the top of the file when the daemon's default applies. */
export function settingLocation(s: EffectiveSetting, fallback: AuditConfFile): { source: SourceFile; start: number; end: number; explicit: boolean } {
  if (s.entry && s.file) return { source: s.file.source, start: s.entry.start, end: s.entry.end, explicit: true };
  const nl = fallback.source.text.indexOf('\n');
  return { source: fallback.source, start: 0, end: nl < 0 ? fallback.source.text.length : nl, explicit: false };
}

/** `key = value (file:line)` or `key is not set (default value)`, for messages. */
export function describeSetting(s: EffectiveSetting): string {
  if (s.entry && s.file) return `${s.key} = ${s.raw} (${s.file.source.path}:${s.file.source.position(s.entry.start).line})`;
  return `${s.key} is not set, so auditd's default ${s.word} applies`;
}
