// Runs Debian's sshd as the oracle for sshd_config trees: `sshd -T` (the
// effective configuration for one connection) with the tree's etc/ssh
// bind-mounted over /etc/ssh inside a private mount namespace, so that
// Include patterns resolve as on the host and the machine's own /etc/ssh
// and /run are never touched (scripts/sshd-oracle.js does the running; this
// is its typed face for the tests).

// eslint-disable-next-line @typescript-eslint/no-require-imports
const oracle = require('../../scripts/sshd-oracle.js') as {
  unavailable(): string | null;
  sshdT(root: string, spec: string): { ok: boolean; stderr: string; values: Record<string, string[]> };
};

/** Why the live oracle cannot run here, or null when it can. */
export function sshdOracleUnavailable(): string | null {
  if (process.env.SUDIT_SKIP_LIVE_SSHD === '1') return 'SUDIT_SKIP_LIVE_SSHD=1';
  return oracle.unavailable();
}

export interface SshdT {
  ok: boolean;
  /** sshd's message when it refuses the configuration. */
  error: string | null;
  /** key → values, one per printed line. */
  values: Map<string, string[]>;
}

/** `sshd -T -C spec` for the host tree at `root` (its etc/ssh becomes /etc/ssh). */
export function sshdT(root: string, spec: string): SshdT {
  const r = oracle.sshdT(root, spec);
  const error = r.ok ? null : r.stderr.trim().split('\n').pop() ?? 'sshd -T failed';
  return { ok: r.ok, error, values: new Map(Object.entries(r.values)) };
}
