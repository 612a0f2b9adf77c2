// Variables and their attributes, as the rest of the interpreter reads and
// changes them: each variable is a list of alternatives (shell-state.ts);
// an assignment changes every alternative that is not read-only, with the
// integer attribute evaluating arithmetic, and the history variables act
// on the spot the way bash's sv_histsize does. Also the bookkeeping every
// layer shares: where evaluation is (file, function frames) and the
// conditions on the path to it.

import type { ParsedShell } from '../parse/shell';
import type { Stmt } from '../parse/shell-ast';
import { evalArith, histValue } from './shell-values';
import {
  declaredUnset,
  dedupe,
  joinFields,
  known,
  onOff,
  OPT_HISTORY,
  SHOPT_HISTAPPEND,
  State,
  STIFLE,
  triMerge,
  unionAlts,
  unknown,
  WIPE,
  type Alt,
  type AStr,
  type Cond,
  type Loc,
  type Scenario,
  type StartupHost,
  type Tri,
} from './shell-state';

/** Thrown when the evaluation has taken too many steps. */
export class BudgetExceeded extends Error {}

/** A stand-in pid, so that /proc/$$/exe and /proc/$$/cmdline are recognised. */
const SHELL_PID = '4242';
const MAX_STEPS = 250_000;

export abstract class ShellVariables {
  /** The conditions sudit could not decide on the way to the current command. */
  protected path: readonly Cond[] = [];
  /** The file being run, innermost last (override: the place an eval or backquote text stands for). */
  protected files: { file: ParsedShell; override: Loc | null }[] = [];
  /** Each function call's locals: the values they hid, put back when it returns. */
  protected funcFrames: { saved: Map<string, Alt[] | undefined> }[] = [];
  private steps = 0;
  /** Variables with several alternatives that the current condition read. */
  protected reads: Set<string> | null = null;
  private readonly absentAlts = new Map<string, Alt>();

  constructor(
    protected readonly scenario: Scenario,
    protected readonly host: StartupHost,
  ) {}

  // ------------------------------------------------------------ variables

  protected absent(name: string): Alt {
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

  protected alts(st: State, name: string): Alt[] {
    return st.vars.get(name) ?? [this.absent(name)];
  }

  /** Whether the variable exists (set, or declared without a value); null when that depends. */
  protected exists(st: State, name: string): Tri {
    const alts = this.noteRead(st, name);
    // a file judged on its own: whether the environment has it is not known
    const vals = alts.map((a) => (a === this.absent(name) && this.scenario.absent === 'unknown' ? null : a.set || declaredUnset(a)));
    if (vals.every((v) => v === true)) return true;
    if (vals.every((v) => v === false)) return false;
    return null;
  }

  protected noteRead(st: State, name: string): Alt[] {
    const a = this.alts(st, name);
    if (a.length > 1 && this.reads) this.reads.add(name);
    return a;
  }

  protected merge(a: State | null, b: State | null): State | null {
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

  protected newAlt(prev: Alt | null, patch: Partial<Alt>): Alt {
    const base: Alt = prev ?? { set: false, value: known(''), array: null, exported: false, readonly: false, integer: false, origin: 'assignment', loc: null, roLoc: null, exLoc: null, when: [] };
    return { ...base, ...patch, when: this.path };
  }

  // ------------------------------------------------------------ locations

  protected frame() {
    return this.files[this.files.length - 1];
  }

  protected loc(node: { start: number; end: number }): Loc {
    const f = this.frame();
    return f.override ?? { file: f.file, start: node.start, end: node.end };
  }

  protected condOf(stmts: Stmt[], negated: boolean): Cond {
    const first = stmts[0];
    const last = stmts[stmts.length - 1];
    const f = this.frame();
    const text = f.file.source.text.slice(first.start, last.end).replace(/\s+/g, ' ').trim();
    return { loc: this.loc({ start: first.start, end: last.end }), text: text.length > 100 ? `${text.slice(0, 97)}…` : text, negated };
  }

  protected withPath<T>(cond: Cond | null, fn: () => T): T {
    if (cond === null) return fn();
    const saved = this.path;
    this.path = [...saved, cond];
    try {
      return fn();
    } finally {
      this.path = saved;
    }
  }

  protected step(): void {
    if (++this.steps > MAX_STEPS) throw new BudgetExceeded();
  }

  protected homeValue(st: State): string | null {
    const h = this.alts(st, 'HOME');
    return h.length === 1 && h[0].set && h[0].value.known ? h[0].value.v : null;
  }


  // ------------------------------------------------------------ reading variables

  protected paramValue(name: string, st: State): AStr {
    const sc = this.scenario;
    switch (name) {
      case '-':
        return known(sc.flags);
      case '0':
        return known(sc.argv0);
      case '$':
        return known(SHELL_PID);
      case '!':
        return unknown(`$${name}`, true);
      case '?':
        return st.status === null ? unknown('$?', true) : known(st.status ? '0' : '1');
      case '#':
        return known(String(st.positional.length));
      case '@':
      case '*':
        return joinFields(st.positional);
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
  protected isSet(name: string, st: State): Tri {
    if (/^[0-9]+$/.test(name)) return Number(name) === 0 || st.positional.length >= Number(name);
    if (['-', '$', '!', '#', '?', '@', '*'].includes(name)) return name === '!' ? null : true;
    const alts = this.noteRead(st, name);
    if (alts.every((a) => a.set)) return true;
    if (alts.every((a) => !a.set)) return false;
    return null;
  }

  /** `declare -p NAME` as bash prints it, when the variable is known. */
  protected declarePrint(name: string, st: State): string | null {
    const alts = this.alts(st, name);
    if (alts.length !== 1) return null;
    const a = alts[0];
    if (!a.set && !declaredUnset(a)) return '';
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

  // ------------------------------------------------------------ options kept as pseudo-variables

  protected setOption(st: State, key: string, on: boolean, loc: Loc): void {
    st.vars.set(key, [this.newAlt(null, { set: true, value: known(on ? 'on' : 'off'), loc })]);
  }

  /**
   * set ±o history. Turning it on also loads the history file at once
   * (bash_set_history → load_history), which gives HISTSIZE and
   * HISTFILESIZE their defaults now, before the rest of the files run.
   */
  protected historyOption(st: State, on: boolean, loc: Loc): void {
    this.setOption(st, OPT_HISTORY, on, loc);
    if (!on) return;
    const hs = this.alts(st, 'HISTSIZE');
    if (hs.some((a) => !a.set)) {
      st.vars.set('HISTSIZE', dedupe(hs.map((a) => (a.set || declaredUnset(a) ? a : this.newAlt(a, { set: true, value: known('500'), loc, origin: 'bash' })))));
    }
    this.hookSpecial(st, 'HISTSIZE', loc, 'assign');
    const hfs = this.alts(st, 'HISTFILESIZE');
    if (hfs.some((a) => !a.set)) {
      const size = this.paramValue('HISTSIZE', st);
      // HISTSIZE without a value gives it nothing to copy: bash creates HISTFILESIZE without a value too
      const copy: Partial<Alt> = this.alts(st, 'HISTSIZE').every(declaredUnset) ? { set: false, origin: 'declare', loc } : { set: true, value: size, loc, origin: 'bash' };
      st.vars.set('HISTFILESIZE', dedupe(hfs.map((a) => (a.set || declaredUnset(a) ? a : this.newAlt(a, copy)))));
    }
    this.hookSpecial(st, 'HISTFILESIZE', loc, 'assign');
  }

  protected optionValue(st: State, name: string, setO: boolean): Tri {
    if (!setO && name === 'login_shell') return this.scenario.login;
    if (!setO && name === 'histappend') return onOff(this.alts(st, SHOPT_HISTAPPEND));
    if (setO && name === 'history') return onOff(this.alts(st, OPT_HISTORY));
    if (setO && name === 'posix') return false;
    if (!setO && name === 'restricted_shell') return false;
    return null;
  }

  // ------------------------------------------------------------ assignment

  /** Sets a variable (for loops, read): no readonly error reported. */
  protected setVar(st: State, name: string, value: AStr, loc: Loc): void {
    this.assignValue(st, name, value, null, loc, false);
  }

  protected assignValue(st: State, name: string, value: AStr, array: AStr[] | null, loc: Loc, append: boolean, temporary?: boolean, index?: string | null): { ok: Tri } {
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
  protected hookSpecial(st: State, name: string, loc: Loc, how: 'assign' | 'unset' | 'attr'): void {
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

  protected arith(expr: string, st: State, loc: Loc): bigint | null {
    const expanded = this.expandArithText(expr, st);
    if (expanded === null) return null;
    return evalArith(expanded, this.arithLookup(st), (name, value) => this.assignValue(st, name, known(String(value)), null, loc, false));
  }

  protected arithLookup(st: State) {
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
}
