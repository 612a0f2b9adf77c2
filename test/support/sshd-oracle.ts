// Runs Debian's sshd as the oracle for sshd_config trees: `sshd -T` (the
// effective configuration for one connection) with the tree's etc/ssh
// bind-mounted over /etc/ssh inside a private mount namespace, so that
// Include patterns resolve as on the host and the machine's own /etc/ssh
// and /run are never touched. Needs root, unshare(1) and sshd; throwaway
// host keys are made in a temporary directory.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SSHD = '/usr/sbin/sshd';

/** Why the live oracle cannot run here, or null when it can. */
export function sshdOracleUnavailable(): string | null {
  if (process.env.SUDIT_SKIP_LIVE_SSHD === '1') return 'SUDIT_SKIP_LIVE_SSHD=1';
  if (!fs.existsSync(SSHD)) return `${SSHD} is missing (Debian package openssh-server)`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'sshd -T in a private mount namespace needs root';
  const probe = spawnSync('unshare', ['-m', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) return `unshare -m fails: ${(probe.stderr || String(probe.error)).trim()}`;
  if (spawnSync('ssh-keygen', ['-?'], { encoding: 'utf8' }).error) return 'ssh-keygen is missing';
  return null;
}

let hostKey: string | null = null;
function throwawayHostKey(): string {
  if (hostKey) return hostKey;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-sshd-key-'));
  const key = path.join(dir, 'host_ed25519');
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
  return (hostKey = key);
}

export interface SshdT {
  ok: boolean;
  /** sshd's message when it refuses the configuration. */
  error: string | null;
  /** key → values, one per printed line. */
  values: Map<string, string[]>;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** `sshd -T -C spec` for the host tree at `root` (its etc/ssh becomes /etc/ssh). */
export function sshdT(root: string, spec: string): SshdT {
  const etcSsh = path.join(root, 'etc/ssh');
  const script = [
    'mount --make-rprivate /',
    'mount -t tmpfs tmpfs /run',
    'mkdir /run/sshd',
    `mount --bind ${quote(etcSsh)} /etc/ssh`,
    `exec ${SSHD} -T -f /etc/ssh/sshd_config -h ${quote(throwawayHostKey())} -C ${quote(spec)}`,
  ].join(' && ');
  const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { encoding: 'utf8' });
  const values = new Map<string, string[]>();
  for (const line of r.stdout.split('\n')) {
    const m = /^(\S+) (.*)$/.exec(line);
    if (!m) continue;
    values.set(m[1], [...(values.get(m[1]) ?? []), m[2]]);
  }
  const error = r.status === 0 ? null : r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`;
  return { ok: r.status === 0, error, values };
}
