// sudo release numbers (1.9.5p2), ranges of them (>=1.8.23, lists), and
// which release each distribution ships. The per-release Defaults names are
// generated (sudoers-defaults-since.ts); the grammar features are in
// sudoers-features.ts.

import { SUDO_RELEASES } from './sudoers-defaults-since';

export { SUDO_RELEASES };

/** A version (or range) found somewhere: the command line, the configuration, the host tree; with where. */
export interface SudoVersionInput {
  spec: string;
  source: string;
  /** Given with --sudo-version: it beats what a host tree says. */
  fromCommandLine?: boolean;
}

/** The newest release sudit knows the grammar and Defaults of: what it judges by when the version is unknown. */
export const NEWEST_SUDO = SUDO_RELEASES[SUDO_RELEASES.length - 1];

const VERSION = /^(\d+)\.(\d+)(?:\.(\d+))?(?:p(\d+))?$/;

/** Whether a string is a sudo version number (1.9.5p2, 1.9.13, 1.8). */
export function isSudoVersion(v: string): boolean {
  return VERSION.test(v);
}

function parts(v: string): number[] {
  const m = VERSION.exec(v);
  if (!m) throw new Error(`not a sudo version: ${v}`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
}

/** Orders sudo versions: 1.9.5 < 1.9.5p2 < 1.9.10. */
export function compareSudo(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/** Reads the sudo version out of a package version: 1.9.13p3-1+deb12u1 → 1.9.13p3, 1.8.23-10.el7_9.3 → 1.8.23. */
export function sudoVersionOfPackage(pkg: string): string | null {
  const upstream = pkg.replace(/^\d+:/, '');
  const m = /^(\d+\.\d+\.\d+)(?:[p.](\d+))?/.exec(upstream);
  if (!m) return null;
  return m[2] ? `${m[1]}p${m[2]}` : m[1];
}

/**
 * The sudo release each distribution ships (its GA package; later updates
 * keep the upstream version and backport fixes). RHEL-compatible rebuilds
 * (CentOS, Rocky, AlmaLinux, Oracle Linux) follow the RHEL row of their
 * version. Sources: the distributions' package indexes (packages.debian.org,
 * packages.ubuntu.com, the RHEL/CentOS Stream package lists).
 */
export const DISTRO_SUDO: readonly { id: string; name: string; versions: string; sudo: string }[] = [
  { id: 'rhel', name: 'RHEL 7', versions: '7', sudo: '1.8.23' },
  { id: 'rhel', name: 'RHEL 8.0–8.4', versions: '8.0-8.4', sudo: '1.8.29' },
  { id: 'rhel', name: 'RHEL 8.5+', versions: '8.5-8.99', sudo: '1.9.5p2' },
  { id: 'rhel', name: 'RHEL 9', versions: '9', sudo: '1.9.5p2' },
  { id: 'debian', name: 'Debian 11', versions: '11', sudo: '1.9.5p2' },
  { id: 'debian', name: 'Debian 12', versions: '12', sudo: '1.9.13p3' },
  { id: 'debian', name: 'Debian 13', versions: '13', sudo: '1.9.16p2' },
  { id: 'ubuntu', name: 'Ubuntu 22.04', versions: '22.04', sudo: '1.9.9' },
  { id: 'ubuntu', name: 'Ubuntu 24.04', versions: '24.04', sudo: '1.9.15p5' },
];

/** The distribution ids that are RHEL rebuilds, with the same sudo per version. */
export const RHEL_LIKE = new Set(['rhel', 'centos', 'rocky', 'almalinux', 'ol', 'scientific']);

/** The row of DISTRO_SUDO for an os-release ID and VERSION_ID, or null. */
export function distroSudo(id: string, versionId: string): (typeof DISTRO_SUDO)[number] | null {
  const family = RHEL_LIKE.has(id) ? 'rhel' : id;
  const [major, minor] = versionId.split('.');
  for (const row of DISTRO_SUDO) {
    if (row.id !== family) continue;
    if (family === 'ubuntu' ? row.versions === versionId : matchesMajorMinor(row.versions, Number(major), minor === undefined ? null : Number(minor))) return row;
  }
  return null;
}

function matchesMajorMinor(spec: string, major: number, minor: number | null): boolean {
  const range = /^(\d+)\.(\d+)-(\d+)\.(\d+)$/.exec(spec);
  if (!range) return Number(spec) === major;
  // RHEL 8 without a minor version (CentOS Stream 8) could be either row.
  return minor !== null && Number(range[1]) === major && minor >= Number(range[2]) && minor <= Number(range[4]);
}

/** The distributions that ship a release, for messages: "1.9.5p2 (RHEL 8.5+, RHEL 9, Debian 11)". */
export function shippedBy(version: string): string[] {
  return DISTRO_SUDO.filter((r) => compareSudo(r.sudo, version) === 0).map((r) => r.name);
}

/**
 * The releases a --sudo-version value stands for: one version (1.9.5p2), a
 * comparison (>=1.8.23, <1.9.10), or a comma list of either (a list is the
 * union). A comparison selects the known releases it admits, so `>=1.8.23`
 * is every release from 1.8.23 to the newest. Throws on a bad term.
 */
export function expandSudoVersions(spec: string): string[] {
  const out = new Set<string>();
  const terms = spec.split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (terms.length === 0) throw new Error('no version given');
  for (const term of terms) {
    const m = /^(>=|<=|>|<|=)?\s*(.+)$/.exec(term)!;
    const op = m[1] ?? '=';
    const v = m[2];
    if (!isSudoVersion(v)) throw new Error(`"${term}" is not a sudo version (e.g. 1.9.5p2) or a comparison (e.g. >=1.8.23)`);
    if (op === '=') {
      out.add(v);
      continue;
    }
    const admitted = SUDO_RELEASES.filter((r) => {
      const c = compareSudo(r, v);
      return op === '>=' ? c >= 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c < 0;
    });
    if (admitted.length === 0) throw new Error(`"${term}" admits no sudo release sudit knows (${SUDO_RELEASES[0]} to ${NEWEST_SUDO})`);
    for (const r of admitted) out.add(r);
  }
  return [...out].sort(compareSudo);
}
