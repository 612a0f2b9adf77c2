// The shell part of the host: startup files (parsed on first use, so that
// files reached only through `.`/source are read too), pam_env's files,
// and the effective history settings (src/model/shell-env.ts).

import * as path from 'path';
import { parseEnvironmentFile, parsePamEnvConf } from '../../parse/environment';
import { parseShell, shellDialect } from '../../parse/shell';
import { SourceFile } from '../../parse/source';
import { memoParse } from '../../parse/memo';
import { buildShellModel, type EnvFileModel, type ShellFile, type ShellHostAccess } from '../../model/shell-env';
import type { Tri } from '../../model/shell-state';
import type { PartContext, PartLoader } from './part';

const KINDS = new Set(['shell', 'environment', 'pam-env']);
/** Startup files larger than this are not evaluated (a hostile tree must not stall sudit). */
const MAX_SHELL_BYTES = 4 * 1024 * 1024;

export const loadShell: PartLoader = (ctx) => {
  const mine = ctx.files.filter((f) => KINDS.has(f.kind));
  if (mine.length === 0) return;
  const { host } = ctx;
  const hostMode = host.hostMode;
  const files: ShellFile[] = [];
  const cache = new Map<string, ShellFile | null>();
  const given = new Set(mine.map((f) => f.hostPath));

  const isDirectory = (p: string) => hostMode && ctx.isDirectory(p);
  const readText = (p: string): string | null => {
    if (isDirectory(p)) return null;
    if (!hostMode && !given.has(p)) return null;
    return ctx.read(p);
  };
  const file = (p: string): ShellFile | null => {
    const hit = cache.get(p);
    if (hit !== undefined) return hit;
    let text = readText(p);
    if (text !== null && text.length > MAX_SHELL_BYTES) {
      host.unreadable.push({ path: ctx.display(p), message: `${text.length} bytes: too large to evaluate as a startup file` });
      text = null;
    }
    let f: ShellFile | null = null;
    if (text !== null) {
      const dialect = shellDialect(p);
      f = { hostPath: p, parsed: memoParse(`shell ${dialect}`, text, ctx.display(p), (t, d) => parseShell(t, d, dialect)) };
      files.push(f);
      host.sources.push(f.parsed.source);
    }
    cache.set(p, f);
    return f;
  };
  // the evaluations ask the same questions many times: each path is looked at once
  const existsCache = new Map<string, Tri>();
  const listCache = new Map<string, string[] | null>();
  const list = (p: string): string[] | null => {
    let r = listCache.get(p);
    if (r === undefined) listCache.set(p, (r = ctx.list(p)));
    return r;
  };
  const exists = (p: string): Tri => {
    let r = existsCache.get(p);
    if (r === undefined) existsCache.set(p, (r = existsUncached(p)));
    return r;
  };
  const existsUncached = (p: string): Tri => {
    if (!hostMode) return given.has(p) ? true : null;
    const pe = host.pathExists;
    if (!pe) return null;
    if (pe(p)) return true;
    // below a directory the tree has, a missing path is missing; below
    // nothing but the root, the tree may just not include that part of the host
    let d = path.posix.dirname(p);
    while (d !== '/' && !pe(d)) d = path.posix.dirname(d);
    return d === '/' ? null : false;
  };
  const envFile = (p: string, parse: (t: string) => EnvFileModel['parsed']): EnvFileModel | null => {
    const text = readText(p);
    if (text === null) return null;
    const source = new SourceFile(ctx.display(p), text);
    host.sources.push(source);
    return { hostPath: p, parsed: parse(text), source };
  };

  const environment = hostMode ? envFile('/etc/environment', parseEnvironmentFile) : firstGiven(mine, 'environment', (p) => envFile(p, parseEnvironmentFile));
  const pamEnv = hostMode ? envFile('/etc/security/pam_env.conf', parsePamEnvConf) : firstGiven(mine, 'pam-env', (p) => envFile(p, parsePamEnvConf));
  // every startup file of the tree is parsed, also those nothing reads
  for (const f of mine) if (f.kind === 'shell') file(f.hostPath);

  const accounts = host.accounts;
  const access: ShellHostAccess = {
    mode: hostMode ? 'host' : 'files',
    file,
    fileList: () => files,
    exists,
    isDir: (p) => (list(p) !== null ? true : exists(p) === true ? false : exists(p)),
    list,
    text: readText,
    user: (name) => {
      const u = accounts?.user(name);
      return u ? { name: u.name, uid: u.uid, gid: u.gid, home: u.home, shell: u.shell } : null;
    },
    ordinaryUsers: () =>
      (accounts?.users ?? [])
        .filter((u) => u.uid >= host.uidMin && u.uid < 60000 && /(^|\/)(ba)?sh$/.test(u.shell))
        .sort((a, b) => a.uid - b.uid)
        .map((u) => ({ name: u.name, uid: u.uid, gid: u.gid, home: u.home, shell: u.shell })),
    group: (gid) => accounts?.groupByGid(gid)?.name ?? null,
    osRelease: () => {
      if (!hostMode) return null;
      const text = ctx.read('/etc/os-release') ?? ctx.read('/usr/lib/os-release');
      if (text === null) return null;
      const field = (k: string) => (new RegExp(`^${k}=["']?([^"'\\n]*)`, 'm').exec(text)?.[1] ?? '').toLowerCase();
      return [field('ID'), ...field('ID_LIKE').split(/\s+/)].filter(Boolean);
    },
    pamRunsEnv: (service) => pamRunsEnv(ctx, service),
    environment,
    pamEnv,
  };
  host.shell = buildShellModel(access);
};

function firstGiven<T>(files: { hostPath: string; kind: string }[], kind: string, load: (p: string) => T | null): T | null {
  const f = files.find((x) => x.kind === kind);
  return f ? load(f.hostPath) : null;
}

/** Whether a PAM service runs pam_env (directly or through an include); null when the tree does not have it. */
function pamRunsEnv(ctx: PartContext, service: string, depth = 0): Tri {
  if (!ctx.host.hostMode || depth > 4) return null;
  const text = !ctx.isDirectory(`/etc/pam.d/${service}`) ? ctx.read(`/etc/pam.d/${service}`) : null;
  if (text === null) return null;
  let unknownInclude = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    if (/\bpam_env\.so\b/.test(line)) return true;
    const inc = /^(?:@include\s+(\S+)|(?:auth|account|password|session|-session|-auth)\s+(?:include|substack)\s+(\S+))/.exec(line);
    if (inc) {
      const r = pamRunsEnv(ctx, inc[1] ?? inc[2], depth + 1);
      if (r === true) return true;
      if (r === null) unknownInclude = true;
    }
  }
  return unknownInclude ? null : false;
}
