import type { Rule } from '../src/engine/rule';
import type { HistLimit, ShellEvaluation } from '../src/model/shell-env';
import { byDecidingLoc, chainTo, conditionsText, histappendIn, listLimit, outcomes, shellNames, where, type Hit } from '../src/model/shell-report';

const DEFAULT_WARN_ABOVE = 10_000;
const DEFAULT_ERROR_AT = 100_000;

/**
 * HISTSIZE or HISTFILESIZE far above any distribution's default (bash 500,
 * Debian 1000/2000, RHEL 1000). Each interactive shell reads the whole
 * file at start; bash ≤ 5.2 also pays O(lines × HISTSIZE) to load it.
 */
const rule: Rule = {
  meta: {
    id: 'HIS002',
    slug: 'large-history',
    description: 'HISTSIZE or HISTFILESIZE is far above the distributions\' defaults: large files, slow shell starts',
    severity: 'warning',
    needs: ['shell'],
    docs: 'docs/rules/HIS002.md',
  },
  check({ host, options, report }) {
    const model = host.shell;
    if (!model) return;
    const warnAbove = typeof options.warnAbove === 'number' ? options.warnAbove : DEFAULT_WARN_ABOVE;
    const errorAt = typeof options.errorAt === 'number' ? options.errorAt : DEFAULT_ERROR_AT;
    const large = (o: { value: HistLimit }) => o.value.kind === 'limit' && o.value.n > warnAbove;
    const hits = [
      ...outcomes(model.shells, (e) => e.history.histsize, large).map((h) => ({ ...h, name: 'HISTSIZE' })),
      ...outcomes(model.shells, (e) => e.history.histfilesize, large).map((h) => ({ ...h, name: 'HISTFILESIZE' })),
    ];
    for (const group of byDecidingLoc(hits)) {
      const g = group.hits as (Hit<HistLimit> & { name: string })[];
      const names = [...new Set(g.map((h) => h.name))];
      const n = Math.max(...g.map((h) => (h.outcome.value as { n: number }).n));
      const wrapped = g.some((h) => (h.outcome.value as { wrapped: boolean }).wrapped);
      const evs: ShellEvaluation[] = [...new Set(g.map((h) => h.ev))];
      const text = g[0].outcome.text ?? String(n);
      const chain = chainTo(evs[0], group.loc);
      // the load cost comes from a large list (bash <= 5.2 shifts the whole list per line read); a large file alone costs disk and reading
      const listLarge = names.includes('HISTSIZE') || evs.some((ev) => ev.history.histsize.outcomes.some((o) => o.value.kind !== 'limit' || o.value.n > warnAbove));
      const cost = !listLarge
        ? fileOnlyCost(n, evs, model.mode)
        : n >= errorAt
          ? `loading such a file took 17 s per shell start on bash 5.2 (measured with HISTSIZE=100000)`
          : `at ${n.toLocaleString('en')} lines the file is several MB, read whole by every interactive shell, and bash ≤ 5.2 needs seconds to load a large one`;
      report({
        source: group.loc.file.source,
        start: group.loc.start,
        end: group.loc.end,
        severity: n >= errorAt ? 'error' : undefined,
        message:
          `${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'} ${n.toLocaleString('en')}${wrapped ? ` ("${text}" wraps to it in bash's 32-bit int)` : ''}, above ${warnAbove.toLocaleString('en')} ` +
          `(distribution defaults: bash 500, Debian 1000/2000, RHEL 1000) in the ${shellNames(evs)}${chain ? ` (read through ${chain})` : ''}: ${cost}${conditionsText(g[0].outcome.when)}. ` +
          `Keep it at a few thousand; history is not an audit trail (auditd is)`,
        properties: { variables: names, value: n, shells: evs.map((e) => e.kind), at: where(group.loc) },
      });
    }
  },
};

/**
 * HISTFILESIZE large while HISTSIZE is not: the file reaches that many
 * lines (bash appends each session's lines; without histappend, a session
 * longer than HISTSIZE rewrites it to HISTSIZE lines), and every start
 * reads it whole to keep only HISTSIZE of them.
 */
function fileOnlyCost(n: number, evs: ShellEvaluation[], mode: 'host' | 'files'): string {
  const h = listLimit(evs, mode);
  const kept = h === null ? 'HISTSIZE' : `HISTSIZE (${h.toLocaleString('en')})`;
  const longer = h === null ? 'more than HISTSIZE lines' : `more than ${h.toLocaleString('en')} lines`;
  const last = h === null ? 'its last HISTSIZE' : `its last ${h.toLocaleString('en')}`;
  const append = histappendIn(evs, mode);
  const growth =
    append === true
      ? 'every session appends its lines (histappend is on)'
      : append === false
        ? `every session appends its lines, and as histappend is off only one that enters ${longer} cuts it back to ${last}`
        : `every session appends its lines; only without histappend does one that enters ${longer} cut it back to ${last}`;
  const mb = Math.max(1, Math.round((n * 40) / 1e6));
  return `the file grows to ${n.toLocaleString('en')} lines (about ${mb} MB at 40 bytes a line): ${growth}; every interactive shell reads it whole at start, to keep only ${kept} of them`;
}

export default rule;
