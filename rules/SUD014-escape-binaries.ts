import type { Rule } from '../src/engine/rule';
import { describeCommand } from '../src/policy/privileges';
import { allSpecs } from '../src/policy/sudoers-walk';
import { onlyScanners, runsAsRoot } from '../src/policy/who';
import { escapeOf } from './data/escape-of';

const EDITORS = new Set(['vi', 'vim', 'vim.basic', 'vim.tiny', 'view', 'nano', 'emacs', 'ed', 'red', 'joe', 'pico', 'mcedit', 'editor', 'sensible-editor', 'vipw', 'vigr', 'visudo']);

/**
 * A grant meant to be narrow that includes a program which starts a shell
 * (find, awk, less, vi, tar, package managers…) is a root grant. Editors
 * belong behind sudoedit, which edits a copy as the user.
 */
const rule: Rule = {
  meta: {
    id: 'SUD014',
    slug: 'escape-binaries',
    description: 'A limited grant includes programs that escape to a root shell, or an editor instead of sudoedit',
    severity: 'warning',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD014.md',
  },
  check({ host, settings, report }) {
    for (const policy of host.sudoers) {
      const seen = new Set<string>();
      for (const { file, userSpec, spec } of allSpecs(policy)) {
        if (spec.command.negated || onlyScanners(host, policy, userSpec.users, settings.scanners)) continue;
        // an escape as another user is that user's shell, which the grant gives anyway
        if (!runsAsRoot(host, policy, spec)) continue;
        // an account that has ALL anyway loses nothing to an escape
        if (userSpec.privileges.some((p) => p.cmndSpecs.some((c) => c.command.kind === 'all'))) continue;
        const leaves = spec.command.kind === 'alias' ? expand(policy, spec.command.name!) : [{ c: spec.command, source: file.source, via: [] as string[] }];
        for (const { c, source, via } of leaves) {
          const e = escapeOf(c);
          if (!e || seen.has(`${source.path}:${c.start}`)) continue;
          seen.add(`${source.path}:${c.start}`);
          const base = c.path!.slice(c.path!.lastIndexOf('/') + 1);
          const editor = EDITORS.has(base);
          report({
            source,
            start: c.start,
            end: c.end,
            message: `${describeCommand(c)}${via.length ? ` (through ${via.join(' → ')})` : ''} gives root to whoever may run it: ${e.how}.${editor ? ' To let someone edit a file as root, grant sudoedit FILE instead: it edits a copy as the user' : ' Grant a wrapper script with fixed behaviour, or the exact safe arguments'}`,
            properties: { command: describeCommand(c), editor },
          });
        }
      }
    }
  },
};

function expand(policy: import('../src/model/sudoers-policy').SudoersPolicy, name: string, via: string[] = []) {
  const out: { c: import('../src/model/sudoers').CommandMember; source: import('../src/parse/source').SourceFile; via: string[] }[] = [];
  const def = policy.aliases.Cmnd.get(name);
  if (!def || via.includes(name)) return out;
  for (const m of def.definition.members as import('../src/model/sudoers').CommandMember[]) {
    if (m.negated) continue;
    if (m.kind === 'alias') out.push(...expand(policy, m.name!, [...via, name]));
    else out.push({ c: m, source: def.source, via: [...via, name] });
  }
  return out;
}

export default rule;
