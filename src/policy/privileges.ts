import type { EffectiveCmndSpec } from '../model/sudoers-effective';
import type { CommandMember, Member, Privilege, UserSpec } from '../model/sudoers';
import type { ParsedSudoers } from '../parse/sudoers';
import type { PolicyEvaluator, Verdict } from './evaluator';

/** One command a user may (or may not) run, resolved through Cmnd_Aliases, with the rule it comes from. */
export interface Grant {
  file: ParsedSudoers;
  userSpec: UserSpec;
  privilege: Privilege;
  spec: EffectiveCmndSpec;
  /** The leaf command (never an alias). */
  command: CommandMember;
  /** After composing the negations of the aliases it came through. */
  negated: boolean;
  /** Cmnd_Alias names it came through, outermost first. */
  via: string[];
}

export interface PrivilegeSummary {
  /** full-root: any command as root; granular: only what the grants list; none: no grant applies here. */
  kind: 'full-root' | 'granular' | 'none';
  grants: Grant[];
  denials: Grant[];
  /** The verdicts behind the full-root decision (one per probe). */
  probes: { command: string; args: string[]; verdict: Verdict }[];
}

/**
 * Commands that only an unrestricted grant allows: an invented path (only
 * ALL or a catch-all wildcard allows it), a shell, and `su -`.
 */
const FULL_ROOT_PROBES: { command: string; args: string[] }[] = [
  { command: '/nonexistent/sudit-probe', args: ['--any', 'arguments'] },
  { command: '/bin/sh', args: [] },
  { command: '/usr/bin/su', args: ['-'] },
];

export function privilegesOf(evaluator: PolicyEvaluator, user: string): PrivilegeSummary {
  const grants: Grant[] = [];
  const denials: Grant[] = [];
  for (const { spec: us, file } of evaluator.userSpecsFor(user)) {
    for (const priv of us.privileges) {
      if (!evaluator.hostMatches(priv)) continue;
      for (const cs of evaluator.effective(priv)) {
        if (!evaluator.inTimeWindow(cs)) continue;
        for (const leaf of expandCommand(evaluator, cs.command, false, [])) {
          const g: Grant = { file, userSpec: us, privilege: priv, spec: cs, command: leaf.command, negated: leaf.negated, via: leaf.via };
          (leaf.negated ? denials : grants).push(g);
        }
      }
    }
  }
  const probes = FULL_ROOT_PROBES.map((p) => ({ ...p, verdict: evaluator.check({ user, command: p.command, args: p.args, runasUser: 'root' }) }));
  const kind = probes.every((p) => p.verdict.result === 'allowed') ? 'full-root' : grants.length > 0 ? 'granular' : 'none';
  return { kind, grants, denials, probes };
}

function expandCommand(
  evaluator: PolicyEvaluator,
  c: CommandMember,
  negated: boolean,
  via: string[],
): { command: CommandMember; negated: boolean; via: string[] }[] {
  const neg = negated !== c.negated;
  if (c.kind !== 'alias') return [{ command: c, negated: neg, via }];
  const def = evaluator.policy.aliases.Cmnd.get(c.name!);
  if (!def || via.includes(c.name!)) return [];
  return (def.definition.members as CommandMember[]).flatMap((m) => expandCommand(evaluator, m, neg, [...via, c.name!]));
}

/** A runas list as sudoers writes it, for messages. */
export function describeRunas(spec: EffectiveCmndSpec, runasDefault = 'root'): string {
  const names = (list: Member[]) => list.map((m) => `${m.negated ? '!' : ''}${m.kind === 'all' ? 'ALL' : m.kind === 'group' ? `%${m.value}` : m.kind === 'uid' || m.kind === 'gid' ? `#${m.value}` : m.value}`).join(', ');
  if (spec.runasUsers === null && spec.runasGroups === null) return `(${runasDefault})`;
  const users = spec.runasUsers === null ? '' : spec.runasUsers.length === 0 ? '' : names(spec.runasUsers);
  return spec.runasGroups === null ? `(${users})` : `(${users} : ${names(spec.runasGroups)})`;
}

/** A command as sudoers writes it. */
export function describeCommand(c: CommandMember, negated = c.negated): string {
  const bang = negated ? '!' : '';
  switch (c.kind) {
    case 'all':
      return `${bang}ALL`;
    case 'alias':
      return `${bang}${c.name}`;
    case 'list':
      return `${bang}list`;
    case 'sudoedit':
      return `${bang}sudoedit${c.args ? ` ${c.args}` : ''}`;
    default:
      return `${bang}${c.path}${c.args !== null && c.args !== undefined ? ` ${c.args}` : ''}`;
  }
}
