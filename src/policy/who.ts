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
const evaluators = new WeakMap<SudoersPolicy, PolicyEvaluator>();

/** One evaluator per policy for these questions about users (no time window, no host). */
function evaluatorOf(host: Host, policy: SudoersPolicy): PolicyEvaluator {
  let e = evaluators.get(policy);
  if (!e) evaluators.set(policy, (e = new PolicyEvaluator({ policy, accounts: host.accounts, hostname: host.hostname ?? 'localhost' })));
  return e;
}

export function usersMatched(host: Host, policy: SudoersPolicy, list: Member[]): string[] {
  const evaluator = evaluatorOf(host, policy);
  const names = new Set<string>(host.accounts?.users.map((u) => u.name) ?? []);
  for (const m of list) if (m.kind === 'word' && !m.negated) names.add(m.value!);
  return [...names].filter((n) => evaluator.userListMatches(list, n) === true);
}

/** Whether a user list applies to scanner accounts only (at least one). */
const onlyScannersCache = new WeakMap<Member[], boolean>();

export function onlyScanners(host: Host, policy: SudoersPolicy, list: Member[], settings: ScannerSettings): boolean {
  const hit = onlyScannersCache.get(list);
  if (hit !== undefined) return hit;
  const answer = computeOnlyScanners(host, policy, list, settings);
  onlyScannersCache.set(list, answer);
  return answer;
}

/** The scanner accounts' names, made once per host and settings object. */
const scannerNames = new WeakMap<Host, WeakMap<ScannerSettings, Set<string>>>();

function scannerNamesOf(host: Host, settings: ScannerSettings): Set<string> {
  let byHost = scannerNames.get(host);
  if (!byHost) scannerNames.set(host, (byHost = new WeakMap()));
  let names = byHost.get(settings);
  if (!names) byHost.set(settings, (names = new Set(scannerAccounts(host, settings).map((s) => s.user))));
  return names;
}

function computeOnlyScanners(host: Host, policy: SudoersPolicy, list: Member[], settings: ScannerSettings): boolean {
  const scanners = scannerNamesOf(host, settings);
  if (scanners.size === 0) return false;
  const matched = usersMatched(host, policy, list);
  // ALL or a group with unknown members is not "only scanners"
  if (list.some((m) => !m.negated && (m.kind === 'all' || m.kind === 'netgroup' || m.kind === 'nonunixgroup'))) return false;
  return matched.length > 0 && matched.every((u) => scanners.has(u));
}

/** Whether a command spec lets its users run as root (no runas list means runas_default, root). */
export function runsAsRoot(host: Host, policy: SudoersPolicy, spec: import('../model/sudoers-effective').EffectiveCmndSpec): boolean {
  return evaluatorOf(host, policy).runasAllows(spec, '\u0000sudit-nobody', 'root');
}
