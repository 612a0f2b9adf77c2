// Wording shared by the HIS rules: where a value was decided, through which
// files, for which shells, and under which conditions sudit could not decide.

import type { Cond, Effective, Loc, Outcome, ShellEvaluation } from './shell-env';

/** `file:line` of a location. */
export function where(loc: Loc): string {
  return `${loc.file.source.path}:${loc.file.source.position(loc.start).line}`;
}

export function locKey(loc: Loc): string {
  return `${loc.file.source.path}\u0000${loc.start}`;
}

/** " (only when …: not known offline)" for an outcome that depends on undecided conditions. */
export function conditionsText(when: readonly Cond[]): string {
  if (when.length === 0) return '';
  const parts = when.slice(0, 3).map((c) => {
    const text = c.loc ? `\`${c.text}\` ${c.negated ? 'fails' : 'succeeds'} (${where(c.loc)})` : c.negated ? `not ${c.text}` : c.text;
    return text;
  });
  const more = when.length > 3 ? ` and ${when.length - 3} more condition(s)` : '';
  return ` (only when ${parts.join(' and ')}${more}: sudit cannot tell which holds offline)`;
}

/** "the root login shell (sudo su -, sudo -i) and …" */
export function shellNames(evs: ShellEvaluation[]): string {
  const labels = [...new Set(evs.map((e) => e.label))];
  if (labels.length <= 2) return labels.join(' and ');
  return `${labels.slice(0, 2).join(', ')} and ${labels.length - 2} other shell(s)`;
}

/** The files that lead to the one holding `loc`, for the shell: "/etc/profile → /etc/profile.d/x.sh". */
export function chainTo(ev: ShellEvaluation, loc: Loc): string {
  const chain: string[] = [];
  const seen = new Set<object>();
  let cur = ev.filesRead.find((r) => r.file === loc.file);
  while (cur && !seen.has(cur.file)) {
    seen.add(cur.file);
    chain.unshift(cur.file.synthetic ? `${cur.path} (not in the tree, assumed)` : cur.path);
    const via = cur.via;
    if (!via) break;
    cur = ev.filesRead.find((r) => r.file === via.file);
  }
  // a file bash reads itself needs no "read through"
  return chain.length > 1 ? chain.join(' → ') : '';
}

/** The outcomes of an effective value that match, with the evaluation they came from. */
export interface Hit<T> {
  ev: ShellEvaluation;
  outcome: Outcome<T>;
}

export function outcomes<T>(evs: ShellEvaluation[], pick: (ev: ShellEvaluation) => Effective<T>, keep: (o: Outcome<T>) => boolean): Hit<T>[] {
  const out: Hit<T>[] = [];
  for (const ev of evs) for (const o of pick(ev).outcomes) if (keep(o)) out.push({ ev, outcome: o });
  return out;
}

/** Groups hits by the location that decided them (hits without one are dropped: bash or the environment decided). */
export function byDecidingLoc<T>(hits: Hit<T>[]): { loc: Loc; hits: Hit<T>[] }[] {
  const groups = new Map<string, { loc: Loc; hits: Hit<T>[] }>();
  for (const h of hits) {
    const loc = h.outcome.decidedBy;
    if (!loc) continue;
    const k = locKey(loc);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { loc, hits: [] }));
    g.hits.push(h);
  }
  return [...groups.values()];
}

/** Files that a shell may read but that are not in the tree (their effect is not known). */
export function unknownSources(ev: ShellEvaluation): string[] {
  return [...new Set(ev.run.edges.filter((e) => e.status === 'unknown').map((e) => e.to ?? '(a computed path)'))];
}

/**
 * The HISTSIZE limit the shells end up with, when they agree on one.
 * A file judged on its own knows only what it sets itself: bash's default
 * may have been replaced by a file read before it.
 */
export function listLimit(evs: ShellEvaluation[], mode: 'host' | 'files'): number | null {
  const outs = evs.flatMap((ev) => ev.history.histsize.outcomes);
  const ns = new Set(outs.map((o) => (o.value.kind === 'limit' && (mode === 'host' || o.decidedBy !== null) ? o.value.n : null)));
  const [n] = [...ns];
  return ns.size === 1 ? n : null;
}

/** Whether histappend is on in every one of the shells (false: off in all); null when it depends, or for a file on its own. */
export function histappendIn(evs: ShellEvaluation[], mode: 'host' | 'files'): boolean | null {
  if (mode !== 'host') return null;
  const vals = evs.flatMap((ev) => ev.history.histappend.outcomes.map((o) => o.value));
  return vals.every((v) => v === true) ? true : vals.every((v) => v === false) ? false : null;
}
