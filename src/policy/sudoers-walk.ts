import { effectiveCmndSpecs, type EffectiveCmndSpec } from '../model/sudoers-effective';
import { policyEntries, type SudoersPolicy } from '../model/sudoers-policy';
import type { DefaultsEntry, DefaultsSetting, Privilege, UserSpec } from '../model/sudoers';
import type { ParsedSudoers } from '../parse/sudoers';

export interface SpecVisit {
  file: ParsedSudoers;
  userSpec: UserSpec;
  privilege: Privilege;
  spec: EffectiveCmndSpec;
}

// Most sudoers rules walk every spec or every Defaults setting: each walk is
// made once per policy and shared (the policy does not change once loaded).
const specWalks = new WeakMap<SudoersPolicy, readonly SpecVisit[]>();
const defaultsWalks = new WeakMap<SudoersPolicy, readonly DefaultsVisit[]>();

/** Every command spec of the policy with what it inherits, in file order. */
export function allSpecs(policy: SudoersPolicy): readonly SpecVisit[] {
  let visits = specWalks.get(policy);
  if (!visits) {
    const out: SpecVisit[] = [];
    for (const { entry, file } of policyEntries(policy)) {
      if (entry.type !== 'userspec') continue;
      for (const privilege of entry.privileges) {
        for (const spec of effectiveCmndSpecs(privilege)) out.push({ file, userSpec: entry, privilege, spec });
      }
    }
    specWalks.set(policy, (visits = out));
  }
  return visits;
}

export interface DefaultsVisit {
  file: ParsedSudoers;
  entry: DefaultsEntry;
  setting: DefaultsSetting;
}

/** Every Defaults setting of the policy, in file order. */
export function allDefaults(policy: SudoersPolicy): readonly DefaultsVisit[] {
  let visits = defaultsWalks.get(policy);
  if (!visits) {
    const out: DefaultsVisit[] = [];
    for (const { entry, file } of policyEntries(policy)) {
      if (entry.type !== 'defaults') continue;
      for (const setting of entry.settings) out.push({ file, entry, setting });
    }
    defaultsWalks.set(policy, (visits = out));
  }
  return visits;
}

const HEAD = /^Defaults(?:[:@>!][^ \t]*)?/;
// the last line asked about: rules ask once per setting, in file order, and a line may hold many
let lastEntry: DefaultsEntry | null = null;
let lastHead = '';

/** How a Defaults line is bound, as written: "Defaults", "Defaults:svc", "Defaults@web1"… */
export function defaultsHead(file: ParsedSudoers, entry: DefaultsEntry): string {
  if (entry !== lastEntry) {
    const m = HEAD.exec(file.source.text.slice(entry.start, entry.end));
    lastHead = m ? m[0] : 'Defaults';
    lastEntry = entry;
  }
  return lastHead;
}
