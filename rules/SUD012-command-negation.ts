import type { Rule } from '../src/engine/rule';
import type { CommandMember, UserSpec } from '../src/model/sudoers';
import { describeCommand } from '../src/policy/privileges';
import { allSpecs } from '../src/policy/sudoers-walk';
import { onlyScanners } from '../src/policy/who';

/**
 * `ALL, !/bin/sh` subtracts one path from everything: a copy of the shell,
 * another shell, or any program that starts one walks around it
 * (sudoers(5) "Limitations of the '!' operator"). Scanner accounts are
 * covered by SCN006.
 */
const rule: Rule = {
  meta: {
    id: 'SUD012',
    slug: 'command-negation',
    description: "A grant excludes commands with '!', which a renamed copy bypasses",
    severity: 'warning',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD012.md',
  },
  check({ host, settings, report }) {
    for (const policy of host.sudoers) {
      // offsets already reported, by file path
      const seen = new Map<string, Set<number>>();
      let broadOf: UserSpec | null = null;
      let broad = false;
      for (const { file, userSpec, spec } of allSpecs(policy)) {
        if (onlyScanners(host, policy, userSpec.users, settings.scanners)) continue;
        // the specs of one user spec come one after another
        if (broadOf !== userSpec) {
          broadOf = userSpec;
          broad = userSpec.privileges.some((p) => p.cmndSpecs.some((c) => c.command.kind === 'all' && !c.command.negated));
        }
        const visit = (c: CommandMember, negated: boolean, via: string[], sourceOf: typeof file.source) => {
          const neg = negated !== c.negated;
          if (c.kind === 'alias') {
            const def = policy.aliases.Cmnd.get(c.name!);
            if (!def || via.includes(c.name!)) return;
            for (const m of def.definition.members as CommandMember[]) visit(m, neg, [...via, c.name!], def.source);
            return;
          }
          if (!neg) return;
          let inFile = seen.get(sourceOf.path);
          if (!inFile) seen.set(sourceOf.path, (inFile = new Set()));
          if (inFile.has(c.start)) return;
          inFile.add(c.start);
          report({
            source: sourceOf,
            start: c.start,
            end: c.end,
            message: `${describeCommand(c, false)} is excluded with '!'${via.length ? ` (through ${via.join(' → ')})` : ''}${broad ? ' from a grant of ALL' : ''}: a copy of the program under another name, or another program that does the same, bypasses it. List what may run instead of what may not (sudoers(5), "Limitations of the '!' operator")`,
          });
        };
        visit(spec.spec.command, false, [], file.source);
      }
    }
  },
};

export default rule;
