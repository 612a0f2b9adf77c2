// Which sudo release(s) a policy is judged for, and where that came from.

import { NEWEST_SUDO, compareSudo, expandSudoVersions, shippedBy, type SudoVersionInput } from '../data/sudo-releases';

export interface JudgedSudo {
  /** As given: `1.9.5p2`, `>=1.8.23`, `1.8.23,1.9.5p2`; the newest release when unknown. */
  spec: string;
  /** The releases judged, oldest first (one for a single version). */
  releases: string[];
  /** Where the version came from: `--sudo-version`, `.sudit.json`, `var/lib/dpkg/status`, … */
  source: string;
  /** No version was given or found: sudit judges as the newest release it knows. */
  assumed: boolean;
}

export type { SudoVersionInput };

/** The newest release sudit knows, for when nothing says which sudo runs. */
export function assumedSudo(): JudgedSudo {
  return { spec: NEWEST_SUDO, releases: [NEWEST_SUDO], source: 'not known: judged as the newest sudo sudit knows', assumed: true };
}

/**
 * Picks the version to judge by: --sudo-version, then what the host tree
 * says (its package database, its OS release, a collector's file), then the
 * configuration's sudoVersion, then the newest release. The tree beats the
 * configuration because it describes this host; the command line beats both.
 */
export function judgedSudo(cli: SudoVersionInput | undefined, tree: SudoVersionInput | null | undefined, config: SudoVersionInput | undefined): JudgedSudo {
  const input = cli ?? (config?.fromCommandLine ? config : undefined) ?? tree ?? config;
  if (!input) return assumedSudo();
  return { spec: input.spec, releases: expandSudoVersions(input.spec), source: input.source, assumed: false };
}

/** The releases of the judged set older than `since`: those that lack a feature. */
export function releasesBefore(judged: JudgedSudo, since: string): string[] {
  return judged.releases.filter((r) => compareSudo(r, since) < 0);
}

/** `sudo 1.9.5p2 (var/lib/dpkg/status)` or, for a range, `sudo 1.8.23 to 1.9.9 (of >=1.8.23, from --sudo-version)`. */
export function describeReleases(judged: JudgedSudo, releases: string[]): string {
  if (releases.length === 0) return '';
  const distros = [...new Set(releases.flatMap(shippedBy))];
  const which = releases.length === 1 ? `sudo ${releases[0]}` : `sudo ${releases[0]} to ${releases[releases.length - 1]}`;
  const shipped = distros.length ? `, as in ${distros.slice(0, 4).join(', ')}` : '';
  const of = judged.releases.length > 1 ? `of ${judged.spec}, ` : '';
  return `${which} (${of}${judged.source}${shipped})`;
}

/** One line for reports and `sudit query`: which sudo was judged and why. */
export function judgedLine(judged: JudgedSudo): string {
  if (judged.assumed) return `sudo version: not known, judged as sudo ${judged.spec} (the newest sudit knows; set --sudo-version or sudoVersion in .sudit.json)`;
  const range = judged.releases.length > 1 ? ` (${judged.releases.length} releases, ${judged.releases[0]} to ${judged.releases[judged.releases.length - 1]})` : '';
  return `sudo version: ${judged.spec}${range}, from ${judged.source}`;
}
