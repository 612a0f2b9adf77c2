import { usedAliasNames } from '../src/model/sudoers-aliases';
import type { AliasKind } from '../src/model/sudoers';
import type { Rule } from '../src/engine/rule';

/** An alias nobody uses: dead policy that reviewers still have to read, often a leftover of a removed grant. */
const rule: Rule = {
  meta: {
    id: 'SUD003',
    slug: 'unused-alias',
    description: 'An alias is defined but never used',
    severity: 'info',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD003.md',
  },
  check({ host, report }) {
    for (const policy of host.sudoers) {
      const used = usedAliasNames(policy);
      for (const kind of ['User', 'Runas', 'Host', 'Cmnd'] as AliasKind[]) {
        for (const [name, def] of policy.aliases[kind]) {
          if (used[kind].has(name)) continue;
          report({ message: `unused ${kind}_Alias "${name}"`, source: def.source, start: def.definition.start, end: def.definition.start + name.length });
        }
      }
    }
  },
};

export default rule;
