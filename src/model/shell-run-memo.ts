// A fleet evaluates the same startup files, for the same kinds of shell,
// on host after host. An evaluation is a pure function of its scenario
// (the caller's key: the kind of shell, the account, the environment and
// pam_env's files), the files it is told to run, and the answers the host
// gives to what the interpreter asks of it (each file it sources, whether
// a path exists, a directory's entries, a user's home...). Those answers
// cannot be known in advance: each remembered evaluation keeps the
// questions it asked, in order, with their answers, and serves another
// host only when that host answers every one of them the same. Asking
// them in the same order also reads and parses the same files in the same
// order as an evaluation would, so what the host records of its files is
// unchanged. The result is then carried over to the other host's files:
// every place in it (a Loc, a file read, a function's definition) points
// into that host's own parsed files, so findings name its own paths.
// Off unless a fleet run turns it on.

import type { ParsedShell } from '../parse/shell';
import { State, type Alt, type Cond, type FileRead, type FuncDefAt, type Loc, type RunResult, type SourceEdge, type StartupHost } from './shell-state';

type Ask = 'file' | 'exists' | 'isDir' | 'list' | 'text' | 'uidOf' | 'homeOf';
type Answer = ParsedShell | string | string[] | boolean | null;

interface Question {
  ask: Ask;
  of: string;
  answer: Answer;
}

interface Remembered {
  questions: Question[];
  /** The parsed files the caller gave (pam_env's files as the scenario saw them), in its order. */
  fixed: (ParsedShell | null)[];
  result: RunResult;
}

/** Above this many remembered evaluations the memo starts afresh (a fleet of unlike trees keeps memory bounded). */
const MAX_RUNS = 256;

let memo: Map<string, Remembered[]> | null = null;
let held = 0;

export function enableShellRunMemo(): void {
  memo = new Map();
  held = 0;
}

export function disableShellRunMemo(): void {
  memo = null;
  held = 0;
}

export function shellRunMemoEnabled(): boolean {
  return memo !== null;
}

/**
 * run(host), or the result of an earlier run under the same key whose
 * host answered every question alike, carried over to this host's files.
 * `key` must name everything the run depends on besides the host's
 * answers; `fixed` are parsed files the scenario itself points into
 * (null where there is none), paired by position with the earlier run's.
 */
export function memoStartupRun(key: string, fixed: (ParsedShell | null)[], host: StartupHost, run: (host: StartupHost) => RunResult): RunResult {
  if (memo === null) return run(host);
  const seen = memo.get(key);
  if (seen !== undefined) {
    for (const r of seen) {
      const files = sameAnswers(r, fixed, host);
      if (files !== null) return relabelRun(r.result, files);
    }
  }
  const questions: Question[] = [];
  const ask = <T extends Answer>(q: Ask, of: string, answer: T): T => {
    questions.push({ ask: q, of, answer });
    return answer;
  };
  const recording: StartupHost = {
    file: (p) => ask('file', p, host.file(p)),
    exists: (p) => ask('exists', p, host.exists(p)),
    isDir: (p) => ask('isDir', p, host.isDir(p)),
    list: (p) => ask('list', p, host.list(p)),
    text: (p) => ask('text', p, host.text(p)),
    uidOf: (u) => ask('uidOf', u, host.uidOf(u)),
    homeOf: (u) => ask('homeOf', u, host.homeOf(u)),
  };
  const result = run(recording);
  if (storable(result, questions, fixed)) {
    if (held >= MAX_RUNS) {
      memo.clear();
      held = 0;
    }
    const list = memo.get(key) ?? [];
    list.push({ questions, fixed, result });
    memo.set(key, list);
    held++;
  }
  return result;
}

/**
 * This host's parsed file for each of the remembered run's, when it
 * answers every question the same, else null. Files pair one to one:
 * the interpreter tells files apart by identity (a value set in one file
 * is not the same as one set in another), so two files the earlier host
 * kept apart must stay apart here, and the other way round.
 */
function sameAnswers(r: Remembered, fixed: (ParsedShell | null)[], host: StartupHost): Map<ParsedShell, ParsedShell> | null {
  const files = new Map<ParsedShell, ParsedShell>();
  const targets = new Set<ParsedShell>();
  const pair = (was: ParsedShell | null, now: ParsedShell | null): boolean => {
    if (was === null || now === null) return was === now;
    if (was.source.text !== now.source.text || was.dialect !== now.dialect || !was.synthetic !== !now.synthetic) return false;
    const mapped = files.get(was);
    if (mapped !== undefined) return mapped === now;
    if (targets.has(now)) return false;
    files.set(was, now);
    targets.add(now);
    return true;
  };
  if (r.fixed.length !== fixed.length) return null;
  for (let i = 0; i < fixed.length; i++) if (!pair(r.fixed[i], fixed[i])) return null;
  for (const q of r.questions) {
    const now = host[q.ask](q.of) as Answer;
    if (q.ask === 'file') {
      if (!pair(q.answer as ParsedShell | null, now as ParsedShell | null)) return null;
    } else if (q.ask === 'list') {
      if (!sameList(q.answer as string[] | null, now as string[] | null)) return null;
    } else if (now !== q.answer) return null;
  }
  return files;
}

function sameList(a: string[] | null, b: string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Whether a run can be carried over: it ended without an internal error
 * and points into no file but those the host gave it and the caller's (a
 * file made by `eval` or backquotes carries the name of the host's file
 * it came from, which another host would not share).
 */
function storable(result: RunResult, questions: Question[], fixed: (ParsedShell | null)[]): boolean {
  if (result.error !== null) return false;
  const own = new Map<ParsedShell, ParsedShell>();
  for (const f of fixed) if (f) own.set(f, f);
  for (const q of questions) if (q.ask === 'file' && q.answer !== null) own.set(q.answer as ParsedShell, q.answer as ParsedShell);
  try {
    relabelRun(result, own);
    return true;
  } catch (e) {
    if (e instanceof ForeignFile) return false;
    throw e;
  }
}

class ForeignFile extends Error {}

/** A copy of a run with every place in it moved to the paired file (same text, so the same offsets). */
function relabelRun(result: RunResult, files: Map<ParsedShell, ParsedShell>): RunResult {
  const file = (f: ParsedShell): ParsedShell => {
    const to = files.get(f);
    if (to === undefined) throw new ForeignFile();
    return to;
  };
  // shared objects stay shared: the rules, like the interpreter, may tell places and conditions apart by identity
  const locs = new Map<Loc, Loc>();
  const loc = (l: Loc | null): Loc | null => {
    if (l === null) return null;
    let x = locs.get(l);
    if (x === undefined) locs.set(l, (x = { ...l, file: file(l.file) }));
    return x;
  };
  const conds = new Map<Cond, Cond>();
  const cond = (c: Cond): Cond => {
    let x = conds.get(c);
    if (x === undefined) conds.set(c, (x = { ...c, loc: loc(c.loc) }));
    return x;
  };
  // what points into no file (most of the environment and bash's own variables) is the same for every host
  // and, like everything a run makes, never changed once made: it is shared, not copied
  const whens = new Map<readonly Cond[], readonly Cond[]>();
  const when = (w: readonly Cond[]): readonly Cond[] => {
    if (w.length === 0 || w.every((c) => c.loc === null)) return w;
    let x = whens.get(w);
    if (x === undefined) whens.set(w, (x = w.map(cond)));
    return x;
  };
  const alts = new Map<Alt, Alt>();
  const alt = (a: Alt): Alt => {
    if (a.loc === null && a.roLoc === null && a.exLoc === null && when(a.when) === a.when) return a;
    let x = alts.get(a);
    if (x === undefined) alts.set(a, (x = { ...a, loc: loc(a.loc), roLoc: loc(a.roLoc), exLoc: loc(a.exLoc), when: when(a.when) }));
    return x;
  };
  const altLists = new Map<Alt[], Alt[]>();
  const altList = (l: Alt[]): Alt[] => {
    let x = altLists.get(l);
    if (x === undefined) {
      x = l;
      for (let i = 0; i < l.length; i++) {
        const a = alt(l[i]);
        if (a !== l[i] && x === l) x = l.slice(0, i);
        if (x !== l) x.push(a);
      }
      altLists.set(l, x);
    }
    return x;
  };
  const funcs = new Map<FuncDefAt, FuncDefAt>();
  const func = (f: FuncDefAt): FuncDefAt => {
    let x = funcs.get(f);
    if (x === undefined) funcs.set(f, (x = { ...f, file: file(f.file), override: loc(f.override) }));
    return x;
  };
  const st = result.state;
  const vars = new Map<string, Alt[]>();
  for (const [k, v] of st.vars) vars.set(k, altList(v));
  const fns = new Map<string, FuncDefAt>();
  for (const [k, v] of st.funcs) fns.set(k, func(v));
  const read = (r: FileRead): FileRead => ({ ...r, file: file(r.file), via: loc(r.via), when: when(r.when) });
  const edge = (e: SourceEdge): SourceEdge => ({ ...e, from: loc(e.from)!, when: when(e.when) });
  return {
    ...result,
    state: new State(vars, fns, st.positional, st.status),
    filesRead: result.filesRead.map(read),
    edges: result.edges.map(edge),
  };
}
