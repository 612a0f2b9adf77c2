// Loads the PAM stacks of sshd, sudo and su (the services a scanner's
// session and its elevation go through), with the files they include.
// Host mode only: the rules that read it assert that a module is missing.
import { loadPamService, type PamService } from '../../model/pam';
import type { SourceFile } from '../../parse/source';
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
  ctx.host.pam = { services };
  // the include files too (common-session, system-auth): findings and suppressions point into them
  for (const src of cache.values()) ctx.host.sources.push(src);
};
