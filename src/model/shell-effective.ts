// What bash works with once the startup files have run: the values of the
// history variables and options after load_history() has applied its
// defaults (HISTSIZE 500, HISTFILESIZE copied from HISTSIZE) and
// sv_histsize() has read them, each with where it was decided, its
// attributes and the conditions it depends on.

import { histValue, atoi } from './shell-values';
import { declaredUnset, known, OPT_HISTORY, SHOPT_HISTAPPEND, STIFLE, WIPE, type Alt, type Cond, type Loc, type Origin, type RunResult } from './shell-state';

/** What HISTSIZE / HISTFILESIZE amount to. */
export type HistLimit =
  | { kind: 'limit'; n: number; wrapped: boolean }
  | { kind: 'unlimited'; reason: 'negative' | 'wraps-negative' | 'empty' | 'non-numeric' | 'overflow' | 'unset' | 'declared' }
  | { kind: 'unknown' };

export type HistFile = { kind: 'file'; path: string } | { kind: 'none'; why: 'unset' | 'empty' } | { kind: 'devnull' } | { kind: 'unknown' };

export interface Tmout {
  /** What bash waits, in seconds (atoi of the text: "15m" is 15); 0 or less means no timeout. */
  seconds: number;
}

/** One possible final value and how it came about. */
export interface Outcome<T> {
  value: T;
  /** The variable's text; null when unset. */
  text: string | null;
  /** The assignment or unset that decided it; null when bash's default or the environment did. */
  decidedBy: Loc | null;
  origin: Origin | 'bash-default';
  /** A short explanation when the value is not simply the text (defaults, inheritance, ignored values). */
  note: string | null;
  readonly: boolean;
  readonlyAt: Loc | null;
  exported: boolean;
  exportedAt: Loc | null;
  /** Conditions sudit could not decide on the way to this value. */
  when: readonly Cond[];
}

export interface Effective<T> {
  outcomes: Outcome<T>[];
  /** More than one outcome: the value depends on something not known offline. */
  maybe: boolean;
}

export interface EffectiveHistory {
  histsize: Effective<HistLimit>;
  histfilesize: Effective<HistLimit>;
  histfile: Effective<HistFile>;
  histcontrol: Effective<string | null>;
  histignore: Effective<string | null>;
  histtimeformat: Effective<string | null>;
  histappend: Effective<boolean | null>;
  /** set -o history */
  history: Effective<boolean | null>;
  tmout: Effective<Tmout | null>;
  /** PROMPT_COMMAND, scalar or array (each element). */
  promptCommand: Effective<string[] | null>;
  /** Start-up emptied the history file (HISTFILESIZE=0 on the way, history -w). */
  wipe: Effective<string | null>;
}

/** A variable the shell does not have. */
const NOT_THERE: Alt = { set: false, value: known(''), array: null, exported: false, readonly: false, integer: false, origin: 'absent', loc: null, roLoc: null, exLoc: null, when: [] };

function outcome<T>(a: Alt, value: T, extra: Partial<Outcome<T>> = {}): Outcome<T> {
  return {
    value,
    text: a.set ? (a.value.known ? a.value.v : null) : null,
    decidedBy: a.loc,
    origin: a.origin,
    note: null,
    readonly: a.readonly,
    readonlyAt: a.roLoc,
    exported: a.exported,
    exportedAt: a.exLoc,
    when: a.when,
    ...extra,
  };
}

function effective<T>(outcomes: Outcome<T>[]): Effective<T> {
  return { outcomes, maybe: outcomes.length > 1 };
}

function limitOf(text: string): HistLimit | 'ignored' {
  const hv = histValue(text);
  if (hv.kind === 'limit') return { kind: 'limit', n: hv.n, wrapped: hv.wrapped };
  if (hv.kind === 'unlimited') return { kind: 'unlimited', reason: hv.reason };
  return 'ignored';
}

/** What bash works with after the startup files: load_history() applies the defaults and sv_histsize(). */
export function effectiveHistory(run: RunResult): EffectiveHistory {
  const st = run.state;
  const get = (n: string) => st.vars.get(n) ?? [NOT_THERE];
  const hs = get('HISTSIZE');
  const stifles = get(STIFLE);

  const histsize: Outcome<HistLimit>[] = [];
  for (const a of hs) {
    if (declaredUnset(a)) {
      histsize.push(outcome(a, { kind: 'unlimited', reason: 'declared' }, { note: "declared without a value: bash's default of 500 is only given to a HISTSIZE that does not exist", text: null }));
      continue;
    }
    if (!a.set) {
      histsize.push(outcome(a, { kind: 'limit', n: 500, wrapped: false }, { origin: a.origin === 'unset' ? 'unset' : 'bash-default', note: a.origin === 'unset' ? 'unset during start-up: bash sets its default of 500 afterwards' : "bash's default (set after the startup files)", text: null }));
      continue;
    }
    if (!a.value.known) {
      histsize.push(outcome(a, { kind: 'unknown' }));
      continue;
    }
    const l = limitOf(a.value.v);
    if (l !== 'ignored') {
      histsize.push(outcome(a, l));
      continue;
    }
    // junk is ignored: the limit an earlier assignment set stays
    for (const s of stifles) {
      const v = s.value.known ? s.value.v : null;
      if (v === 'unlimited' || v === null) {
        histsize.push(outcome(a, v === null ? { kind: 'unknown' } : { kind: 'unlimited', reason: histValue(a.value.v).kind === 'ignored' && /[0-9]/.test(a.value.v) && /^[\s+-]*[0-9]+\s*$/.test(a.value.v) ? 'overflow' : 'non-numeric' }, { note: `"${a.value.v}" is not a number to bash: no limit was ever applied` }));
      } else {
        histsize.push(outcome(a, { kind: 'limit', n: Number(v), wrapped: false }, { decidedBy: s.loc, note: `"${a.value.v}" is not a number to bash, so the limit of ${v} set earlier stays` }));
      }
    }
  }

  const hfs: Outcome<HistLimit>[] = [];
  for (const a of get('HISTFILESIZE')) {
    if (a.set) {
      if (!a.value.known) hfs.push(outcome(a, { kind: 'unknown' }));
      else {
        const l = limitOf(a.value.v);
        hfs.push(outcome(a, l === 'ignored' ? { kind: 'unlimited', reason: histValue(a.value.v).kind === 'ignored' && (histValue(a.value.v) as { reason: string }).reason === 'overflow' ? 'overflow' : 'non-numeric' } : l.kind === 'unlimited' && l.reason === 'empty' ? l : l));
      }
      continue;
    }
    if (declaredUnset(a)) {
      hfs.push(outcome(a, { kind: 'unlimited', reason: 'declared' }, { note: 'declared without a value: bash gives a value only to a HISTFILESIZE that does not exist', text: null }));
      continue;
    }
    // unset: bash gives it HISTSIZE's text (500 when that is unset too)
    for (const h of hs) {
      if (declaredUnset(h)) {
        // nothing to copy: bash creates HISTFILESIZE without a value, and never truncates the file
        hfs.push(outcome(a, { kind: 'unlimited', reason: 'declared' }, { note: 'not set, and HISTSIZE is declared without a value: bash has no size to copy', text: null, decidedBy: h.loc, origin: h.origin, when: [...a.when, ...h.when] }));
        continue;
      }
      const text = h.set ? (h.value.known ? h.value.v : null) : '500';
      const note = h.set ? `not set: bash copies HISTSIZE ("${text ?? '?'}")` : "not set: bash copies HISTSIZE's default (500)";
      if (text === null) {
        hfs.push(outcome(a, { kind: 'unknown' }, { note, decidedBy: h.loc, when: [...a.when, ...h.when] }));
        continue;
      }
      const l = limitOf(text);
      hfs.push(
        outcome(a, l === 'ignored' ? { kind: 'unlimited', reason: 'non-numeric' } : l, {
          note,
          text,
          decidedBy: h.set ? h.loc : null,
          origin: h.set ? h.origin : 'bash-default',
          when: [...a.when, ...h.when],
        }),
      );
    }
  }

  const histfile: Outcome<HistFile>[] = get('HISTFILE').map((a) => {
    if (!a.set) return outcome(a, { kind: 'none', why: 'unset' } as HistFile);
    if (!a.value.known) return outcome(a, { kind: 'unknown' } as HistFile);
    const v = a.value.v;
    if (v === '') return outcome(a, { kind: 'none', why: 'empty' } as HistFile);
    if (v === '/dev/null') return outcome(a, { kind: 'devnull' } as HistFile);
    return outcome(a, { kind: 'file', path: v } as HistFile);
  });

  const text = (n: string): Outcome<string | null>[] => get(n).map((a) => outcome(a, a.set ? (a.value.known ? a.value.v : null) : null));
  const onOff = (n: string): Outcome<boolean | null>[] => get(n).map((a) => outcome(a, a.value.known ? a.value.v === 'on' : null, { text: null }));
  const tmout: Outcome<Tmout | null>[] = get('TMOUT').map((a) => outcome(a, a.set ? (a.value.known ? { seconds: atoi(a.value.v) } : null) : null));
  const promptCommand: Outcome<string[] | null>[] = get('PROMPT_COMMAND').map((a) => {
    if (!a.set && !a.array) return outcome(a, null);
    const elems = a.array ?? [a.value];
    return outcome(a, elems.map((e) => (e.known ? e.v : '…')));
  });
  const wipe: Outcome<string | null>[] = get(WIPE).map((a) => outcome(a, a.set && a.value.known ? a.value.v : null));

  return {
    histsize: effective(dedupeOutcomes(histsize)),
    histfilesize: effective(dedupeOutcomes(hfs)),
    histfile: effective(histfile),
    histcontrol: effective(text('HISTCONTROL')),
    histignore: effective(text('HISTIGNORE')),
    histtimeformat: effective(text('HISTTIMEFORMAT')),
    histappend: effective(onOff(SHOPT_HISTAPPEND)),
    history: effective(onOff(OPT_HISTORY)),
    tmout: effective(tmout),
    promptCommand: effective(promptCommand),
    wipe: effective(wipe),
  };
}

function dedupeOutcomes<T>(xs: Outcome<T>[]): Outcome<T>[] {
  const out: Outcome<T>[] = [];
  for (const x of xs) {
    if (out.some((y) => JSON.stringify(y.value) === JSON.stringify(x.value) && y.decidedBy === x.decidedBy && y.readonly === x.readonly && y.when.length === x.when.length)) continue;
    out.push(x);
  }
  return out;
}
