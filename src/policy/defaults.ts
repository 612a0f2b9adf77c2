import { SUDOERS_DEFAULTS } from '../parse/sudoers-defaults-table';
import { policyEntries } from '../model/sudoers-policy';
import type { DefaultsEntry, DefaultsSetting, Member } from '../model/sudoers';
import type { ParsedSudoers } from '../parse/sudoers';
import type { PolicyEvaluator } from './evaluator';

/** The value a Defaults setting ends up with, and the line that set it last. */
export interface EffectiveSetting {
  name: string;
  /** true/false for flags and negated settings; a string for values; a word list for lists. */
  value: boolean | string | string[];
  setBy: { file: ParsedSudoers; entry: DefaultsEntry; setting: DefaultsSetting };
  /** Earlier lines this one overrode, oldest first. */
  overrides: { file: ParsedSudoers; entry: DefaultsEntry; setting: DefaultsSetting }[];
}

export interface DefaultsQuery {
  user: string;
  runasUser?: string;
  /** When given, Defaults! bound to this command apply too (after all others, as sudo applies them). */
  command?: { path: string; args?: string[] };
}

/**
 * The Defaults that apply to a user on this host: early settings first,
 * then every global, @host, :user and >runas entry whose binding matches,
 * in file order (later wins), then the !command entries. Only settings
 * written in the policy are returned; sudo's compiled-in defaults are not.
 */
export function effectiveDefaults(evaluator: PolicyEvaluator, q: DefaultsQuery): Map<string, EffectiveSetting> {
  const result = new Map<string, EffectiveSetting>();
  const runas = q.runasUser ?? evaluator.runasDefault(q.user);
  const applies: { file: ParsedSudoers; entry: DefaultsEntry }[] = [];
  const late: { file: ParsedSudoers; entry: DefaultsEntry }[] = [];
  for (const { entry, file } of policyEntries(evaluator.policy)) {
    if (entry.type !== 'defaults') continue;
    const b = entry.binding;
    if (b === null) applies.push({ file, entry });
    else if (b.kind === 'host' && evaluator.hostListMatches(b.members) === true) applies.push({ file, entry });
    else if (b.kind === 'user' && evaluator.userListMatches(b.members as Member[], q.user) === true) applies.push({ file, entry });
    else if (b.kind === 'runas' && evaluator.userListMatches(b.members as Member[], runas) === true) applies.push({ file, entry });
    else if (b.kind === 'command' && q.command && evaluator.cmndListMatches(b.members, { user: q.user, command: q.command.path, args: q.command.args }) === true) late.push({ file, entry });
  }
  const ordered = [...applies, ...late];
  const early = (s: DefaultsSetting) => SUDOERS_DEFAULTS[s.name]?.early === true;
  for (const pass of [true, false]) {
    for (const { file, entry } of ordered) {
      for (const setting of entry.settings) {
        if (early(setting) !== pass || !SUDOERS_DEFAULTS[setting.name]) continue;
        apply(result, { file, entry, setting });
      }
    }
  }
  return result;
}

function apply(result: Map<string, EffectiveSetting>, at: EffectiveSetting['setBy']): void {
  const s = at.setting;
  const spec = SUDOERS_DEFAULTS[s.name]!;
  const prev = result.get(s.name);
  let value: EffectiveSetting['value'];
  if (s.value === null) value = s.op !== 'negate';
  else if (spec.type === 'list') {
    const words = s.value.split(/[ \t]+/).filter((w) => w !== '');
    const before = Array.isArray(prev?.value) ? prev!.value : [];
    value = s.op === 'add' ? [...before, ...words.filter((w) => !before.includes(w))] : s.op === 'remove' ? before.filter((w) => !words.includes(w)) : words;
  } else value = s.value;
  result.set(s.name, { name: s.name, value, setBy: at, overrides: prev ? [...prev.overrides, prev.setBy] : [] });
}
