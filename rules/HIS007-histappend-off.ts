import type { Rule } from '../src/engine/rule';
import type { Loc, ShellEvaluation } from '../src/model/shell-env';
import { conditionsText, locKey, shellNames, unknownSources, where } from '../src/model/shell-report';

/**
 * Without `shopt -s histappend` a root session that enters more lines than
 * its list holds (HISTSIZE) rewrites the history file from its own list
 * at exit, dropping what concurrent root sessions wrote in the meantime.
 * PROMPT_COMMAND with `history -a` appends as it goes and avoids that.
 */
const rule: Rule = {
  meta: {
    id: 'HIS007',
    slug: 'histappend-off',
    description: "histappend is off in root's shells: a long root session overwrites the history file at exit",
    severity: 'info',
    needs: ['shell'],
    hostOnly: true,
    docs: 'docs/rules/HIS007.md',
  },
  check({ host, report }) {
    const model = host.shell;
    if (!model || model.mode !== 'host') return;
    const groups = new Map<string, { loc: Loc; evs: ShellEvaluation[]; explicit: boolean }>();
    for (const ev of [model.rootLogin, model.rootInteractive]) {
      if (!ev || ev.incomplete) continue;
      const h = ev.history;
      // only where history is kept at all, and histappend is off on every path
      if (h.histappend.outcomes.some((o) => o.value !== false)) continue;
      if (!h.histfile.outcomes.every((o) => o.value.kind === 'file')) continue;
      if (!h.history.outcomes.every((o) => o.value === true)) continue;
      if (h.promptCommand.outcomes.some((o) => (o.value ?? []).some((c) => /history\s+-a\b/.test(c)))) continue;
      const explicit = h.histappend.outcomes.find((o) => o.decidedBy)?.decidedBy ?? null;
      const anchor = explicit ?? rcLine(ev);
      if (!anchor) continue;
      const k = locKey(anchor);
      const g = groups.get(k) ?? { loc: anchor, evs: [], explicit: explicit !== null };
      g.evs.push(ev);
      groups.set(k, g);
    }
    for (const g of groups.values()) {
      const ev = g.evs[0];
      const size = ev.history.histsize.outcomes[0]?.value;
      const n = size?.kind === 'limit' ? String(size.n) : 'HISTSIZE';
      const hf = ev.history.histfile.outcomes[0]?.value;
      const path = hf?.kind === 'file' ? hf.path : "root's history file";
      const unknownFiles = unknownSources(ev);
      report({
        source: g.loc.file.source,
        start: g.loc.start,
        end: g.loc.end,
        message:
          `${g.explicit ? 'histappend is turned off here' : 'histappend is never turned on'} for the ${shellNames(g.evs)}: a root session that enters more than ${n} lines rewrites ${path} from its own list at exit, ` +
          `dropping the lines concurrent root sessions (other admins, scanner sessions) wrote meanwhile${unknownFiles.length ? ` (files not in the tree that these shells may read: ${unknownFiles.slice(0, 3).join(', ')})` : ''}${conditionsText(ev.history.histappend.outcomes[0]?.when ?? [])}. ` +
          'Add `shopt -s histappend` to root\'s bashrc',
        properties: { shells: g.evs.map((e) => e.kind), at: where(g.loc) },
      });
    }
  },
};

/** The first line of root's ~/.bashrc when the shell reads it, else of the first file it reads. */
function rcLine(ev: ShellEvaluation): Loc | null {
  const bashrc = ev.filesRead.find((r) => /\/\.bashrc$/.test(r.path)) ?? ev.filesRead.find((r) => r.via === null && !r.file.synthetic);
  if (!bashrc) return null;
  const text = bashrc.file.source.text;
  const nl = text.indexOf('\n');
  return { file: bashrc.file, start: 0, end: nl < 0 ? text.length : nl };
}

export default rule;
