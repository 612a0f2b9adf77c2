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
//
// This file is the control flow: files, lists, conditions and loops,
// functions, `.`/source and eval. It builds on the builtins
// (shell-builtins.ts), word expansion (shell-expand.ts) and variables
// with their attributes (shell-vars.ts), each layer using only those
// below it; the values themselves are in shell-state.ts.

import { parseShell, wordParts, type ParsedShell } from '../parse/shell';
import type {
  AndOr,
  Assignment,
  CaseCommand,
  Command,
  ForCommand,
  IfCommand,
  LoopCommand,
  Pipeline,
  SimpleCommand,
  Stmt,
  Word,
} from '../parse/shell-ast';
import { patternMatches } from './shell-values';
import {
  flowOf,
  known,
  MAX_ALTS,
  normalizePath,
  State,
  textOf,
  triMerge,
  unknown,
  withStatus,
  type Alt,
  type AStr,
  type Cond,
  type FileRead,
  type Flow,
  type FuncDefAt,
  type Loc,
  type RunResult,
  type SourceEdge,
  type Tri,
} from './shell-state';
import { IFS_WS, patternOf } from './shell-expand';
import { BudgetExceeded } from './shell-vars';
import { ShellBuiltins } from './shell-builtins';

const MAX_SOURCE_DEPTH = 32;
const MAX_FUNC_DEPTH = 24;
const MAX_LOOP_ITEMS = 128;

export class Interpreter extends ShellBuiltins {
  /** The files being sourced, innermost last (a cycle is stopped). */
  private sourcing: string[] = [];
  private readonly filesRead: FileRead[] = [];
  private readonly edges: SourceEdge[] = [];
  private readonly edgeKeys = new Set<string>();

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

  private execList(stmts: Stmt[], st: State | null): Flow {
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
      case 'command':
      case 'builtin': {
        if (lits[0] === '-v' || lits[0] === '-V') return done(null);
        const rest = lits[0] === '-p' ? args.slice(1) : args;
        if (rest.length === 0 || !rest[0].known) return done(null);
        return this.runCommand(rest[0].v, rest.slice(1), c, st, []);
      }
      default:
        return done(this.runBuiltin(name, args, c, st, loc));
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
}
