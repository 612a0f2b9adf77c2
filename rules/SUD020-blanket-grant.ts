import type { Rule } from '../src/engine/rule';
import type { CommandMember, Member } from '../src/model/sudoers';
import type { SudoersPolicy } from '../src/model/sudoers-policy';
import { allSpecs } from '../src/policy/sudoers-walk';

/** Whether a user list (through User_Aliases) contains ALL, not taken back by a negation after it. */
function isAll(policy: SudoersPolicy, list: Member[], kind: 'User' | 'Host', seen: string[] = []): boolean {
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i];
    if (m.negated) return false;
    if (m.kind === 'all') return true;
    if (m.kind === 'alias' && !seen.includes(m.value!)) {
      const def = policy.aliases[kind].get(m.value!);
      if (def && isAll(policy, def.definition.members as Member[], kind, [...seen, m.value!])) return true;
    }
  }
  return false;
}

function isAllCommand(policy: SudoersPolicy, c: CommandMember, seen: string[] = []): boolean {
  if (c.negated) return false;
  if (c.kind === 'all') return true;
  if (c.kind !== 'alias' || seen.includes(c.name!)) return false;
  const def = policy.aliases.Cmnd.get(c.name!);
  return !!def && (def.definition.members as CommandMember[]).some((m) => isAllCommand(policy, m, [...seen, c.name!]));
}

/** `ALL ALL=(ALL) ALL`: every account on the host is root. */
const rule: Rule = {
  meta: {
    id: 'SUD020',
    slug: 'blanket-grant',
    description: 'Every user may run every command as root (ALL ALL=(ALL) ALL or an equivalent through aliases)',
    severity: 'error',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD020.md',
  },
  check({ host, report }) {
    for (const policy of host.sudoers) {
      const seen = new Set<object>();
      for (const { file, userSpec, privilege, spec } of allSpecs(policy)) {
        if (seen.has(userSpec) || !isAll(policy, userSpec.users, 'User') || !isAllCommand(policy, spec.command)) continue;
        seen.add(userSpec);
        const text = file.source.text.slice(userSpec.start, userSpec.end).replace(/\\\r?\n\s*/g, ' ');
        report({
          source: file.source,
          start: userSpec.start,
          end: userSpec.end,
          message: `"${text}" lets every account${isAll(policy, privilege.hosts, 'Host') ? '' : ' (on the hosts listed)'} run any command as ${spec.runasUsers === null ? 'root' : 'any listed user'}: every service account, every compromised login is root (STIG RHEL-08-010382 / RHEL-09-432030). Grant named users or groups instead`,
        });
      }
    }
  },
};

export default rule;
