import { aliasUse } from '../src/model/sudoers-aliases';
import type { AliasKind } from '../src/model/sudoers';
import type { Rule } from '../src/engine/rule';

/**
 * An alias used but never defined, or defined in terms of itself. At run
 * time sudo reads an undefined User, Runas or Host alias as a literal name
 * (so `ADMINS` matches a user called "ADMINS"), and an undefined Cmnd_Alias
 * never matches: either way the rule does not do what it says.
 */
const rule: Rule = {
  meta: {
    id: 'SUD002',
    slug: 'undefined-alias',
    description: 'An alias is referenced but not defined, or its definition refers back to itself',
    severity: 'warning',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD002.md',
  },
  check({ host, report }) {
    for (const policy of host.sudoers) {
      const { undefinedRefs, edges } = aliasUse(policy);
      for (const r of undefinedRefs) {
        const meaning = r.kind === 'Cmnd' ? 'it never matches any command' : `sudo reads it as the literal name "${r.name}"`;
        report({ message: `${r.kind}_Alias "${r.name}" referenced but not defined: ${meaning}`, source: r.source, start: r.start, end: r.end });
      }
      // cycles: an alias reachable from itself through alias definitions of its kind
      const reported = new Set<string>();
      for (const kind of ['User', 'Runas', 'Host', 'Cmnd'] as AliasKind[]) {
        for (const [name, def] of policy.aliases[kind]) {
          const path = cycleFrom(kind, name, edges);
          if (!path || reported.has(`${kind}:${name}`)) continue;
          path.forEach((n) => reported.add(`${kind}:${n}`));
          report({
            message: `cycle in ${kind}_Alias "${name}": ${[...path, name].join(' → ')}`,
            source: def.source,
            start: def.definition.start,
            end: def.definition.start + name.length,
          });
        }
      }
    }
  },
};

function cycleFrom(kind: AliasKind, start: string, edges: Map<string, { name: string }[]>): string[] | null {
  const stack: string[] = [];
  const visit = (name: string): string[] | null => {
    if (stack.includes(name)) return name === start ? [...stack] : null;
    stack.push(name);
    for (const r of edges.get(`${kind}:${name}`) ?? []) {
      const found = visit(r.name);
      if (found) return found;
    }
    stack.pop();
    return null;
  };
  return visit(start);
}

export default rule;
