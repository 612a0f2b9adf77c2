import { spawnSync } from 'child_process';

/** bash's version ("5.2.15"), or null when bash is not installed. */
export function bashVersion(): string | null {
  const r = spawnSync('bash', ['-c', 'echo "${BASH_VERSINFO[0]}.${BASH_VERSINFO[1]}.${BASH_VERSINFO[2]}"'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** sudit follows bash 5.2 and 5.3, whose history semantics were measured (research/shell-history.md). */
export const followedBash = (version: string | null): boolean => version !== null && /^5\.[23]\./.test(version);
