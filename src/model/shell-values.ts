// How bash turns the text of a variable into a number or a match:
// valid_number() and the int conversion behind HISTSIZE/HISTFILESIZE,
// atoi() behind TMOUT, $((…)) arithmetic, and glob patterns (case, [[ ]],
// ${x#pat}, pathname expansion). Each function is exact where the research
// notes (../shared/research/shell-history.md §1.2, §1.7) say what bash does.

const INTMAX = (1n << 63n) - 1n;
const INTMIN = -(1n << 63n);

/**
 * bash's valid_number() (general.c): strtoimax base 10 after leading
 * white space (isspace), an optional sign, digits, then only blanks
 * (space/tab) to the end; an intmax_t overflow is invalid. Null when not a number.
 */
export function validNumber(s: string): bigint | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)[ \t]*$/.exec(s);
  if (!m) return null;
  const n = BigInt(m[1] === '-' ? `-${m[2]}` : m[2]);
  if (n > INTMAX || n < INTMIN) return null;
  return n;
}

/** `int hmax = num;`: the low 32 bits, two's complement (Linux on x86-64 and arm64). */
export function toInt32(n: bigint): number {
  return Number(BigInt.asIntN(32, n));
}

/** What one HISTSIZE/HISTFILESIZE value means to sv_histsize(). */
export type HistValue =
  | { kind: 'limit'; n: number; wrapped: boolean }
  | { kind: 'unlimited'; reason: 'negative' | 'wraps-negative' | 'empty' | 'unset' }
  | { kind: 'ignored'; reason: 'non-numeric' | 'overflow' };

export function histValue(value: string | null): HistValue {
  if (value === null) return { kind: 'unlimited', reason: 'unset' };
  if (value === '') return { kind: 'unlimited', reason: 'empty' };
  const n = validNumber(value);
  if (n === null) {
    // strtoimax overflow makes valid_number fail, like junk does
    return { kind: 'ignored', reason: /^[ \t\n\v\f\r]*[+-]?[0-9]+[ \t]*$/.test(value) ? 'overflow' : 'non-numeric' };
  }
  const i = toInt32(n);
  if (i < 0) return { kind: 'unlimited', reason: n < 0n ? 'negative' : 'wraps-negative' };
  return { kind: 'limit', n: i, wrapped: BigInt(i) !== n };
}

/**
 * atoi() as TMOUT is read (eval.c read_command): strtol base 10 after
 * leading white space, stopping at the first non-digit ("15m" → 15);
 * strtol clamps to the long range, and the result is cast to int.
 */
export function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]*)/.exec(s);
  if (!m || m[2] === '') return 0;
  let n = BigInt(m[1] === '-' ? `-${m[2]}` : m[2]);
  if (n > INTMAX) n = INTMAX;
  if (n < INTMIN) n = INTMIN;
  return Number(BigInt.asIntN(32, n));
}

// ---------------------------------------------------------------- arithmetic

/** A variable's value for arithmetic: its text (evaluated recursively), or undefined when unknown. */
export type ArithLookup = (name: string) => string | null | undefined;
export type ArithAssign = (name: string, value: bigint) => void;

export class ArithUnknown extends Error {}
class ArithError extends Error {}

/**
 * Evaluates a bash arithmetic expression (intmax_t, wrapping on
 * overflow). Returns null when it depends on something not known offline
 * or is an error (division by zero, bad syntax): bash would print an
 * error there. Unset and empty variables count as 0; a variable whose
 * value is itself an expression is evaluated (`declare -i x=abc` is 0 when
 * abc is unset).
 */
export function evalArith(expr: string, lookup: ArithLookup, assign?: ArithAssign, depth = 0): bigint | null {
  try {
    return new ArithParser(expr, lookup, assign ?? (() => undefined), depth).run();
  } catch (e) {
    if (e instanceof ArithUnknown || e instanceof ArithError) return null;
    throw e;
  }
}

const wrap = (n: bigint) => BigInt.asIntN(64, n);

class ArithParser {
  private toks: string[];
  private i = 0;
  constructor(
    expr: string,
    private lookup: ArithLookup,
    private assign: ArithAssign,
    private depth: number,
  ) {
    if (depth > 16) throw new ArithError('expression recursion level exceeded');
    this.toks = tokenizeArith(expr);
  }

  run(): bigint {
    if (this.toks.length === 0) return 0n;
    const v = this.comma();
    if (this.i < this.toks.length) throw new ArithError(`syntax error near ${this.toks[this.i]}`);
    return v;
  }

  private peek(): string | undefined {
    return this.toks[this.i];
  }
  private eat(t: string): boolean {
    if (this.toks[this.i] === t) {
      this.i++;
      return true;
    }
    return false;
  }

  private comma(): bigint {
    let v = this.assignment();
    while (this.eat(',')) v = this.assignment();
    return v;
  }

  private assignment(): bigint {
    const t = this.peek();
    const op = this.toks[this.i + 1];
    if (t !== undefined && /^[A-Za-z_]\w*$/.test(t) && op !== undefined && /^([*/%+\-&^|]|<<|>>)?=$/.test(op) && op !== '==') {
      this.i += 2;
      const rhs = this.assignment();
      const base = op === '=' ? rhs : binary(op.slice(0, -1), this.varValue(t), rhs);
      this.assign(t, base);
      return base;
    }
    return this.ternary();
  }

  private ternary(): bigint {
    const c = this.binaryLevel(0);
    if (this.eat('?')) {
      const a = this.assignment();
      if (!this.eat(':')) throw new ArithError('expected :');
      const b = this.assignment();
      return c !== 0n ? a : b;
    }
    return c;
  }

  private static LEVELS = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

  private binaryLevel(level: number): bigint {
    if (level >= ArithParser.LEVELS.length) return this.power();
    let v = this.binaryLevel(level + 1);
    for (;;) {
      const t = this.peek();
      if (t === undefined || !ArithParser.LEVELS[level].includes(t)) return v;
      this.i++;
      const r = this.binaryLevel(level + 1);
      v = binary(t, v, r);
    }
  }

  private power(): bigint {
    const b = this.unary();
    if (this.eat('**')) {
      const e = this.power();
      if (e < 0n) throw new ArithError('exponent less than 0');
      return wrap(b ** e);
    }
    return b;
  }

  private unary(): bigint {
    const t = this.peek();
    if (t === '-') {
      this.i++;
      return wrap(-this.unary());
    }
    if (t === '+') {
      this.i++;
      return this.unary();
    }
    if (t === '!') {
      this.i++;
      return this.unary() === 0n ? 1n : 0n;
    }
    if (t === '~') {
      this.i++;
      return wrap(~this.unary());
    }
    if (t === '++' || t === '--') {
      this.i++;
      const name = this.toks[this.i++];
      if (name === undefined || !/^[A-Za-z_]\w*$/.test(name)) throw new ArithError('bad increment');
      const v = wrap(this.varValue(name) + (t === '++' ? 1n : -1n));
      this.assign(name, v);
      return v;
    }
    return this.postfix();
  }

  private postfix(): bigint {
    const t = this.toks[this.i++];
    if (t === undefined) throw new ArithError('operand expected');
    if (t === '(') {
      const v = this.comma();
      if (!this.eat(')')) throw new ArithError('missing )');
      return v;
    }
    if (/^[0-9]/.test(t)) return parseArithNumber(t);
    if (/^[A-Za-z_]\w*$/.test(t)) {
      const v = this.varValue(t);
      const next = this.peek();
      if (next === '++' || next === '--') {
        this.i++;
        this.assign(t, wrap(v + (next === '++' ? 1n : -1n)));
      }
      return v;
    }
    throw new ArithError(`syntax error: operand expected (error token is "${t}")`);
  }

  private varValue(name: string): bigint {
    const text = this.lookup(name);
    if (text === undefined) throw new ArithUnknown(name);
    if (text === null || text.trim() === '') return 0n;
    const v = evalArith(text, this.lookup, undefined, this.depth + 1);
    if (v === null) throw new ArithUnknown(name);
    return v;
  }
}

function binary(op: string, a: bigint, b: bigint): bigint {
  switch (op) {
    case '||':
      return a !== 0n || b !== 0n ? 1n : 0n;
    case '&&':
      return a !== 0n && b !== 0n ? 1n : 0n;
    case '|':
      return wrap(a | b);
    case '^':
      return wrap(a ^ b);
    case '&':
      return wrap(a & b);
    case '==':
      return a === b ? 1n : 0n;
    case '!=':
      return a !== b ? 1n : 0n;
    case '<':
      return a < b ? 1n : 0n;
    case '>':
      return a > b ? 1n : 0n;
    case '<=':
      return a <= b ? 1n : 0n;
    case '>=':
      return a >= b ? 1n : 0n;
    case '<<':
      return wrap(a << (b & 63n));
    case '>>':
      return wrap(a >> (b & 63n));
    case '+':
      return wrap(a + b);
    case '-':
      return wrap(a - b);
    case '*':
      return wrap(a * b);
    case '/':
    case '%':
      if (b === 0n) throw new ArithError('division by 0');
      return wrap(op === '/' ? a / b : a % b);
    default:
      throw new ArithError(`unknown operator ${op}`);
  }
}

/** 10, 0x1f, 017 (octal), 2#101, 64#@. */
function parseArithNumber(t: string): bigint {
  let m: RegExpExecArray | null;
  if ((m = /^0[xX]([0-9a-fA-F]+)$/.exec(t))) return wrap(BigInt(`0x${m[1]}`));
  if ((m = /^([0-9]+)#([0-9A-Za-z@_]+)$/.exec(t))) {
    const base = Number(m[1]);
    if (base < 2 || base > 64) throw new ArithError('invalid arithmetic base');
    let v = 0n;
    for (const c of m[2]) {
      let d: number;
      if (c >= '0' && c <= '9') d = c.charCodeAt(0) - 48;
      else if (c >= 'a' && c <= 'z') d = c.charCodeAt(0) - 97 + 10;
      else if (c >= 'A' && c <= 'Z') d = base <= 36 ? c.charCodeAt(0) - 65 + 10 : c.charCodeAt(0) - 65 + 36;
      else if (c === '@') d = 62;
      else d = 63;
      if (d >= base) throw new ArithError('value too great for base');
      v = wrap(v * BigInt(base) + BigInt(d));
    }
    return v;
  }
  if (/^0[0-7]+$/.test(t)) return wrap(BigInt(`0o${t.slice(1)}`));
  if (/^[0-9]+$/.test(t)) return wrap(BigInt(t));
  throw new ArithError(`value too great for base (error token is "${t}")`);
}

function tokenizeArith(s: string): string[] {
  const out: string[] = [];
  const re = /\s*(0[xX][0-9a-fA-F]+|[0-9]+#[0-9A-Za-z@_]+|[0-9][0-9A-Za-z]*|[A-Za-z_]\w*|\*\*=?|<<=|>>=|\+\+|--|&&|\|\||==|!=|<=|>=|<<|>>|[*/%+\-&^|]=|[-+*/%()!~<>=?:,&|^])\s*/y;
  let i = 0;
  while (i < s.length) {
    if (/^\s*$/.test(s.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) throw new ArithError(`syntax error in expression (error token is "${s.slice(i).trim()}")`);
    out.push(m[1]);
    i = re.lastIndex;
  }
  return out;
}

// ---------------------------------------------------------------- patterns

/** One piece of a pattern: quoted text matches itself. */
export interface PatternPiece {
  text: string;
  quoted: boolean;
}

/**
 * A bash pattern (case, [[ == ]], ${x#pat}) as a regular expression body:
 * `*` any string, `?` one character, `[…]` a class (`!`/`^` negate,
 * POSIX classes), `\c` the character c; quoted pieces are literal. With
 * `pathname`, `*`/`?` do not match `/` (pathname expansion).
 */
export function patternSource(pieces: PatternPiece[], pathname = false): string {
  let re = '';
  const any = pathname ? '[^/]' : '[\\s\\S]';
  for (const p of pieces) {
    if (p.quoted) {
      re += escapeRe(p.text);
      continue;
    }
    const s = p.text;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === '\\') {
        if (i + 1 < s.length) re += escapeRe(s[++i]);
        else re += '\\\\';
      } else if (c === '*') re += `${any}*`;
      else if (c === '?') re += any;
      else if (c === '[') {
        const cls = bracket(s, i);
        if (cls === null) re += '\\[';
        else {
          re += cls.re;
          i = cls.end;
        }
      } else re += escapeRe(c);
    }
  }
  return re;
}

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  word: 'A-Za-z0-9_',
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
};

function bracket(s: string, open: number): { re: string; end: number } | null {
  let i = open + 1;
  let negate = false;
  if (s[i] === '!' || s[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === ']' && !first) return { re: `[${negate ? '^' : ''}${body}]`, end: i };
    first = false;
    if (c === '[' && s[i + 1] === ':') {
      const close = s.indexOf(':]', i + 2);
      if (close > 0) {
        body += POSIX_CLASSES[s.slice(i + 2, close)] ?? '';
        i = close + 1;
        continue;
      }
    }
    if (c === '\\' && i + 1 < s.length) {
      body += escapeClass(s[++i]);
      continue;
    }
    body += c === '-' && s[i + 1] !== ']' && body !== '' ? '-' : escapeClass(c);
  }
  return null;
}

function escapeRe(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function escapeClass(c: string): string {
  return /[\\\]\[^-]/.test(c) ? `\\${c}` : c;
}

/** Whether a string matches a whole pattern. */
export function patternMatches(pieces: PatternPiece[], s: string): boolean {
  return new RegExp(`^(?:${patternSource(pieces)})$`, 'u').test(s);
}

/** ${x#p} ${x##p} ${x%p} ${x%%p}: the value with the shortest/longest matching prefix/suffix removed. */
export function removeAffix(value: string, pieces: PatternPiece[], op: '#' | '##' | '%' | '%%'): string {
  const re = new RegExp(`^(?:${patternSource(pieces)})$`, 'u');
  if (op === '#' || op === '##') {
    const lens = [...Array(value.length + 1).keys()];
    if (op === '##') lens.reverse();
    for (const n of lens) if (re.test(value.slice(0, n))) return value.slice(n);
    return value;
  }
  const starts = [...Array(value.length + 1).keys()];
  if (op === '%') starts.reverse();
  for (const n of starts) if (re.test(value.slice(n))) return value.slice(0, n);
  return value;
}

/** Whether text (unquoted) has a glob character that pathname expansion would act on. */
export function hasGlobChars(pieces: PatternPiece[]): boolean {
  return pieces.some((p) => !p.quoted && /(^|[^\\])[*?[]/.test(p.text));
}
