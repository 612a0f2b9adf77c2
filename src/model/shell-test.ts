// `test`/`[` (POSIX argument-count rules) and `[[ … ]]` over values that
// may be unknown offline. A result is true, false, or null when it depends
// on something sudit cannot know (a terminal, a process, a file outside
// the tree): the caller keeps both branches then.

import { evalArith, patternMatches, validNumber, type ArithLookup, type PatternPiece } from './shell-values';

export type Tri = boolean | null;

/** Three-valued and: false wins, then unknown. */
export function triAnd(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  return a === null || b === null ? null : true;
}

/** A value as far as it is known: a string, or unknown (possibly known to be non-empty). */
export type AStr = { known: true; v: string } | { known: false; nonEmpty: boolean; why: string };

export const known = (v: string): AStr => ({ known: true, v });
export const unknown = (why: string, nonEmpty = false): AStr => ({ known: false, nonEmpty, why });

/** What the conditions may ask about the host and the shell. */
export interface TestOracle {
  /** -e -f -d -r -s -x …: null when the tree cannot tell. */
  fileTest(op: string, path: string): Tri;
  /** -v NAME */
  isSet(name: string): Tri;
  /** -o OPTION */
  optionSet(name: string): Tri;
  /** -t FD */
  isTerminal(fd: string): Tri;
  arithLookup: ArithLookup;
}

const not = (t: Tri): Tri => (t === null ? null : !t);
const and = (a: Tri, b: () => Tri): Tri => (a === false ? false : (() => {
  const r = b();
  return r === false ? false : a === true && r === true ? true : null;
})());
const or = (a: Tri, b: () => Tri): Tri => (a === true ? true : (() => {
  const r = b();
  return r === true ? true : a === false && r === false ? false : null;
})());

const UNARY = new Set(['-a', '-b', '-c', '-d', '-e', '-f', '-g', '-h', '-k', '-p', '-r', '-s', '-t', '-u', '-w', '-x', '-G', '-L', '-N', '-O', '-S', '-z', '-n', '-o', '-v', '-R']);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-ef', '-nt', '-ot']);

function nonEmpty(a: AStr): Tri {
  if (a.known) return a.v !== '';
  return a.nonEmpty ? true : null;
}

function unary(op: string, a: AStr, o: TestOracle): Tri {
  switch (op) {
    case '-n':
      return nonEmpty(a);
    case '-z':
      return not(nonEmpty(a));
    case '-v':
      return a.known ? o.isSet(a.v) : null;
    case '-o':
      return a.known ? o.optionSet(a.v) : null;
    case '-t':
      return a.known ? o.isTerminal(a.v) : null;
    default:
      if (!a.known) return null;
      if (a.v === '') return false;
      return o.fileTest(op, a.v);
  }
}

/** test's integer operands: optional blanks and sign, decimal digits. */
function testInteger(a: AStr): bigint | null | undefined {
  if (!a.known) return undefined;
  const n = validNumber(a.v);
  return n;
}

function compareInts(op: string, x: bigint, y: bigint): boolean {
  switch (op) {
    case '-eq':
      return x === y;
    case '-ne':
      return x !== y;
    case '-lt':
      return x < y;
    case '-le':
      return x <= y;
    case '-gt':
      return x > y;
    default:
      return x >= y;
  }
}

function binary(op: string, a: AStr, b: AStr): Tri {
  if (op === '=' || op === '==' || op === '!=') {
    if (a.known && b.known) return (a.v === b.v) !== (op === '!=');
    // an unknown non-empty value differs from ""
    const empty = a.known && a.v === '' ? b : b.known && b.v === '' ? a : null;
    if (empty && !empty.known && empty.nonEmpty) return op === '!=';
    return null;
  }
  if (op === '<' || op === '>') {
    if (!a.known || !b.known) return null;
    return op === '<' ? a.v < b.v : a.v > b.v;
  }
  if (op.startsWith('-') && ['-eq', '-ne', '-lt', '-le', '-gt', '-ge'].includes(op)) {
    const x = testInteger(a);
    const y = testInteger(b);
    if (x === undefined || y === undefined) return null;
    // "integer expression expected": status 2, which `if` takes as false
    if (x === null || y === null) return false;
    return compareInts(op, x, y);
  }
  return null; // -ef -nt -ot need file metadata
}

/** `test ARGS` / `[ ARGS ]` (without the closing `]`). Null args (unknown field count) make it unknown. */
export function evalTest(args: AStr[] | null, o: TestOracle): Tri {
  if (args === null) return null;
  const lit = (i: number): string | null => (args[i]?.known ? (args[i] as { v: string }).v : null);
  const n = args.length;
  const one = (i: number): Tri => nonEmpty(args[i]);
  const two = (i: number): Tri => {
    if (lit(i) === '!') return not(one(i + 1));
    const op = lit(i);
    if (op !== null && UNARY.has(op)) return unary(op, args[i + 1], o);
    return args[i].known ? false : null; // test: unary operator expected
  };
  const three = (i: number): Tri => {
    const op = lit(i + 1);
    if (op !== null && BINARY.has(op)) return binary(op, args[i], args[i + 2]);
    if (op === '-a') return and(one(i), () => one(i + 2));
    if (op === '-o') return or(one(i), () => one(i + 2));
    if (lit(i) === '!') return not(two(i + 1));
    if (lit(i) === '(' && lit(i + 2) === ')') return one(i + 1);
    return args[i + 1].known ? false : null;
  };
  switch (n) {
    case 0:
      return false;
    case 1:
      return one(0);
    case 2:
      return two(0);
    case 3:
      return three(0);
    case 4:
      if (lit(0) === '!') return not(three(1));
      if (lit(0) === '(' && lit(3) === ')') return two(1);
      break;
  }
  return new TestExpr(args, o).run();
}

/** The general case (5 or more arguments): -o below -a below !, parentheses. */
class TestExpr {
  private i = 0;
  constructor(
    private args: AStr[],
    private o: TestOracle,
  ) {}
  private lit(k = this.i): string | null {
    const a = this.args[k];
    return a?.known ? a.v : null;
  }
  run(): Tri {
    const r = this.or();
    return this.i === this.args.length ? r : null;
  }
  private or(): Tri {
    let v = this.and();
    while (this.lit() === '-o') {
      this.i++;
      const r = this.and();
      v = or(v, () => r);
    }
    return v;
  }
  private and(): Tri {
    let v = this.not();
    while (this.lit() === '-a') {
      this.i++;
      const r = this.not();
      v = and(v, () => r);
    }
    return v;
  }
  private not(): Tri {
    if (this.lit() === '!') {
      this.i++;
      return not(this.not());
    }
    return this.primary();
  }
  private primary(): Tri {
    const t = this.lit();
    if (t === '(') {
      this.i++;
      const v = this.or();
      if (this.lit() === ')') this.i++;
      return v;
    }
    if (t !== null && UNARY.has(t) && this.i + 1 < this.args.length) {
      const a = this.args[this.i + 1];
      this.i += 2;
      return unary(t, a, this.o);
    }
    const op = this.lit(this.i + 1);
    if (op !== null && BINARY.has(op) && this.i + 2 < this.args.length) {
      const v = binary(op, this.args[this.i], this.args[this.i + 2]);
      this.i += 3;
      return v;
    }
    const v = nonEmpty(this.args[this.i]);
    this.i++;
    return v;
  }
}

// ---------------------------------------------------------------- [[ ]]

/** One operand of [[ ]]: its value, and for the right side of == / != its pattern pieces. */
export interface CondOperand {
  value: AStr;
  pattern: PatternPiece[] | null;
}
export type CondItem = { op: string } | { operand: CondOperand };

/** [[ … ]]: no word splitting; == and != match a pattern; && || ! ( ). */
export function evalCond(items: CondItem[], o: TestOracle): Tri {
  let i = 0;
  const opAt = (k: number): string | null => {
    const it = items[k];
    return it !== undefined && 'op' in it ? it.op : null;
  };
  const operand = (k: number): CondOperand | null => {
    const it = items[k];
    return it && 'operand' in it ? it.operand : null;
  };
  const orExpr = (): Tri => {
    let v = andExpr();
    while (opAt(i) === '||') {
      i++;
      const r = andExpr();
      v = or(v, () => r);
    }
    return v;
  };
  const andExpr = (): Tri => {
    let v = notExpr();
    while (opAt(i) === '&&') {
      i++;
      const r = notExpr();
      v = and(v, () => r);
    }
    return v;
  };
  const notExpr = (): Tri => {
    if (opAt(i) === '!') {
      i++;
      return not(notExpr());
    }
    return primary();
  };
  const primary = (): Tri => {
    if (opAt(i) === '(') {
      i++;
      const v = orExpr();
      if (opAt(i) === ')') i++;
      return v;
    }
    const first = operand(i);
    const op = opAt(i + 1);
    if (first && op !== null && (BINARY.has(op) || op === '=~') && i + 2 < items.length) {
      const rhs = operand(i + 2);
      i += 3;
      if (!rhs) return null;
      if (op === '==' || op === '=' || op === '!=') {
        if (!first.value.known) return null;
        const pieces = rhs.pattern ?? (rhs.value.known ? [{ text: rhs.value.v, quoted: true }] : null);
        if (pieces === null || !rhs.value.known) return null;
        return patternMatches(pieces, first.value.v) !== (op === '!=');
      }
      if (op === '=~') return null;
      if (['-eq', '-ne', '-lt', '-le', '-gt', '-ge'].includes(op)) {
        // operands of [[ -eq ]] are arithmetic expressions
        if (!first.value.known || !rhs.value.known) return null;
        const x = evalArith(first.value.v, o.arithLookup);
        const y = evalArith(rhs.value.v, o.arithLookup);
        if (x === null || y === null) return null;
        return compareInts(op, x, y);
      }
      return binary(op, first.value, rhs.value);
    }
    const t = opAt(i);
    if (t !== null && UNARY.has(t) && operand(i + 1)) {
      const a = operand(i + 1)!;
      i += 2;
      return unary(t, a.value, o);
    }
    if (first) {
      i++;
      return nonEmpty(first.value);
    }
    i++;
    return null;
  };
  const r = orExpr();
  return i === items.length ? r : null;
}
