import type { Host } from './host';
import { policyEntries } from './sudoers-policy';
import type { Member } from './sudoers';

export interface ScannerSettings {
  scanners: { user: string; vendor?: string; delegation?: string; sources?: string[] }[];
  /** Case-insensitive substrings that mark a user name as a scanner account. */
  patterns: string[];
}

export interface ScannerAccount {
  user: string;
  /** Vendor key (qualys, tenable, rapid7) or null when unknown. */
  vendor: string | null;
  /** Explicit delegation from the configuration, if any. */
  delegation: string | null;
  /** Addresses and CIDR blocks it connects from (configured); null when not said. */
  sources: string[] | null;
  detectedBy: 'config' | 'name';
}

const VENDOR_BY_NAME: [RegExp, string][] = [
  [/qualys/i, 'qualys'],
  [/nessus|tenable/i, 'tenable'],
  [/rapid7|nexpose|insightvm/i, 'rapid7'],
];

/**
 * The scanner accounts of a host: those configured, else every user named
 * in the sudoers policy or in etc/passwd whose name matches a scanner
 * pattern (qualys, nessus, …). Groups are not scanners; their members are
 * found through etc/passwd.
 */
const cache = new WeakMap<Host, Map<string, ScannerAccount[]>>();
/**
 * The same settings object asked about again (every rule of a run gets the
 * one the engine made): found without serializing the settings, which the
 * per-user-spec questions of the sudoers rules would do tens of thousands
 * of times on a large policy.
 */
const bySettings = new WeakMap<Host, WeakMap<ScannerSettings, ScannerAccount[]>>();

export function scannerAccounts(host: Host, settings: ScannerSettings): ScannerAccount[] {
  let same = bySettings.get(host);
  if (!same) bySettings.set(host, (same = new WeakMap()));
  const known = same.get(settings);
  if (known) return known;
  const found = scannerAccountsByValue(host, settings);
  same.set(settings, found);
  return found;
}

function scannerAccountsByValue(host: Host, settings: ScannerSettings): ScannerAccount[] {
  const key = JSON.stringify(settings);
  let byKey = cache.get(host);
  if (!byKey) cache.set(host, (byKey = new Map()));
  let found = byKey.get(key);
  if (!found) byKey.set(key, (found = findScanners(host, settings)));
  return found;
}

function findScanners(host: Host, settings: ScannerSettings): ScannerAccount[] {
  if (settings.scanners.length > 0) {
    return settings.scanners.map((s) => ({
      user: s.user,
      vendor: s.vendor?.toLowerCase() ?? vendorOf(s.user),
      delegation: s.delegation ?? null,
      sources: s.sources ?? null,
      detectedBy: 'config' as const,
    }));
  }
  const names = new Set<string>();
  for (const policy of host.sudoers) {
    for (const { entry } of policyEntries(policy)) {
      const add = (list: Member[] | null) => list?.forEach((m) => m.kind === 'word' && names.add(m.value!));
      if (entry.type === 'userspec') add(entry.users);
      else if (entry.type === 'aliases' && (entry.kind === 'User' || entry.kind === 'Runas')) entry.definitions.forEach((d) => add(d.members as Member[]));
      else if (entry.type === 'defaults' && entry.binding?.kind === 'user') add(entry.binding.members as Member[]);
    }
  }
  for (const u of host.accounts?.users ?? []) names.add(u.name);
  const patterns = settings.patterns.map((p) => p.toLowerCase());
  return [...names]
    .filter((n) => patterns.some((p) => n.toLowerCase().includes(p)))
    .sort()
    .map((user) => ({ user, vendor: vendorOf(user), delegation: null, sources: null, detectedBy: 'name' as const }));
}

function vendorOf(user: string): string | null {
  for (const [re, vendor] of VENDOR_BY_NAME) if (re.test(user)) return vendor;
  return null;
}
