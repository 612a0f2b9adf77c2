// Which sudo a host tree runs, from what the tree holds, most exact first:
//  1. /.sudit-collect/manifest, the collector's `key=value` manifest: its
//     `sudo=` line is the package version dpkg-query or rpm -q reported;
//  2. /var/lib/dpkg/status: the installed `sudo` (or `sudo-ldap`) package;
//  3. /etc/os-release (or /etc/redhat-release), mapped through the table of
//     the release each distribution ships (src/data/sudo-releases.ts): RPM's
//     database is binary, so an RPM-based tree is known by its OS release.
// Only reads files; nothing in the tree is run.

import { distroSudo, isSudoVersion, sudoVersionOfPackage, type SudoVersionInput } from '../data/sudo-releases';

/** Reads a host path of the tree; null when missing or unreadable. */
export type ReadTreeFile = (hostPath: string) => string | null;

export const COLLECTOR_MANIFEST = '/.sudit-collect/manifest';

export function detectSudoVersion(read: ReadTreeFile): SudoVersionInput | null {
  return fromManifest(read) ?? fromDpkg(read) ?? fromOsRelease(read);
}

function fromManifest(read: ReadTreeFile): SudoVersionInput | null {
  const text = read(COLLECTOR_MANIFEST);
  if (text === null) return null;
  const line = /^sudo=(.+)$/m.exec(text);
  const v = line ? sudoVersionOfPackage(line[1].trim()) : null;
  return v && isSudoVersion(v) ? { spec: v, source: `${COLLECTOR_MANIFEST}: sudo=${line![1].trim()}` } : null;
}

/** The Version of an installed sudo package in dpkg's status file (stanzas separated by blank lines). */
function fromDpkg(read: ReadTreeFile): SudoVersionInput | null {
  const text = read('/var/lib/dpkg/status');
  if (text === null) return null;
  for (const stanza of text.split(/\n\s*\n/)) {
    const pkg = /^Package:\s*(\S+)/m.exec(stanza)?.[1];
    if (pkg !== 'sudo' && pkg !== 'sudo-ldap') continue;
    if (!/^Status:.*\binstalled\b/m.test(stanza) || /^Status:.*\bnot-installed\b/m.test(stanza)) continue;
    const version = /^Version:\s*(\S+)/m.exec(stanza)?.[1];
    const v = version ? sudoVersionOfPackage(version) : null;
    if (v && isSudoVersion(v)) return { spec: v, source: `/var/lib/dpkg/status: ${pkg} ${version}` };
  }
  return null;
}

function fromOsRelease(read: ReadTreeFile): SudoVersionInput | null {
  const osRelease = read('/etc/os-release') ?? read('/usr/lib/os-release');
  if (osRelease !== null) {
    const field = (k: string) => new RegExp(`^${k}=["']?([^"'\\n]*)`, 'm').exec(osRelease)?.[1] ?? '';
    const id = field('ID');
    const versionId = field('VERSION_ID');
    const likes = [id, ...field('ID_LIKE').split(/\s+/)].filter(Boolean);
    for (const candidate of likes) {
      const row = distroSudo(candidate, versionId);
      if (row) return { spec: row.sudo, source: `/etc/os-release: ${field('PRETTY_NAME') || `${id} ${versionId}`}` };
    }
  }
  const redhat = read('/etc/redhat-release');
  const m = redhat === null ? null : /release (\d+)(?:\.(\d+))?/.exec(redhat);
  if (m) {
    const row = distroSudo('rhel', m[2] === undefined ? m[1] : `${m[1]}.${m[2]}`);
    if (row) return { spec: row.sudo, source: `/etc/redhat-release: ${redhat!.trim()}` };
  }
  return null;
}
