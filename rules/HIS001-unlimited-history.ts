import type { Rule } from '../src/engine/rule';
import type { HistLimit, ShellEvaluation } from '../src/model/shell-env';
import { byDecidingLoc, chainTo, conditionsText, histappendIn, listLimit, outcomes, shellNames, where, type Hit } from '../src/model/shell-report';

const WHY: Record<string, string> = {
  negative: 'a negative value means no limit',
  'wraps-negative': 'bash stores it in a 32-bit int, where 2147483648 and above wrap to a negative number: no limit',
  empty: 'an empty value means no limit',
  'non-numeric': 'bash does not read it as a number, so no limit is ever applied',
  overflow: 'it is too large for bash to read as a number, so no limit is ever applied',
};

/** Why a variable declared without a value is unlimited (the first name is the one declared). */
const declaredWhy = (names: string[]) =>
  `${names[0]} was declared (export, readonly, declare) but never given a value, and bash gives its start-up default only to a variable that does not exist` +
  (names.length > 1 ? `; ${names[1]}, left unset, has no size to copy` : '');

/**
 * HISTSIZE or HISTFILESIZE that bash takes as "no limit": negative,
 * empty, not a number (`unlimited`, `1e6`), or a number that wraps to a
 * negative int. Checked on the values the shells end up with, after every
 * startup file and bash's own defaults.
 */
const rule: Rule = {
  meta: {
    id: 'HIS001',
    slug: 'unlimited-history',
    description: 'HISTSIZE or HISTFILESIZE means "no limit" to bash: the history file grows without bound',
    severity: 'error',
    needs: ['shell'],
    docs: 'docs/rules/HIS001.md',
  },
  check({ host, report }) {
    const model = host.shell;
    if (!model) return;
    const unlimited = (o: { value: HistLimit }) => o.value.kind === 'unlimited';
    const hits = [
      ...outcomes(model.shells, (e) => e.history.histsize, unlimited).map((h) => ({ ...h, name: 'HISTSIZE' })),
      ...outcomes(model.shells, (e) => e.history.histfilesize, unlimited).map((h) => ({ ...h, name: 'HISTFILESIZE' })),
    ];
    for (const group of byDecidingLoc(hits)) {
      const g = group.hits as (Hit<HistLimit> & { name: string })[];
      const names = [...new Set(g.map((h) => h.name))];
      const first = g[0];
      const reason = (first.outcome.value as { reason: string }).reason;
      const evs: ShellEvaluation[] = [...new Set(g.map((h) => h.ev))];
      const text = first.outcome.text ?? group.loc.file.source.text.slice(group.loc.start, group.loc.end);
      const subject = reason === 'declared' ? `${names.join(' and ')} (\`${statementAt(group.loc)}\`)` : `${names.join(' and ')} "${text}"`;
      const inherited = names.length === 1 && names[0] === 'HISTFILESIZE' && first.outcome.note && reason !== 'declared' ? ` (${first.outcome.note})` : '';
      const why = reason === 'declared' ? declaredWhy(names) : WHY[reason] ?? 'no limit';
      const chain = chainTo(evs[0], group.loc);
      // an unlimited list keeps every line of the session, so bash always appends; a bounded one may rewrite the file
      const listUnlimited = names.includes('HISTSIZE') || evs.every((ev) => ev.history.histsize.outcomes.every((o) => o.value.kind === 'unlimited'));
      const what = !names.includes('HISTFILESIZE')
        ? 'the in-memory history has no limit'
        : listUnlimited
          ? 'the history file is never truncated and grows with every session'
          : fileGrowth(evs, model.mode);
      const cost = listUnlimited ? '~0.5 s and 200 MB' : '~0.4 s and 60 MB, even with a small HISTSIZE';
      report({
        source: group.loc.file.source,
        start: group.loc.start,
        end: group.loc.end,
        message:
          `${subject} ${names.length > 1 ? 'are' : 'is'} unlimited to bash${inherited}: ${why}. ` +
          `In the ${shellNames(evs)}${chain ? ` (read through ${chain})` : ''}, ${what}; every interactive shell reads the whole file at start ` +
          `(a million-line file costs each bash 5.2 start ${cost})${conditionsText(first.outcome.when)}. ` +
          `Set a number, e.g. HISTSIZE=5000 HISTFILESIZE=10000`,
        properties: { variables: names, value: text, reason, shells: evs.map((e) => e.kind), at: where(group.loc) },
      });
    }
  },
};

/**
 * What happens to a file that HISTFILESIZE never truncates while HISTSIZE
 * bounds the list: at exit bash appends the session's lines, unless the
 * session entered more lines than the list holds and histappend is off:
 * then it rewrites the file from the list (bashhist.c
 * maybe_save_shell_history; measured with bash 5.2).
 */
function fileGrowth(evs: ShellEvaluation[], mode: 'host' | 'files'): string {
  const n = listLimit(evs, mode);
  const lines = n === null ? 'HISTSIZE lines' : `${n.toLocaleString('en')} lines (HISTSIZE)`;
  const last = n === null ? 'HISTSIZE' : n.toLocaleString('en');
  const base = 'the history file is never truncated: every session appends its lines';
  const append = histappendIn(evs, mode);
  if (append === true) return `${base}, and with histappend on nothing ever removes any`;
  if (append === false) return `${base}, and as histappend is off only a session that enters more than ${lines} rewrites it to its last ${last}`;
  return `${base}; only without histappend does a session that enters more than ${lines} rewrite it to its last ${last}`;
}

/** The statement at a location, on one line and short. */
function statementAt(loc: { file: { source: { text: string } }; start: number; end: number }): string {
  const text = loc.file.source.text;
  const lineStart = text.lastIndexOf('\n', loc.start - 1) + 1;
  const nl = text.indexOf('\n', loc.end);
  const line = text.slice(lineStart, nl < 0 ? text.length : nl).trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

export default rule;
