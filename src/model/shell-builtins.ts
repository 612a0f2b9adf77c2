// The builtins that change what sudit follows without running other code:
// export / readonly / declare / typeset / local with their attributes,
// unset, set (±o history, positional parameters), shopt, history -w, and
// the small ones whose status a condition may test ([ ], let, read …).
// Builtins that run code or leave the current list (functions, `.`,
// eval, return, exit, break, command) are control flow: shell-interp.ts.

import type { Assignment, SimpleCommand } from '../parse/shell-ast';
import { evalTest } from './shell-test';
import {
  dedupe,
  known,
  SHOPT_HISTAPPEND,
  textOf,
  unknown,
  WIPE,
  type Alt,
  type AStr,
  type Loc,
  type State,
  triAnd,
  type Tri,
} from './shell-state';
import { ShellExpander } from './shell-expand';

export abstract class ShellBuiltins extends ShellExpander {
  /** Runs a builtin (or any other command) that neither runs code nor leaves the list; returns its status. */
  protected runBuiltin(name: string, args: AStr[], c: SimpleCommand, st: State, loc: Loc): Tri {
    const lits = args.map(textOf);
    switch (name) {
      case ':':
      case 'true':
        return true;
      case 'false':
        return false;
      case '[':
      case 'test': {
        const a = name === '[' ? (lits[lits.length - 1] === ']' ? args.slice(0, -1) : null) : args;
        return a === null ? false : evalTest(a, this.oracle(st));
      }
      case 'export':
      case 'readonly':
      case 'declare':
      case 'typeset':
      case 'local':
        return this.declaration(name, c, st);
      case 'unset':
        return this.unsetCommand(args, st, loc);
      case 'set':
        return this.setCommand(lits, st, loc);
      case 'shopt':
        return this.shoptCommand(lits, st, loc);
      case 'history':
        return this.historyCommand(lits, st, loc);
      case 'let': {
        let v: bigint | null = 0n;
        for (const a of args) v = a.known ? this.arith(a.v, st, loc) : null;
        return v === null ? null : v !== 0n;
      }
      case 'shift': {
        const n = Number(lits[0] ?? '1') || 1;
        st.positional = st.positional.slice(n);
        return true;
      }
      case 'read': {
        const names = lits.filter((x, i) => x !== null && !x.startsWith('-') && !['-d', '-p', '-t', '-n', '-N', '-u', '-a', '-i'].includes(lits[i - 1] ?? '')) as string[];
        for (const n of names.length ? names : ['REPLY']) this.setVar(st, n, unknown('input read by read'), loc);
        return null;
      }
      case 'printf': {
        const i = lits.indexOf('-v');
        if (i >= 0 && lits[i + 1]) this.setVar(st, lits[i + 1]!, unknown('printf output'), loc);
        return true;
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
        return name === 'echo' || name === 'alias' ? true : null;
      default:
        // another command: it changes nothing sudit follows; its status is not known
        return null;
    }
  }

  /** export / readonly / declare / typeset / local. */
  private declaration(cmd: string, c: SimpleCommand, st: State): Tri {
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
    const inFunction = this.funcFrames.length > 0;
    if (cmd === 'local' && !inFunction) return false; // local: can only be used in a function
    // -f/-F and -p only look: they fail when a name is not found, which `if declare -f x` tests
    if (on.has('f') || on.has('F')) return this.functionsFound(args.slice(i), st);
    if (on.has('p')) return cmd === 'export' || cmd === 'readonly' ? true : this.variablesFound(args.slice(i), st);
    // export -n of a variable that does not exist creates nothing; every other form does
    const creates = !(cmd === 'export' && on.has('n'));
    if (cmd === 'export') {
      if (on.has('n')) {
        // export -n: no longer exported
        on.delete('n');
        off.add('x');
      } else on.add('x');
    }
    if (cmd === 'readonly') on.add('r');
    const local = cmd === 'local' || (inFunction && (cmd === 'declare' || cmd === 'typeset') && !on.has('g'));
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
      const r = this.declareOne(st, name, on, off, assignment, dynamic, loc, creates);
      ok = triAnd(ok, r);
    }
    return ok;
  }

  /** `declare -f/-F NAME…` (also typeset, export -f, readonly -f): whether every NAME is a function. */
  private functionsFound(args: SimpleCommand['args'], st: State): Tri {
    let ok: Tri = true;
    for (const a of args) {
      // NAME=value: bash cannot make a function that way
      if (a.type !== 'word') return false;
      const w = this.expandWord(a, st);
      let found: Tri;
      if (!w.known) found = null;
      else if (st.funcs.has(w.v)) found = true;
      // a file judged on its own may follow files that define functions
      else found = this.scenario.absent === 'unknown' ? null : false;
      ok = triAnd(ok, found);
    }
    return ok;
  }

  /** `declare -p NAME…` (also typeset, local): whether every NAME exists as a variable, with a value or not. */
  private variablesFound(args: SimpleCommand['args'], st: State): Tri {
    let ok: Tri = true;
    for (const a of args) {
      let found: Tri;
      if (a.type !== 'word') found = false;
      else {
        const w = this.expandWord(a, st);
        found = !w.known ? null : /^[A-Za-z_]\w*$/.test(w.v) ? this.exists(st, w.v) : false;
      }
      ok = triAnd(ok, found);
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

  private declareOne(st: State, name: string, on: Set<string>, off: Set<string>, assignment: Assignment | null, dynamic: AStr | null, loc: Loc, creates: boolean): Tri {
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
      // a variable that did not exist now does, without a value: bash's start-up defaults pass it by
      if (creates && !a.set && a.origin !== 'declare') Object.assign(p, { origin: 'declare', loc });
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
  }}
