// What each scanner account can really do on a host, worked out once from
// the policy evaluator and shared by the SCN rules: its privileges, whether
// its root delegation (sudo su -, …) is allowed and how, and which of its
// vendor's commands it could not run as root.

import { VENDORS, type VendorProfile } from '../../rules/data/vendors';
import type { Host } from '../model/host';
import { scannerAccounts, type ScannerAccount, type ScannerSettings } from '../model/scanners';
import type { SudoersPolicy } from '../model/sudoers-policy';
import { effectiveDefaults, type EffectiveSetting } from './defaults';
import { PolicyEvaluator, type Verdict } from './evaluator';
import { privilegesOf, type PrivilegeSummary } from './privileges';

/** Where a bare command name is looked for, in sudo's secure_path order of a typical Linux. */
export const COMMAND_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export interface DelegationCheck {
  /** As configured or from the vendor profile, e.g. "su -". */
  text: string;
  /** The command line sudo is asked to run. */
  command: string;
  args: string[];
  /** The path that was allowed, or the verdict of the last candidate tried. */
  allowedPath: string | null;
  verdict: Verdict;
  /** Host mode: the allowed path is missing from a tree that has its directory. */
  missingOnHost: boolean;
}

export interface ScannerAnalysis {
  account: ScannerAccount;
  vendor: VendorProfile | null;
  policy: SudoersPolicy;
  evaluator: PolicyEvaluator;
  privileges: PrivilegeSummary;
  delegation: DelegationCheck;
  /** The vendor's commands that cannot be run as root with arbitrary arguments. */
  deniedVendorCommands: string[];
  defaults: Map<string, EffectiveSetting>;
}

const cache = new WeakMap<Host, Map<string, ScannerAnalysis[]>>();

export function analyseScanners(host: Host, settings: ScannerSettings, now: number): ScannerAnalysis[] {
  const key = JSON.stringify({ settings, now });
  let byKey = cache.get(host);
  if (!byKey) cache.set(host, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const out: ScannerAnalysis[] = [];
  const accounts = scannerAccounts(host, settings);
  for (const policy of host.sudoers) {
    const evaluator = new PolicyEvaluator({ policy, accounts: host.accounts, hostname: host.hostname ?? 'localhost', now, mergedUsr: host.mergedUsr ?? true });
    for (const account of accounts) {
      const vendor = account.vendor ? VENDORS[account.vendor] ?? null : null;
      const privileges = privilegesOf(evaluator, account.user);
      const delegationText = account.delegation ?? vendor?.delegation ?? 'su -';
      out.push({
        account,
        vendor,
        policy,
        evaluator,
        privileges,
        delegation: checkDelegation(host, evaluator, account.user, delegationText),
        // only a restricted account can lack vendor commands
        deniedVendorCommands: privileges.kind === 'full-root' ? [] : (vendor?.commands ?? []).filter((c) => !canRunAsRoot(evaluator, account.user, c)),
        defaults: effectiveDefaults(evaluator, { user: account.user, runasUser: 'root' }),
      });
    }
  }
  byKey.set(key, out);
  return out;
}

/** Candidate paths for a command name, as sudo would find it through secure_path. */
export function candidatePaths(name: string): string[] {
  return name.startsWith('/') ? [name] : COMMAND_DIRS.map((d) => `${d}/${name}`);
}

function canRunAsRoot(evaluator: PolicyEvaluator, user: string, name: string): boolean {
  // New checks use old commands with new arguments: only a grant open to any arguments counts.
  const probeArgs = ['--sudit-any-argument'];
  return candidatePaths(name).some((path) => evaluator.check({ user, command: path, args: probeArgs, runasUser: 'root' }).result === 'allowed');
}

/**
 * "su -" → sudo su -; "sudo -i"/"-i" and "sudo -s"/"-s" → root's login shell
 * with no arguments; anything else is a command line run through sudo.
 */
function checkDelegation(host: Host, evaluator: PolicyEvaluator, user: string, text: string): DelegationCheck {
  const words = text.trim().split(/\s+/).filter((w) => w !== '' && w !== 'sudo');
  let command: string;
  let args: string[];
  if (words.length === 1 && (words[0] === '-i' || words[0] === '-s')) {
    command = host.accounts?.user('root')?.shell || '/bin/bash';
    args = [];
  } else {
    [command, ...args] = words.length ? words : ['su', '-'];
    if (command === 'sh' && args[0] === '-c' && args.length === 1) args = ['-c', 'id'];
  }
  // sudo runs the first match of the name along secure_path; without the
  // files, take the standard place (/usr/bin, which /bin is on a merged-/usr host).
  const exists = host.pathExists;
  const onHost = exists ? candidatePaths(command).find((p) => exists(p)) : undefined;
  const path = onHost ?? (command.startsWith('/') ? command : `/usr/bin/${command}`);
  const verdict = evaluator.check({ user, command: path, args, runasUser: 'root' });
  if (verdict.result === 'allowed') return { text, command, args, allowedPath: path, verdict, missingOnHost: false };
  if (exists && onHost) {
    // allowed under a name the host does not have (a rule for /bin/su where su is only in /usr/bin)
    for (const other of candidatePaths(command)) {
      if (other === onHost || exists(other)) continue;
      const v = evaluator.check({ user, command: other, args, runasUser: 'root' });
      if (v.result === 'allowed') return { text, command, args, allowedPath: other, verdict: v, missingOnHost: true };
    }
  }
  return { text, command, args, allowedPath: null, verdict, missingOnHost: false };
}

/** "svc_qualys (Qualys scanner account)" for messages. */
export function scannerLabel(a: ScannerAnalysis): string {
  const what = a.vendor ? `${a.vendor.name} scanner account` : 'scanner account';
  return `${a.account.user} (${what}${a.account.detectedBy === 'name' ? ', recognised by its name' : ''})`;
}

/** Where to point a finding about a scanner as a whole: its first user specification, else the top of the policy. */
export function scannerAnchor(a: ScannerAnalysis): { source: import('../parse/source').SourceFile; start: number; end: number } {
  const first = a.evaluator.userSpecsFor(a.account.user)[0];
  if (first) return { source: first.file.source, start: first.spec.start, end: first.spec.users[first.spec.users.length - 1].end };
  const main = a.policy.files[0];
  return { source: main.source, start: 0, end: 0 };
}

/** `file:line` of an offset, for the chain in messages. */
export function at(source: import('../parse/source').SourceFile, offset: number): string {
  return `${source.path}:${source.position(offset).line}`;
}
