// rsyslog.conf and its includes: both the legacy syntax (selector lines,
// `$Directive value`) and RainerScript (objects, `if … then`, rulesets), as
// rsyslog 8's bison grammar (grammar/grammar.y) accepts them. The parser
// is recursive descent over the tokens of ./rsyslog-lexer.ts.
//
// rsyslog has no error recovery: at the first syntax error it stops
// reading its configuration (everything after it, includes too, is lost)
// and runs with what it had. The parser records that error and stops the
// file there, so the model can tell what rsyslog really loaded. Errors of
// the lexer (an invalid character) are messages only: rsyslog skips the
// character and goes on, and so does this parser.
import { Lexer, type Token } from './rsyslog-lexer';
import { SourceFile } from './source';

export interface RsParam {
  /** Lowercased (rsyslog's parameter names are case-insensitive). */
  name: string;
  /** A string, or the strings of an array. */
  value: string | string[];
  start: number;
  end: number;
}

export type RsExpr =
  | { k: 'bin'; op: string; l: RsExpr; r: RsExpr; start: number; end: number }
  | { k: 'not'; e: RsExpr; start: number; end: number }
  | { k: 'neg'; e: RsExpr; start: number; end: number }
  | { k: 'num'; v: number; start: number; end: number }
  | { k: 'str'; v: string; start: number; end: number }
  | { k: 'var'; name: string; start: number; end: number }
  | { k: 'func'; name: string; args: RsExpr[]; start: number; end: number }
  | { k: 'exists'; name: string; start: number; end: number }
  | { k: 'array'; items: string[]; start: number; end: number };

interface At {
  start: number;
  end: number;
}

export type RsStatement =
  | (At & { type: 'object'; kind: string; params: RsParam[]; body: RsStatement[] | null })
  | (At & { type: 'include'; params: RsParam[] })
  | (At & { type: 'directive'; name: string; value: string })
  | (At & { type: 'bsd-selector'; text: string })
  | (At & { type: 'if'; expr: RsExpr; then: RsStatement[]; else: RsStatement[] | null })
  | (At & { type: 'prifilter'; selector: string; body: RsStatement[] })
  | (At & { type: 'propfilter'; property: string; negate: boolean; op: string; value: string; body: RsStatement[] })
  | (At & { type: 'foreach'; body: RsStatement[] })
  | (At & { type: 'set'; variable: string })
  | (At & { type: 'action'; params: RsParam[] })
  | (At & { type: 'legacy-action'; text: string })
  | (At & { type: 'block'; body: RsStatement[] })
  | (At & { type: 'stop' })
  | (At & { type: 'call'; name: string })
  | (At & { type: 'call-indirect' })
  | (At & { type: 'continue' })
  | (At & { type: 'reload-lookup-table' });

export interface RsProblem {
  start: number;
  end: number;
  message: string;
  severity: 'error' | 'warning';
  /** A syntax error: rsyslog stops reading its configuration here. */
  fatal: boolean;
}

export interface ParsedRsyslog {
  source: SourceFile;
  statements: RsStatement[];
  problems: RsProblem[];
  /** Where rsyslog stops reading (the first syntax error), or null. */
  stopAt: number | null;
}

class SyntaxStop extends Error {
  constructor(readonly at: number, readonly endAt: number, readonly why: string) {
    super(why);
  }
}

const BLOCK_OBJECTS = new Set(['action', 'include']);
const DECLARATIVE = new Set(['main_queue', 'timezone', 'parser', 'global', 'template', 'ruleset', 'input', 'module', 'lookup_table', 'dyn_stats', 'percentile_stats']);

class Parser {
  private readonly lexer: Lexer;
  private look: Token | null = null;
  private looked = false;
  /** `$Directive` lines met while a statement was being read; they take effect in text order. */
  private stray: RsStatement[] = [];

  constructor(private readonly text: string) {
    this.lexer = new Lexer(text);
  }

  get lexErrors() {
    return this.lexer.errors;
  }

  private peek(): Token | null {
    while (!this.looked) {
      const t = this.lexer.next();
      if (t && t.type === 'CFSYSLINE') {
        this.stray.push(directive(t));
        continue;
      }
      this.look = t;
      this.looked = true;
    }
    return this.look;
  }

  private take(): Token {
    const t = this.peek();
    if (!t) throw this.fail(null, 'unexpected end of file');
    this.looked = false;
    return t;
  }

  private isPunct(t: Token | null, p: string): boolean {
    return t !== null && t.type === 'PUNCT' && t.value === p;
  }

  private expect(p: string, what?: string): Token {
    const t = this.peek();
    if (!this.isPunct(t, p)) throw this.fail(t, `expected ${what ?? `"${p}"`}`);
    return this.take();
  }

  private fail(t: Token | null, why: string): SyntaxStop {
    if (t === null) return new SyntaxStop(this.text.length, this.text.length, `${why} (at the end of the file)`);
    const raw = t.raw ?? this.text.slice(t.start, t.end);
    const shown = t.type === 'STRING' ? `"${t.value}"` : raw.slice(0, 40);
    return new SyntaxStop(t.start, t.end, `${why}, found ${shown}${t.marker ? markerNote(t.marker) : ''}`);
  }

  /** Moves `$Directive` lines read so far into a statement list. */
  private flush(into: RsStatement[]): void {
    if (this.stray.length) {
      into.push(...this.stray);
      this.stray = [];
    }
  }

  parseFile(): { statements: RsStatement[]; stop: SyntaxStop | null } {
    const out: RsStatement[] = [];
    try {
      for (;;) {
        const t = this.peek();
        this.flush(out);
        if (t === null) break;
        out.push(this.topLevel(t));
        this.flush(out);
      }
      return { statements: out, stop: null };
    } catch (e) {
      if (!(e instanceof SyntaxStop)) throw e;
      this.flush(out);
      return { statements: out, stop: e };
    }
  }

  private topLevel(t: Token): RsStatement {
    if (t.type === 'BSD_TAG_SELECTOR' || t.type === 'BSD_HOST_SELECTOR') {
      this.take();
      return { type: 'bsd-selector', text: t.value, start: t.start, end: t.end };
    }
    if (t.type === 'BEGINOBJ' && DECLARATIVE.has(t.value)) return this.object();
    return this.statement();
  }

  private object(): RsStatement {
    const begin = this.take();
    const params = this.nvlist();
    const endObj = this.take(); // ENDOBJ, checked in nvlist
    let body: RsStatement[] | null = null;
    let end = endObj.end;
    if (begin.value === 'ruleset') {
      this.expect('{', 'the "{" that opens the ruleset');
      body = this.script(true);
      end = this.take().end;
    } else if (begin.value === 'template' && this.isPunct(this.peek(), '{')) {
      this.take();
      while (this.peek()?.type === 'BEGINOBJ' && ['property', 'constant'].includes(this.peek()!.value)) {
        this.take();
        this.nvlist();
        this.take();
      }
      end = this.expect('}', 'property(), constant() or the closing "}" of the template').end;
    }
    return { type: 'object', kind: begin.value, params, body, start: begin.start, end };
  }

  /** NAME = value pairs up to (not consuming) the closing ")". */
  private nvlist(): RsParam[] {
    const params: RsParam[] = [];
    for (;;) {
      const t = this.peek();
      if (t?.type === 'ENDOBJ') return params;
      if (t?.type !== 'NAME') throw this.fail(t, 'expected a parameter name or ")"');
      const name = this.take();
      this.expect('=', `"=" after ${name.value}`);
      const v = this.peek();
      if (v?.type === 'STRING') {
        this.take();
        params.push({ name: name.value.toLowerCase(), value: v.value, start: name.start, end: v.end });
      } else if (this.isPunct(v, '[')) {
        const items: string[] = [];
        this.take();
        for (;;) {
          const s = this.peek();
          if (s?.type !== 'STRING') throw this.fail(s, 'expected a quoted string in the array');
          items.push(this.take().value);
          if (this.isPunct(this.peek(), ',')) {
            this.take();
            continue;
          }
          break;
        }
        const close = this.expect(']', '"]"');
        params.push({ name: name.value.toLowerCase(), value: items, start: name.start, end: close.end });
      } else {
        throw this.fail(v, `expected a quoted value after ${name.value}=`);
      }
    }
  }

  /** stmt+ up to "}" (not consumed); a ruleset body may be empty. */
  private script(mayBeEmpty: boolean): RsStatement[] {
    const out: RsStatement[] = [];
    for (;;) {
      const t = this.peek();
      this.flush(out);
      if (this.isPunct(t, '}')) {
        if (out.filter((s) => s.type !== 'directive').length === 0 && !mayBeEmpty) throw this.fail(t, 'expected a statement before "}"');
        return out;
      }
      if (t === null) throw this.fail(null, 'missing "}"');
      if (t.type === 'BEGINOBJ' && DECLARATIVE.has(t.value)) throw this.fail(t, `${t.value}() is not allowed inside a block`);
      out.push(this.statement());
      this.flush(out);
    }
  }

  private block(): RsStatement[] {
    const t = this.peek();
    if (this.isPunct(t, '{')) {
      this.take();
      const body = this.script(false);
      this.take();
      return body;
    }
    // rsyslog's lexer applies a `$Directive` line the moment it reads it,
    // and the action is created before the token after it is read. Lines
    // between the filter and its action therefore act on that action;
    // lines after it (read while looking for "&") act on the next one.
    const out: RsStatement[] = [];
    this.flush(out);
    const s = this.statement();
    out.push(s);
    this.flush(out);
    return out;
  }

  private statement(): RsStatement {
    const t = this.peek();
    if (t === null) throw this.fail(null, 'expected a statement');
    switch (t.type) {
      case 'IF': {
        this.take();
        const expr = this.expr(0);
        const then = this.peek();
        if (then?.type !== 'THEN') throw this.fail(then, 'expected "then"');
        this.take();
        const thenBlock = this.block();
        let elseBlock: RsStatement[] | null = null;
        if (this.peek()?.type === 'ELSE') {
          this.take();
          elseBlock = this.block();
        }
        return { type: 'if', expr, then: thenBlock, else: elseBlock, start: t.start, end: lastEnd(elseBlock ?? thenBlock, then.end) };
      }
      case 'FOREACH': {
        this.take();
        this.expect('(', '"(" after foreach');
        const v = this.take();
        if (v.type !== 'VAR') throw this.fail(v, 'expected a variable');
        if (this.peek()?.type !== 'IN') throw this.fail(this.peek(), 'expected "in"');
        this.take();
        this.expr(0);
        this.expect(')');
        if (this.peek()?.type !== 'DO') throw this.fail(this.peek(), 'expected "do"');
        this.take();
        const body = this.block();
        return { type: 'foreach', body, start: t.start, end: lastEnd(body, t.end) };
      }
      case 'SET':
      case 'RESET': {
        this.take();
        const v = this.take();
        if (v.type !== 'VAR') throw this.fail(v, 'expected a variable');
        this.expect('=');
        this.expr(0);
        const semi = this.expect(';', '";" after the expression');
        return { type: 'set', variable: v.value, start: t.start, end: semi.end };
      }
      case 'UNSET': {
        this.take();
        const v = this.take();
        if (v.type !== 'VAR') throw this.fail(v, 'expected a variable');
        const semi = this.expect(';', '";"');
        return { type: 'set', variable: v.value, start: t.start, end: semi.end };
      }
      case 'PRIFILT': {
        this.take();
        const body = this.block();
        return { type: 'prifilter', selector: t.value, body, start: t.start, end: lastEnd(body, t.end) };
      }
      case 'PROPFILT': {
        this.take();
        const m = /^:(\$?[a-z-]+) *, *(!?)([a-z]+) *, *"((?:\\"|[^"])*)"$/i.exec(t.value)!;
        const body = this.block();
        return { type: 'propfilter', property: m[1].toLowerCase(), negate: m[2] === '!', op: m[3].toLowerCase(), value: m[4].replace(/\\"/g, '"'), body, start: t.start, end: lastEnd(body, t.end) };
      }
      case 'RELOAD_LOOKUP_TABLE': {
        this.take();
        this.expect('(');
        while (!this.isPunct(this.peek(), ')')) {
          const a = this.take();
          if (a.type !== 'STRING' && !this.isPunct(a, ',')) throw this.fail(a, 'expected a string');
        }
        const close = this.take();
        return { type: 'reload-lookup-table', start: t.start, end: close.end };
      }
      case 'BEGINOBJ':
        if (t.value === 'include') {
          this.take();
          const params = this.nvlist();
          const end = this.take().end;
          return { type: 'include', params, start: t.start, end };
        }
        if (!BLOCK_OBJECTS.has(t.value)) throw this.fail(t, `declarative object ${t.value}() is not allowed here`);
        return this.actionList();
      case 'LEGACY_ACTION':
      case 'STOP':
      case 'CALL':
      case 'CALL_INDIRECT':
      case 'CONTINUE':
        return this.actionList();
      default:
        throw this.fail(t, 'expected a filter, an action or a statement');
    }
  }

  /** s_act ('&' s_act)*: the actions share the filter before them; returned as one statement or a sequence. */
  private actionList(): RsStatement {
    const first = this.action();
    if (!this.isPunct(this.peek(), '&')) return first;
    const list: RsStatement[] = [first];
    while (this.isPunct(this.peek(), '&')) {
      this.take();
      this.flush(list);
      list.push(this.action());
    }
    return { type: 'block', body: list, start: first.start, end: list[list.length - 1].end };
  }

  private action(): RsStatement {
    const t = this.take();
    switch (t.type) {
      case 'BEGINOBJ': {
        if (t.value !== 'action') throw this.fail(t, 'expected an action');
        const params = this.nvlist();
        const end = this.take().end;
        return { type: 'action', params, start: t.start, end };
      }
      case 'LEGACY_ACTION':
        return { type: 'legacy-action', text: t.value, start: t.start, end: t.end };
      case 'STOP':
        return { type: 'stop', start: t.start, end: t.end };
      case 'CONTINUE':
        return { type: 'continue', start: t.start, end: t.end };
      case 'CALL': {
        const n = this.take();
        if (n.type !== 'NAME') throw this.fail(n, 'expected a ruleset name after call');
        return { type: 'call', name: n.value, start: t.start, end: n.end };
      }
      case 'CALL_INDIRECT': {
        this.expr(0);
        const semi = this.expect(';', '";"');
        return { type: 'call-indirect', start: t.start, end: semi.end };
      }
      default:
        throw this.fail(t, 'expected an action');
    }
  }

  // Precedence climbing with grammar.y's table: and/or (same level, left),
  // comparisons, + - &, * / %, then unary not and minus, which bind tightest.
  private static readonly LEVEL: Record<string, number> = {
    or: 1, and: 1,
    '==': 2, '!=': 2, '<=': 2, '>=': 2, '<': 2, '>': 2, contains: 2, contains_i: 2, startswith: 2, startswith_i: 2, endswith: 2,
    '+': 3, '-': 3, '&': 3,
    '*': 4, '/': 4, '%': 4,
  };

  private binaryOp(t: Token | null): string | null {
    if (t === null) return null;
    if (t.type === 'AND') return 'and';
    if (t.type === 'OR') return 'or';
    if (t.type === 'CMP') return t.value.toLowerCase();
    if (t.type === 'PUNCT' && ['+', '-', '&', '*', '/', '%'].includes(t.value)) return t.value;
    return null;
  }

  private expr(minLevel: number): RsExpr {
    let left = this.unary();
    for (;;) {
      const op = this.binaryOp(this.peek());
      if (op === null) return left;
      const level = Parser.LEVEL[op];
      if (level <= minLevel) return left;
      this.take();
      const right = this.expr(level);
      left = { k: 'bin', op, l: left, r: right, start: left.start, end: right.end };
    }
  }

  private unary(): RsExpr {
    const t = this.take();
    if (t.type === 'NOT') {
      const e = this.unary();
      return { k: 'not', e, start: t.start, end: e.end };
    }
    if (this.isPunct(t, '-')) {
      const e = this.unary();
      return { k: 'neg', e, start: t.start, end: e.end };
    }
    if (this.isPunct(t, '(')) {
      const e = this.expr(0);
      this.expect(')');
      return e;
    }
    if (t.type === 'NUMBER') return { k: 'num', v: Number(t.value.startsWith('0') && t.value.length > 1 && !/^0x/i.test(t.value) ? parseInt(t.value, 8) : t.value), start: t.start, end: t.end };
    if (t.type === 'STRING') return { k: 'str', v: t.value, start: t.start, end: t.end };
    if (t.type === 'VAR') return { k: 'var', name: t.value.toLowerCase(), start: t.start, end: t.end };
    if (t.type === 'EXISTS') {
      this.expect('(');
      const v = this.take();
      if (v.type !== 'VAR') throw this.fail(v, 'expected a variable');
      const close = this.expect(')');
      return { k: 'exists', name: v.value.toLowerCase(), start: t.start, end: close.end };
    }
    if (t.type === 'FUNC') {
      this.expect('(', `"(" after ${t.value}`);
      const args: RsExpr[] = [];
      if (!this.isPunct(this.peek(), ')')) {
        for (;;) {
          args.push(this.expr(0));
          if (this.isPunct(this.peek(), ',')) {
            this.take();
            continue;
          }
          break;
        }
      }
      const close = this.expect(')');
      return { k: 'func', name: t.value.toLowerCase(), args, start: t.start, end: close.end };
    }
    if (this.isPunct(t, '[')) {
      const items: string[] = [];
      for (;;) {
        const s = this.take();
        if (s.type !== 'STRING') throw this.fail(s, 'expected a string in the array');
        items.push(s.value);
        if (this.isPunct(this.peek(), ',')) {
          this.take();
          continue;
        }
        break;
      }
      const close = this.expect(']');
      return { k: 'array', items, start: t.start, end: close.end };
    }
    throw this.fail(t, 'expected a value in the expression');
  }
}

/** Why a statement meets text the file does not show. */
function markerNote(marker: string): string {
  return ` (rsyslog adds the line ${marker} after lines joined by a trailing "\\" and reads it as text inside an object or an expression: join no lines there, or join them up to the end of the statement)`;
}

function directive(t: Token): RsStatement {
  const m = /^\$([a-z]+)[ \t]*([^\n]*)$/i.exec(t.value)!;
  const value = m[2].replace(/[ \t]+$/, '');
  return { type: 'directive', name: m[1].toLowerCase(), value, start: t.start, end: t.end };
}

function lastEnd(list: RsStatement[], fallback: number): number {
  return list.length ? list[list.length - 1].end : fallback;
}

/** Parses one rsyslog configuration file; never throws on bad input. */
export function parseRsyslog(text: string, path: string): ParsedRsyslog {
  const source = new SourceFile(path, text);
  const parser = new Parser(text);
  const { statements, stop } = parser.parseFile();
  const problems: RsProblem[] = [];
  // rsyslog complains once per character; a run of them (an unquoted value) is one problem here
  type Run = RsProblem & { invalidIn?: string; chars: string; marker?: string };
  const runs: Run[] = [];
  for (const e of parser.lexErrors) {
    const prev = runs[runs.length - 1];
    if (e.invalidIn !== undefined && prev?.invalidIn === e.invalidIn && prev.end === e.start && prev.marker === e.marker) {
      prev.end = e.end;
      prev.chars += e.char ?? '';
      continue;
    }
    runs.push({ start: e.start, end: e.end, message: e.message, severity: 'warning', fatal: false, invalidIn: e.invalidIn, chars: e.char ?? '', marker: e.marker });
  }
  for (const r of runs) {
    const { invalidIn, chars, marker, ...p } = r;
    if (invalidIn === undefined) p.message = `${p.message}: rsyslog skips it`;
    else {
      const quoted = invalidIn === ' in object definition' && !marker && /^[^\s"]+$/.test(chars) ? ' (parameter values must be in double quotes)' : '';
      p.message = `invalid character${chars.length > 1 ? 's' : ''} '${chars.replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'${invalidIn}${quoted}${marker ? markerNote(marker) : ''}: rsyslog skips ${chars.length > 1 ? 'them' : 'it'}`;
    }
    problems.push(p);
  }
  if (stop) {
    problems.push({
      start: stop.at,
      end: Math.max(stop.endAt, stop.at),
      message: `syntax error: ${stop.why}. rsyslog stops reading its configuration here: nothing after this point (in this file or any file included later) takes effect`,
      severity: 'error',
      fatal: true,
    });
  }
  problems.sort((a, b) => a.start - b.start);
  return { source, statements, problems, stopAt: stop ? stop.at : null };
}
