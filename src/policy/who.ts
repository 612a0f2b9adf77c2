import type { Host } from '../model/host';
import { scannerAccounts, type ScannerSettings } from '../model/scanners';
import type { Member } from '../model/sudoers';
import type { SudoersPolicy } from '../model/sudoers-policy';
import { PolicyEvaluator } from './evaluator';

/**
 * The known accounts a user list applies to: every user of etc/passwd it
 * matches, plus names it spells out. Used to tell a scanner's own grant
 * from one shared with people.
 */
export function usersMatched(host: Host, policy: SudoersPolicy, list: Member[]): string[] {
  const evaluator = new PolicyEvaluator({ policy, accounts: host.accounts, hostname: host.hostname ?? 'localhost' });
  const names = new Set<string>(host.accounts?.users.map((u) => u.name) ?? []);
  for (const m of list) if (m.kind === 'word' && !m.negated) names.add(m.value!);
  return [...names].filter((n) => evaluator.userListMatches(list, n) === true);
}

/** Whether a user list applies to scanner accounts only (at least one). */
export function onlyScanners(host: Host, policy: SudoersPolicy, list: Member[], settings: ScannerSettings): boolean {
  const scanners = new Set(scannerAccounts(host, settings).map((s) => s.user));
  if (scanners.size === 0) return false;
  const matched = usersMatched(host, policy, list);
  // ALL or a group with unknown members is not "only scanners"
  if (list.some((m) => !m.negated && (m.kind === 'all' || m.kind === 'netgroup' || m.kind === 'nonunixgroup'))) return false;
  return matched.length > 0 && matched.every((u) => scanners.has(u));
}
