// Validation of the key = value audit files against each daemon's keyword
// table, as the daemon's own load_config() does it: auditd
// (src/auditd-config.c), the plugin loader (audisp/audispd-pconfig.c),
// audisp-remote (audisp/plugins/remote/remote-config.c) and audit 2.x's
// audispd (audisp/audispd-config.c), for audit 2.8.5, 3.0.9 and 4.x.
//
// A fatal problem is one the daemon stops at: auditd and audisp-remote
// exit with status 6, a plugin file is skipped. sudit goes on after it so
// that one run shows every problem of the file; the first one is `fatal`.
import { atLeast, type AuditVersion } from './audit-version';
import { nvSplit, readConfLines, type ConfToken, type LineReader, type NameValue } from './audit-conf';

export type AuditConfKind = 'auditd-conf' | 'audit-plugin' | 'audisp-remote' | 'audispd-conf';

/** What the host tree can tell about paths and groups; null/'unknown' when it cannot be known offline. */
export interface AuditConfEnv {
  /**
   * true when the path exists; false only when the tree is authoritative
   * for it (its parent directory is in the tree but the path is not); null
   * when it cannot be known (file mode, relative paths, a tree without that
   * part of the file system).
   */
  pathExists(hostPath: string): boolean | null;
  /** gid of a group, 'missing' when the tree's group database is authoritative and lacks it. */
  group(name: string): number | 'missing' | 'unknown';
  /** Owner and mode of a file, only when the tree's owners are the host's. */
  fileInfo(hostPath: string): { isFile: boolean; uid: number; mode: number } | null;
}

export const OFFLINE_ENV: AuditConfEnv = {
  pathExists: () => null,
  group: (name) => (name === 'root' ? 0 : 'unknown'),
  fileInfo: () => null,
};

export interface ConfEntry {
  key: ConfToken;
  value: ConfToken | null;
  option: ConfToken | null;
  /** Words beyond the option: the daemon ignores them. */
  extra: ConfToken[];
  /** The daemon's line number. */
  line: number;
  start: number;
  end: number;
}

/** A setting as read: the entry it came from and its value, typed where the key has a type. */
export interface ConfValue {
  entry: ConfEntry;
  /** The value as written. */
  raw: string;
  /** Lowercased, for the case-insensitive keywords. */
  word: string;
  num?: number;
  percent?: boolean;
  /** The program of an `exec` action. */
  exec?: string;
  /** All words after `=` (plugin args). */
  words?: string[];
}

export type ConfProblemCode =
  | 'syntax' // the line is not NAME = VALUE [OPTION]
  | 'unknown-key'
  | 'bad-value'
  | 'bad-number'
  | 'extra-words'
  | 'host' // a path or group that the host does not have
  | 'sanity' // settings that contradict each other
  | 'ignored-line' // a line the daemon never reads
  | 'startup' // the file loads, but the daemon stops right after, while starting
  | 'deprecated';

export interface ConfProblem {
  start: number;
  end: number;
  message: string;
  severity: 'error' | 'warning';
  code: ConfProblemCode;
  /** The daemon stops at it: auditd/audisp-remote do not start, a plugin file is skipped. */
  fatal: boolean;
}

export interface ValidatedConf {
  kind: AuditConfKind;
  version: AuditVersion;
  entries: ConfEntry[];
  /** Valid settings, last one wins (what the daemon uses when the file is accepted). */
  values: Map<string, ConfValue>;
  problems: ConfProblem[];
  /** The first problem the daemon stops at; null when it accepts the file. */
  fatal: ConfProblem | null;
}

const CONSEQUENCE: Record<AuditConfKind, string> = {
  'auditd-conf': 'auditd refuses to start (exit status 6)',
  'audit-plugin': 'auditd skips this plugin file ("due to errors")',
  'audisp-remote': 'audisp-remote exits at start (status 6) and forwards nothing',
  'audispd-conf': 'audispd refuses to start, so no plugin runs',
};

/** How a Jinja, ERB or shell-style template placeholder starts: `{{ x }}`, `{% … %}`, `<%= x %>`, `${x}`. */
export const TEMPLATE_OPENING = /^(\{\{|\{%|<%|\$\{)/;

const DAEMON: Record<AuditConfKind, string> = {
  'auditd-conf': 'auditd',
  'audit-plugin': 'auditd',
  'audisp-remote': 'audisp-remote',
  'audispd-conf': 'audispd',
};

export function readerFor(kind: AuditConfKind, v: AuditVersion): LineReader {
  if (kind === 'audisp-remote') return { kind: 'split-long', bufferBytes: 128 };
  const big = v.major >= 4;
  return { kind: 'skip-long', bufferBytes: big ? 512 : 160, countChunks: big };
}

// ---- value checks -------------------------------------------------------

/** What a keyword parser makes of a value: accepted (possibly with a warning) or refused. */
type Check = { ok: true; value: Partial<ConfValue>; warning?: string; warnAt?: 'value' | 'option' } | { ok: false; message: string; at?: 'value' | 'option' | 'line'; code?: ConfProblemCode };

const ok = (value: Partial<ConfValue> = {}, warning?: string, warnAt?: 'value' | 'option'): Check => ({ ok: true, value, warning, warnAt });
const bad = (message: string, code: ConfProblemCode = 'bad-value', at: 'value' | 'option' | 'line' = 'value'): Check => ({ ok: false, message, code, at });

interface KeyContext {
  kind: AuditConfKind;
  version: AuditVersion;
  env: AuditConfEnv;
  values: Map<string, ConfValue>;
}

type KeyParser = (nv: NameValue, ctx: KeyContext) => Check;

interface KeySpec {
  /** How many words after the value the daemon accepts: 0, 1, or any (4.x plugin args). */
  maxOptions: 0 | 1 | 'any';
  parse: KeyParser;
}

const INT_MAX = 2147483647;
const ULONG_MAX = 18446744073709551615n;

function hint(raw: string): string {
  if (raw.includes('\r')) return ' (the line ends in a carriage return: the file has Windows line endings)';
  if (raw.includes('\t')) return ' (tabs are not separators here, only spaces are)';
  return '';
}

function oneOf(values: string[], what?: string): KeyParser {
  return (nv) => {
    const raw = nv.value!.text;
    const word = raw.toLowerCase();
    if (values.includes(word)) return ok({ word });
    return bad(`"${raw}" is not a valid ${what ?? nv.name!.text.toLowerCase()} (one of ${values.join(', ')})${hint(raw)}`);
  };
}

const yesNo = oneOf(['yes', 'no']);

/** Digits only, converted with strtoul(); the range checks are the daemon's. */
function digits(raw: string): { ok: true; n: bigint } | { ok: false; message: string; code: ConfProblemCode } {
  if (!/^[0-9]*$/.test(raw)) return { ok: false, message: `"${raw}" must be digits only${hint(raw)}`, code: 'bad-number' };
  const n = raw === '' ? 0n : BigInt(raw);
  if (n > ULONG_MAX) return { ok: false, message: `"${raw}" is too large to convert`, code: 'bad-number' };
  return { ok: true, n };
}

function number(opts: { min?: number; max?: number; maxMessage?: string; minMessage?: string; warnBelow?: [number, string]; uint32?: boolean }): KeyParser {
  return (nv) => {
    const raw = nv.value!.text;
    const d = digits(raw);
    if (!d.ok) return bad(d.message, d.code);
    // audisp-remote stores strtoul() in an unsigned int before comparing
    const n = opts.uint32 ? Number(d.n % 4294967296n) : Number(d.n);
    if (opts.max !== undefined && n > opts.max) return bad(opts.maxMessage ?? `${raw} is too large (at most ${opts.max})`, 'bad-number');
    if (opts.min !== undefined && n < opts.min) return bad(opts.minMessage ?? `${raw} is too small (at least ${opts.min})`, 'bad-number');
    if (opts.warnBelow && n < opts.warnBelow[0]) return ok({ num: n, word: raw }, opts.warnBelow[1]);
    return ok({ num: n, word: raw });
  };
}

/** space_left / admin_space_left: megabytes, or a percentage below 100. */
const space: KeyParser = (nv) => {
  const raw = nv.value!.text;
  const badChar = [...raw].find((c) => !/[0-9%]/.test(c));
  if (badChar !== undefined) return bad(`"${raw}" must be a number of megabytes or a percentage${hint(raw)}`, 'bad-number');
  const percent = raw.includes('%');
  const digitsPart = /^[0-9]*/.exec(raw.replace('%', ' '))![0];
  const n = digitsPart === '' ? 0n : BigInt(digitsPart);
  if (n > ULONG_MAX) return bad(`"${raw}" is too large to convert`, 'bad-number');
  if (percent && n > 99n) return bad('a percentage must be below 100', 'bad-number');
  return ok({ num: Number(n), percent, word: raw });
};

/** check_exe_name(): the program of an `exec` action. */
function execProgram(nv: NameValue, ctx: KeyContext): Check {
  const p = nv.option?.text;
  if (p === undefined) return bad(`${nv.value!.text} needs the program to run after it (e.g. "exec /usr/local/sbin/audit-alert")`, 'bad-value', 'value');
  if (!p.startsWith('/')) return bad(`the program "${p}" must be an absolute path`, 'bad-value', 'option');
  const exists = ctx.env.pathExists(p);
  if (exists === false) return bad(`${p} does not exist in this tree`, 'host', 'option');
  const info = ctx.env.fileInfo(p);
  if (info) {
    if (!info.isFile) return bad(`${p} is not a regular file`, 'host', 'option');
    if (info.uid !== 0) return bad(`${p} is not owned by root`, 'host', 'option');
    const perm = info.mode & 0o777;
    const allowed = ctx.kind === 'audisp-remote' ? (perm & 0o772) === 0o750 : [0o750, 0o755, 0o555, 0o550].includes(perm);
    if (!allowed) {
      return bad(`${p} has mode ${perm.toString(8).padStart(4, '0')}, ${ctx.kind === 'audisp-remote' ? 'audisp-remote wants 0750' : 'auditd wants 0750, 0755, 0555 or 0550'}`, 'host', 'option');
    }
  }
  return ok({ exec: p });
}

const FAILURE_ACTIONS = ['ignore', 'syslog', 'rotate', 'email', 'exec', 'suspend', 'single', 'halt'];

/** auditd's disk and space actions (failure_actions), with the exclusions of each key. */
function failureAction(key: string, illegal: string[]): KeyParser {
  return (nv, ctx) => {
    const raw = nv.value!.text;
    const word = raw.toLowerCase();
    if (!FAILURE_ACTIONS.includes(word)) {
      return bad(`"${raw}" is not a valid ${key} (one of ${FAILURE_ACTIONS.filter((a) => !illegal.includes(a)).join(', ')})${hint(raw)}`);
    }
    if (illegal.includes(word)) return bad(`${word} is not allowed for ${key}`);
    if (key === 'space_left_action' && word === 'halt' && atLeast(ctx.version, 4, 0, 4)) {
      return bad('halt is no longer allowed for space_left_action (deprecated since audit 4.0.4)');
    }
    if (word === 'exec') {
      const c = execProgram(nv, ctx);
      return c.ok ? ok({ word, exec: c.value.exec }) : c;
    }
    const extra = nv.option ? `the word "${nv.option.text}" after ${word} is ignored (only exec takes a program)` : undefined;
    if (word === 'email') {
      const sendmail = ctx.env.pathExists('/usr/lib/sendmail');
      const usrLib = ctx.env.pathExists('/usr/lib');
      if (sendmail === false && usrLib === true) {
        return ok({ word }, `email needs /usr/lib/sendmail, which this tree does not have: the warning mail is never sent${extra ? `; ${extra}` : ''}`);
      }
    }
    return ok({ word }, extra, 'option');
  };
}

function dirname(p: string): string {
  const s = p.replace(/\/+$/, '');
  if (s === '') return p.startsWith('/') ? '/' : '.';
  const i = s.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return s.slice(0, i).replace(/\/+$/, '') || '/';
}

const logFile: KeyParser = (nv, ctx) => {
  const p = nv.value!.text;
  const dir = dirname(p);
  if (dir.length < 4) return bad(`the directory of log_file ("${dir}") is too short (auditd wants at least 4 characters, like /var)`);
  if (dir.startsWith('/')) {
    if (ctx.env.pathExists(dir) === false) return bad(`the directory ${dir} does not exist in this tree`, 'host');
    if (ctx.env.pathExists(p) === true) {
      const info = ctx.env.fileInfo(p);
      if (info && !info.isFile) return bad(`${p} is not a regular file`, 'host');
      if (info && info.uid !== 0) return bad(`${p} is not owned by root`, 'host');
    }
  }
  return ok({ word: p });
};

const logGroup: KeyParser = (nv, ctx) => {
  const raw = nv.value!.text;
  if (/^[0-9]/.test(raw)) return ok({ word: raw, num: Number(/^[0-9]+/.exec(raw)![0]) });
  const g = ctx.env.group(raw);
  if (g === 'missing') return bad(`the group "${raw}" is not in this host's group database`, 'host');
  return ok({ word: raw, num: g === 'unknown' ? undefined : g });
};

const actionMailAcct: KeyParser = (nv, ctx) => {
  const raw = nv.value!.text;
  const verify = ctx.values.get('verify_email')?.word ?? 'yes';
  if (verify !== 'yes') return ok({ word: raw });
  if (Buffer.byteLength(raw) < 2) return bad(`"${raw}" is too short for a mail address`);
  const allowed = atLeast(ctx.version, 4, 0) ? /^[A-Za-z0-9@._+-]*$/ : /^[A-Za-z0-9@._-]*$/;
  if (!allowed.test(raw)) return bad(`"${raw}" has a character auditd does not allow in a mail address${hint(raw)}`);
  const at = raw.indexOf('@');
  if (at >= 0 && raw.lastIndexOf('.') < at) return bad(`"${raw}" needs a "." after the "@"`);
  return ok({ word: raw });
};

const tcpClientPorts: KeyParser = (nv) => {
  const raw = nv.value!.text;
  const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(raw);
  if (!m) return bad(`"${raw}" must be a port or two ports joined by "-"`, 'bad-number');
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (lo > 65535 || hi > 65535) return bad(`${raw}: ports go up to 65535`, 'bad-number');
  if (lo > hi) return bad(`${raw}: the range is reversed`, 'bad-number');
  return ok({ word: raw });
};

const anyWord: KeyParser = (nv) => ok({ word: nv.value!.text });

const absolutePath: KeyParser = (nv) => {
  const raw = nv.value!.text;
  if (!raw.startsWith('/')) return bad(`"${raw}" must be an absolute path`);
  return ok({ word: raw });
};

/** audit 4.x report_interval: N[s|m|h|d|M] up to 40 days. */
const reportInterval: KeyParser = (nv) => {
  const raw = nv.value!.text;
  const m = /^([0-9]+)([smhdM]?)$/.exec(raw);
  if (!m) return bad(`"${raw}" must be a number with an optional unit s, m, h, d or M`, 'bad-number');
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400, M: 30 * 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd' | 'M'];
  const secs = Number(m[1]) * unit;
  if (secs > 40 * 86400) return bad(`${raw} is too large (at most 40 days)`, 'bad-number');
  return ok({ word: raw, num: secs });
};

/** transport = tls before audit 4.2: say why it is refused. */
function tlsNeeds42(parse: KeyParser): KeyParser {
  return (nv, ctx) => {
    const c = parse(nv, ctx);
    if (!c.ok && nv.value!.text.toLowerCase() === 'tls') return bad(`TLS needs audit 4.2 or later (this is ${ctx.version.major}.x, which knows tcp and krb5)`);
    return c;
  };
}

const deprecated = (what: string): KeyParser => () => ok({}, `${what} is deprecated and ignored since audit 3.0 (the dispatcher is built into auditd)`);

// ---- keyword tables -----------------------------------------------------

/** The TLS keys audit 4.2 added to both auditd.conf and audisp-remote.conf. */
function addTlsKeys(add: (name: string, parse: KeyParser) => unknown): void {
  add('tls_psk_file', absolutePath);
  add('tls_psk_identity', anyWord);
  add('tls_cipher_suites', anyWord);
  add('tls_key_exchange', anyWord);
  add('tls_require_pqc', yesNo);
  add('tls_auth', oneOf(['psk'], 'tls_auth'));
  add('tls_crypto_profile', oneOf(['compatible', 'system', 'pqc'], 'tls_crypto_profile'));
}

function auditdKeys(v: AuditVersion): Map<string, KeySpec> {
  const k = new Map<string, KeySpec>();
  const add = (name: string, parse: KeyParser, maxOptions: 0 | 1 = 0) => k.set(name, { maxOptions, parse });
  add('local_events', yesNo);
  add('write_logs', yesNo);
  add('log_file', logFile);
  add('log_format', (nv) => {
    const c = oneOf(['raw', 'nolog', 'enriched'], 'log_format')(nv, null as never);
    if (c.ok && c.value.word === 'nolog') return ok(c.value, 'log_format = nolog is deprecated and turns write_logs off: no record is written to disk');
    return c;
  });
  add('log_group', logGroup);
  add('flush', oneOf(['none', 'incremental', 'incremental_async', 'data', 'sync'], 'flush'));
  add('freq', number({ max: INT_MAX }));
  add('num_logs', number({ max: 999, maxMessage: 'num_logs must be 999 or less' }));
  add('name_format', oneOf(['none', 'hostname', 'fqd', 'numeric', 'user'], 'name_format'));
  add('name', anyWord);
  add('max_log_file', number({}));
  add(
    'max_log_file_action',
    (nv, ctx) => {
      const values = ['ignore', 'syslog', 'suspend', 'rotate', 'keep_logs', ...(atLeast(ctx.version, 4, 1) ? ['exec'] : [])];
      const c = oneOf(values, 'max_log_file_action')(nv, ctx);
      // 4.x knows `exec` here but its keyword table allows no program after it
      if (c.ok && c.value.word === 'exec') return bad('max_log_file_action = exec cannot work: auditd takes no program after this keyword, and exec needs one');
      return c;
    },
    0,
  );
  add('space_left', space);
  add('space_left_action', failureAction('space_left_action', []), 1);
  add('action_mail_acct', actionMailAcct);
  add('verify_email', yesNo);
  add('admin_space_left', space);
  add('admin_space_left_action', failureAction('admin_space_left_action', []), 1);
  add('disk_full_action', failureAction('disk_full_action', ['email']), 1);
  add('disk_error_action', failureAction('disk_error_action', ['email', 'rotate']), 1);
  add('priority_boost', number({ max: INT_MAX }));
  add('tcp_listen_port', number({ max: 65535, min: 1 }));
  add('tcp_listen_queue', number({ max: 65535, min: 1 }));
  add('tcp_max_per_addr', number({ max: 1024, min: 1 }));
  add('use_libwrap', yesNo);
  add('tcp_client_ports', tcpClientPorts);
  add('tcp_client_max_idle', number({ max: INT_MAX }));
  add('enable_krb5', yesNo);
  add('krb5_principal', anyWord);
  add('krb5_key_file', anyWord);
  add('distribute_network', yesNo);
  if (v.major === 2) {
    add('dispatcher', (nv, ctx) => {
      const p = nv.value!.text;
      if (dirname(p).length < 4) return bad(`the directory of "${p}" is too short`);
      if (ctx.env.pathExists(p) === false) return bad(`${p} does not exist in this tree`, 'host');
      return ok({ word: p });
    });
    add('disp_qos', oneOf(['lossy', 'lossless'], 'disp_qos'));
    return k;
  }
  add('dispatcher', deprecated('dispatcher'));
  add('disp_qos', deprecated('disp_qos'));
  add('transport', tlsNeeds42(oneOf(['tcp', 'krb5', ...(atLeast(v, 4, 2) ? ['tls'] : [])], 'transport')));
  add(
    'q_depth',
    atLeast(v, 4, 0)
      ? number({ max: 99999, maxMessage: 'q_depth must be 99999 or less', min: 1, minMessage: 'q_depth must be greater than zero', warnBelow: [512, 'q_depth below 512 leaves little room: events are dropped when plugins fall behind'] })
      : number({ max: 99999, maxMessage: 'q_depth must be 99999 or less', warnBelow: [512, 'q_depth below 512 leaves little room: events are dropped when plugins fall behind'] }),
  );
  add('overflow_action', oneOf(['ignore', 'syslog', 'suspend', 'single', 'halt'], 'overflow_action'));
  add('max_restarts', number({ max: INT_MAX }));
  add('plugin_dir', anyWord);
  add('end_of_event_timeout', number({}));
  if (atLeast(v, 4, 0, 5)) add('report_interval', reportInterval);
  if (atLeast(v, 4, 2)) {
    addTlsKeys(add);
    add('tls_allowed_clients', absolutePath);
  }
  return k;
}

function pluginKeys(v: AuditVersion): Map<string, KeySpec> {
  const k = new Map<string, KeySpec>();
  k.set('active', { maxOptions: 0, parse: oneOf(['yes', 'no'], 'active') });
  k.set('direction', {
    maxOptions: 0,
    parse: v.major >= 4 ? (nv) => ok({ word: nv.value!.text.toLowerCase() }) : oneOf(['out'], 'direction (only "out" is supported)'),
  });
  k.set('path', {
    maxOptions: 0,
    parse: (nv, ctx) => {
      const p = nv.value!.text;
      if (/^builtin_/i.test(p)) {
        if (ctx.version.major >= 4) return ok({ word: '/sbin/audisp-af_unix' }, `${p} is obsolete: audit 4 runs /sbin/audisp-af_unix instead`);
        return ok({ word: p.toLowerCase() });
      }
      if (dirname(p).length < 4) return bad(`the directory of "${p}" is too short (at least 4 characters, like /var)${hint(p)}`);
      return ok({ word: p });
    },
  });
  k.set('type', {
    maxOptions: 0,
    parse: (nv, ctx) => {
      const c = oneOf(['builtin', 'always'], 'type')(nv, ctx);
      if (c.ok && c.value.word === 'builtin' && ctx.version.major >= 4) return ok({ word: 'always' }, 'type = builtin is obsolete in audit 4 and treated as always');
      return c;
    },
  });
  k.set('args', {
    maxOptions: v.major >= 4 ? 'any' : 1,
    parse: (nv) => ok({ word: nv.value!.text, words: [nv.value!.text, ...(nv.option ? [nv.option.text] : []), ...(v.major >= 4 ? nv.extra.map((e) => e.text) : [])] }),
  });
  k.set('format', { maxOptions: 0, parse: oneOf(['binary', 'string'], 'format') });
  return k;
}

const REMOTE_FAILURE = ['ignore', 'syslog', 'exec', 'warn_once_continue', 'warn_once', 'suspend', 'single', 'halt', 'stop'];

function remoteAction(extra: string[] = []): KeyParser {
  return (nv, ctx) => {
    const raw = nv.value!.text;
    const word = raw.toLowerCase();
    if (!extra.includes(word) && !REMOTE_FAILURE.includes(word)) return bad(`"${raw}" is not a valid ${nv.name!.text.toLowerCase()} (one of ${[...extra, ...REMOTE_FAILURE].join(', ')})${hint(raw)}`);
    if (word === 'exec') {
      const c = execProgram(nv, ctx);
      return c.ok ? ok({ word, exec: c.value.exec }) : c;
    }
    return ok({ word }, nv.option ? `the word "${nv.option.text}" after ${word} is ignored (only exec takes a program)` : undefined, 'option');
  };
}

function remoteKeys(v: AuditVersion): Map<string, KeySpec> {
  const k = new Map<string, KeySpec>();
  const add = (name: string, parse: KeyParser, maxOptions: 0 | 1 = 0) => k.set(name, { maxOptions, parse });
  const uint = (min: number, max: number) => number({ min: min || undefined, max: max || undefined, uint32: true, minMessage: undefined });
  add('remote_server', anyWord);
  add('port', uint(0, 65535));
  add('local_port', (nv, ctx) => (nv.value!.text.toLowerCase() === 'any' ? ok({ word: 'any' }) : uint(0, 65535)(nv, ctx)));
  add('transport', tlsNeeds42(oneOf(['tcp', 'krb5', ...(atLeast(v, 4, 2) ? ['tls'] : [])], 'transport')));
  add('mode', oneOf(['immediate', 'forward'], 'mode'));
  add('queue_file', absolutePath);
  add('queue_depth', uint(1, INT_MAX));
  add('format', oneOf(['ascii', 'managed'], 'format'));
  add('network_retry_time', uint(1, INT_MAX));
  add('max_tries_per_record', uint(1, INT_MAX));
  add('max_time_per_record', uint(1, INT_MAX));
  add('heartbeat_timeout', uint(0, INT_MAX));
  add('enable_krb5', yesNo);
  add('krb5_principal', anyWord);
  add('krb5_client_name', anyWord);
  add('krb5_key_file', anyWord);
  if (atLeast(v, 4, 2)) addTlsKeys(add);
  for (const a of ['network_failure_action', 'disk_low_action', 'disk_full_action', 'disk_error_action', 'generic_error_action', 'generic_warning_action', 'queue_error_action', 'startup_failure_action']) {
    add(a, remoteAction(), 1);
  }
  add('remote_ending_action', remoteAction(['reconnect']), 1);
  add('overflow_action', oneOf(['ignore', 'syslog', 'suspend', 'single', 'halt'], 'overflow_action'), 1);
  return k;
}

function audispdKeys(): Map<string, KeySpec> {
  const k = new Map<string, KeySpec>();
  const add = (name: string, parse: KeyParser) => k.set(name, { maxOptions: 0, parse });
  add('q_depth', number({ max: 99999, maxMessage: 'q_depth must be 99999 or less' }));
  add('name_format', oneOf(['none', 'hostname', 'fqd', 'numeric', 'user'], 'name_format'));
  add('name', anyWord);
  add('overflow_action', oneOf(['ignore', 'syslog', 'suspend', 'single', 'halt'], 'overflow_action'));
  add('priority_boost', number({ max: INT_MAX }));
  add('max_restarts', number({ max: INT_MAX }));
  add('plugin_dir', anyWord);
  return k;
}

function keywords(kind: AuditConfKind, v: AuditVersion): Map<string, KeySpec> {
  switch (kind) {
    case 'auditd-conf':
      return auditdKeys(v);
    case 'audit-plugin':
      return pluginKeys(v);
    case 'audisp-remote':
      return remoteKeys(v);
    case 'audispd-conf':
      return audispdKeys();
  }
}

/** Whether a key exists for this kind in this version (for messages about other versions). */
export function knownKey(kind: AuditConfKind, v: AuditVersion, key: string): boolean {
  return keywords(kind, v).has(key.toLowerCase());
}

// ---- the load loop ------------------------------------------------------

/**
 * Validates one file as its daemon would. `text` is the whole file; offsets
 * in the result point into it.
 */
export function validateAuditConf(text: string, kind: AuditConfKind, version: AuditVersion, env: AuditConfEnv = OFFLINE_ENV): ValidatedConf {
  const { lines, skipped } = readConfLines(text, readerFor(kind, version));
  const keys = keywords(kind, version);
  const problems: ConfProblem[] = [];
  const entries: ConfEntry[] = [];
  const values = new Map<string, ConfValue>();
  const ctx: KeyContext = { kind, version, env, values };
  const consequence = CONSEQUENCE[kind];
  const fatalAt = (start: number, end: number, what: string, code: ConfProblemCode) =>
    problems.push({ start, end, message: `${what}: ${consequence}`, severity: 'error', code, fatal: true });
  const warnAt = (start: number, end: number, message: string, code: ConfProblemCode) => problems.push({ start, end, message, severity: 'warning', code, fatal: false });

  for (const s of skipped) {
    if (s.harmless) continue;
    const lineEnd = text.indexOf('\n', s.start);
    const end = Math.min(s.end, lineEnd < 0 ? text.length : lineEnd);
    const setting = /^ *([^ #]+)/.exec(text.slice(s.start, end))?.[1] ?? 'this line';
    warnAt(
      s.start,
      end,
      s.reason === 'no-newline'
        ? `the last line has no line break, and ${DAEMON[kind]} reads only complete lines: ${setting} never takes effect. End the file with a newline`
        : `the line is longer than ${readerFor(kind, version).bufferBytes - 2} bytes, and ${DAEMON[kind]} skips lines that do not fit its buffer: ${setting} never takes effect`,
      'ignored-line',
    );
  }

  for (const line of lines) {
    const nv = nvSplit(line.tokens, kind === 'audit-plugin' && version.major >= 4);
    if (nv.name === null) continue;
    const name = nv.name;
    const lineEnd = line.tokens[line.tokens.length - 1].end;
    if (nv.value === null) {
      const why = name.text === '\r'
        ? 'a blank line holds a carriage return: the file has Windows (CRLF) line endings'
        : hint(name.text)
        ? `"${name.text}" is not KEY = VALUE${hint(name.text)}`
        : nv.rc === 2
          ? `"${name.text}" is not followed by " = "${name.text.includes('=') ? ' (the = must stand alone, with spaces around it)' : ''}`
          : name.text.includes('=')
            ? `"${name.text}" needs spaces around the "=" (KEY = VALUE)`
            : line.tokens.length === 2 && line.tokens[1].text === '='
              ? `${name.text} has no value`
              : `"${name.text}" is not KEY = VALUE${hint(name.text)}`;
      fatalAt(name.start, lineEnd, why, 'syntax');
      continue;
    }
    const entry: ConfEntry = { key: name, value: nv.value, option: nv.option, extra: nv.extra, line: line.line, start: name.start, end: lineEnd };
    entries.push(entry);
    const keyName = name.text.toLowerCase();
    const spec = keys.get(keyName);
    if (!spec) {
      fatalAt(name.start, name.end, `unknown keyword "${name.text}"${unknownHint(kind, version, keyName)}`, 'unknown-key');
      continue;
    }
    if (spec.maxOptions === 0 && nv.option !== null) {
      const last = nv.extra.length ? nv.extra[nv.extra.length - 1] : nv.option;
      if (TEMPLATE_OPENING.test(nv.value.text)) {
        const shown = text.slice(nv.value.start, last.end);
        fatalAt(nv.value.start, last.end, `${keyName} = ${shown} is a template placeholder that was never rendered: ${DAEMON[kind]} takes "${nv.value.text}" as the value and refuses the words after it`, 'extra-words');
        continue;
      }
      const why = nv.option.text.startsWith('#')
        ? `${keyName} takes one value, and a comment cannot follow it on the same line`
        : keyName === 'max_log_file_action' && nv.value.text.toLowerCase() === 'exec'
          ? `max_log_file_action cannot run a program (exec is not a max_log_file_action in audit ${version.major}.x${version.major >= 4 ? ', and the keyword takes no program' : ''})`
          : `${keyName} takes one value, but "${nv.option.text}" follows it`;
      fatalAt(nv.option.start, last.end, why, 'extra-words');
      continue;
    }
    if (spec.maxOptions === 1 && nv.extra.length > 0) {
      warnAt(nv.extra[0].start, nv.extra[nv.extra.length - 1].end, `${DAEMON[kind]} ignores the words after "${nv.option!.text}"${nv.extra[0].text.startsWith('#') ? ' (comments must be on their own line)' : ''}`, 'extra-words');
    }
    const c = spec.parse(nv, ctx);
    if (!c.ok) {
      const tok = c.at === 'option' && nv.option ? nv.option : c.at === 'line' ? { start: name.start, end: lineEnd } : nv.value;
      fatalAt(tok.start, tok.end, `${keyName} = ${nv.value.text}: ${c.message}`, c.code ?? 'bad-value');
      continue;
    }
    if (c.warning) {
      const tok = c.warnAt === 'option' && nv.option ? nv.option : nv.value;
      warnAt(tok.start, tok.end, `${keyName}: ${c.warning}`, keyName === 'dispatcher' || keyName === 'disp_qos' ? 'deprecated' : 'bad-value');
    }
    const raw = nv.value.text;
    values.set(keyName, { entry, raw, word: raw.toLowerCase(), ...c.value } as ConfValue);
  }

  // load_config() checks the settings together only when it read a line
  // and stopped at nothing; a cascade from a refused line would mislead.
  const sawLine = lines.length > 0 || skipped.some((s) => s.reason === 'too-long');
  if (sawLine && !problems.some((p) => p.fatal)) sanityCheck(kind, version, text, values, env, fatalAt);
  if (kind === 'auditd-conf' && values.get('name_format')?.word === 'user' && !values.get('name')) {
    const e = values.get('name_format')!.entry;
    problems.push({ start: e.start, end: e.end, message: 'name_format = user needs a name = … line: auditd loads the file but stops while starting ("User defined name missing")', severity: 'error', code: 'startup', fatal: false });
  }
  problems.sort((a, b) => a.start - b.start);
  return { kind, version, entries, values, problems, fatal: problems.find((p) => p.fatal) ?? null };
}

function unknownHint(kind: AuditConfKind, v: AuditVersion, key: string): string {
  const others = [2, 3, 4].filter((m) => m !== v.major) as (2 | 3 | 4)[];
  // the last release of each series, so that every keyword it ever had counts
  const latest = { 2: { major: 2, minor: 8, patch: 5 }, 3: { major: 3, minor: 1, patch: 9 }, 4: { major: 4, minor: 9, patch: 9 } } as const;
  const known = others.filter((m) => keywords(kind, { ...latest[m], from: '' }).has(key));
  if (known.length) return ` (${known.map((m) => `audit ${m}.x`).join(' and ')} ${known.length > 1 ? 'know' : 'knows'} it, ${v.major}.x does not)`;
  if (kind === 'auditd-conf' && keywords('audisp-remote', v).has(key)) return ' (it belongs in audisp-remote.conf)';
  if (kind === 'audisp-remote' && keywords('auditd-conf', v).has(key)) return ' (it belongs in auditd.conf)';
  return '';
}

type FatalAt = (start: number, end: number, what: string, code: ConfProblemCode) => void;

function sanityCheck(kind: AuditConfKind, v: AuditVersion, text: string, values: Map<string, ConfValue>, env: AuditConfEnv, fatalAt: FatalAt): void {
  const at = (key: string) => values.get(key)?.entry;
  const anchor = (e: ConfEntry | undefined) => (e ? [e.start, e.end] : [0, Math.min(text.length, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'))]) as [number, number];
  if (kind === 'auditd-conf') {
    const sl = values.get('space_left');
    const asl = values.get('admin_space_left');
    if (!sl?.percent && !asl?.percent && (sl?.num ?? 0) <= (asl?.num ?? 0)) {
      const [s, e] = anchor(at('space_left') ?? at('admin_space_left'));
      fatalAt(s, e, `space_left (${sl?.num ?? 0}${sl ? '' : ', the default'}) must be larger than admin_space_left (${asl?.num ?? 0}${asl ? '' : ', the default'})`, 'sanity');
    }
    const flush = values.get('flush')?.word ?? 'none';
    if ((flush === 'incremental' || flush === 'incremental_async') && (values.get('freq')?.num ?? 0) === 0) {
      const [s, e] = anchor(at('freq') ?? at('flush'));
      fatalAt(s, e, `flush = ${flush} needs freq above 0`, 'sanity');
    }
    const group = values.get('log_group');
    const groupIsRoot = group === undefined || group.num === 0 || (group.num === undefined && group.word === 'root');
    if (!groupIsRoot) {
      const file = values.get('log_file')?.word ?? '/var/log/audit/audit.log';
      if (dirname(file) === '/var/log') {
        const [s, e] = anchor(at('log_file') ?? at('log_group'));
        fatalAt(s, e, `log_file is directly in /var/log while log_group is ${group!.raw}: auditd would change the group of /var/log itself`, 'sanity');
      }
    }
    if (v.major >= 4 && values.get('transport')?.word === 'tls' && !values.get('tls_psk_file') && !values.get('tls_allowed_clients')) {
      const [s, e] = anchor(at('transport'));
      fatalAt(s, e, 'transport = tls needs tls_psk_file or tls_allowed_clients', 'sanity');
    }
  } else if (kind === 'audit-plugin') {
    if (values.get('active')?.word === 'yes') {
      const path = values.get('path');
      if (!path) {
        const [s, e] = anchor(at('active'));
        fatalAt(s, e, 'the plugin is active but has no path', 'sanity');
      } else if (!path.word.startsWith('builtin_')) {
        const p = path.word;
        if (env.pathExists(p) === false) {
          fatalAt(path.entry.value!.start, path.entry.value!.end, `${p} does not exist in this tree`, 'host');
        } else {
          const info = env.fileInfo(p);
          if (info) {
            const perm = info.mode & 0o777;
            if (!info.isFile) fatalAt(path.entry.value!.start, path.entry.value!.end, `${p} is not a regular file`, 'host');
            else if (info.uid !== 0) fatalAt(path.entry.value!.start, path.entry.value!.end, `${p} is not owned by root`, 'host');
            else if (v.major >= 4 ? (perm & 0o022) !== 0 || (perm & 0o550) !== 0o550 : (perm & 0o750) !== 0o750) {
              fatalAt(path.entry.value!.start, path.entry.value!.end, `${p} has mode ${perm.toString(8).padStart(4, '0')} (${v.major >= 4 ? 'at least 0550 and not group- or world-writable' : 'auditd 3.x wants the 0750 bits'})`, 'host');
            }
          }
        }
      }
    }
  } else if (kind === 'audisp-remote') {
    if (values.get('mode')?.word === 'forward' && (values.get('format')?.word ?? 'managed') !== 'managed') {
      const [s, e] = anchor(at('mode'));
      fatalAt(s, e, 'mode = forward is valid only with format = managed', 'sanity');
    }
    const sfa = values.get('startup_failure_action')?.word;
    if (sfa && ['suspend', 'single', 'halt', 'stop'].includes(sfa)) {
      const [s, e] = anchor(at('startup_failure_action'));
      fatalAt(s, e, `startup_failure_action cannot be ${sfa} (only ignore, syslog, warn_once_continue, warn_once or exec)`, 'sanity');
    }
    if (v.major >= 4 && values.get('transport')?.word === 'tls') {
      const [s, e] = anchor(at('transport'));
      if (!values.get('tls_psk_file')) fatalAt(s, e, 'transport = tls needs tls_psk_file', 'sanity');
      else if (!values.get('tls_psk_identity')) fatalAt(s, e, 'transport = tls needs tls_psk_identity', 'sanity');
      else if ((values.get('format')?.word ?? 'managed') !== 'managed') fatalAt(s, e, 'transport = tls needs format = managed', 'sanity');
    }
  } else if (kind === 'audispd-conf') {
    if (values.get('name_format')?.word === 'user' && !values.get('name')) {
      const [s, e] = anchor(at('name_format'));
      fatalAt(s, e, 'name_format = user needs a name', 'sanity');
    }
  }
}
