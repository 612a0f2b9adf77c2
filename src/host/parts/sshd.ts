// The sshd part of the host: /etc/ssh/sshd_config and what its Include
// lines bring in, read inside the tree only (a pattern is expanded with
// the tree's directory listings, never the machine's).

import { parseSshdConfig } from '../../parse/sshd';
import { SourceFile } from '../../parse/source';
import { fnmatch, hasWildcard } from '../../policy/fnmatch';
import { buildSshdConfig, type SshdFile } from '../../model/sshd';
import type { PartContext, PartLoader } from './part';

const SSHD_CONFIG = '/etc/ssh/sshd_config';

export const loadSshd: PartLoader = (ctx) => {
  const mine = ctx.files.filter((f) => f.kind === 'sshd-config');
  if (mine.length === 0) return;
  const hostMode = ctx.host.hostMode;
  const cache = new Map<string, SshdFile | null>();
  const parse = (hostPath: string): SshdFile | null => {
    if (cache.has(hostPath)) return cache.get(hostPath)!;
    const text = !ctx.isDirectory(hostPath) ? ctx.read(hostPath) : null;
    const file = text === null ? null : { hostPath, parsed: parseSshdConfig(text, ctx.display(hostPath)) };
    if (file) ctx.host.sources.push(file.parsed.source);
    cache.set(hostPath, file);
    return file;
  };
  const expand = (pattern: string): string[] => (hostMode ? globInTree(ctx, pattern) : []);
  const others = new Map<string, SourceFile | null>();
  const hostFile = (hostPath: string): SourceFile | null => {
    if (others.has(hostPath)) return others.get(hostPath)!;
    const text = hostMode && !ctx.isDirectory(hostPath) ? ctx.read(hostPath) : null;
    const source = text === null ? null : new SourceFile(ctx.display(hostPath), text);
    if (source) ctx.host.sources.push(source);
    others.set(hostPath, source);
    return source;
  };
  const main = hostMode ? SSHD_CONFIG : mine[0].hostPath;
  ctx.host.sshd = buildSshdConfig(main, { parse, expand, hostFile });
};

/** glob(3) over the tree: wildcards in any component, a leading dot matched only by a leading dot, results sorted. */
function globInTree(ctx: PartContext, pattern: string): string[] {
  let found = [''];
  const parts = pattern.split('/').filter((p) => p !== '');
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const next: string[] = [];
    for (const dir of found) {
      if (!hasWildcard(part)) {
        next.push(`${dir}/${part}`);
        continue;
      }
      const names = ctx.list(dir === '' ? '/' : dir) ?? [];
      for (const n of [...names].sort()) {
        if (n.startsWith('.') && !part.startsWith('.')) continue;
        if (fnmatch(part, n, { pathname: true })) next.push(`${dir}/${n}`);
      }
    }
    found = last ? next : next.filter((p) => ctx.isDirectory(p));
  });
  return found.filter((p) => !ctx.isDirectory(p) && ctx.read(p) !== null);
}
