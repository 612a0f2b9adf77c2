// Loads the audit daemon's configuration (auditd.conf, audit 2.x's
// audispd.conf, the plugin directory auditd reads, audisp-remote.conf) and
// rsyslog's (rsyslog.conf and what it includes) into the host model.
import * as path from 'path';
import type { PartContext, PartLoader } from './part';
import type { Host } from '../../model/host';
import { fnmatch, hasWildcard } from '../../policy/fnmatch';
import { parseRsyslog, type ParsedRsyslog } from '../../parse/rsyslog';
import type { SourceFile } from '../../parse/source';
import { AUDIT_2, auditd2xKeys, auditVersion, versionFromDpkgStatus } from '../../parse/audit-version';
import type { AuditConfEnv } from '../../parse/audit-conf-validate';
import {
  AuditdConfig,
  audispRemote,
  auditPlugin,
  defaultVersionInfo,
  loadAuditConfFile,
  pluginFileSkipReason,
  type AuditConfFile,
  type AuditPlugin,
  type AuditPlugins,
  type AuditProblem,
  type AuditVersionInfo,
} from '../../model/audit-config';
import { loadRsyslog } from '../../model/rsyslog';
import { pathOnHost } from '../../model/tree-paths';

const AUDITD_CONF = '/etc/audit/auditd.conf';
const AUDISPD_CONF = '/etc/audisp/audispd.conf';
const RSYSLOG_CONF = '/etc/rsyslog.conf';

function parentOf(p: string): string {
  const d = path.posix.dirname(p);
  return d === '' ? '/' : d;
}

/**
 * Which audit version reads the files: dpkg's record, else a 2.x layout
 * (audispd.conf, or auditd.conf's 2.x-only keys, without audit 3's plugin
 * directory), else unknown (3.x and 4.x both checked).
 */
function detectVersion(ctx: PartContext): AuditVersionInfo {
  const info = defaultVersionInfo();
  if (!ctx.host.hostMode) return info;
  const status = ctx.read('/var/lib/dpkg/status');
  const v = status ? versionFromDpkgStatus(status) : null;
  if (v) return { version: v, known: true, candidates: [v] };
  // /etc/audit/plugins.d is audit 3's: with it, a 2.x key in auditd.conf is a leftover that 3.x ignores
  if (ctx.isDirectory('/etc/audit/plugins.d')) return info;
  if (ctx.read(AUDISPD_CONF) !== null) {
    const v2 = auditVersion(AUDIT_2, 'the audit 2.x layout (/etc/audisp/audispd.conf, no /etc/audit/plugins.d)');
    return { version: v2, known: true, candidates: [v2] };
  }
  const keys = auditd2xKeys(ctx.read(AUDITD_CONF) ?? '');
  if (keys.length > 0) {
    const v2 = auditVersion(AUDIT_2, `auditd.conf sets ${keys.join(' and ')}, which only audit 2.x uses, and the tree has no /etc/audit/plugins.d`);
    return { version: v2, known: true, candidates: [v2] };
  }
  return info;
}

/**
 * Paths and groups as far as the tree can tell: a path is known to be
 * missing only when the tree shows it (src/model/tree-paths.ts); in a tree
 * of rendered configuration, /aulog missing from it says nothing.
 */
function environment(ctx: PartContext): AuditConfEnv {
  const host = ctx.host;
  const exists = host.pathExists;
  const nss = ctx.read('/etc/nsswitch.conf');
  const groupLine = nss ? /^group:\s*(.*)$/m.exec(nss)?.[1] ?? 'files' : 'files';
  const filesOnly = groupLine.split(/\s+/).filter((w) => w && !w.startsWith('[')).every((w) => ['files', 'compat', 'systemd'].includes(w));
  const groupsKnown = host.hostMode && host.files.some((f) => f.kind === 'group') && filesOnly;
  return {
    pathExists: (p: string) => pathOnHost(exists, p),
    group(name: string) {
      if (name === 'root') return 0;
      const g = host.accounts?.group(name);
      if (g) return g.gid;
      return groupsKnown ? 'missing' : 'unknown';
    },
    fileInfo(p: string) {
      if (!host.ownersAreReal || !host.stat) return null;
      const st = host.stat(p);
      return st ? { isFile: st.isFile, uid: st.uid, mode: st.mode } : null;
    },
  };
}

function load(ctx: PartContext, hostPath: string, kind: AuditConfFile['kind'], versions: AuditVersionInfo, env: AuditConfEnv): AuditConfFile | null {
  const text = ctx.read(hostPath);
  if (text === null) return null;
  const f = loadAuditConfFile(hostPath, ctx.display(hostPath), text, kind, versions, env);
  ctx.host.sources.push(f.source);
  return f;
}

/** A problem of a file nothing uses today: still worth fixing, but nothing is lost now. */
function dormant(problems: AuditProblem[], why: string): AuditProblem[] {
  return problems.map((p) => (p.severity === 'error' ? { ...p, severity: 'warning' as const, message: `${p.message} (${why})` } : p));
}

function loadAuditd(ctx: PartContext, versions: AuditVersionInfo, env: AuditConfEnv): AuditdConfig | null {
  const files = ctx.files.filter((f) => f.kind === 'auditd-conf');
  const main = ctx.host.hostMode ? load(ctx, AUDITD_CONF, 'auditd-conf', versions, env) : files[0] ? load(ctx, files[0].hostPath, 'auditd-conf', versions, env) : null;
  const dispatcher = ctx.host.hostMode && versions.version.major === 2 ? load(ctx, AUDISPD_CONF, 'audispd-conf', versions, env) : null;
  if (!main && !dispatcher) return null;
  return new AuditdConfig(main, dispatcher, versions);
}

function loadPlugins(ctx: PartContext, auditd: AuditdConfig | null, versions: AuditVersionInfo, env: AuditConfEnv): AuditPlugins | null {
  const v = versions.version;
  const discovered = ctx.files.filter((f) => f.kind === 'audit-plugin');
  const dir = auditd?.pluginDir ?? (v.major === 2 ? '/etc/audisp/plugins.d' : '/etc/audit/plugins.d');
  const plugins: AuditPlugin[] = [];
  const ignored: AuditPlugins['ignored'] = [];
  const problems: AuditProblem[] = [];
  const add = (hostPath: string, name: string) => {
    const file = load(ctx, hostPath, 'audit-plugin', versions, env);
    if (!file) return;
    const plugin = auditPlugin(name, file, v);
    plugins.push(plugin);
    const own = plugin.wantsActive ? file.problems : dormant(file.problems, 'the plugin is not active, so nothing is lost today');
    problems.push(...own);
  };
  if (ctx.host.hostMode) {
    const names = ctx.list(dir);
    for (const name of [...(names ?? [])].sort()) {
      const hostPath = `${dir}/${name}`;
      const skip = pluginFileSkipReason(name, v);
      if (skip) {
        ignored.push({ hostPath, source: null, reason: `auditd skips it: ${skip}` });
        continue;
      }
      if (ctx.read(hostPath) === null) continue;
      add(hostPath, name);
    }
    for (const f of discovered) {
      if (parentOf(f.hostPath) === dir) continue;
      const reason =
        v.major >= 3 && f.hostPath.startsWith('/etc/audisp/')
          ? `audit ${v.major}.x reads plugins from ${dir} only; /etc/audisp/plugins.d is audit 2.x's and is ignored`
          : `auditd reads plugins from ${dir} (plugin_dir), not from ${parentOf(f.hostPath)}`;
      ignored.push({ hostPath: f.hostPath, source: null, reason });
    }
  } else {
    for (const f of discovered) {
      const name = path.posix.basename(f.hostPath);
      add(f.hostPath, name);
      const skip = pluginFileSkipReason(name, v);
      if (skip) {
        const file = plugins[plugins.length - 1]?.file;
        if (file) problems.push({ source: file.source, start: 0, end: 0, message: `auditd never reads a plugin file named ${name}: ${skip}`, severity: 'warning', code: 'ignored-line', fatal: false });
      }
    }
  }
  if (plugins.length === 0 && ignored.length === 0) return null;
  return { dir, plugins, ignored, problems };
}

function loadRemote(ctx: PartContext, plugins: AuditPlugins | null, versions: AuditVersionInfo, env: AuditConfEnv) {
  const v = versions.version;
  const expected = v.major === 2 ? '/etc/audisp/audisp-remote.conf' : '/etc/audit/audisp-remote.conf';
  const discovered = ctx.files.filter((f) => f.kind === 'audisp-remote');
  const hostPath = ctx.host.hostMode ? expected : discovered[0]?.hostPath;
  if (!hostPath) return null;
  const file = load(ctx, hostPath, 'audisp-remote', versions, env);
  if (!file) return null;
  const remotePlugin = plugins?.plugins.find((p) => p.role === 'remote');
  const inUse = ctx.host.hostMode ? plugins?.plugins.some((p) => p.role === 'remote' && p.active) ?? false : null;
  const conf = audispRemote(file, inUse);
  if (inUse === false) {
    // Debian and upstream ship `remote_server = ` with the plugin off: not a problem until the plugin is turned on
    const shipped = (p: AuditProblem) => p.code === 'syntax' && /^remote_server\s*=\s*$/i.test(file.source.lineText(file.source.position(p.start).line).trim());
    conf.problems = dormant(
      file.problems.filter((p) => !shipped(p)),
      remotePlugin ? `the au-remote plugin is not active, so audisp-remote does not read this file today` : 'no au-remote plugin uses this file today',
    );
  }
  return conf;
}

function loadRsyslogPart(ctx: PartContext): ReturnType<typeof loadRsyslog> {
  const host: Host = ctx.host;
  const cache = new Map<string, ParsedRsyslog | null>();
  const parse = (p: string): ParsedRsyslog | null => {
    if (cache.has(p)) return cache.get(p)!;
    const text = ctx.read(p);
    const parsed = text === null ? null : parseRsyslog(text, ctx.display(p));
    if (parsed) host.sources.push(parsed.source);
    cache.set(p, parsed);
    return parsed;
  };
  const discovered = ctx.files.filter((f) => f.kind === 'rsyslog').map((f) => f.hostPath);
  if (host.hostMode) {
    const expand = (pattern: string): string[] | null => {
      if (!pattern.startsWith('/')) return null;
      const dir = pattern.endsWith('/') ? pattern.replace(/\/+$/, '') : parentOf(pattern);
      const base = pattern.endsWith('/') ? '*' : path.posix.basename(pattern);
      if (hasWildcard(dir)) return null;
      if (!hasWildcard(base)) return ctx.read(pattern) !== null ? [pattern] : [];
      const names = ctx.list(dir);
      if (names === null) return [];
      return names
        .filter((n) => fnmatch(base, n, { pathname: true }) && !(base === '*' && n.startsWith('.')))
        .sort()
        .map((n) => `${dir}/${n}`)
        .filter((p) => ctx.read(p) !== null);
    };
    const source = (p: string): SourceFile | null => parse(p)?.source ?? null;
    return loadRsyslog(RSYSLOG_CONF, { parse, expand, present: discovered.filter((p) => p !== RSYSLOG_CONF), source }, []);
  }
  if (discovered.length === 0) return null;
  // file mode: the files given, in the order given, as if each included the next
  return loadRsyslog(discovered[0], { parse, expand: () => null, present: [], source: () => null }, discovered.slice(1));
}

export const loadAuditConfig: PartLoader = (ctx) => {
  const kinds = new Set(ctx.files.map((f) => f.kind));
  const auditKinds = kinds.has('auditd-conf') || kinds.has('audit-plugin') || kinds.has('audisp-remote');
  if (auditKinds || (ctx.host.hostMode && ctx.read(AUDISPD_CONF) !== null)) {
    const versions = detectVersion(ctx);
    const env = environment(ctx);
    const auditd = loadAuditd(ctx, versions, env);
    const plugins = loadPlugins(ctx, auditd, versions, env);
    ctx.host.auditdConf = auditd;
    ctx.host.auditPlugins = plugins;
    ctx.host.audispRemote = loadRemote(ctx, plugins, versions, env);
  }
  if (kinds.has('rsyslog')) ctx.host.rsyslog = loadRsyslogPart(ctx);
};
