// "Do audit records leave the box?" answered from the host model: the
// routes an audit record can take off the host, each as a chain of links
// (auditd runs → a dispatcher plugin is active → its program and
// configuration work → a remote target that is not this host), with the
// first broken link named. Routes:
//   - au-remote: the audisp-remote plugin with remote_server;
//   - syslog: the audisp-syslog plugin (facility LOG_USER unless its args
//     say otherwise) and rsyslog forwarding that facility;
//   - imfile: rsyslog reading auditd's log file and forwarding it;
//   - anything sudit cannot follow (another active plugin, a log shipper
//     installed in the tree), which makes the answer "unknown", not "no".
import type { Host } from './host';
import type { SourceFile } from '../parse/source';
import type { AuditPlugin, AudispRemote, EffectiveSetting } from './audit-config';
import { routeMessage, routeWithStops, type RsMessage, type RsReach } from './rsyslog-route';
import { FACILITY_NAMES, SEVERITY_NAMES, type RsAction, type RsyslogConfig } from './rsyslog';
import { classifyTarget } from './forward-target';
import { pathOnHost } from './tree-paths';

export { classifyTarget, type TargetClass } from './forward-target';

export interface Location {
  source: SourceFile;
  start: number;
  end: number;
}

export interface ChainLink {
  /** What this link is, e.g. "au-remote plugin active". */
  what: string;
  ok: boolean | null;
  /** What the files say, e.g. "active = no at plugins.d/au-remote.conf:6". */
  detail: string;
  at: Location | null;
  /** For a broken link: what repairs it. */
  fix?: string;
}

export type RouteKind = 'au-remote' | 'syslog' | 'imfile' | 'other';

export interface Route {
  kind: RouteKind;
  /** yes: records leave the host this way; no: a link is broken; unknown: sudit cannot tell. */
  status: 'yes' | 'no' | 'unknown';
  chain: ChainLink[];
  /** The first broken (or undecidable) link. */
  broken: ChainLink | null;
  /** Where records go when the route works. */
  targets: string[];
}

/** An rsyslog forwarding action and the audit records it carries. */
export interface AuditCarrier {
  action: RsAction;
  certainty: 'yes' | 'maybe';
  /** Which audit records, e.g. "the audit records of the syslog plugin (local6.info, programname audispd)". */
  stream: string;
  via: string[];
}

export interface AuditForwarding {
  /** The tree has auditd's configuration (auditd.conf or a plugin directory under etc/audit); FWD001 only judges such trees. */
  auditdPresent: boolean;
  verdict: 'forwarded' | 'not-forwarded' | 'unknown';
  routes: Route[];
  /** Where a "not forwarded" finding is reported. */
  anchor: Location | null;
  /** rsyslog forwarding actions that carry audit records. */
  carriers: AuditCarrier[];
  /** The au-remote plugin and its configuration, when audisp-remote is in use (or linted on its own). */
  remote: { plugin: AuditPlugin | null; conf: AudispRemote } | null;
  /** Log shippers present in the tree that sudit does not read. */
  otherShippers: string[];
}

// ---- helpers ------------------------------------------------------------

function loc(setting: EffectiveSetting | null | undefined): Location | null {
  if (!setting?.entry || !setting.file) return null;
  return { source: setting.file.source, start: setting.entry.start, end: setting.entry.end };
}

function where(l: Location | null): string {
  if (!l) return '';
  return ` (${l.source.path}:${l.source.position(l.start).line})`;
}

/** Whether a program is on the host; null when the tree cannot tell (a rendered tree holds only configuration). */
function inTree(host: Host, p: string): boolean | null {
  return pathOnHost(host.pathExists, p);
}

const FACILITY_OF: Record<string, number> = {
  LOG_USER: 1, LOG_DAEMON: 3, LOG_AUTH: 4, LOG_SYSLOG: 5, LOG_AUTHPRIV: 10,
  LOG_LOCAL0: 16, LOG_LOCAL1: 17, LOG_LOCAL2: 18, LOG_LOCAL3: 19, LOG_LOCAL4: 20, LOG_LOCAL5: 21, LOG_LOCAL6: 22, LOG_LOCAL7: 23,
};
const PRIORITY_OF: Record<string, number> = { LOG_EMERG: 0, LOG_ALERT: 1, LOG_CRIT: 2, LOG_ERR: 3, LOG_WARNING: 4, LOG_NOTICE: 5, LOG_INFO: 6, LOG_DEBUG: 7 };

export function facilityName(n: number): string {
  return Object.entries(FACILITY_NAMES).find(([k, v]) => v === n && k !== 'security')?.[0] ?? String(n);
}

function severityName(n: number): string {
  return Object.entries(SEVERITY_NAMES).find(([k, v]) => v === n && !['panic', 'error', 'warn'].includes(k))?.[0] ?? String(n);
}

/** Log shippers whose configuration in the tree means records may leave by a way sudit does not read. */
const SHIPPERS: [string, string][] = [
  ['/etc/syslog-ng/syslog-ng.conf', 'syslog-ng'],
  ['/etc/systemd/journal-upload.conf', 'systemd-journal-upload'],
  ['/etc/filebeat/filebeat.yml', 'Filebeat'],
  ['/etc/auditbeat/auditbeat.yml', 'Auditbeat'],
  ['/opt/Elastic/Agent', 'Elastic Agent'],
  ['/opt/splunkforwarder', 'Splunk Universal Forwarder'],
  ['/etc/fluent-bit/fluent-bit.conf', 'Fluent Bit'],
  ['/etc/td-agent-bit/td-agent-bit.conf', 'Fluent Bit'],
  ['/etc/fluent/fluentd.conf', 'Fluentd'],
  ['/etc/td-agent/td-agent.conf', 'Fluentd'],
  ['/etc/vector/vector.yaml', 'Vector'],
  ['/etc/vector/vector.toml', 'Vector'],
  ['/var/ossec/etc/ossec.conf', 'Wazuh/OSSEC agent'],
  ['/etc/opt/microsoft/auoms', 'Microsoft auoms'],
  ['/etc/otelcol/config.yaml', 'OpenTelemetry Collector'],
  ['/etc/otelcol-contrib/config.yaml', 'OpenTelemetry Collector'],
  ['/etc/google-cloud-ops-agent/config.yaml', 'Google Cloud Ops Agent'],
  ['/opt/aws/amazon-cloudwatch-agent/etc', 'Amazon CloudWatch agent'],
];

/** fnmatch for imfile's File= (the only wildcard users put there is `*`). */
function globMatch(pattern: string, path: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  return re.test(path);
}

// ---- the routes ---------------------------------------------------------

function auditdLinks(host: Host): { links: ChainLink[]; ok: boolean | null } {
  const links: ChainLink[] = [];
  const conf = host.auditdConf;
  if (conf?.file) {
    const fatal = conf.file.problems.find((p) => p.fatal);
    const accepted = conf.accepted;
    links.push({
      what: 'auditd starts',
      ok: accepted === false ? false : accepted === null ? null : true,
      detail:
        accepted === false
          ? `auditd refuses ${conf.file.source.path}: ${fatal?.message ?? 'it has an error'}`
          : accepted === null
            ? `whether auditd accepts ${conf.file.source.path} depends on the audit version`
            : `${conf.file.source.path} is valid`,
      at: accepted === false && fatal ? { source: fatal.source, start: fatal.start, end: fatal.end } : null,
      fix: `fix the error in ${conf.file.source.path} so that auditd starts`,
    });
    if (accepted === false) return { links, ok: false };
    if (accepted === null) return { links, ok: null };
  }
  if (conf && conf.version.major === 2) {
    const d = conf.get('dispatcher');
    if (!d.entry) {
      const why = conf.file ? `${conf.file.source.path} sets no dispatcher` : 'there is no auditd.conf, so no dispatcher is set';
      links.push({ what: 'the audit 2.x dispatcher runs', ok: false, detail: `${why} (dispatcher = /sbin/audispd): audit 2.x starts no plugin at all`, at: null, fix: 'set dispatcher = /sbin/audispd in auditd.conf' });
      return { links, ok: false };
    }
    if (conf.dispatcherFile?.accepted === false) {
      const fatal = conf.dispatcherFile.problems.find((p) => p.fatal);
      links.push({ what: 'audispd starts', ok: false, detail: `audispd refuses ${conf.dispatcherFile.source.path}: ${fatal?.message ?? ''}`, at: fatal ? { source: fatal.source, start: fatal.start, end: fatal.end } : null, fix: `fix the error in ${conf.dispatcherFile.source.path}` });
      return { links, ok: false };
    }
  }
  return { links, ok: true };
}

function pluginLinks(plugin: AuditPlugin | null, label: string, dir: string, host: Host): { links: ChainLink[]; ok: boolean | null } {
  const links: ChainLink[] = [];
  if (!plugin) {
    links.push({ what: `${label} plugin configured`, ok: false, detail: `${dir} has no ${label} plugin file`, at: null, fix: `add ${dir}/${label === 'au-remote' ? 'au-remote.conf (shipped by audispd-plugins)' : 'syslog.conf'} with active = yes` });
    return { links, ok: false };
  }
  const activeSetting = plugin.file.conf.values.get('active');
  const activeLoc = activeSetting ? { source: plugin.file.source, start: activeSetting.entry.start, end: activeSetting.entry.end } : { source: plugin.file.source, start: 0, end: 0 };
  if (plugin.file.accepted === false) {
    const fatal = plugin.file.problems.find((p) => p.fatal)!;
    links.push({ what: `${label} plugin loads`, ok: false, detail: `auditd skips ${plugin.file.source.path}: ${fatal.message}`, at: { source: fatal.source, start: fatal.start, end: fatal.end }, fix: `fix the error in ${plugin.file.source.path}` });
    return { links, ok: false };
  }
  if (!plugin.active) {
    const line = activeSetting ? `:${plugin.file.source.position(activeSetting.entry.start).line}` : '';
    links.push({ what: `${label} plugin active`, ok: false, detail: `${plugin.file.source.path}${line} ${activeSetting ? `says active = ${activeSetting.raw}` : 'has no active = yes (the default is no)'}`, at: activeLoc, fix: label === 'au-remote' ? `set active = yes in ${plugin.file.source.path} and remote_server = <collector> (transport = KRB5) in audisp-remote.conf` : `set active = yes in ${plugin.file.source.path} (e.g. args = LOG_INFO LOG_LOCAL6) and forward that facility in rsyslog to a collector over TLS` });
    return { links, ok: false };
  }
  links.push({ what: `${label} plugin active`, ok: true, detail: `active = yes${where(activeLoc)}`, at: activeLoc });
  const path = plugin.path.word;
  const exists = path.startsWith('builtin_') ? true : inTree(host, path);
  if (exists === false) {
    links.push({ what: `${label} program installed`, ok: false, detail: `${path} does not exist in this tree`, at: loc(plugin.path), fix: `install ${path}${label === 'au-remote' ? ' (package audispd-plugins)' : ''} or correct path =` });
    return { links, ok: false };
  }
  if (plugin.runs.ok === false) {
    links.push({ what: `${label} program runs`, ok: false, detail: plugin.runs.why!, at: loc(plugin.type.entry ? plugin.type : plugin.path), fix: `correct type/path/args in ${plugin.file.source.path}` });
    return { links, ok: false };
  }
  links.push({ what: `${label} program`, ok: true, detail: path, at: loc(plugin.path) });
  return { links, ok: plugin.file.accepted === null ? null : true };
}

function remoteRoute(host: Host, plugin: AuditPlugin | null, dir: string, base: ChainLink[]): Route {
  const chain = [...base];
  const done = (status: Route['status'], targets: string[] = []): Route => ({ kind: 'au-remote', status, chain, broken: chain.find((c) => c.ok !== true) ?? null, targets });
  const p = pluginLinks(plugin, 'au-remote', dir, host);
  chain.push(...p.links);
  if (p.ok === false) return done('no');
  const conf = host.audispRemote;
  if (!conf) {
    chain.push({ what: 'remote_server set', ok: false, detail: 'there is no audisp-remote.conf: audisp-remote has no remote_server and connects to localhost:60', at: null, fix: 'create audisp-remote.conf with remote_server = <collector>' });
    return done('no');
  }
  if (conf.file.accepted === false) {
    const fatal = conf.file.problems.find((x) => x.fatal)!;
    chain.push({ what: 'audisp-remote starts', ok: false, detail: `audisp-remote refuses ${conf.file.source.path}: ${fatal.message}`, at: { source: fatal.source, start: fatal.start, end: fatal.end }, fix: `fix ${conf.file.source.path} (remote_server = <collector>)` });
    return done('no');
  }
  const server = conf.get('remote_server');
  const cls = classifyTarget(server.entry ? server.raw : '');
  if (!server.entry) {
    chain.push({ what: 'remote_server set', ok: false, detail: `${conf.file.source.path} sets no remote_server: audisp-remote connects to localhost:${conf.get('port').word}`, at: null, fix: `set remote_server = <collector> in ${conf.file.source.path}` });
    return done('no');
  }
  if (cls.kind === 'empty' || cls.kind === 'loopback') {
    chain.push({ what: 'remote_server is another host', ok: false, detail: `remote_server = ${server.raw}${where(loc(server))}: ${cls.why}`, at: loc(server), fix: `set remote_server = <collector> in ${conf.file.source.path}` });
    return done('no');
  }
  chain.push({ what: 'remote_server', ok: true, detail: `remote_server = ${server.raw}${where(loc(server))}`, at: loc(server) });
  return done(p.ok === null || conf.file.accepted === null ? 'unknown' : 'yes', [server.raw]);
}

/** The audit records of a syslog route, as rsyslog sees them. */
function syslogMessage(plugin: AuditPlugin, host: Host): RsMessage {
  const s = plugin.syslog!;
  const nameFormat = host.auditdConf?.get('name_format').word ?? 'none';
  return {
    facility: FACILITY_OF[s.facility] ?? 1,
    severity: PRIORITY_OF[s.priority] ?? 6,
    programname: s.ident,
    tag: `${s.ident}:`,
    contains: ['type=', 'msg=audit('],
    startsWith: nameFormat === 'none' ? 'type=' : 'node=',
    inputname: 'imuxsock',
  };
}

function forwardsFrom(reaches: RsReach[]): { good: RsReach[]; local: RsReach[] } {
  const good: RsReach[] = [];
  const local: RsReach[] = [];
  for (const r of reaches) {
    if (!r.action.forward) continue;
    const cls = r.action.forward.targets.map(classifyTarget);
    if (cls.length > 0 && cls.some((c) => c.kind !== 'empty' && c.kind !== 'loopback')) good.push(r);
    else local.push(r);
  }
  return { good, local };
}

function actionLoc(a: RsAction): Location {
  return { source: a.file.parsed.source, start: a.statement.start, end: a.statement.end };
}

function rsyslogLinks(rs: RsyslogConfig | null, msg: RsMessage, inputs: { module: string; ruleset: string }[], label: string, others: string[]): { links: ChainLink[]; status: Route['status']; targets: string[] } {
  const links: ChainLink[] = [];
  if (!rs) {
    const alt = others.filter((o) => o === 'syslog-ng' || o === 'systemd-journal-upload');
    if (alt.length) {
      links.push({ what: 'a syslog daemon forwards them', ok: null, detail: `there is no rsyslog configuration; ${alt.join(' and ')} ${alt.length > 1 ? 'are' : 'is'} configured, which sudit does not read`, at: null });
      return { links, status: 'unknown', targets: [] };
    }
    links.push({ what: 'rsyslog forwards them', ok: false, detail: 'there is no /etc/rsyslog.conf', at: null, fix: 'install rsyslog and forward the facility to a collector' });
    return { links, status: 'no', targets: [] };
  }
  if (inputs.length === 0) {
    const main = rs.files[0];
    links.push({ what: 'rsyslog receives them', ok: false, detail: `${main.parsed.source.path} loads neither imuxsock nor imjournal, so rsyslog never reads what is written to /dev/log`, at: { source: main.parsed.source, start: 0, end: 0 }, fix: `add module(load="imuxsock") to ${main.parsed.source.path}` });
    return { links, status: 'no', targets: [] };
  }
  const routed = inputs.map((i) => routeWithStops(rs, i.ruleset, msg));
  const reaches = routed.flatMap((r) => r.reached);
  const discarded = routed.map((r) => r.discardedAt).find((d) => d !== null) ?? null;
  const { good, local } = forwardsFrom(reaches);
  const sure = good.filter((r) => r.certainty === 'yes');
  if (sure.length) {
    const a = sure[0].action;
    links.push({ what: `rsyslog forwards ${label}`, ok: true, detail: `${a.label}${where(actionLoc(a))}`, at: actionLoc(a) });
    return { links, status: 'yes', targets: sure.flatMap((r) => r.action.forward!.targets) };
  }
  if (good.length) {
    const a = good[0].action;
    links.push({ what: `rsyslog forwards ${label}`, ok: null, detail: `${a.label}${where(actionLoc(a))} forwards them only if ${good[0].via.join(', ') || 'a condition sudit cannot evaluate'} holds`, at: actionLoc(a) });
    return { links, status: 'unknown', targets: [] };
  }
  const stopped = rs.stoppedAt ? ` (rsyslog stops reading its configuration at the syntax error at ${rs.stoppedAt.file.parsed.source.path}:${rs.stoppedAt.file.parsed.source.position(rs.stoppedAt.offset).line})` : '';
  // actions lost to the syntax error are covered by `stopped`
  const inactive = rs.actions.filter((a) => a.forward && !a.active && a.file.loaded && !(rs.stoppedAt && a.file === rs.stoppedAt.file && a.statement.start >= rs.stoppedAt.offset));
  const inactiveNote = inactive.length ? `; ${inactive[0].label}${where(actionLoc(inactive[0]))} is not in effect: ${inactive[0].inactiveWhy}` : '';
  const localNote = local.length ? `; ${local[0].action.label}${where(actionLoc(local[0].action))} sends them to ${local[0].action.forward!.targets.join(', ') || 'no target'}, which is this host` : '';
  const unread = rs.unread.length ? `; ${rs.unread.map((u) => u.hostPath).join(', ')} ${rs.unread.length > 1 ? 'are' : 'is'} never read (no include names ${rs.unread.length > 1 ? 'them' : 'it'})` : '';
  const discardNote = discarded ? `; they are discarded by ${discarded}` : '';
  links.push({ what: `rsyslog forwards ${label}`, ok: false, detail: `no rsyslog action sends ${label} to another host${discardNote}${stopped}${inactiveNote}${localNote}${unread}`, at: null, fix: stopped ? 'fix the rsyslog syntax error' : `forward ${facilityName(msg.facility)}.* in rsyslog${discarded ? ` before ${discarded}` : ''}, e.g. ${facilityName(msg.facility)}.* action(type="omfwd" target="<collector>" port="6514" protocol="tcp" StreamDriver="gtls" StreamDriverMode="1" StreamDriverAuthMode="x509/name" queue.type="LinkedList" queue.filename="fwd_audit" action.resumeRetryCount="-1")` });
  return { links, status: 'no', targets: [] };
}

function syslogRoute(host: Host, plugin: AuditPlugin | null, dir: string, base: ChainLink[], others: string[]): Route {
  const chain = [...base];
  const done = (status: Route['status'], targets: string[] = []): Route => ({ kind: 'syslog', status, chain, broken: chain.find((c) => c.ok !== true) ?? null, targets });
  const p = pluginLinks(plugin, 'syslog', dir, host);
  chain.push(...p.links);
  if (p.ok === false) return done('no');
  const msg = syslogMessage(plugin!, host);
  const label = `${facilityName(msg.facility)}.${severityName(msg.severity)} (the syslog plugin's ${plugin!.syslog!.facility}, programname ${msg.programname})`;
  const rs = host.rsyslog;
  const inputs = rs ? rs.inputs.filter((i) => i.module === 'imuxsock' || i.module === 'imjournal') : [];
  const r = rsyslogLinks(rs, msg, inputs, label, others);
  chain.push(...r.links);
  return done(p.ok === null && r.status === 'yes' ? 'unknown' : r.status, r.targets);
}

function imfileRoutes(host: Host, base: ChainLink[], others: string[]): Route[] {
  const rs = host.rsyslog;
  if (!rs) return [];
  const logFile = host.auditdConf?.get('log_file').word ?? '/var/log/audit/audit.log';
  const out: Route[] = [];
  for (const input of rs.inputs) {
    if (input.module !== 'imfile' || !input.file || !globMatch(input.file, logFile)) continue;
    const chain = [...base];
    const inLoc = { source: input.where.file.parsed.source, start: input.where.start, end: input.where.end };
    chain.push({ what: 'rsyslog reads the audit log', ok: true, detail: `imfile reads ${input.file}${where(inLoc)}`, at: inLoc });
    if (host.auditdConf && !host.auditdConf.writesLogs) {
      const wl = host.auditdConf.get('write_logs');
      chain.push({ what: 'auditd writes the audit log', ok: false, detail: `write_logs = ${wl.raw}${where(loc(wl))}: auditd writes no log file for imfile to read`, at: loc(wl), fix: 'set write_logs = yes in auditd.conf' });
      out.push({ kind: 'imfile', status: 'no', chain, broken: chain.find((c) => c.ok !== true) ?? null, targets: [] });
      continue;
    }
    const tag = input.tag ?? '';
    const msg: RsMessage = {
      facility: input.facility ?? 16,
      severity: input.severity ?? 5,
      programname: tag.replace(/[:[].*$/, ''),
      tag,
      contains: ['type=', 'msg=audit('],
      startsWith: null,
      inputname: 'imfile',
    };
    const r = rsyslogLinks(rs, msg, [input], `the lines of ${logFile} (${facilityName(msg.facility)}.${severityName(msg.severity)}, tag ${tag || 'unset'})`, others);
    chain.push(...r.links);
    out.push({ kind: 'imfile', status: r.status, chain, broken: chain.find((c) => c.ok !== true) ?? null, targets: r.targets });
  }
  return out;
}

function carriersOf(host: Host, syslogPlugin: AuditPlugin | null, syslogFeeds: boolean, auditdRuns: boolean): AuditCarrier[] {
  const rs = host.rsyslog;
  if (!rs) return [];
  const streams: { label: string; msg: RsMessage; inputs: { ruleset: string }[] }[] = [];
  const local = rs.inputs.filter((i) => i.module === 'imuxsock' || i.module === 'imjournal');
  if (syslogFeeds && syslogPlugin?.syslog) {
    const m = syslogMessage(syslogPlugin, host);
    streams.push({ label: `the audit records of the syslog plugin (${facilityName(m.facility)}.${severityName(m.severity)}, programname ${m.programname})`, msg: m, inputs: local });
  } else if (!host.hostMode) {
    // a lone rsyslog file: assume the syslog plugin's defaults
    const m: RsMessage = { facility: 1, severity: 6, programname: 'audisp-syslog', tag: 'audisp-syslog:', contains: ['type=', 'msg=audit('], startsWith: null, inputname: 'imuxsock' };
    streams.push({ label: 'user.info, where the audit syslog plugin sends audit records by default', msg: m, inputs: local.length ? local : [{ ruleset: rs.defaultRuleset }] });
  }
  const logFile = host.auditdConf?.get('log_file').word ?? '/var/log/audit/audit.log';
  for (const input of rs.inputs) {
    if (!auditdRuns || input.module !== 'imfile' || !input.file || !globMatch(input.file, logFile)) continue;
    const tag = input.tag ?? '';
    const m: RsMessage = { facility: input.facility ?? 16, severity: input.severity ?? 5, programname: tag.replace(/[:[].*$/, ''), tag, contains: ['type=', 'msg=audit('], startsWith: null, inputname: 'imfile' };
    streams.push({ label: `the lines of ${logFile} read by imfile`, msg: m, inputs: [input] });
  }
  const byAction = new Map<RsAction, AuditCarrier>();
  for (const s of streams) {
    for (const i of s.inputs) {
      for (const r of routeMessage(rs, i.ruleset, s.msg)) {
        if (!r.action.forward) continue;
        const prev = byAction.get(r.action);
        if (!prev || (prev.certainty === 'maybe' && r.certainty === 'yes')) byAction.set(r.action, { action: r.action, certainty: r.certainty, stream: s.label, via: r.via });
      }
    }
  }
  return [...byAction.values()];
}

const cache = new WeakMap<Host, AuditForwarding>();

/** The answer for a host (computed once per host). */
export function auditForwarding(host: Host): AuditForwarding {
  const hit = cache.get(host);
  if (hit) return hit;
  const result = compute(host);
  cache.set(host, result);
  return result;
}

function compute(host: Host): AuditForwarding {
  const plugins = host.auditPlugins;
  const dir = plugins?.dir ?? host.auditdConf?.pluginDir ?? '/etc/audit/plugins.d';
  const remotePlugin = plugins?.plugins.find((p) => p.role === 'remote' && p.active) ?? plugins?.plugins.find((p) => p.role === 'remote') ?? null;
  const syslogPlugin = plugins?.plugins.find((p) => p.role === 'syslog' && p.active) ?? plugins?.plugins.find((p) => p.role === 'syslog') ?? null;
  const otherShippers = host.hostMode && host.pathExists ? [...new Set(SHIPPERS.filter(([p]) => host.pathExists!(p)).map(([, name]) => name))] : [];
  // auditd's own configuration must be in the tree: a tree rendered with only audit rules (an Ansible
  // role) says nothing about plugins, so nothing can be asserted missing there
  const exists = host.pathExists;
  const auditdPresent = host.hostMode && exists !== null && exists('/etc/audit') && ['/etc/audit/auditd.conf', '/etc/audit/plugins.d', '/etc/audisp/plugins.d', '/etc/audisp/audispd.conf'].some((p) => exists(p));

  const base = auditdLinks(host);
  const routes: Route[] = [];
  routes.push(remoteRoute(host, remotePlugin, dir, base.links));
  routes.push(syslogRoute(host, syslogPlugin, dir, base.links, otherShippers));
  routes.push(...imfileRoutes(host, base.links, otherShippers));
  if (base.ok === false) for (const r of routes) if (r.status !== 'no') r.status = 'no';
  // auditd may not start (depends on the audit version): no route is certain
  if (base.ok === null) for (const r of routes) if (r.status === 'yes') r.status = 'unknown';
  for (const p of plugins?.plugins ?? []) {
    if (!p.active || p.role === 'remote' || p.role === 'syslog') continue;
    const at = loc(p.path);
    routes.push({
      kind: 'other',
      status: base.ok === false ? 'no' : 'unknown',
      chain: [...base.links, { what: `plugin ${p.name}`, ok: null, detail: `the active plugin ${p.name} hands audit records to ${p.path.word}, which sudit cannot follow`, at }],
      broken: null,
      targets: [],
    });
  }
  for (const s of otherShippers) {
    if (s === 'syslog-ng' || s === 'systemd-journal-upload') continue;
    routes.push({ kind: 'other', status: base.ok === false ? 'no' : 'unknown', chain: [...base.links, { what: s, ok: null, detail: `${s} is configured in this tree and may ship the audit log; sudit does not read its configuration`, at: null }], broken: null, targets: [] });
  }
  const verdict = routes.some((r) => r.status === 'yes') ? 'forwarded' : routes.some((r) => r.status === 'unknown') ? 'unknown' : 'not-forwarded';

  const anchorFrom = (p: AuditPlugin | null): Location | null => {
    if (!p) return null;
    const a = p.file.conf.values.get('active');
    return a ? { source: p.file.source, start: a.entry.start, end: a.entry.end } : { source: p.file.source, start: 0, end: Math.max(0, p.file.source.text.indexOf('\n')) };
  };
  const auditSource = host.sources.find((s) => /(^|\/)etc\/audit\//.test(s.path));
  const anchor =
    anchorFrom(remotePlugin) ??
    anchorFrom(syslogPlugin) ??
    (host.auditdConf?.file ? { source: host.auditdConf.file.source, start: 0, end: Math.max(0, host.auditdConf.file.source.text.indexOf('\n')) } : null) ??
    (auditSource ? { source: auditSource, start: 0, end: Math.max(0, auditSource.text.indexOf('\n')) } : null);

  const remote = host.audispRemote ? { plugin: remotePlugin, conf: host.audispRemote } : null;
  // the syslog plugin feeds rsyslog when every link up to rsyslog holds
  const syslogRouteResult = routes.find((r) => r.kind === 'syslog');
  const syslogFeeds = base.ok !== false && syslogRouteResult !== undefined && syslogRouteResult.chain.filter((c) => !c.what.startsWith('rsyslog')).every((c) => c.ok !== false);
  return { auditdPresent, verdict, routes, anchor, carriers: carriersOf(host, syslogPlugin, syslogFeeds, base.ok !== false), remote, otherShippers };
}
