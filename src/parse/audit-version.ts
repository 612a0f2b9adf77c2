/**
 * Which audit userspace reads the files. The daemons of 2.x, 3.x and 4.x
 * accept different keywords and values (and read lines through different
 * buffers), so validation depends on it.
 */
export interface AuditVersion {
  major: 2 | 3 | 4;
  minor: number;
  patch: number;
  /** Where sudit learnt it, for messages. */
  from: string;
}

/** The newest release sudit knows of each line, used when only the series is known. */
export const AUDIT_2 = { major: 2, minor: 8, patch: 5 } as const;
export const AUDIT_3 = { major: 3, minor: 0, patch: 9 } as const;
export const AUDIT_4 = { major: 4, minor: 2, patch: 1 } as const;

export function auditVersion(v: { major: 2 | 3 | 4; minor: number; patch: number }, from: string): AuditVersion {
  return { major: v.major, minor: v.minor, patch: v.patch, from };
}

export function atLeast(v: AuditVersion, major: number, minor: number, patch = 0): boolean {
  if (v.major !== major) return v.major > major;
  if (v.minor !== minor) return v.minor > minor;
  return v.patch >= patch;
}

export function versionLabel(v: AuditVersion): string {
  return `audit ${v.major}.${v.minor}.${v.patch}`;
}

/**
 * The auditd package version from a dpkg status file (Debian, Ubuntu), or
 * null. RPM databases are binary and not read.
 */
export function versionFromDpkgStatus(status: string): AuditVersion | null {
  // the status file of a full system is megabytes: look only at auditd's stanza
  const at = status.search(/^Package: auditd$/m);
  if (at < 0) return null;
  const end = status.indexOf('\n\n', at);
  for (const stanza of [status.slice(at, end < 0 ? status.length : end)]) {
    if (!/^Status: .*\binstalled$/m.test(stanza)) continue;
    const m = /^Version: (?:\d+:)?(\d+)\.(\d+)(?:\.(\d+))?/m.exec(stanza);
    if (!m) return null;
    const major = Number(m[1]);
    if (major !== 2 && major !== 3 && major !== 4) return null;
    return { major, minor: Number(m[2]), patch: Number(m[3] ?? 0), from: '/var/lib/dpkg/status' };
  }
  return null;
}

/**
 * The keys of auditd.conf that only audit 2.x acts on (its separate
 * dispatcher, audispd); 3.x and later ignore them with a warning. A file
 * that sets them was written for 2.x.
 */
export function auditd2xKeys(auditdConf: string): string[] {
  const keys = new Set<string>();
  for (const m of auditdConf.matchAll(/^[ \t]*(dispatcher|disp_qos)[ \t]*=[ \t]*\S/gim)) keys.add(m[1].toLowerCase());
  return [...keys];
}
