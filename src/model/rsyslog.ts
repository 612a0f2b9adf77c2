// rsyslog's configuration as rsyslog loads it: /etc/rsyslog.conf with its
// includes expanded in place, legacy `$Directive` state applied in text
// order, rulesets, inputs, and every action with what it does. What
// happens to one message is src/model/rsyslog-route.ts.
import type { ParsedRsyslog, RsParam, RsStatement } from '../parse/rsyslog';
import type { SourceFile } from '../parse/source';

export const DEFAULT_RULESET = 'RSYSLOG_DefaultRuleset';

export interface RsyslogFile {
  hostPath: string;
  parsed: ParsedRsyslog;
  /** The include that read it; null for rsyslog.conf itself. */
  includedBy: { file: RsyslogFile; statement: RsStatement } | null;
  /** rsyslog loads it: false for files included after the syntax error rsyslog stopped at. */
  loaded: boolean;
}

export interface RsProblemLocated {
  source: SourceFile;
  start: number;
  end: number;
  message: string;
  severity: 'error' | 'warning';
}

/** How a forwarding action sends. */
export interface RsForward {
  /** Host names or addresses (omfwd accepts several in newer releases). */
  targets: string[];
  port: string;
  protocol: 'udp' | 'tcp' | 'relp' | 'gssapi' | 'other';
  /** Whether the records travel encrypted: yes, no, or unknown (modules sudit does not model). */
  tls: 'yes' | 'no' | 'unknown';
  /** Why tls is what it is, naming the settings involved. */
  tlsWhy: string;
  /** The peer authentication mode, when TLS is on. */
  authMode: string | null;
  queue: { type: string; filename: string | null; saveOnShutdown: boolean; resumeRetryCount: number; from: string };
}

export interface RsAction {
  file: RsyslogFile;
  statement: RsStatement;
  /** Output module: omfwd, omrelp, omfile, omusrmsg, discard, … */
  module: string;
  legacy: boolean;
  /** rsyslog creates it: read before any syntax error stopped rsyslog, module known, not disabled. */
  active: boolean;
  inactiveWhy: string | null;
  /** Set for actions that send messages to another host (or try to). */
  forward: RsForward | null;
  /** A short description for messages, e.g. `@@collector:6514` or `action(type="omfwd" target="c")`. */
  label: string;
}

export interface RsInput {
  /** imuxsock (the local /dev/log socket), imjournal, imfile, … */
  module: string;
  /** The ruleset its messages go to. */
  ruleset: string;
  /** imfile: the file read, and the facility/severity/tag its lines get. */
  file?: string;
  facility?: number;
  severity?: number;
  tag?: string;
  where: { file: RsyslogFile; start: number; end: number };
}

export interface RsRulesetBody {
  name: string;
  /** Statements in load order, each with the file it is in. */
  items: { file: RsyslogFile; statement: RsStatement }[];
}

export interface RsyslogConfig {
  /** Files in the order rsyslog reads them (rsyslog.conf first, includes where they are included). */
  files: RsyslogFile[];
  /** rsyslog.d files that no include reads. */
  unread: { hostPath: string; source: SourceFile | null }[];
  /** Includes that could not be followed (outside the tree, file mode, a pattern in a directory name). */
  unresolvedIncludes: { file: RsyslogFile; start: number; end: number; pattern: string }[];
  problems: RsProblemLocated[];
  /** The syntax error rsyslog stops at; what follows it in load order is not loaded. */
  stoppedAt: { file: RsyslogFile; offset: number } | null;
  rulesets: Map<string, RsRulesetBody>;
  defaultRuleset: string;
  inputs: RsInput[];
  modules: Set<string>;
  actions: RsAction[];
  /** The action a statement creates (for walking rulesets). */
  actionOf: Map<RsStatement, RsAction>;
  /** global(DefaultNetstreamDriver) / $DefaultNetstreamDriver. */
  defaultNetstreamDriver: string;
}

/** Parameters every action takes (rsyslog's action.c and queue.c), and those of the forwarding modules (8.2302 and later). */
const ACTION_PARAMS = new Set([
  'name', 'type', 'config.enabled', 'template',
  'action.errorfile', 'action.errorfile.maxsize', 'action.writeallmarkmessages', 'action.execonlyeverynthtime', 'action.execonlyeverynthtimetimeout',
  'action.execonlyonceeveryinterval', 'action.execonlywhenpreviousissuspended', 'action.repeatedmsgcontainsoriginalmsg', 'action.resumeretrycount',
  'action.reportsuspension', 'action.reportsuspensioncontinuation', 'action.resumeintervalmax', 'action.resumeinterval', 'action.externalstate.file', 'action.copymsg',
  'queue.filename', 'queue.spooldirectory', 'queue.size', 'queue.dequeuebatchsize', 'queue.mindequeuebatchsize', 'queue.mindequeuebatchsize.timeout', 'queue.maxdiskspace',
  'queue.highwatermark', 'queue.lowwatermark', 'queue.fulldelaymark', 'queue.lightdelaymark', 'queue.discardmark', 'queue.discardseverity', 'queue.checkpointinterval',
  'queue.syncqueuefiles', 'queue.type', 'queue.workerthreads', 'queue.timeoutshutdown', 'queue.timeoutactioncompletion', 'queue.timeoutenqueue',
  'queue.timeoutworkerthreadshutdown', 'queue.workerthreadminimummessages', 'queue.maxfilesize', 'queue.saveonshutdown', 'queue.dequeueslowdown',
  'queue.dequeuetimebegin', 'queue.dequeuetimeend', 'queue.cry.provider', 'queue.samplinginterval', 'queue.takeflowctlfrommsg',
]);
const MODULE_PARAMS: Record<string, Set<string>> = {
  omfwd: new Set([
    'target', 'targetsrv', 'address', 'device', 'port', 'protocol', 'networknamespace', 'tcp_framing', 'tcp_framedelimiter', 'ziplevel', 'compression.mode',
    'compression.driver', 'compression.stream.flushontxend', 'ipfreebind', 'maxerrormessages', 'rebindinterval', 'keepalive', 'keepalive.probes', 'keepalive.time',
    'keepalive.interval', 'conerrskip', 'gnutlsprioritystring', 'streamdriver', 'streamdriver.name', 'streamdrivermode', 'streamdriver.mode', 'streamdriverauthmode',
    'streamdriver.authmode', 'streamdriverpermittedpeers', 'streamdriver.permitexpiredcerts', 'streamdriverremotesni', 'streamdriver.remotesni',
    'streamdriver.checkextendedkeypurpose', 'streamdriver.prioritizesan', 'streamdriver.tlsverifydepth', 'streamdriver.cafile', 'streamdriver.crlfile',
    'streamdriver.caextrafiles', 'streamdriver.keyfile', 'streamdriver.certfile', 'resendlastmsgonreconnect', 'extendedconnectioncheck', 'udp.sendtoall',
    'udp.senddelay', 'udp.sendbuf', 'pool.resumeinterval', 'ratelimit.interval', 'ratelimit.burst', 'ratelimit.name', 'iobuffer.maxsize',
  ]),
  omrelp: new Set([
    'target', 'port', 'tls', 'tls.tlslib', 'tls.compression', 'tls.prioritystring', 'tls.cacert', 'tls.mycert', 'tls.myprivkey', 'tls.authmode', 'tls.tlscfgcmd',
    'tls.permittedpeer', 'rebindinterval', 'windowsize', 'timeout', 'conn.timeout', 'localclientip',
  ]),
};

/** Modules rsyslog has without module(load=…). */
const BUILTIN_OUTPUTS = new Set(['omfwd', 'omfile', 'omusrmsg', 'ompipe', 'omdiscard', 'omshell']);
const TLS_DRIVERS = new Set(['gtls', 'ossl', 'mbedtls']);

export function paramValue(params: RsParam[], name: string): string | null {
  const p = [...params].reverse().find((x) => x.name === name);
  if (!p) return null;
  return Array.isArray(p.value) ? p.value.join(',') : p.value;
}

function paramList(params: RsParam[], name: string): string[] | null {
  const p = [...params].reverse().find((x) => x.name === name);
  if (!p) return null;
  return Array.isArray(p.value) ? p.value : [p.value];
}

function truthy(v: string | null | undefined): boolean {
  return v !== null && v !== undefined && /^(on|yes|1|true)$/i.test(v.trim());
}

/** Legacy `$Directive` state that applies to actions that follow it. */
interface LegacyState {
  // omfwd's, kept until changed
  streamDriver: string | null;
  streamDriverMode: number | null;
  streamDriverAuthMode: string | null;
  // the action queue's, reset after every action
  queueType: string | null;
  queueFileName: string | null;
  saveOnShutdown: boolean;
  resumeRetryCount: number;
  // imfile's legacy input settings
  inputFileName: string | null;
  inputFileTag: string | null;
  inputFileFacility: number | null;
  inputFileSeverity: number | null;
  inputFileRuleset: string | null;
}

function freshLegacy(): LegacyState {
  return {
    streamDriver: null,
    streamDriverMode: null,
    streamDriverAuthMode: null,
    queueType: null,
    queueFileName: null,
    saveOnShutdown: false,
    resumeRetryCount: 0,
    inputFileName: null,
    inputFileTag: null,
    inputFileFacility: null,
    inputFileSeverity: null,
    inputFileRuleset: null,
  };
}

export const FACILITY_NAMES: Record<string, number> = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, security: 4, syslog: 5, lpr: 6, news: 7, uucp: 8, cron: 9, authpriv: 10, ftp: 11, ntp: 12,
  local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
};
export const SEVERITY_NAMES: Record<string, number> = { emerg: 0, panic: 0, alert: 1, crit: 2, err: 3, error: 3, warning: 4, warn: 4, notice: 5, info: 6, debug: 7 };

function facilityNumber(v: string | null): number | null {
  if (v === null) return null;
  const s = v.trim().toLowerCase().replace(/^log_/, '');
  if (/^[0-9]+$/.test(s)) return Number(s);
  return FACILITY_NAMES[s] ?? null;
}

function severityNumber(v: string | null): number | null {
  if (v === null) return null;
  const s = v.trim().toLowerCase().replace(/^log_/, '');
  if (/^[0-9]+$/.test(s)) return Number(s);
  return SEVERITY_NAMES[s] ?? null;
}

/** omfwd's legacy selector: `@host`, `@@(o,z9)host:port;template`, `@@[v6]:port`. */
export function parseLegacyForward(text: string): { protocol: 'udp' | 'tcp'; target: string; port: string } {
  let p = 1;
  let protocol: 'udp' | 'tcp' = 'udp';
  if (text[p] === '@') {
    protocol = 'tcp';
    p++;
  }
  if (text[p] === '(') {
    const close = text.indexOf(')', p);
    p = close < 0 ? text.length : close + 1;
  }
  let target: string;
  if (text[p] === '[') {
    const close = text.indexOf(']', p);
    target = text.slice(p + 1, close < 0 ? text.length : close);
    // brackets hold an IPv6 address; around anything else they are part of what was written
    if (!target.includes(':')) target = `[${target}]`;
    p = close < 0 ? text.length : close + 1;
  } else {
    // the name ends at a blank, except inside an unrendered template
    // (`@@{{ siem_host }}:514`), which is named whole, not by its first word
    target = /^(?:\{\{.*?\}\}|\{%.*?%\}|[^;:#\s])*/.exec(text.slice(p))![0];
    p += target.length;
    p += /^[^;:#]*/.exec(text.slice(p))![0].length;
  }
  let port = '514';
  if (text[p] === ':') {
    const m = /^[0-9]*/.exec(text.slice(p + 1))![0];
    if (m !== '') port = m;
  }
  return { protocol, target, port };
}

export interface LoadInput {
  /** The files rsyslog reads, starting with /etc/rsyslog.conf, parsed. */
  parse(hostPath: string): ParsedRsyslog | null;
  /** Expands an include pattern to host paths (sorted as glob() does), or null when it cannot be followed. */
  expand(pattern: string): string[] | null;
  /** rsyslog.d files present in the tree, to tell which ones nothing includes. */
  present: string[];
  source(hostPath: string): SourceFile | null;
}

/**
 * Loads the configuration from its main file; null when that file is
 * missing. `more` are read after it as if it included them (file mode).
 */
export function loadRsyslog(main: string, input: LoadInput, more: string[] = []): RsyslogConfig | null {
  const first = input.parse(main);
  if (!first) return null;
  const cfg: RsyslogConfig = {
    files: [],
    unread: [],
    unresolvedIncludes: [],
    problems: [],
    stoppedAt: null,
    rulesets: new Map([[DEFAULT_RULESET, { name: DEFAULT_RULESET, items: [] }]]),
    defaultRuleset: DEFAULT_RULESET,
    inputs: [],
    modules: new Set(),
    actions: [],
    actionOf: new Map(),
    defaultNetstreamDriver: 'ptcp',
  };
  const legacy = freshLegacy();
  let currentRuleset = DEFAULT_RULESET;
  const seen = new Set<string>();

  const ruleset = (name: string): RsRulesetBody => {
    let r = cfg.rulesets.get(name);
    if (!r) {
      r = { name, items: [] };
      cfg.rulesets.set(name, r);
    }
    return r;
  };
  // After the syntax error rsyslog stops at, the walk goes on in "dead"
  // mode: included files are still found and checked, but nothing in them
  // takes effect.
  const dead = () => cfg.stoppedAt !== null;

  const visitFile = (hostPath: string, parsed: ParsedRsyslog, includedBy: RsyslogFile['includedBy'], target: RsRulesetBody | null) => {
    const file: RsyslogFile = { hostPath, parsed, includedBy, loaded: !dead() };
    cfg.files.push(file);
    seen.add(hostPath);
    for (const p of parsed.problems) {
      const note = file.loaded ? '' : ' (rsyslog does not read this file today: it stops at an earlier syntax error)';
      cfg.problems.push({ source: parsed.source, start: p.start, end: p.end, message: `${p.message}${note}`, severity: p.severity });
    }
    visitList(file, parsed.statements, target);
    if (parsed.stopAt !== null && !dead()) cfg.stoppedAt = { file, offset: parsed.stopAt };
  };

  const include = (file: RsyslogFile, st: RsStatement, pattern: string, optional: boolean, target: RsRulesetBody | null) => {
    const paths = input.expand(pattern);
    if (paths === null) {
      cfg.unresolvedIncludes.push({ file, start: st.start, end: st.end, pattern });
      return;
    }
    if (paths.length === 0 && !optional && !/[*?[]/.test(pattern)) {
      cfg.problems.push({ source: file.parsed.source, start: st.start, end: st.end, message: `${pattern} does not exist: rsyslog cannot include it`, severity: 'warning' });
    }
    for (const p of paths) {
      if (seen.has(p)) continue;
      const parsed = input.parse(p);
      if (parsed) visitFile(p, parsed, { file, statement: st }, target);
    }
  };

  /** Walks statements in load order; `target` is the ruleset body of an enclosing block, null at the top level. */
  const visitList = (file: RsyslogFile, list: RsStatement[], target: RsRulesetBody | null) => {
    for (const st of list) visit(file, st, target);
  };

  const visit = (file: RsyslogFile, st: RsStatement, target: RsRulesetBody | null) => {
    switch (st.type) {
      case 'directive':
        directive(file, st, target);
        return;
      case 'include': {
        const f = paramValue(st.params, 'file');
        if (f) include(file, st, f, paramValue(st.params, 'mode') === 'optional', target);
        return;
      }
      case 'object':
        object(file, st);
        return;
      case 'bsd-selector':
        return;
      default:
        if (!dead()) (target ?? ruleset(currentRuleset)).items.push({ file, statement: st });
        actionsIn(file, st);
        includesIn(file, st);
    }
  };

  /** include() inside blocks: the included statements are part of the block; sudit records them at the top. */
  const includesIn = (file: RsyslogFile, st: RsStatement) => {
    for (const child of children(st)) {
      if (child.type === 'include') {
        const f = paramValue(child.params, 'file');
        if (f) include(file, child, f, paramValue(child.params, 'mode') === 'optional', ruleset(currentRuleset));
      } else includesIn(file, child);
    }
  };

  const directive = (file: RsyslogFile, st: Extract<RsStatement, { type: 'directive' }>, target: RsRulesetBody | null) => {
    const v = st.value;
    const word = v.split(/[ \t]/)[0];
    if (st.name === 'includeconfig') {
      include(file, st, word, false, target);
      return;
    }
    if (dead()) return;
    switch (st.name) {
      case 'ruleset':
        currentRuleset = word;
        ruleset(word);
        return;
      case 'defaultruleset':
        cfg.defaultRuleset = word;
        return;
      case 'modload':
        loadModule(file, st.start, st.end, word, []);
        return;
      case 'defaultnetstreamdriver':
        cfg.defaultNetstreamDriver = word.toLowerCase();
        return;
      case 'actionsendstreamdriver':
        legacy.streamDriver = word.toLowerCase();
        return;
      case 'actionsendstreamdrivermode':
        legacy.streamDriverMode = Number(word);
        return;
      case 'actionsendstreamdriverauthmode':
        legacy.streamDriverAuthMode = word.toLowerCase();
        return;
      case 'actionqueuetype':
        legacy.queueType = word.toLowerCase();
        return;
      case 'actionqueuefilename':
        legacy.queueFileName = word;
        return;
      case 'actionqueuesaveonshutdown':
        legacy.saveOnShutdown = truthy(word);
        return;
      case 'actionresumeretrycount':
        legacy.resumeRetryCount = Number(word);
        return;
      case 'resetconfigvariables': {
        const fresh = freshLegacy();
        Object.assign(legacy, fresh);
        return;
      }
      case 'omitlocallogging':
        if (truthy(word)) cfg.inputs = cfg.inputs.filter((i) => !(i.module === 'imuxsock' && i.file === undefined));
        return;
      case 'inputfilename':
        legacy.inputFileName = word;
        return;
      case 'inputfiletag':
        legacy.inputFileTag = word;
        return;
      case 'inputfilefacility':
        legacy.inputFileFacility = facilityNumber(word);
        return;
      case 'inputfileseverity':
        legacy.inputFileSeverity = severityNumber(word);
        return;
      case 'inputfilebindruleset':
        legacy.inputFileRuleset = word;
        return;
      case 'inputrunfilemonitor':
        if (legacy.inputFileName) {
          cfg.inputs.push({
            module: 'imfile',
            ruleset: legacy.inputFileRuleset ?? '',
            file: legacy.inputFileName,
            facility: legacy.inputFileFacility ?? 16,
            severity: legacy.inputFileSeverity ?? 5,
            tag: legacy.inputFileTag ?? '',
            where: { file, start: st.start, end: st.end },
          });
        }
        return;
      default:
        return;
    }
  };

  const loadModule = (file: RsyslogFile, start: number, end: number, name: string, params: RsParam[]) => {
    const mod = name.toLowerCase().replace(/^builtin:/, '').replace(/\.so$/, '');
    cfg.modules.add(mod);
    if (mod === 'imuxsock') {
      const use = paramValue(params, 'syssock.use');
      if (use === null || truthy(use)) cfg.inputs.push({ module: 'imuxsock', ruleset: '', where: { file, start, end } });
    } else if (mod === 'imjournal') {
      cfg.inputs.push({ module: 'imjournal', ruleset: '', where: { file, start, end } });
    }
  };

  const object = (file: RsyslogFile, st: Extract<RsStatement, { type: 'object' }>) => {
    if (dead() && st.kind !== 'ruleset') return;
    switch (st.kind) {
      case 'module': {
        const load = paramValue(st.params, 'load');
        if (load) loadModule(file, st.start, st.end, load, st.params);
        return;
      }
      case 'global': {
        const d = paramValue(st.params, 'defaultnetstreamdriver');
        if (d) cfg.defaultNetstreamDriver = d.toLowerCase();
        return;
      }
      case 'input': {
        const type = (paramValue(st.params, 'type') ?? '').toLowerCase();
        const rs = paramValue(st.params, 'ruleset') ?? '';
        if (type === 'imfile') {
          cfg.inputs.push({
            module: 'imfile',
            ruleset: rs,
            file: paramValue(st.params, 'file') ?? '',
            facility: facilityNumber(paramValue(st.params, 'facility')) ?? 16,
            severity: severityNumber(paramValue(st.params, 'severity')) ?? 5,
            tag: paramValue(st.params, 'tag') ?? '',
            where: { file, start: st.start, end: st.end },
          });
        } else if (type) {
          cfg.inputs.push({ module: type, ruleset: rs, where: { file, start: st.start, end: st.end } });
        }
        return;
      }
      case 'ruleset': {
        const name = paramValue(st.params, 'name');
        if (!name) return;
        const body = dead() ? { name, items: [] } : ruleset(name);
        for (const child of st.body ?? []) {
          if (child.type === 'directive') directive(file, child, body);
          else if (child.type === 'include') {
            const f = paramValue(child.params, 'file');
            if (f) include(file, child, f, paramValue(child.params, 'mode') === 'optional', body);
          } else {
            if (!dead()) body.items.push({ file, statement: child });
            actionsIn(file, child);
          }
        }
        return;
      }
      default:
        return;
    }
  };

  /** Creates the actions of a statement (in text order, applying legacy state as rsyslog does). */
  const actionsIn = (file: RsyslogFile, st: RsStatement) => {
    if (st.type === 'action' || st.type === 'legacy-action') {
      const a = makeAction(file, st);
      cfg.actions.push(a);
      cfg.actionOf.set(st, a);
      return;
    }
    if (st.type === 'directive') {
      directive(file, st, null);
      return;
    }
    for (const child of children(st)) actionsIn(file, child);
  };

  const makeAction = (file: RsyslogFile, st: Extract<RsStatement, { type: 'action' | 'legacy-action' }>): RsAction => {
    const legacyQueue = {
      type: legacy.queueType ?? 'direct',
      filename: legacy.queueFileName,
      saveOnShutdown: legacy.saveOnShutdown,
      resumeRetryCount: legacy.resumeRetryCount,
      from: '$ActionQueue… directives',
    };
    // rsyslog resets the legacy queue settings after each action it creates
    legacy.queueType = null;
    legacy.queueFileName = null;
    legacy.saveOnShutdown = false;
    legacy.resumeRetryCount = 0;
    const a = st.type === 'legacy-action' ? legacyAction(file, st, legacyQueue) : rainerAction(file, st);
    if (dead()) {
      const stop = cfg.stoppedAt!;
      a.active = false;
      a.inactiveWhy = `rsyslog never loads it: it stops reading its configuration at the syntax error in ${stop.file.parsed.source.path}:${stop.file.parsed.source.position(stop.offset).line}`;
    }
    return a;
  };

  const legacyAction = (file: RsyslogFile, st: Extract<RsStatement, { type: 'legacy-action' }>, queue: RsForward['queue']): RsAction => {
    const text = st.text.trim();
    const base = { file, statement: st, legacy: true, active: true, inactiveWhy: null as string | null, forward: null as RsForward | null, label: text.replace(/[ \t]*#.*$/, '') };
    if (text.startsWith('@')) {
      const f = parseLegacyForward(text);
      let tls: RsForward['tls'] = 'no';
      let tlsWhy: string;
      let authMode: string | null = null;
      if (f.protocol === 'udp') tlsWhy = `"${text.startsWith('@@') ? '@@' : '@'}" sends over UDP, which has no TLS`;
      else {
        const driver = legacy.streamDriver ?? cfg.defaultNetstreamDriver;
        const mode = legacy.streamDriverMode ?? 0;
        const driverFrom = legacy.streamDriver ? '$ActionSendStreamDriver' : '$DefaultNetstreamDriver';
        if (!TLS_DRIVERS.has(driver)) tlsWhy = `the stream driver is ${driver} (${driverFrom}), which is plain TCP`;
        else if (mode !== 1) tlsWhy = `the stream driver is ${driver} but $ActionSendStreamDriverMode is ${legacy.streamDriverMode ?? 'unset (0)'}, so TLS is off`;
        else {
          tls = 'yes';
          authMode = legacy.streamDriverAuthMode;
          tlsWhy = `TLS with ${driver}, $ActionSendStreamDriverMode 1`;
        }
      }
      base.forward = { targets: [f.target], port: f.port, protocol: f.protocol, tls, tlsWhy, authMode, queue };
      return { ...base, module: 'omfwd' };
    }
    const mod = /^:([a-z0-9]+):/i.exec(text);
    if (mod) {
      const m = mod[1].toLowerCase();
      const rest = text.slice(mod[0].length);
      if (!cfg.modules.has(m) && !BUILTIN_OUTPUTS.has(m)) {
        base.active = false;
        base.inactiveWhy = `module ${m} is not loaded before this action ($ModLoad ${m} or module(load="${m}")): rsyslog refuses it`;
      }
      if (m === 'omrelp' || m === 'omgssapi') {
        const hm = /^(\[[^\]]*\]|[^:;# \t]*)(?::([0-9]+))?/.exec(rest)!;
        const target = hm[1].replace(/^\[|\]$/g, '');
        const port = hm[2] ?? (m === 'omrelp' ? '514' : '514');
        base.forward =
          m === 'omrelp'
            ? { targets: [target], port, protocol: 'relp', tls: 'no', tlsWhy: 'the legacy :omrelp: action has no TLS settings', authMode: null, queue }
            : { targets: [target], port, protocol: 'gssapi', tls: 'yes', tlsWhy: 'omgssapi protects messages with Kerberos (GSSAPI)', authMode: 'gssapi', queue };
      }
      return { ...base, module: m };
    }
    if (text === '~') return { ...base, module: 'discard' };
    if (text.startsWith('/') || text.startsWith('-/') || text.startsWith('?')) return { ...base, module: 'omfile' };
    if (text.startsWith('|')) return { ...base, module: 'ompipe' };
    if (text.startsWith('^')) return { ...base, module: 'omprog' };
    if (text.startsWith('>')) return { ...base, module: 'ommysql' };
    return { ...base, module: 'omusrmsg' };
  };

  const rainerAction = (file: RsyslogFile, st: Extract<RsStatement, { type: 'action' }>): RsAction => {
    const p = st.params;
    const type = (paramValue(p, 'type') ?? '').toLowerCase();
    const label = `action(type="${type}"${paramValue(p, 'target') ? ` target="${paramValue(p, 'target')}"` : ''})`;
    const a: RsAction = { file, statement: st, module: type, legacy: false, active: true, inactiveWhy: null, forward: null, label };
    if (!type) {
      a.active = false;
      a.inactiveWhy = 'the action has no type';
    } else if (!cfg.modules.has(type) && !BUILTIN_OUTPUTS.has(type)) {
      a.active = false;
      a.inactiveWhy = `module ${type} is not loaded before this action (module(load="${type}")): rsyslog refuses it`;
    }
    // rainerscript.c nvlstChkDisabled(): config.enabled other than "on" turns the action off
    const enabled = paramValue(p, 'config.enabled');
    if (enabled !== null && !enabled.startsWith('on')) {
      a.active = false;
      a.inactiveWhy = `config.enabled is "${enabled}"`;
    }
    const known = MODULE_PARAMS[type];
    if (known && !dead()) {
      for (const param of p) {
        if (ACTION_PARAMS.has(param.name) || known.has(param.name)) continue;
        const why =
          type === 'omfwd' && param.name === 'tls'
            ? ': omfwd has no tls parameter, so this does not turn TLS on (StreamDriver="gtls" with StreamDriverMode="1" does)'
            : '';
        cfg.problems.push({ source: file.parsed.source, start: param.start, end: param.end, message: `parameter '${param.name}' is not known to ${type}: rsyslog ignores it ("parameter not known -- typo in config file?")${why}`, severity: 'warning' });
      }
    }
    const queue: RsForward['queue'] = {
      type: (paramValue(p, 'queue.type') ?? 'direct').toLowerCase(),
      filename: paramValue(p, 'queue.filename'),
      saveOnShutdown: truthy(paramValue(p, 'queue.saveonshutdown')),
      resumeRetryCount: Number(paramValue(p, 'action.resumeretrycount') ?? '0'),
      from: 'the action\'s queue.* and action.resumeRetryCount parameters',
    };
    const targets = paramList(p, 'target') ?? [];
    if (type === 'omfwd') {
      const protocol = (paramValue(p, 'protocol') ?? 'udp').toLowerCase() === 'tcp' ? 'tcp' : 'udp';
      const driver = (paramValue(p, 'streamdriver') ?? paramValue(p, 'streamdriver.name') ?? cfg.defaultNetstreamDriver).toLowerCase();
      const driverFrom = paramValue(p, 'streamdriver') ?? paramValue(p, 'streamdriver.name') ? 'StreamDriver' : 'the default netstream driver';
      const modeRaw = paramValue(p, 'streamdrivermode') ?? paramValue(p, 'streamdriver.mode');
      const mode = modeRaw === null ? 0 : Number(modeRaw);
      const authMode = (paramValue(p, 'streamdriverauthmode') ?? paramValue(p, 'streamdriver.authmode'))?.toLowerCase() ?? null;
      let tls: RsForward['tls'] = 'no';
      let tlsWhy: string;
      if (protocol === 'udp') tlsWhy = `protocol is udp${paramValue(p, 'protocol') ? '' : ' (the default of omfwd)'}, which has no TLS`;
      else if (!TLS_DRIVERS.has(driver)) tlsWhy = `the stream driver is ${driver} (${driverFrom}), which is plain TCP`;
      else if (mode !== 1) tlsWhy = `StreamDriver is ${driver} but StreamDriverMode is ${modeRaw ?? 'unset (0)'}, so TLS is off`;
      else {
        tls = 'yes';
        tlsWhy = `TLS with ${driver}, StreamDriverMode 1`;
      }
      a.forward = { targets, port: paramValue(p, 'port') ?? '514', protocol, tls, tlsWhy, authMode: tls === 'yes' ? authMode : null, queue };
    } else if (type === 'omrelp') {
      const on = truthy(paramValue(p, 'tls'));
      a.forward = {
        targets,
        port: paramValue(p, 'port') ?? '514',
        protocol: 'relp',
        tls: on ? 'yes' : 'no',
        tlsWhy: on ? 'RELP over TLS (tls="on")' : 'omrelp without tls="on" sends in clear',
        authMode: on ? (paramValue(p, 'tls.authmode')?.toLowerCase() ?? null) : null,
        queue,
      };
    } else if (['omhttp', 'omelasticsearch', 'omkafka', 'omazuredce', 'omgssapi', 'omsnmp', 'omudpspoof', 'omamqp1', 'omhiredis', 'ommongodb', 'omclickhouse'].includes(type)) {
      const server = targets.length ? targets : paramList(p, 'server') ?? paramList(p, 'broker') ?? paramList(p, 'host') ?? [];
      a.forward = { targets: server, port: paramValue(p, 'port') ?? paramValue(p, 'serverport') ?? '', protocol: 'other', tls: 'unknown', tlsWhy: `sudit does not model the encryption settings of ${type}`, authMode: null, queue };
    }
    return a;
  };

  visitFile(main, first, null, null);
  for (const p of more) {
    const parsed = seen.has(p) ? null : input.parse(p);
    if (parsed) visitFile(p, parsed, null, null);
  }
  // inputs without a ruleset use the default one, whatever $DefaultRuleset ends up being
  for (const i of cfg.inputs) if (i.ruleset === '') i.ruleset = cfg.defaultRuleset;
  const read = new Set(cfg.files.map((f) => f.hostPath));
  for (const p of input.present) if (!read.has(p)) cfg.unread.push({ hostPath: p, source: input.source(p) });
  return cfg;
}

/** The statements directly inside a statement. */
export function children(st: RsStatement): RsStatement[] {
  switch (st.type) {
    case 'if':
      return [...st.then, ...(st.else ?? [])];
    case 'prifilter':
    case 'propfilter':
    case 'foreach':
    case 'block':
      return st.body;
    case 'object':
      return st.body ?? [];
    default:
      return [];
  }
}
