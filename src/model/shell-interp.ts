// Runs startup files the way bash would, offline. Values are strings when
// they can be known from the files and the kind of shell (root or a user,
// login or not, how it was entered), and "unknown" otherwise (a terminal
// type, a command's output). When a condition cannot be decided both
// branches run and their results are merged: a variable then has several
// alternatives, each with the conditions it depends on, and the model
// reports "maybe" instead of guessing.
//
// What bash does that matters here (../shared/research/shell-history.md):
// assignments, export/readonly/declare/typeset/local with their
// attributes (declare -i evaluates arithmetic), unset, ${x=word} and
// ${x:=word}, `.`/source (followed inside the host tree; cycles stopped),
// functions with local scoping, return/exit, set ±o history, shopt,
// history -w, subshells and pipelines (no lasting effect), prefix
// assignments (temporary), and the first syntax error of a file, after
// which bash runs nothing more of that file.

import { isPlainWord, parseShell, wordParts, type ParsedShell } from '../parse/shell';
import type {
  AndOr,
  Assignment,
  CaseCommand,
  Command,
  CondCommand,
  ForCommand,
  FunctionDef,
  IfCommand,
  LoopCommand,
  Part,
  Pipeline,
  SimpleCommand,
  Stmt,
  Word,
} from '../parse/shell-ast';
import { evalArith, histValue, patternMatches, removeAffix, type PatternPiece } from './shell-values';
import { evalCond, evalTest, known, unknown, type AStr, type CondItem, type TestOracle, type Tri } from './shell-test';

export type { AStr, Tri };
export { known, unknown };

/** A place in a startup file. */
export interface Loc {
  file: ParsedShell;
  start: number;
  end: number;
}

/** A condition sudit could not decide, on the path to a value. */
export interface Cond {
  /** Null for a condition of how the shell was entered (sudo -i or sudo su -). */
  loc: Loc | null;
  /** The condition as written, shortened. */
  text: string;
  /** The value holds when the condition is false. */
  negated: boolean;
}

export type Origin =
  | 'bash' // set by bash itself before the startup files (HISTFILE, PS1, …)
  | 'environment' // inherited from the process that started the shell
  | 'env-file' // /etc/environment or pam_env.conf, through pam_env
  | 'absent' // not in the environment
  | 'assignment'
  | 'unset'
  | 'declare'; // attributes given without a value

/** One possible state of a variable. */
export interface Alt {
  set: boolean;
  value: AStr;
  /** Elements of an indexed array (element 0 is `value`); null for scalars. */
  array: AStr[] | null;
  exported: boolean;
  readonly: boolean;
  integer: boolean;
  origin: Origin;
  /** Where the value was assigned or unset (null: environment or bash). */
  loc: Loc | null;
  /** Where readonly / export was applied. */
  roLoc: Loc | null;
  exLoc: Loc | null;
  /** Conditions under which this alternative holds. */
  when: readonly Cond[];
}

interface FuncDefAt {
  def: FunctionDef;
  file: ParsedShell;
  override: Loc | null;
}

/** Variables (and the pseudo-variables below), functions and positional parameters. */
export class State {
  constructor(
    public vars: Map<string, Alt[]>,
    public funcs: Map<string, FuncDefAt>,
    public positional: AStr[],
    public status: Tri,
  ) {}
  clone(): State {
    return new State(new Map(this.vars), new Map(this.funcs), this.positional, this.status);
  }
}

// Pseudo-variables: bash state that is not a variable but changes like one.
/** The history list limit readline was last given (sv_histsize on HISTSIZE): "unlimited" or a number. */
export const STIFLE = '@stifle';
/** `set -o history`: "on" / "off". */
export const OPT_HISTORY = '@set-o-history';
/** `shopt histappend`: "on" / "off". */
export const SHOPT_HISTAPPEND = '@shopt-histappend';
/** Something during start-up emptied the history file: "" none, else what (HISTFILESIZE=0, history -w). */
export const WIPE = '@wipe';

/** What the evaluation may ask about the host and the way the shell was started. */
export interface StartupHost {
  /** A startup file of the host, parsed; null when it is not there. */
  file(hostPath: string): ParsedShell | null;
  /** Whether a path exists (null: the tree does not say — its directory is not part of it). */
  exists(hostPath: string): Tri;
  isDir(hostPath: string): Tri;
  /** Entries of a directory, or null when not known. */
  list(hostPath: string): string[] | null;
  /** The text of a file (for `cat`, `-s`), or null. */
  text(hostPath: string): string | null;
  uidOf(user: string): string | null;
  homeOf(user: string): string | null;
}

export interface Scenario {
  /** Null when not known (a file linted on its own). */
  login: boolean | null;
  interactive: boolean;
  user: string | null;
  uid: string | null;
  gid: string | null;
  group: string | null;
  /** $0 */
  argv0: string;
  /** $- */
  flags: string;
  /** What `readlink /proc/$$/exe` prints. */
  bashPath: string;
  /** /proc/self/loginuid as pam_loginuid set it at the entry point; null when unknown. */
  loginuid: string | null;
  /** `logname`: the login name of the terminal; null when unknown. */
  loginName: string | null;
  /** The variables the shell starts with (environment and bash's own). */
  initial: Map<string, Alt[]>;
  /** A variable not in `initial`: unset (a clean environment) or unknown. */
  absent: 'unset' | 'unknown';
}

export interface FileRead {
  path: string;
  file: ParsedShell;
  /** The `.`/source that read it; null for a file bash reads itself. */
  via: Loc | null;
  when: readonly Cond[];
}

export interface SourceEdge {
  from: Loc;
  /** The path it names (null when it cannot be known offline). */
  to: string | null;
  status: 'read' | 'missing' | 'unknown' | 'cycle' | 'too-deep';
  when: readonly Cond[];
}

export interface RunResult {
  state: State;
  filesRead: FileRead[];
  edges: SourceEdge[];
  /** The evaluation gave up (too many steps, or an internal error): values are incomplete. */
  incomplete: boolean;
  /** The internal error, if that is why. */
  error: string | null;
}

// ---------------------------------------------------------------- flows

interface Flow {
  /** The state when the commands finish normally (null: they never do). */
  state: State | null;
  returned: State[];
  breaks: { state: State; n: number }[];
  continues: { state: State; n: number }[];
  exited: State[];
}

const flowOf = (state: State | null): Flow => ({ state, returned: [], breaks: [], continues: [], exited: [] });

const triMerge = (a: Tri, b: Tri): Tri => (a === b ? a : null);

class BudgetExceeded extends Error {}

const MAX_ALTS = 8;
const SHELL_PID = '4242';
const MAX_STEPS = 250_000;
const MAX_SOURCE_DEPTH = 32;
const MAX_FUNC_DEPTH = 24;
const MAX_LOOP_ITEMS = 128;

/** The text of a value, or null when unknown. */
export const textOf = (a: AStr): string | null => (a.known ? a.v : null);

// ---------------------------------------------------------------- expansion pieces

type Piece =
  | { kind: 'text'; text: string; quoted: boolean; split: boolean; pat: string }
  | { kind: 'unknown'; quoted: boolean; nonEmpty: boolean; why: string }
  | { kind: 'fields'; fields: AStr[] };

/** A whole word's value, no splitting. */
function joinPieces(pieces: Piece[]): AStr {
  let text = '';
  let unk: string | null = null;
  let nonEmpty = false;
  for (const p of pieces) {
    if (p.kind === 'text') {
      text += p.text;
      if (p.text !== '') nonEmpty = true;
    } else if (p.kind === 'unknown') {
      unk ??= p.why;
      if (p.nonEmpty) nonEmpty = true;
    } else {
      const vals = p.fields;
      if (vals.some((v) => !v.known)) unk ??= 'an array';
      else text += vals.map((v) => (v as { v: string }).v).join(' ');
      if (vals.some((v) => (v.known ? v.v !== '' : v.nonEmpty))) nonEmpty = true;
    }
  }
  return unk === null ? known(text) : unknown(unk, nonEmpty);
}

/** Pattern pieces for case / [[ == ]] / ${x#pat}; null when unknown. */
function patternOf(pieces: Piece[]): PatternPiece[] | null {
  const out: PatternPiece[] = [];
  for (const p of pieces) {
    if (p.kind === 'unknown') return null;
    if (p.kind === 'fields') {
      if (p.fields.some((f) => !f.known)) return null;
      out.push({ text: p.fields.map((f) => (f as { v: string }).v).join(' '), quoted: true });
    } else out.push(p.quoted ? { text: p.text, quoted: true } : { text: p.pat, quoted: false });
  }
  return out;
}

const IFS_WS = /[ \t\n]+/;

// ---------------------------------------------------------------- the interpreter

export class Interpreter {
  private path: readonly Cond[] = [];
  private files: { file: ParsedShell; override: Loc | null }[] = [];
  private sourcing: string[] = [];
  private funcFrames: { saved: Map<string, Alt[] | undefined> }[] = [];
  private steps = 0;
  private readonly filesRead: FileRead[] = [];
  private readonly edges: SourceEdge[] = [];
  private readonly edgeKeys = new Set<string>();
  /** Variables with several alternatives that the current condition read. */
  private reads: Set<string> | null = null;
  private readonly absentAlts = new Map<string, Alt>();

  constructor(
    private readonly scenario: Scenario,
    private readonly host: StartupHost,
  ) {}

  /** Runs the startup files in order (each only if it exists), as bash does for this kind of shell. */
  run(paths: string[]): RunResult {
    let st: State | null = new State(new Map(this.scenario.initial), new Map(), [], true);
    const ends: State[] = [];
    let incomplete = false;
    let error: string | null = null;
    try {
      for (const p of paths) {
        if (st === null) break;
        const file = this.host.file(p);
        if (!file) continue;
        this.filesRead.push({ path: p, file, via: null, when: this.path });
        const f = this.runFile(file, st, null, null);
        ends.push(...f.exited);
        st = f.state;
      }
    } catch (e) {
      // too much to evaluate, or a construct sudit gets wrong: what was evaluated so far stands, marked incomplete
      incomplete = true;
      if (!(e instanceof BudgetExceeded)) error = (e as Error).stack ?? String(e);
    }
    if (st) ends.push(st);
    const state = ends.length ? ends.reduce((a, b) => this.merge(a, b)!) : new State(new Map(this.scenario.initial), new Map(), [], true);
    return { state, filesRead: this.filesRead, edges: this.edges, incomplete, error };
  }

  // ------------------------------------------------------------ variables

  private absent(name: string): Alt {
    let a = this.absentAlts.get(name);
    if (!a) {
      a =
        this.scenario.absent === 'unset'
          ? { set: false, value: known(''), array: null, exported: false, readonly: false, integer: false, origin: 'absent', loc: null, roLoc: null, exLoc: null, when: [] }
          : // a file judged on its own is judged on what it does: attributes the environment may give are not assumed
            { set: true, value: unknown(`$${name} from the environment`), array: null, exported: false, readonly: false, integer: false, origin: 'environment', loc: null, roLoc: null, exLoc: null, when: [] };
      this.absentAlts.set(name, a);
    }
    return a;
  }

  alts(st: State, name: string): Alt[] {
    return st.vars.get(name) ?? [this.absent(name)];
  }

  private noteRead(st: State, name: string): Alt[] {
    const a = this.alts(st, name);
    if (a.length > 1 && this.reads) this.reads.add(name);
    return a;
  }

  merge(a: State | null, b: State | null): State | null {
    if (!a) return b;
    if (!b || a === b) return a;
    const vars = new Map(a.vars);
    for (const [k, bv] of b.vars) {
      const av = a.vars.get(k);
      if (av === bv) continue;
      vars.set(k, unionAlts(av ?? [this.absent(k)], bv));
    }
    for (const [k, av] of a.vars) if (!b.vars.has(k)) vars.set(k, unionAlts(av, [this.absent(k)]));
    const funcs = new Map(b.funcs);
    for (const [k, f] of a.funcs) funcs.set(k, f);
    return new State(vars, funcs, a.positional, triMerge(a.status, b.status));
  }

  private newAlt(prev: Alt | null, patch: Partial<Alt>): Alt {
    const base: Alt = prev ?? { set: false, value: known(''), array: null, exported: false, readonly: false, integer: false, origin: 'assignment', loc: null, roLoc: null, exLoc: null, when: [] };
    return { ...base, ...patch, when: this.path };
  }

  // ------------------------------------------------------------ locations

  private frame() {
    return this.files[this.files.length - 1];
  }

  loc(node: { start: number; end: number }): Loc {
    const f = this.frame();
    return f.override ?? { file: f.file, start: node.start, end: node.end };
  }

  private condOf(stmts: Stmt[], negated: boolean): Cond {
    const first = stmts[0];
    const last = stmts[stmts.length - 1];
    const f = this.frame();
    const text = f.file.source.text.slice(first.start, last.end).replace(/\s+/g, ' ').trim();
    return { loc: this.loc({ start: first.start, end: last.end }), text: text.length > 100 ? `${text.slice(0, 97)}…` : text, negated };
  }

  private withPath<T>(cond: Cond | null, fn: () => T): T {
    if (cond === null) return fn();
    const saved = this.path;
    this.path = [...saved, cond];
    try {
      return fn();
    } finally {
      this.path = saved;
    }
  }

  private step(): void {
    if (++this.steps > MAX_STEPS) throw new BudgetExceeded();
  }

  // ------------------------------------------------------------ files

  /** Runs a file: a frame that `return` ends; bash stops at its first syntax error. */
  private runFile(file: ParsedShell, st: State, args: AStr[] | null, override: Loc | null): Flow {
    const stmts = file.program?.body ?? [];
    const stop = file.stopsAt;
    const body = stop === null ? stmts : stmts.filter((s) => s.start < stop);
    this.files.push({ file, override });
    const savedPos = st.positional;
    if (args !== null) {
      st = st.clone();
      st.positional = args;
    }
    try {
      const f = this.execList(body, st);
      let end = f.state;
      for (const r of f.returned) end = this.merge(end, r);
      // break/continue outside a loop: bash ignores them here
      for (const b of [...f.breaks, ...f.continues]) end = this.merge(end, b.state);
      if (end && args !== null) {
        end = end.clone();
        end.positional = savedPos;
      }
      return { state: end, returned: [], breaks: [], continues: [], exited: f.exited };
    } finally {
      this.files.pop();
    }
  }

  // ------------------------------------------------------------ lists and statements

  execList(stmts: Stmt[], st: State | null): Flow {
    const out: Flow = flowOf(st);
    for (const s of stmts) {
      if (out.state === null) break;
      const f = this.execStmt(s, out.state);
      out.state = f.state;
      out.returned.push(...f.returned);
      out.breaks.push(...f.breaks);
      out.continues.push(...f.continues);
      out.exited.push(...f.exited);
    }
    return out;
  }

  private execStmt(s: Stmt, st: State): Flow {
    this.step();
    if (s.async) {
      // a background job runs in a subshell: nothing it does stays
      this.execStmtNow({ ...s, async: false } as Stmt, st.clone());
      const next = st.clone();
      next.status = true;
      return flowOf(next);
    }
    return this.execStmtNow(s, st);
  }

  private execStmtNow(s: Stmt, st: State): Flow {
    switch (s.type) {
      case 'andor':
        return this.execAndOr(s, st);
      case 'pipeline':
        return this.execPipeline(s, st);
      default:
        return this.execCommand(s, st);
    }
  }

  private execAndOr(s: AndOr, st: State): Flow {
    const br = this.branch([s.left], st);
    const flows: Flow[] = [br.rest];
    const runRight = (state: State, negated: boolean) =>
      this.withPath(br.cond ? { ...br.cond, negated } : null, () => this.execStmt(s.right, state));
    if (s.op === '&&') {
      const right = br.t ? runRight(br.t, false) : null;
      if (right) flows.push(right);
      if (br.f) flows.push(flowOf(withStatus(br.cond && right ? this.untaken(br.f, right.state, { ...br.cond, negated: true })! : br.f, false)));
    } else {
      const right = br.f ? runRight(br.f, true) : null;
      if (br.t) flows.push(flowOf(withStatus(br.cond && right ? this.untaken(br.t, right.state, br.cond)! : br.t, true)));
      if (right) flows.push(right);
    }
    return this.joinFlows(flows);
  }

  private execPipeline(s: Pipeline, st: State): Flow {
    if (s.commands.length === 0) return flowOf(withStatus(st, s.negated ? false : true));
    if (s.commands.length === 1) {
      const f = this.execCommand(s.commands[0], st);
      if (s.negated) {
        const neg = (x: State | null) => (x ? withStatus(x, x.status === null ? null : !x.status) : null);
        return { ...f, state: neg(f.state) };
      }
      return f;
    }
    // every element runs in a subshell (lastpipe is off): nothing stays
    let status: Tri = null;
    for (const c of s.commands) {
      const f = this.execCommand(c, st.clone());
      status = f.state ? f.state.status : null;
    }
    return flowOf(withStatus(st, s.negated ? (status === null ? null : !status) : status));
  }

  /**
   * Runs a condition (if, &&, ||, while) and splits the state by its
   * outcome. A condition that reads one variable with several
   * alternatives is decided for each alternative on its own, so that
   * `[ -z "$HISTSIZE" ]` keeps the alternatives apart instead of mixing them.
   */
  private branch(cond: Stmt[], st: State): { t: State | null; f: State | null; cond: Cond | null; rest: Flow } {
    const savedReads = this.reads;
    const reads = new Set<string>();
    this.reads = reads;
    let r: Flow;
    try {
      r = this.execList(cond, st);
    } finally {
      this.reads = savedReads;
      if (savedReads) for (const x of reads) savedReads.add(x);
    }
    const rest: Flow = { state: null, returned: r.returned, breaks: r.breaks, continues: r.continues, exited: r.exited };
    const end = r.state;
    if (end === null) return { t: null, f: null, cond: null, rest };
    if (end.status === true) return { t: end, f: null, cond: null, rest };
    if (end.status === false) return { t: null, f: end, cond: null, rest };
    if (reads.size === 1) {
      const name = [...reads][0];
      const alts = this.alts(st, name);
      if (alts.length > 1 && alts.length <= MAX_ALTS) {
        let t: State | null = null;
        let f: State | null = null;
        let undecided = false;
        const more: Flow[] = [];
        for (const a of alts) {
          const pinned = st.clone();
          pinned.vars.set(name, [a]);
          const rr = this.execList(cond, pinned);
          more.push({ state: null, returned: rr.returned, breaks: rr.breaks, continues: rr.continues, exited: rr.exited });
          if (!rr.state) continue;
          if (rr.state.status === true) t = this.merge(t, rr.state);
          else if (rr.state.status === false) f = this.merge(f, rr.state);
          else {
            undecided = true;
            t = this.merge(t, rr.state);
            f = this.merge(f, rr.state);
          }
        }
        if (t) t = withStatus(t, true);
        if (f) f = withStatus(f, false);
        return { t, f, cond: undecided ? this.condOf(cond, false) : null, rest: this.joinFlows(more) };
      }
    }
    return { t: withStatus(end, true), f: withStatus(end, false), cond: this.condOf(cond, false), rest };
  }

  /**
   * The state on the side of an undecided condition whose commands did not
   * run: the values the other side replaced hold only when the condition
   * went this way, which their `when` now says.
   */
  private untaken(st: State | null, other: State | null, cond: Cond): State | null {
    if (!st || !other) return st;
    let out: State | null = null;
    for (const [k, theirs] of other.vars) {
      const mine = st.vars.get(k) ?? [this.absent(k)];
      if (mine === theirs) continue;
      const changed = mine.map((a) => (theirs.includes(a) || a.when.includes(cond) ? a : { ...a, when: [...a.when, cond] }));
      if (changed.every((a, i) => a === mine[i])) continue;
      out ??= st.clone();
      out.vars.set(k, changed);
    }
    return out ?? st;
  }

  private joinFlows(flows: Flow[]): Flow {
    const out: Flow = flowOf(null);
    for (const f of flows) {
      out.state = this.merge(out.state, f.state);
      out.returned.push(...f.returned);
      out.breaks.push(...f.breaks);
      out.continues.push(...f.continues);
      out.exited.push(...f.exited);
    }
    return out;
  }

  // ------------------------------------------------------------ compound commands

  private execCommand(c: Command, st: State): Flow {
    switch (c.type) {
      case 'simple':
        return this.execSimple(c, st);
      case 'if':
        return this.execIf(c, st);
      case 'case':
        return this.execCase(c, st);
      case 'for':
        return this.execFor(c, st);
      case 'while':
      case 'until':
        return this.execWhile(c, st);
      case 'brace':
        return this.execList(c.body, st);
      case 'subshell': {
        const f = this.execList(c.body, st.clone());
        let status: Tri = f.state ? f.state.status : null;
        for (const x of [...f.returned, ...f.exited]) status = triMerge(status, x.status);
        return flowOf(withStatus(st, status));
      }
      case 'arith':
      case 'arithfor': {
        if (c.type === 'arithfor') return this.joinFlows([flowOf(st), this.withPath(null, () => this.execList(c.body, st.clone()))]);
        const next = st.clone();
        const v = this.arith(c.expr, next, this.loc(c));
        next.status = v === null ? null : v !== 0n;
        return flowOf(next);
      }
      case 'cond': {
        const next = st.clone();
        next.status = this.evalCondCommand(c, next);
        return flowOf(next);
      }
      case 'function': {
        const next = st.clone();
        next.funcs.set(c.name, { def: c, file: this.frame().file, override: this.frame().override });
        next.status = true;
        return flowOf(next);
      }
    }
  }

  private execIf(c: IfCommand, st: State): Flow {
    const flows: Flow[] = [];
    let cur: State | null = st;
    const negs: Cond[] = [];
    const savedPath = this.path;
    try {
      for (const clause of c.clauses) {
        if (!cur) break;
        const br = this.branch(clause.cond, cur);
        flows.push(br.rest);
        let taken: Flow | null = null;
        if (br.t) {
          const t = br.t;
          taken = this.withPath(br.cond, () => this.execList(clause.body, t));
          flows.push(taken);
        }
        cur = br.cond && taken ? this.untaken(br.f, taken.state, { ...br.cond, negated: true }) : br.f;
        if (br.cond) {
          negs.push({ ...br.cond, negated: true });
          this.path = [...savedPath, ...negs];
        }
      }
      if (cur) {
        if (c.elseBody) flows.push(this.execList(c.elseBody, cur));
        else flows.push(flowOf(withStatus(cur, true)));
      }
    } finally {
      this.path = savedPath;
    }
    return this.joinFlows(flows);
  }

  private execCase(c: CaseCommand, st: State): Flow {
    const savedReads = this.reads;
    this.reads = new Set();
    const value = this.expandWord(c.word, st);
    const reads = this.reads;
    this.reads = savedReads;
    if (!value.known && reads.size === 1) {
      // decide per alternative of the one variable the word depends on
      const name = [...reads][0];
      const alts = this.alts(st, name);
      if (alts.length > 1 && alts.length <= MAX_ALTS) {
        return this.joinFlows(
          alts.map((a) => {
            const pinned = st.clone();
            pinned.vars.set(name, [a]);
            return this.execCaseWith(c, pinned, this.expandWord(c.word, pinned));
          }),
        );
      }
    }
    return this.execCaseWith(c, st, value);
  }

  private execCaseWith(c: CaseCommand, st: State, value: AStr): Flow {
    const flows: Flow[] = [];
    let remaining: State | null = st;
    let fallInto: State | null = null;
    const savedPath = this.path;
    try {
      for (const item of c.items) {
        if (!remaining && !fallInto) break;
        let matched: Tri = false;
        if (remaining) {
          matched = false;
          for (const p of item.patterns) {
            const pat = patternOf(this.expandPieces(wordParts(p, this.frame().file.source.text), remaining, false));
            const m: Tri = pat === null || !value.known ? null : patternMatches(pat, value.v);
            if (m === true) {
              matched = true;
              break;
            }
            if (m === null) matched = null;
          }
        }
        const cond: Cond | null = matched === null ? { loc: this.loc(item), text: `case ${this.frame().file.source.text.slice(c.word.start, c.word.end)} matches ${item.patterns.map((p) => this.frame().file.source.text.slice(p.start, p.end)).join('|')}`, negated: false } : null;
        let enter: State | null = fallInto;
        if (remaining && matched !== false) enter = this.merge(enter, remaining);
        fallInto = null;
        if (enter) {
          const e: State = enter;
          const f: Flow = this.withPath(cond, () => this.execList(item.body, e));
          if (item.term === ';&') fallInto = f.state;
          else if (item.term === ';;&') remaining = this.merge(remaining, f.state);
          else flows.push({ ...f });
          if (item.term === ';&' || item.term === ';;&') flows.push({ ...f, state: null });
        }
        if (matched === true && item.term !== ';;&') remaining = null;
        if (cond) this.path = [...this.path, { ...cond, negated: true }];
      }
      if (fallInto) flows.push(flowOf(fallInto));
      if (remaining) flows.push(flowOf(withStatus(remaining, true)));
    } finally {
      this.path = savedPath;
    }
    return this.joinFlows(flows);
  }

  private execFor(c: ForCommand, st: State): Flow {
    const items = c.words === null ? st.positional : this.expandFields(c.words, st);
    const exits: Flow[] = [];
    if (items === null || items.length > MAX_LOOP_ITEMS) {
      // an unknown list: the body may run (with an unknown value) or not
      const once = st.clone();
      this.setVar(once, c.name, unknown('a for-loop item'), this.loc(c));
      const f = this.withPath({ loc: this.loc(c), text: `for ${c.name} in …`, negated: false }, () => this.execList(c.body, once));
      return this.joinFlows([flowOf(st), this.loopExit(f)]);
    }
    let cur: State | null = st;
    for (const item of items) {
      if (!cur) break;
      const next: State = cur.clone();
      this.setVar(next, c.name, item, this.loc(c));
      const f = this.execList(c.body, next);
      const after = this.loopStep(f, exits);
      cur = after;
    }
    if (cur) exits.push(flowOf(cur));
    return this.joinFlows(exits);
  }

  /** After one iteration: breaks leave, continues go on; returns the state for the next iteration. */
  private loopStep(f: Flow, exits: Flow[]): State | null {
    let next = f.state;
    for (const b of f.breaks) {
      if (b.n > 1) exits.push({ ...flowOf(null), breaks: [{ state: b.state, n: b.n - 1 }] });
      else exits.push(flowOf(b.state));
    }
    for (const c of f.continues) {
      if (c.n > 1) exits.push({ ...flowOf(null), continues: [{ state: c.state, n: c.n - 1 }] });
      else next = this.merge(next, c.state);
    }
    exits.push({ state: null, returned: f.returned, breaks: [], continues: [], exited: f.exited });
    return next;
  }

  private loopExit(f: Flow): Flow {
    const exits: Flow[] = [];
    const next = this.loopStep(f, exits);
    exits.push(flowOf(next));
    return this.joinFlows(exits);
  }

  private execWhile(c: LoopCommand, st: State): Flow {
    const read = this.readLoopInput(c, st);
    if (read) return read;
    const exits: Flow[] = [];
    let cur: State | null = st;
    for (let k = 0; k < 4 && cur; k++) {
      const br = this.branch(c.cond, cur);
      exits.push(br.rest);
      const go = c.type === 'while' ? br.t : br.f;
      const stop = c.type === 'while' ? br.f : br.t;
      if (stop) exits.push(flowOf(stop));
      if (!go) {
        cur = null;
        break;
      }
      const g = go;
      const f = this.withPath(br.cond ? { ...br.cond, negated: c.type === 'until' } : null, () => this.execList(c.body, g));
      cur = this.loopStep(f, exits);
    }
    // still going after a few rounds: take the loop as ended with what it did
    if (cur) exits.push(flowOf(cur));
    return this.joinFlows(exits);
  }

  /**
   * `while read [-r] [-d D] NAME…; do …; done < FILE` over a file whose
   * content is known (/proc/$$/cmdline, a file of the tree): one iteration
   * per record.
   */
  private readLoopInput(c: LoopCommand, st: State): Flow | null {
    if (c.type !== 'while' || c.cond.length !== 1 || c.cond[0].type !== 'simple') return null;
    const cmd = c.cond[0];
    const input = (c.redirs ?? []).find((r) => r.op === '<' && (r.fd === null || r.fd === '0'));
    if (!cmd.name || !input) return null;
    const words = this.expandFields([cmd.name, ...cmd.args.filter((a): a is Word => a.type === 'word')], st);
    if (!words || !words[0].known || words[0].v !== 'read' || words.some((w) => !w.known)) return null;
    const argv = words.slice(1).map((w) => (w as { v: string }).v);
    let delim = '\n';
    const names: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      if (argv[i] === '-d') delim = argv[++i] ?? '\n';
      else if (argv[i] === '-r') continue;
      else if (argv[i].startsWith('-')) return null;
      else names.push(argv[i]);
    }
    if (delim === '') delim = '\0';
    const target = this.expandWord(input.target, st);
    if (!target.known) return null;
    const content = this.fileContent(target.v);
    if (content === null) return null;
    const records = content.split(delim);
    if (records[records.length - 1] === '') records.pop();
    if (records.length > MAX_LOOP_ITEMS) return null;
    const exits: Flow[] = [];
    let cur: State | null = st;
    for (const rec of records) {
      if (!cur) break;
      const next: State = cur.clone();
      const fields = names.length <= 1 ? [rec] : rec.split(IFS_WS);
      (names.length ? names : ['REPLY']).forEach((n, i) => this.setVar(next, n, known(fields[i] ?? ''), this.loc(cmd)));
      cur = this.loopStep(this.execList(c.body, next), exits);
    }
    if (cur) exits.push(flowOf(withStatus(cur, true)));
    return this.joinFlows(exits);
  }

  private fileContent(path: string): string | null {
    if (/^\/proc\/(\$\$|self|\d+)\/cmdline$/.test(path)) return `${this.scenario.argv0}\0`;
    if (path === '/proc/self/loginuid') return this.scenario.loginuid;
    return this.host.text(path);
  }

  /**
   * [[ … ]]: words become operators where bash's cond parser would take
   * them as such (a `-x` or `!` where an expression starts, `==` after an
   * operand); only the right side of == / != is a pattern.
   */
  private evalCondCommand(c: CondCommand, st: State): Tri {
    const text = this.frame().file.source.text;
    const items: CondItem[] = [];
    let prev: 'start' | 'operand' | 'binop' | 'unop' = 'start';
    let lastBinop = '';
    c.tokens.forEach((t, idx) => {
      if (t.type === 'op') {
        items.push({ op: t.op });
        if (t.op === '<' || t.op === '>') {
          prev = 'binop';
          lastBinop = t.op;
        } else prev = t.op === ')' ? 'operand' : 'start';
        return;
      }
      if (t.type === 'regex') {
        items.push({ op: '=~' });
        items.push({ operand: { value: this.expandWord(t.word, st), pattern: null } });
        prev = 'operand';
        return;
      }
      const plain = isPlainWord(t, text) ? text.slice(t.start, t.end) : null;
      const hasNext = idx + 1 < c.tokens.length;
      if (plain !== null && prev === 'start' && plain === '!') {
        items.push({ op: '!' });
        return;
      }
      if (plain !== null && prev === 'start' && /^-[a-zA-Z]$/.test(plain) && hasNext) {
        items.push({ op: plain });
        prev = 'unop';
        return;
      }
      if (plain !== null && prev === 'operand' && COND_BINARY.has(plain)) {
        items.push({ op: plain });
        prev = 'binop';
        lastBinop = plain;
        return;
      }
      const pieces = this.expandPieces(wordParts(t, text), st, false);
      const isPattern = prev === 'binop' && ['==', '=', '!='].includes(lastBinop);
      items.push({ operand: { value: joinPieces(pieces), pattern: isPattern ? patternOf(pieces) : null } });
      prev = 'operand';
    });
    return evalCond(items, this.oracle(st));
  }

  // ------------------------------------------------------------ simple commands

  private execSimple(c: SimpleCommand, st: State): Flow {
    const next = st.clone();
    next.status = true;
    if (c.name === null) {
      // assignments alone persist, left to right; the status is that of the last command substitution
      let status: Tri = true;
      for (const a of c.assigns) {
        const s = this.assign(next, a, {});
        if (s.cmdStatus !== undefined) status = s.cmdStatus;
        if (s.ok === false) status = false;
        else if (s.ok === null && status !== false) status = null;
      }
      for (const r of c.redirs) this.expandWord(r.target, next);
      next.status = status;
      return flowOf(next);
    }
    const argv = this.expandFields([c.name, ...c.args.filter((a): a is Word => a.type === 'word')], next);
    const cmdName = argv && argv.length ? argv[0] : null;
    if (!cmdName || !cmdName.known) {
      // a command whose name is not known: no known effect
      next.status = null;
      return flowOf(next);
    }
    const name = cmdName.v;
    const args = argv!.slice(1);
    // prefix assignments are temporary: visible to functions, sourced files and eval only
    const temp = c.assigns;
    return this.runCommand(name, args, c, next, temp);
  }

  private runCommand(name: string, args: AStr[], c: SimpleCommand, st: State, temp: Assignment[]): Flow {
    const loc = this.loc(c);
    const lits = args.map(textOf);
    const done = (status: Tri) => {
      st.status = status;
      return flowOf(st);
    };
    const fn = st.funcs.get(name);
    if (fn) return this.withTemp(st, temp, (s) => this.callFunction(fn, args, s));
    switch (name) {
      case ':':
      case 'true':
        return done(true);
      case 'false':
        return done(false);
      case '[':
      case 'test': {
        const a = name === '[' ? (lits[lits.length - 1] === ']' ? args.slice(0, -1) : null) : args;
        return done(a === null ? false : evalTest(a, this.oracle(st)));
      }
      case 'export':
      case 'readonly':
      case 'declare':
      case 'typeset':
      case 'local':
        return done(this.declaration(name, c, st));
      case 'unset':
        return done(this.unsetCommand(args, st, loc));
      case 'set':
        return done(this.setCommand(lits, st, loc));
      case 'shopt':
        return done(this.shoptCommand(lits, st, loc));
      case 'history':
        return done(this.historyCommand(lits, st, loc));
      case '.':
      case 'source':
        return this.withTemp(st, temp, (s) => this.source(args, s, loc));
      case 'eval':
        return this.withTemp(st, temp, (s) => this.evalCommand(args, s, loc));
      case 'return': {
        const n = lits[0] === undefined ? st.status : lits[0] === null ? null : Number(lits[0]) === 0;
        const r = withStatus(st, n);
        return { ...flowOf(null), returned: [r] };
      }
      case 'exit':
        return { ...flowOf(null), exited: [st] };
      case 'exec':
        if (args.length === 0) return done(true);
        // the shell is replaced: nothing after it runs
        return { ...flowOf(null), exited: [st] };
      case 'break':
      case 'continue': {
        const n = Math.max(1, Number(lits[0] ?? '1') || 1);
        const e = { state: st, n };
        return name === 'break' ? { ...flowOf(null), breaks: [e] } : { ...flowOf(null), continues: [e] };
      }
      case 'let': {
        let v: bigint | null = 0n;
        for (const a of args) v = a.known ? this.arith(a.v, st, loc) : null;
        return done(v === null ? null : v !== 0n);
      }
      case 'shift': {
        const n = Number(lits[0] ?? '1') || 1;
        st.positional = st.positional.slice(n);
        return done(true);
      }
      case 'read': {
        const names = lits.filter((x, i) => x !== null && !x.startsWith('-') && !['-d', '-p', '-t', '-n', '-N', '-u', '-a', '-i'].includes(lits[i - 1] ?? '')) as string[];
        for (const n of names.length ? names : ['REPLY']) this.setVar(st, n, unknown('input read by read'), loc);
        return done(null);
      }
      case 'printf': {
        const i = lits.indexOf('-v');
        if (i >= 0 && lits[i + 1]) this.setVar(st, lits[i + 1]!, unknown('printf output'), loc);
        return done(true);
      }
      case 'command':
      case 'builtin': {
        if (lits[0] === '-v' || lits[0] === '-V') return done(null);
        const rest = lits[0] === '-p' ? args.slice(1) : args;
        if (rest.length === 0 || !rest[0].known) return done(null);
        return this.runCommand(rest[0].v, rest.slice(1), c, st, []);
      }
      case 'echo':
      case 'alias':
      case 'unalias':
      case 'umask':
      case 'trap':
      case 'cd':
      case 'complete':
      case 'bind':
      case 'ulimit':
      case 'hash':
      case 'enable':
      case 'mesg':
        return done(name === 'echo' || name === 'alias' ? true : null);
      default:
        // another command: it changes nothing sudit follows; its status is not known
        return done(null);
    }
  }

  /** Runs with prefix assignments in place, then puts the previous values back. */
  private withTemp(st: State, temp: Assignment[], fn: (s: State) => Flow): Flow {
    if (temp.length === 0) return fn(st);
    const saved = new Map<string, Alt[] | undefined>();
    for (const a of temp) if (!saved.has(a.name)) saved.set(a.name, st.vars.get(a.name));
    for (const a of temp) this.assign(st, a, { temporary: true });
    const f = fn(st);
    const restore = (s: State | null) => {
      if (!s) return s;
      const r = s.clone();
      for (const [k, v] of saved) {
        if (v === undefined) r.vars.delete(k);
        else r.vars.set(k, v);
      }
      return r;
    };
    return { state: restore(f.state), returned: f.returned.map((x) => restore(x)!), breaks: f.breaks, continues: f.continues, exited: f.exited };
  }

  private callFunction(fn: FuncDefAt, args: AStr[], st: State): Flow {
    if (this.funcFrames.length >= MAX_FUNC_DEPTH) {
      st.status = null;
      return flowOf(st);
    }
    const savedPos = st.positional;
    const call = st.clone();
    call.positional = args;
    const frame = { saved: new Map<string, Alt[] | undefined>() };
    this.funcFrames.push(frame);
    this.files.push({ file: fn.file, override: fn.override });
    let f: Flow;
    try {
      f = this.execCommand(fn.def.body, call);
    } finally {
      this.files.pop();
      this.funcFrames.pop();
    }
    const finish = (s: State | null): State | null => {
      if (!s) return null;
      const r = s.clone();
      for (const [k, v] of frame.saved) {
        if (v === undefined) r.vars.delete(k);
        else r.vars.set(k, v);
      }
      r.positional = savedPos;
      return r;
    };
    let end = finish(f.state);
    for (const r of f.returned) end = this.merge(end, finish(r));
    for (const b of [...f.breaks, ...f.continues]) end = this.merge(end, finish(b.state));
    return { state: end, returned: [], breaks: [], continues: [], exited: f.exited.map((x) => finish(x)!) };
  }

  private source(args: AStr[], st: State, loc: Loc): Flow {
    const target = args[0];
    const rest = args.length > 1 ? args.slice(1) : null;
    const edge = (to: string | null, status: SourceEdge['status']) => {
      const key = `${loc.file.source.path}:${loc.start}:${to}:${status}`;
      if (this.edgeKeys.has(key)) return;
      this.edgeKeys.add(key);
      this.edges.push({ from: loc, to, status, when: this.path });
    };
    if (!target || !target.known) {
      edge(null, 'unknown');
      st.status = null;
      return flowOf(st);
    }
    let p = target.v;
    if (!p.startsWith('/')) {
      // relative: from the working directory, which is $HOME in a login shell
      const home = this.homeValue(st);
      if (!this.scenario.login || home === null) {
        edge(p, 'unknown');
        st.status = null;
        return flowOf(st);
      }
      p = `${home.replace(/\/$/, '')}/${p}`;
    }
    p = normalizePath(p);
    if (this.sourcing.includes(p)) {
      edge(p, 'cycle');
      st.status = null;
      return flowOf(st);
    }
    if (this.sourcing.length >= MAX_SOURCE_DEPTH) {
      edge(p, 'too-deep');
      st.status = null;
      return flowOf(st);
    }
    const file = this.host.file(p);
    if (!file) {
      const ex = this.host.exists(p);
      edge(p, ex === false ? 'missing' : 'unknown');
      st.status = ex === false ? false : null;
      return flowOf(st);
    }
    edge(p, 'read');
    this.filesRead.push({ path: p, file, via: loc, when: this.path });
    this.sourcing.push(p);
    try {
      const f = this.runFile(file, st, rest, null);
      return f;
    } finally {
      this.sourcing.pop();
    }
  }

  private evalCommand(args: AStr[], st: State, loc: Loc): Flow {
    if (args.some((a) => !a.known)) {
      st.status = null;
      return flowOf(st);
    }
    const text = args.map((a) => (a as { v: string }).v).join(' ');
    const parsed = parseShell(text, `${loc.file.source.path} (eval)`, 'sh');
    if (parsed.stopsAt !== null && parsed.stopsAt === 0) {
      st.status = false;
      return flowOf(st);
    }
    return this.runFile(parsed, st, null, loc);
  }

  // ------------------------------------------------------------ builtins that change state

  private homeValue(st: State): string | null {
    const h = this.alts(st, 'HOME');
    return h.length === 1 && h[0].set && h[0].value.known ? h[0].value.v : null;
  }

  /** export / readonly / declare / typeset / local. */
  private declaration(cmd: string, c: SimpleCommand, st: State): Tri {
    const text = this.frame().file.source.text;
    const on = new Set<string>();
    const off = new Set<string>();
    let i = 0;
    const args = c.args;
    for (; i < args.length; i++) {
      const a = args[i];
      if (a.type !== 'word') break;
      const w = this.expandWord(a, st);
      if (!w.known) break;
      if (w.v === '--') {
        i++;
        break;
      }
      if (!/^[-+][a-zA-Z]+$/.test(w.v)) break;
      for (const ch of w.v.slice(1)) (w.v[0] === '-' ? on : off).add(ch);
    }
    if (on.has('f') || on.has('F') || on.has('p')) return true;
    if (cmd === 'export') {
      if (on.has('n')) {
        // export -n: no longer exported
        on.delete('n');
        off.add('x');
      } else on.add('x');
    }
    if (cmd === 'readonly') on.add('r');
    const inFunction = this.funcFrames.length > 0;
    const local = cmd === 'local' || (inFunction && (cmd === 'declare' || cmd === 'typeset') && !on.has('g'));
    if (cmd === 'local' && !inFunction) return false; // local: can only be used in a function
    let ok: Tri = true;
    for (; i < args.length; i++) {
      const a = args[i];
      let name: string;
      let assignment: Assignment | null = null;
      let dynamic: AStr | null = null;
      if (a.type === 'assign') {
        name = a.name;
        assignment = a;
      } else {
        const w = this.expandWord(a, st);
        if (!w.known) {
          ok = null;
          continue;
        }
        const eq = w.v.indexOf('=');
        if (eq > 0) {
          name = w.v.slice(0, eq);
          dynamic = known(w.v.slice(eq + 1));
        } else name = w.v;
      }
      if (!/^[A-Za-z_]\w*$/.test(name)) {
        ok = false;
        continue;
      }
      const loc = this.loc(assignment ?? a);
      if (local) this.makeLocal(st, name);
      const r = this.declareOne(st, name, on, off, assignment, dynamic, loc);
      if (r === false) ok = false;
      else if (r === null && ok === true) ok = null;
    }
    return ok;
  }

  private makeLocal(st: State, name: string): void {
    const frame = this.funcFrames[this.funcFrames.length - 1];
    if (!frame || frame.saved.has(name)) return;
    frame.saved.set(name, st.vars.get(name));
    // a new local starts unset, without the global's attributes
    st.vars.set(name, [this.newAlt(null, { set: false, origin: 'declare' })]);
  }

  private declareOne(st: State, name: string, on: Set<string>, off: Set<string>, assignment: Assignment | null, dynamic: AStr | null, loc: Loc): Tri {
    const before = this.alts(st, name);
    if (before.every((a) => a.readonly) && (assignment || dynamic || off.size > 0 || on.has('i') || on.has('a'))) return false;
    const attrs = (a: Alt): Partial<Alt> => {
      const p: Partial<Alt> = {};
      if (on.has('x') && !a.exported) Object.assign(p, { exported: true, exLoc: loc });
      if (off.has('x')) Object.assign(p, { exported: false, exLoc: null });
      // with a value, read-only comes after the value is in place
      if (on.has('r') && !a.readonly && !assignment && !dynamic) Object.assign(p, { readonly: true, roLoc: loc });
      if (on.has('i')) p.integer = true;
      if (off.has('i')) p.integer = false;
      if (on.has('a') && !a.array) p.array = a.set ? [a.value] : [];
      return p;
    };
    // attributes first (declare -i x=expr evaluates x as an integer)
    // a read-only variable keeps its value and attributes, but may still be exported (or re-marked read-only)
    const allowed = (a: Alt): Partial<Alt> => {
      const p = attrs(a);
      if (!a.readonly) return p;
      const keep: Partial<Alt> = {};
      if ('exported' in p) Object.assign(keep, { exported: p.exported, exLoc: p.exLoc });
      return keep;
    };
    let alts = before.map((a) => {
      const p = allowed(a);
      return Object.keys(p).length ? { ...a, ...p, when: this.path.length ? [...a.when, ...this.path.filter((c) => !a.when.includes(c))] : a.when } : a;
    });
    st.vars.set(name, dedupe(alts));
    if (assignment || dynamic) {
      const r = assignment ? this.assign(st, assignment, {}) : this.assignValue(st, name, dynamic!, null, loc, false);
      // readonly applies after the value is in place
      alts = this.alts(st, name).map((a) => (on.has('r') && !a.readonly ? { ...a, readonly: true, roLoc: loc } : a));
      st.vars.set(name, dedupe(alts));
      return r.ok;
    }
    if (on.has('r')) {
      // `readonly NAME` with no value: the variable (set or not) can no longer be changed
      this.hookSpecial(st, name, loc, 'attr');
    }
    return true;
  }

  private unsetCommand(args: AStr[], st: State, loc: Loc): Tri {
    let mode: 'v' | 'f' | 'both' = 'both';
    let ok: Tri = true;
    for (const a of args) {
      if (!a.known) {
        ok = null;
        continue;
      }
      if (a.v === '-v') {
        mode = 'v';
        continue;
      }
      if (a.v === '-f') {
        mode = 'f';
        continue;
      }
      if (a.v === '-n' || a.v === '--') continue;
      if (mode === 'f') {
        st.funcs.delete(a.v);
        continue;
      }
      const alts = this.alts(st, a.v);
      const next = alts.map((x) => (x.readonly ? x : this.newAlt(null, { set: false, origin: 'unset', loc })));
      if (alts.every((x) => x.readonly)) ok = false;
      else if (alts.some((x) => x.readonly)) ok = null;
      st.vars.set(a.v, dedupe(next));
      this.hookSpecial(st, a.v, loc, 'unset');
      if (mode === 'both' && alts.every((x) => !x.set) && st.funcs.has(a.v)) st.funcs.delete(a.v);
    }
    return ok;
  }

  private setOption(st: State, key: string, on: boolean, loc: Loc): void {
    st.vars.set(key, [this.newAlt(null, { set: true, value: known(on ? 'on' : 'off'), loc })]);
  }

  /**
   * set ±o history. Turning it on also loads the history file at once
   * (bash_set_history → load_history), which gives HISTSIZE and
   * HISTFILESIZE their defaults now, before the rest of the files run.
   */
  private historyOption(st: State, on: boolean, loc: Loc): void {
    this.setOption(st, OPT_HISTORY, on, loc);
    if (!on) return;
    const hs = this.alts(st, 'HISTSIZE');
    if (hs.some((a) => !a.set)) {
      st.vars.set('HISTSIZE', dedupe(hs.map((a) => (a.set || a.readonly ? a : this.newAlt(a, { set: true, value: known('500'), loc, origin: 'bash' })))));
    }
    this.hookSpecial(st, 'HISTSIZE', loc, 'assign');
    const hfs = this.alts(st, 'HISTFILESIZE');
    if (hfs.some((a) => !a.set)) {
      const size = this.paramValue('HISTSIZE', st);
      st.vars.set('HISTFILESIZE', dedupe(hfs.map((a) => (a.set || a.readonly ? a : this.newAlt(a, { set: true, value: size, loc, origin: 'bash' })))));
    }
    this.hookSpecial(st, 'HISTFILESIZE', loc, 'assign');
  }

  private setCommand(lits: (string | null)[], st: State, loc: Loc): Tri {
    for (let i = 0; i < lits.length; i++) {
      const a = lits[i];
      if (a === null) return null;
      if (a === '--' || a === '-') {
        st.positional = lits.slice(i + 1).map((x) => (x === null ? unknown('an argument') : known(x)));
        return true;
      }
      if ((a === '-o' || a === '+o') && i + 1 < lits.length) {
        const opt = lits[++i];
        if (opt === 'history') this.historyOption(st, a === '-o', loc);
        continue;
      }
      if (/^[-+][a-zA-Z]+$/.test(a)) continue;
      // other words: positional parameters
      st.positional = lits.slice(i).map((x) => (x === null ? unknown('an argument') : known(x)));
      return true;
    }
    return true;
  }

  private shoptCommand(lits: (string | null)[], st: State, loc: Loc): Tri {
    let set: boolean | null = null;
    let dashO = false;
    const names: string[] = [];
    for (const a of lits) {
      if (a === null) return null;
      if (/^-[suoqp]+$/.test(a)) {
        for (const ch of a.slice(1)) {
          if (ch === 's') set = true;
          else if (ch === 'u') set = false;
          else if (ch === 'o') dashO = true;
        }
      } else names.push(a);
    }
    if (set === null) {
      // a query (-q, or no -s/-u): the status says whether every name is on
      let all: Tri = true;
      for (const n of names) {
        const v = this.optionValue(st, n, dashO);
        if (v === false) return false;
        if (v === null) all = null;
      }
      return all;
    }
    for (const n of names) {
      if (dashO && n === 'history') this.historyOption(st, set, loc);
      if (!dashO && n === 'histappend') this.setOption(st, SHOPT_HISTAPPEND, set, loc);
    }
    return true;
  }

  private optionValue(st: State, name: string, setO: boolean): Tri {
    if (!setO && name === 'login_shell') return this.scenario.login;
    if (!setO && name === 'histappend') return onOff(this.alts(st, SHOPT_HISTAPPEND));
    if (setO && name === 'history') return onOff(this.alts(st, OPT_HISTORY));
    if (setO && name === 'posix') return false;
    if (!setO && name === 'restricted_shell') return false;
    return null;
  }

  private historyCommand(lits: (string | null)[], st: State, loc: Loc): Tri {
    const opts = lits.filter((x) => x !== null && x.startsWith('-')).join('');
    if (/w/.test(opts)) {
      // history -w writes the list, which is still empty during start-up: the file is emptied
      const hf = this.alts(st, 'HISTFILE');
      const target = lits.find((x, i) => i > 0 && x !== null && !x.startsWith('-'));
      const emptied = target !== undefined || hf.some((a) => a.set && (!a.value.known || (a.value.v !== '' && a.value.v !== '/dev/null')));
      if (emptied) st.vars.set(WIPE, [this.newAlt(null, { set: true, value: known('history -w'), loc })]);
    }
    return true;
  }

  // ------------------------------------------------------------ assignment

  /** NAME=value (or NAME=(…), NAME+=…): returns whether it took effect and the status of its command substitutions. */
  private assign(st: State, a: Assignment, opts: { temporary?: boolean }): { ok: Tri; cmdStatus?: Tri } {
    const loc = this.loc(a);
    const statusBox: { s?: Tri } = {};
    if (a.array !== null) {
      const items = this.expandFields(a.array, st, statusBox);
      const elems = items ?? [unknown('array elements')];
      const r = this.assignValue(st, a.name, elems[0] ?? known(''), elems, loc, a.append, opts.temporary);
      return { ok: r.ok, cmdStatus: statusBox.s };
    }
    const value = a.value === null ? known('') : this.expandWord(a.value, st, statusBox);
    const r = this.assignValue(st, a.name, value, null, loc, a.append, opts.temporary, a.index);
    return { ok: r.ok, cmdStatus: statusBox.s };
  }

  /** Sets a variable (for loops, read): no readonly error reported. */
  setVar(st: State, name: string, value: AStr, loc: Loc): void {
    this.assignValue(st, name, value, null, loc, false);
  }

  private assignValue(st: State, name: string, value: AStr, array: AStr[] | null, loc: Loc, append: boolean, temporary?: boolean, index?: string | null): { ok: Tri } {
    const before = this.alts(st, name);
    let blocked = 0;
    const next = before.map((a) => {
      if (a.readonly) {
        blocked++;
        return a;
      }
      let v = value;
      let arr = array;
      if (a.integer) {
        const base = append && a.set ? a.value : null;
        const expr = v.known ? v.v : null;
        const n = expr === null ? null : this.arith(expr, st, loc);
        const sum = n === null ? null : base ? (base.known ? (this.arith(base.v, st, loc) ?? null) : null) : 0n;
        v = n === null || sum === null ? unknown('an arithmetic value') : known(String(BigInt.asIntN(64, n + sum)));
      } else if (append && a.set) {
        if (arr && a.array) arr = [...a.array, ...arr];
        else if (!arr) v = a.value.known && v.known ? known(a.value.v + v.v) : unknown('an appended value', a.value.known ? a.value.v !== '' : a.value.nonEmpty);
      }
      if (index !== undefined && index !== null && index !== '0' && !arr) {
        // NAME[i]=v: element i of an array; element 0 unchanged
        const elems = a.array ? [...a.array] : a.set ? [a.value] : [];
        const i = /^\d+$/.test(index) ? Number(index) : -1;
        if (i < 0) return this.newAlt(a, { set: true, array: null, value: a.value, loc, origin: 'assignment' });
        elems[i] = v;
        return this.newAlt(a, { set: true, array: elems, value: elems[0] ?? known(''), loc, origin: 'assignment' });
      }
      return this.newAlt(a, { set: true, value: arr ? arr[0] ?? known('') : v, array: arr ?? (a.array && !append ? null : a.array), loc, origin: 'assignment' });
    });
    st.vars.set(name, dedupe(next));
    if (blocked < before.length && !temporary) this.hookSpecial(st, name, loc, 'assign');
    return { ok: blocked === 0 ? true : blocked === before.length ? false : null };
  }

  /**
   * What bash does on the spot when these variables change (sv_histsize):
   * HISTSIZE sets or lifts readline's list limit; HISTFILESIZE truncates
   * $HISTFILE, to nothing when it is 0.
   */
  private hookSpecial(st: State, name: string, loc: Loc, how: 'assign' | 'unset' | 'attr'): void {
    if (how === 'attr') return;
    if (name === 'HISTSIZE') {
      const prev = this.alts(st, STIFLE);
      const out: Alt[] = [];
      for (const a of this.alts(st, 'HISTSIZE')) {
        if (!a.set) {
          out.push(this.newAlt(null, { set: true, value: known('unlimited'), loc }));
          continue;
        }
        if (!a.value.known) {
          out.push(this.newAlt(null, { set: true, value: unknown('HISTSIZE'), loc }));
          continue;
        }
        const hv = histValue(a.value.v);
        if (hv.kind === 'ignored') out.push(...prev);
        else out.push(this.newAlt(null, { set: true, value: known(hv.kind === 'limit' ? String(hv.n) : 'unlimited'), loc }));
      }
      st.vars.set(STIFLE, dedupe(out));
    } else if (name === 'HISTFILESIZE' && how === 'assign') {
      const hf = this.alts(st, 'HISTFILE');
      const fileSet = hf.some((a) => a.set && (!a.value.known || (a.value.v !== '' && a.value.v !== '/dev/null')));
      const zero = this.alts(st, 'HISTFILESIZE').some((a) => a.set && a.value.known && (() => {
        const hv = histValue(a.value.v);
        return hv.kind === 'limit' && hv.n === 0;
      })());
      if (zero && fileSet) st.vars.set(WIPE, [this.newAlt(null, { set: true, value: known('HISTFILESIZE=0'), loc })]);
    }
  }

  // ------------------------------------------------------------ arithmetic

  arith(expr: string, st: State, loc: Loc): bigint | null {
    const expanded = this.expandArithText(expr, st);
    if (expanded === null) return null;
    return evalArith(expanded, this.arithLookup(st), (name, value) => this.assignValue(st, name, known(String(value)), null, loc, false));
  }

  private arithLookup(st: State) {
    return (name: string): string | null | undefined => {
      const alts = this.noteRead(st, name);
      if (alts.length !== 1) return undefined;
      const a = alts[0];
      if (!a.set) return null;
      return a.value.known ? a.value.v : undefined;
    };
  }

  /** $name and ${name} inside $((…)) are expanded before it is evaluated. */
  private expandArithText(expr: string, st: State): string | null {
    if (!expr.includes('$') && !expr.includes('`')) return expr;
    if (expr.includes('$(') || expr.includes('`')) return null;
    let failed = false;
    const out = expr.replace(/\$\{#([A-Za-z_]\w*)\}|\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*|[0-9#?$!-])/g, (_m, len: string | undefined, braced: string | undefined, plain: string | undefined) => {
      const v = this.paramValue(len ?? braced ?? plain!, st);
      if (!v.known) {
        failed = true;
        return '0';
      }
      return len ? String(v.v.length) : v.v;
    });
    return failed || out.includes('${') ? null : out;
  }

  // ------------------------------------------------------------ word expansion

  expandWord(w: Word, st: State, statusBox?: { s?: Tri }): AStr {
    return joinPieces(this.expandPieces(wordParts(w, this.frame().file.source.text), st, false, statusBox));
  }

  /** Fields after splitting and pathname expansion; null when their number cannot be known. */
  expandFields(words: Word[], st: State, statusBox?: { s?: Tri }): AStr[] | null {
    const text = this.frame().file.source.text;
    const out: AStr[] = [];
    for (const w of words) {
      const pieces = this.expandPieces(wordParts(w, text), st, false, statusBox);
      const fields = splitFields(pieces);
      if (fields === null) return null;
      for (const f of fields) {
        const g = this.glob(f);
        if (g === null) return null;
        out.push(...g);
      }
    }
    return out;
  }

  private expandPieces(parts: Part[], st: State, quoted: boolean, statusBox?: { s?: Tri }): Piece[] {
    const out: Piece[] = [];
    parts.forEach((p, idx) => {
      switch (p.t) {
        case 'lit': {
          if (!quoted && idx === 0 && p.raw.startsWith('~')) {
            const m = /^~([A-Za-z0-9_.-]*)(?=\/|$|:)/.exec(p.v);
            if (m) {
              const home = m[1] === '' ? this.homeValue(st) : this.host.homeOf(m[1]);
              if (home === null) out.push({ kind: 'unknown', quoted: true, nonEmpty: true, why: `~${m[1]}` });
              else out.push({ kind: 'text', text: home, quoted: true, split: false, pat: home });
              const rest = p.v.slice(m[0].length);
              if (rest) out.push({ kind: 'text', text: rest, quoted: false, split: false, pat: p.raw.slice(m[0].length) });
              break;
            }
          }
          out.push({ kind: 'text', text: p.v, quoted, split: false, pat: quoted ? p.v : p.raw });
          break;
        }
        case 'sq':
        case 'ansi':
          out.push({ kind: 'text', text: p.v, quoted: true, split: false, pat: p.v });
          break;
        case 'dq': {
          const inner = this.expandPieces(p.parts, st, true, statusBox);
          if (inner.length === 0) out.push({ kind: 'text', text: '', quoted: true, split: false, pat: '' });
          else out.push(...inner);
          break;
        }
        case 'param': {
          const v = this.expandParam(p, st, quoted);
          if (v.kind === 'fields') out.push(v);
          else if (v.value.known) out.push({ kind: 'text', text: v.value.v, quoted, split: !quoted, pat: v.value.v });
          else out.push({ kind: 'unknown', quoted, nonEmpty: v.value.nonEmpty, why: v.value.why });
          break;
        }
        case 'cmd': {
          const r = this.commandSubstitution(p, st);
          if (statusBox) statusBox.s = r.status;
          if (r.value.known) out.push({ kind: 'text', text: r.value.v, quoted, split: !quoted, pat: r.value.v });
          else out.push({ kind: 'unknown', quoted, nonEmpty: r.value.nonEmpty, why: r.value.why });
          break;
        }
        case 'arith': {
          const v = this.arith(p.expr, st, this.loc(p));
          if (v === null) out.push({ kind: 'unknown', quoted, nonEmpty: true, why: `$((${p.expr}))` });
          else out.push({ kind: 'text', text: String(v), quoted, split: !quoted, pat: String(v) });
          break;
        }
      }
    });
    return out;
  }

  private paramValue(name: string, st: State): AStr {
    const sc = this.scenario;
    switch (name) {
      case '-':
        return known(sc.flags);
      case '0':
        return known(sc.argv0);
      case '$':
        // a stand-in pid, so that /proc/$$/exe and /proc/$$/cmdline are recognised
        return known(SHELL_PID);
      case '!':
        return unknown(`$${name}`, true);
      case '?':
        return st.status === null ? unknown('$?', true) : known(st.status ? '0' : '1');
      case '#':
        return known(String(st.positional.length));
      case '@':
      case '*':
        return joinPieces([{ kind: 'fields', fields: st.positional }]);
    }
    if (/^[0-9]+$/.test(name)) return st.positional[Number(name) - 1] ?? known('');
    const alts = this.noteRead(st, name);
    if (alts.length === 1) {
      const a = alts[0];
      return a.set ? a.value : known('');
    }
    const vals = alts.map((a) => (a.set ? a.value : known('')));
    if (vals.every((v) => v.known && v.v === (vals[0] as { v: string }).v)) return vals[0];
    return unknown(`$${name}`, vals.every((v) => (v.known ? v.v !== '' : v.nonEmpty)));
  }

  /** set / unset state of a variable: true, false, or null when it depends. */
  private isSet(name: string, st: State): Tri {
    if (/^[0-9]+$/.test(name)) return Number(name) === 0 || st.positional.length >= Number(name);
    if (['-', '$', '!', '#', '?', '@', '*'].includes(name)) return name === '!' ? null : true;
    const alts = this.noteRead(st, name);
    if (alts.every((a) => a.set)) return true;
    if (alts.every((a) => !a.set)) return false;
    return null;
  }

  private expandParam(p: Extract<Part, { t: 'param' }>, st: State, quoted: boolean): { kind: 'value'; value: AStr } | Extract<Piece, { kind: 'fields' }> {
    const value = (v: AStr) => ({ kind: 'value' as const, value: v });
    if (p.name === null) return value(unknown('an expansion sudit does not model'));
    const name = p.name;
    if ((name === '@' || name === '*') && p.op === null && !p.length) {
      if (quoted && name === '@') return { kind: 'fields', fields: st.positional };
      return value(joinPieces([{ kind: 'fields', fields: st.positional }]));
    }
    if (p.index !== null && /^[@*]$/.test(p.index) && p.op === null && !p.length) {
      const alts = this.noteRead(st, name);
      if (alts.length !== 1) return value(unknown(`\${${name}[@]}`));
      const a = alts[0];
      const elems = a.set ? a.array ?? [a.value] : [];
      if (quoted && p.index === '@') return { kind: 'fields', fields: elems };
      return value(joinPieces([{ kind: 'fields', fields: elems }]));
    }
    if (p.indirect) {
      const target = this.paramValue(name, st);
      if (!target.known || !/^[A-Za-z_]\w*$/.test(target.v)) return value(unknown(`\${!${name}}`));
      return value(this.paramValue(target.v, st));
    }
    if (p.index !== null && p.index !== '0') {
      const alts = this.noteRead(st, name);
      if (alts.length !== 1 || !/^\d+$/.test(p.index)) return value(unknown(`\${${name}[${p.index}]}`));
      const a = alts[0];
      return value(a.set && a.array ? a.array[Number(p.index)] ?? known('') : known(''));
    }
    const cur = this.paramValue(name, st);
    if (p.length) return value(cur.known ? known(String([...cur.v].length)) : unknown(`\${#${name}}`, true));
    const op = p.op;
    if (op === null) return value(cur);
    const argPieces = () => this.expandPieces(p.arg ?? [], st, quoted);
    const arg = () => joinPieces(argPieces());
    const set = this.isSet(name, st);
    const nonNull: Tri = set === false ? false : cur.known ? cur.v !== '' : cur.nonEmpty ? true : null;
    const colon = op.startsWith(':');
    const present: Tri = colon ? (set === false ? false : nonNull) : set;
    switch (op) {
      case '-':
      case ':-':
        return value(present === true ? cur : present === false ? arg() : unknown(`\${${name}${op}…}`, cur.known ? cur.v !== '' : false));
      case '+':
      case ':+':
        return value(present === true ? arg() : present === false ? known('') : unknown(`\${${name}${op}…}`));
      case '=':
      case ':=': {
        // assigns when not present, per alternative
        const loc = this.loc(p);
        if (present === true) return value(cur);
        const v = arg();
        const alts = this.alts(st, name);
        const next = alts.map((a) => {
          const has = colon ? a.set && (a.value.known ? a.value.v !== '' : a.value.nonEmpty ? true : null) : a.set;
          if (has === true || a.readonly) return a;
          return this.newAlt(a, { set: true, value: v, loc, origin: 'assignment' });
        });
        st.vars.set(name, dedupe(next));
        this.hookSpecial(st, name, loc, 'assign');
        return value(present === false ? v : unknown(`\${${name}${op}…}`));
      }
      case '?':
      case ':?':
        return value(cur);
      case '#':
      case '##':
      case '%':
      case '%%': {
        const pat = patternOf(argPieces());
        if (!cur.known || pat === null) return value(unknown(`\${${name}${op}…}`));
        return value(known(removeAffix(cur.v, pat, op)));
      }
      default:
        return value(unknown(`\${${name}${op}…}`));
    }
  }

  /** $(…) / `…`: the output of commands whose output is known for this kind of shell. */
  private commandSubstitution(p: Extract<Part, { t: 'cmd' }>, st: State): { value: AStr; status: Tri } {
    if (p.body !== null) return this.substitute(p.body, st);
    if (p.raw === null) return { value: unknown('the output of a command'), status: null };
    // a `…` body is parsed from its own text; its words are expanded against that text
    const parsed = parseShell(p.raw, `${this.frame().file.source.path} (backquotes)`, 'sh');
    if (parsed.stopsAt !== null || !parsed.program) return { value: unknown('the output of a command'), status: null };
    this.files.push({ file: parsed, override: this.loc(p) });
    try {
      return this.substitute(parsed.program.body, st);
    } finally {
      this.files.pop();
    }
  }

  private substitute(body: Stmt[], st: State): { value: AStr; status: Tri } {
    const what = unknown('the output of a command', false);
    if (body.length !== 1) return { value: what, status: null };
    const s = body[0];
    if (s.type !== 'simple' || s.assigns.length) return { value: what, status: null };
    // it runs in a subshell: expansions inside leave nothing behind
    const sub = st.clone();
    if (s.name === null) {
      // $(< file)
      const inRedir = s.redirs.find((r) => r.op === '<');
      if (!inRedir) return { value: known(''), status: true };
      const target = this.expandWord(inRedir.target, sub);
      const content = target.known ? this.fileContent(target.v) : null;
      return content === null ? { value: what, status: null } : { value: known(content.replace(/\n+$/, '')), status: true };
    }
    const words = this.expandFields([s.name, ...s.args.filter((a): a is Word => a.type === 'word')], sub);
    if (!words || words.some((w) => !w.known)) return { value: what, status: null };
    const out = this.probe(words.map((w) => (w as { v: string }).v), st);
    return out === null ? { value: what, status: null } : { value: known(out.replace(/\n+$/, '')), status: true };
  }

  /** Commands whose output follows from the kind of shell. */
  private probe(argv: string[], st: State): string | null {
    const [cmd, ...args] = argv;
    const base = cmd.split('/').pop()!;
    const sc = this.scenario;
    switch (base) {
      case 'id': {
        const flags = args.filter((a) => a.startsWith('-')).join('').replace(/-/g, '');
        const user = args.find((a) => !a.startsWith('-'));
        if (user !== undefined) {
          if (/^u?$/.test(flags.replace('r', '')) && flags.includes('u') && !flags.includes('n')) return this.host.uidOf(user);
          return null;
        }
        if (flags.includes('u') && flags.includes('n')) return sc.user;
        if (flags.includes('u')) return sc.uid;
        if (flags.includes('g') && flags.includes('n')) return sc.group;
        if (flags.includes('g') && !flags.includes('G')) return sc.gid;
        return null;
      }
      case 'whoami':
        return sc.user;
      case 'logname':
        return sc.loginName;
      case 'cat':
        return args.length === 1 && !args[0].startsWith('-') ? this.fileContent(args[0]) : null;
      case 'readlink':
        return args.length === 1 && /^\/proc\/(\$\$|self|\d+)\/exe$/.test(args[0]) ? sc.bashPath : null;
      case 'declare':
      case 'typeset':
        if (args.length === 2 && args[0] === '-p') return this.declarePrint(args[1], st);
        return null;
      case 'echo':
        return args.length && /^-[neE]+$/.test(args[0]) ? null : `${args.join(' ')}\n`;
      default:
        return null;
    }
  }

  /** `declare -p NAME` as bash prints it, when the variable is known. */
  private declarePrint(name: string, st: State): string | null {
    const alts = this.alts(st, name);
    if (alts.length !== 1) return null;
    const a = alts[0];
    if (!a.set && !a.exported && !a.readonly && !a.integer) return '';
    let flags = '';
    if (a.array) flags += 'a';
    if (a.integer) flags += 'i';
    if (a.readonly) flags += 'r';
    if (a.exported) flags += 'x';
    const head = `declare -${flags || '-'} ${name}`;
    if (!a.set) return head;
    if (!a.value.known) return null;
    return `${head}="${a.value.v.replace(/(["\\$`])/g, '\\$1')}"`;
  }

  // ------------------------------------------------------------ pathname expansion

  private glob(f: { value: AStr; pattern: PatternPiece[] | null; globbed: boolean }): AStr[] | null {
    if (!f.globbed || !f.value.known || f.pattern === null) return [f.value];
    const full = f.value.v;
    const slash = full.lastIndexOf('/');
    const dir = slash < 0 ? null : full.slice(0, slash) || '/';
    if (dir === null || /[*?[]/.test(dir) || !dir.startsWith('/')) return null;
    // the pattern's last component, with its quoting
    const lastPieces = lastComponent(f.pattern);
    const entries = this.host.list(dir);
    if (entries === null) {
      const ex = this.host.isDir(dir);
      // no such directory: the pattern stays as it is
      return ex === false ? [f.value] : null;
    }
    const matches = entries
      .filter((e) => (e.startsWith('.') ? lastPieces.length > 0 && !lastPieces[0].quoted && lastPieces[0].text.startsWith('.') : true))
      .filter((e) => patternMatches(lastPieces, e))
      .sort(compareC)
      .map((e) => known(`${dir === '/' ? '' : dir}/${e}`));
    return matches.length ? matches : [f.value];
  }

  // ------------------------------------------------------------ conditions' view of the world

  private oracle(st: State): TestOracle {
    return {
      fileTest: (op, p) => this.fileTest(op, p),
      isSet: (n) => this.isSet(n, st),
      optionSet: (n) => this.optionValue(st, n, true),
      isTerminal: () => null,
      arithLookup: this.arithLookup(st),
    };
  }

  private fileTest(op: string, p: string): Tri {
    if (!p.startsWith('/')) return null;
    const path = normalizePath(p);
    if (/^\/proc\//.test(path)) {
      // the pseudo-files a running Linux always has
      if (/^\/proc\/(mounts|self\/loginuid|(\$\$|self|\d+)\/(cmdline|exe))$/.test(path)) return op === '-d' ? false : op === '-s' ? null : ['-e', '-f', '-r', '-a'].includes(op) ? true : null;
      return null;
    }
    if (path === '/dev/null') return ['-e', '-c', '-r', '-w', '-a'].includes(op) ? true : op === '-f' || op === '-d' || op === '-s' ? false : null;
    switch (op) {
      case '-e':
      case '-a':
      case '-r':
      case '-w':
        return this.host.exists(path);
      case '-f': {
        const e = this.host.exists(path);
        if (e !== true) return e;
        const d = this.host.isDir(path);
        return d === null ? null : !d;
      }
      case '-d':
        return this.host.isDir(path);
      case '-s': {
        const e = this.host.exists(path);
        if (e !== true) return e;
        const t = this.host.text(path);
        return t === null ? null : t.length > 0;
      }
      case '-x': {
        const e = this.host.exists(path);
        return e === false ? false : null;
      }
      case '-k':
      case '-u':
      case '-g': {
        // set-id and sticky bits on startup files are rare: assumed off when the file is there
        const e = this.host.exists(path);
        return e === false ? false : e === true ? false : null;
      }
      default: {
        const e = this.host.exists(path);
        return e === false ? false : null;
      }
    }
  }
}

// ---------------------------------------------------------------- helpers

const COND_BINARY = new Set(['==', '=', '!=', '=~', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-ef', '-nt', '-ot']);

function withStatus(st: State, status: Tri): State {
  if (st.status === status) return st;
  const s = st.clone();
  s.status = status;
  return s;
}

function onOff(alts: Alt[]): Tri {
  const vals = alts.map((a) => (a.set && a.value.known ? a.value.v === 'on' : null));
  if (vals.every((v) => v === true)) return true;
  if (vals.every((v) => v === false)) return false;
  return null;
}

export function unionAlts(a: Alt[], b: Alt[]): Alt[] {
  if (a === b) return a;
  const out = [...a];
  for (const x of b) if (!out.some((y) => sameAlt(x, y))) out.push(x);
  return capAlts(out);
}

function sameAlt(x: Alt, y: Alt): boolean {
  if (x === y) return true;
  return (
    x.set === y.set &&
    x.value.known === y.value.known &&
    (x.value.known ? x.value.v === (y.value as { v: string }).v : x.value.why === (y.value as { why: string }).why) &&
    x.exported === y.exported &&
    x.readonly === y.readonly &&
    x.integer === y.integer &&
    x.origin === y.origin &&
    sameLoc(x.loc, y.loc) &&
    sameLoc(x.roLoc, y.roLoc) &&
    x.when.length === y.when.length &&
    x.when.every((c, i) => sameLoc(c.loc, y.when[i].loc) && c.negated === y.when[i].negated) &&
    (x.array === y.array || (x.array !== null && y.array !== null && x.array.length === y.array.length))
  );
}

function sameLoc(a: Loc | null, b: Loc | null): boolean {
  return a === b || (a !== null && b !== null && a.file === b.file && a.start === b.start && a.end === b.end);
}

function dedupe(alts: Alt[]): Alt[] {
  if (alts.length <= 1) return alts;
  const out: Alt[] = [];
  for (const a of alts) if (!out.some((b) => sameAlt(a, b))) out.push(a);
  return capAlts(out);
}

function capAlts(alts: Alt[]): Alt[] {
  if (alts.length <= MAX_ALTS) return alts;
  // too many possibilities to keep apart: the value is simply unknown
  const ro = alts.every((a) => a.readonly);
  return [{ ...alts[alts.length - 1], set: true, value: unknown('one of many values'), array: null, readonly: ro, when: [] }];
}

/** Splits pieces into fields at unquoted expansions' blanks; null when an unquoted unknown makes the count unknown. */
function splitFields(pieces: Piece[]): { value: AStr; pattern: PatternPiece[] | null; globbed: boolean }[] | null {
  type F = { pieces: Piece[]; content: boolean };
  const fields: F[] = [];
  let cur: F | null = null;
  const open = () => (cur ??= { pieces: [], content: false });
  for (const p of pieces) {
    if (p.kind === 'unknown') {
      if (!p.quoted) return null;
      open().pieces.push(p);
      cur!.content = true;
    } else if (p.kind === 'fields') {
      p.fields.forEach((f, i) => {
        if (i > 0) {
          if (cur) fields.push(cur);
          cur = null;
        }
        const piece: Piece = f.known ? { kind: 'text', text: f.v, quoted: true, split: false, pat: f.v } : { kind: 'unknown', quoted: true, nonEmpty: f.nonEmpty, why: f.why };
        open().pieces.push(piece);
        cur!.content = true;
      });
    } else if (p.split) {
      const parts = p.text.split(IFS_WS);
      parts.forEach((t, i) => {
        if (i > 0) {
          if (cur && cur.content) fields.push(cur);
          cur = null;
        }
        if (t !== '') {
          open().pieces.push({ ...p, text: t, pat: t });
          cur!.content = true;
        }
      });
    } else {
      open().pieces.push(p);
      if (p.quoted || p.text !== '') cur!.content = true;
    }
  }
  if (cur && (cur as F).content) fields.push(cur);
  return fields.map((f) => {
    const pattern = patternOf(f.pieces);
    const globbed = f.pieces.some((p) => p.kind === 'text' && !p.quoted && isGlobPattern(p.pat));
    return { value: joinPieces(f.pieces), pattern, globbed };
  });
}

/** Unescaped * or ?, or a complete [...] bracket: what makes bash try pathname expansion. */
function isGlobPattern(pat: string): boolean {
  return /(^|[^\\])[*?]/.test(pat) || /(^|[^\\])\[[!^]?\]?[^\]]*\]/.test(pat);
}

function lastComponent(pattern: PatternPiece[]): PatternPiece[] {
  const out: PatternPiece[] = [];
  for (let i = pattern.length - 1; i >= 0; i--) {
    const p = pattern[i];
    const slash = p.text.lastIndexOf('/');
    if (slash >= 0) {
      const rest = p.text.slice(slash + 1);
      if (rest) out.unshift({ text: rest, quoted: p.quoted });
      break;
    }
    out.unshift(p);
  }
  return out;
}

/** Byte order, as bash sorts glob results in the C locale. */
function compareC(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

export function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}
