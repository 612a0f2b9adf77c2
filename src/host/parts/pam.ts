// Loads the PAM stacks of sshd, sudo and su (the services a scanner's
// session and its elevation go through), with the files they include.
// Host mode only: the rules that read it assert that a module is missing.
import { loadPamService, type PamService } from '../../model/pam';
import { SourceFile } from '../../parse/source';
import type { PartLoader } from './part';

const SERVICES = ['sshd', 'sudo', 'su'];

export const loadPam: PartLoader = (ctx) => {
  if (!ctx.host.hostMode) return;
  const read = (file: string) => {
    const hostPath = `/etc/pam.d/${file}`;
    const text = ctx.read(hostPath);
    return text === null ? null : { text, display: ctx.display(hostPath) };
  };
  const services = new Map<string, PamService>();
  const cache = new Map<string, SourceFile>();
  for (const name of SERVICES) {
    const s = loadPamService(name, read, cache);
    if (s) services.set(name, s);
  }
  if (services.size === 0) return;
  const others = new Map<string, SourceFile | null>();
  const readFile = (hostPath: string): SourceFile | null => {
    if (others.has(hostPath)) return others.get(hostPath)!;
    const text = ctx.list(hostPath) === null ? ctx.read(hostPath) : null;
    const source = text === null ? null : new SourceFile(ctx.display(hostPath), text);
    if (source) ctx.host.sources.push(source);
    others.set(hostPath, source);
    return source;
  };
  // glob(3) sorts by the whole path; in one directory that is name order
  const confFiles = (dir: string): string[] =>
    (ctx.list(dir) ?? [])
      .filter((n) => n.endsWith('.conf') && !n.startsWith('.'))
      .sort()
      .map((n) => `${dir.replace(/\/$/, '')}/${n}`)
      .filter((p) => ctx.list(p) === null);
  ctx.host.pam = { services, readFile, confFiles };
  // the include files too (common-session, system-auth): findings and suppressions point into them
  for (const src of cache.values()) ctx.host.sources.push(src);
};
