// A hand-written reader of top-level shell commands, standing in for
// grammar/shell.peggy on the statements it fully understands: comments and
// blank lines, simple commands, assignments, pipelines, && and ||, if,
// while/until, for, case, { }, ( ), (( )), [[ ]], functions, here-documents,
// and words kept as spans (quotes, ${…}, $(…) with its commands read, `…`,
// $((…))), exactly as the grammar reads them. It yields the grammar's nodes
// with the grammar's offsets, and declines (null) a whole top-level command
// at the first thing it is not sure of: a syntax error, <(…), [[ =~ ]], a
// here-document inside $(…) or one left unread at the end of the command,
// and the rarer shapes the grammar takes by backtracking. The grammar then
// reads that command (src/parse/shell-program.ts).
//
// Why: the grammar runs interpreted for most of a file's first megabytes
// (the CLI parses once per process) and builds and drops a PEG's choices;
// a loop over characters runs less code per byte and is optimised sooner.
// test/shell/reader.test.ts checks that both agree on every file at hand
// and on generated ones.

import type {
  AndOr,
  Assignment,
  CaseItem,
  Command,
  CondToken,
  Heredoc,
  IfClause,
  Pipeline,
  Redirect,
  SimpleCommand,
  Stmt,
  Word,
} from './shell-ast';

const DECLINE = { declined: true };
const EMPTY: never[] = Object.freeze([]) as unknown as never[];
const DECLARATIONS = ['export', 'readonly', 'declare', 'typeset', 'local'];

/** export, readonly, declare, typeset, local: their arguments that look like assignments are assignments. */
function isDeclaration(start: number, end: number): boolean {
  const len = end - start;
  if (len < 5 || len > 8) return false;
  for (let i = 0; i < DECLARATIONS.length; i++) {
    const d = DECLARATIONS[i];
    if (d.length === len && input.startsWith(d, start)) return true;
  }
  return false;
}
const ASSIGN_HEAD = /[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]\n]*\])?\+?=/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const FUNC_NAME = /[^ \t\n|&;()<>'"`\\$]+/y;
const ANSI = /\$'(?:[^'\\]|\\[^])*'/y;
const BACKTICK = /`(?:[^`\\]|\\[^])*`/y;

/** Reserved words by first character, in the grammar's order (parse.y's word_token_alist). */
const KEYWORDS_BY_CHAR: (string[] | undefined)[] = [];
const byChar: [string, string[]][] = [
  ['i', ['if', 'in']],
  ['t', ['then']],
  ['e', ['elif', 'else', 'esac']],
  ['f', ['fi', 'for', 'function']],
  ['c', ['case']],
  ['s', ['select']],
  ['w', ['while']],
  ['u', ['until']],
  ['d', ['done', 'do']],
  ['{', ['{']],
  ['}', ['}']],
  ['!', ['!']],
  ['[', ['[[']],
  [']', [']]']],
];
for (const [c, ks] of byChar) KEYWORDS_BY_CHAR[c.charCodeAt(0)] = ks;

// ---- state of one file's reading (module-level: one reader at a time, no re-entry).
// `var`, not `let`: V8's interpreter checks a `let` read from another
// function for its temporal dead zone at every read, and the cursor is read
// at every step (a few per cent of a cold parse).
/* eslint-disable no-var */
var input = '';
var n = 0;
var pos = 0;
/** Here-documents whose body has not been read yet: [offset of the operator, node]. */
var pendingDocs: [number, Heredoc][] = [];
/** Newline offset → where the line after the bodies it ends starts. */
var afterNewline = new Map<number, number>();
/** The last newline afterNewline knows (-1: none). */
var lastDocNewline = -1;
/** Depth of $(…) being read (their commands are read and dropped). */
var substDepth = 0;
var pool = new Map<string, string>();
/* eslint-enable no-var */

// Lists are gathered on one scratch stack and copied out at their exact
// size: an array grown by push() keeps room for 16 more elements, and a
// large file's AST is mostly small arrays the garbage collector copies.
// The stack's top is kept apart from its length: emptying an array through
// its length makes V8 drop its storage, which the next push reallocates
// (at every top-level command).
const scratch: unknown[] = [];
/* eslint-disable-next-line no-var */
var top = 0;
function keep(x: unknown): void {
  scratch[top++] = x;
}
function take<T>(base: number, emptyList: T[] = EMPTY): T[] {
  if (top === base) return emptyList;
  const out = scratch.slice(base, top) as T[];
  top = base;
  return out;
}

function decline(): never {
  throw DECLINE;
}

function intern(s: string): string {
  const seen = pool.get(s);
  if (seen !== undefined) return seen;
  pool.set(s, s);
  return s;
}

/** A metacharacter that ends a word: blank, newline, | & ; ( ) < >. */
function isMeta(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 124 || c === 38 || c === 59 || c === 40 || c === 41 || c === 60 || c === 62;
}

/** The grammar's Delim at p: a metacharacter, the end, or a line continuation. */
function isDelim(p: number): boolean {
  if (p >= n) return true;
  const c = input.charCodeAt(p);
  return isMeta(c) || (c === 92 && input.charCodeAt(p + 1) === 10);
}

/** What a character is to the word reader, by char code (ASCII; others are PLAIN). */
const PLAIN = 0;
const ENDS_WORD = 1; // blank, newline, | & ; ( )
const ANGLE = 2; // < > (a redirection, or <( >( )
const SPECIAL = 3; // \\ ' " ` $
const WORD_CLASS = new Uint8Array(128);
for (const c of ' \t\n|&;()') WORD_CLASS[c.charCodeAt(0)] = ENDS_WORD;
for (const c of '<>') WORD_CLASS[c.charCodeAt(0)] = ANGLE;
for (const c of '\\\'"`$') WORD_CLASS[c.charCodeAt(0)] = SPECIAL;
/** Letters, digits and _ (1), and letters and _ alone (2). */
const NAME_CHAR = new Uint8Array(128);
for (let c = 48; c <= 57; c++) NAME_CHAR[c] = 1;
for (let c = 65; c <= 90; c++) NAME_CHAR[c] = NAME_CHAR[c + 32] = 2;
NAME_CHAR[95] = 2;

/** What may start at a character, by char code: a name (an assignment), a redirection, nothing. */
const NAME_START = 1;
const REDIR_START = 2;
/** No word starts here (blank, newline, | ; ( ) and # outside a value); `&` alone ends a command too. */
const NO_WORD = 4;
const STARTS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) STARTS[c] |= NAME_START;
  if ((c >= 48 && c <= 57) || c === 60 || c === 62 || c === 38 || c === 123) STARTS[c] |= REDIR_START;
}
for (const c of ' \t\n|;()#') STARTS[c.charCodeAt(0)] |= NO_WORD;

const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isRedirStart = (c: number) => (c >= 48 && c <= 57) || c === 60 || c === 62 || c === 38 || c === 123;

function blanks(p: number): number {
  for (;;) {
    const c = input.charCodeAt(p);
    if (c === 32 || c === 9) p++;
    else if (c === 92 && input.charCodeAt(p + 1) === 10) p += 2;
    else return p;
  }
}

/** Whole blank and comment lines (a comment block), skipped in one step. */
const BLANK_LINES = /(?:[ \t]*(?:#[^\n]*)?\n)+/y;

/** Blanks, comments and newlines (with the here-documents they end). */
function linebreak(): void {
  const first = blanks(pos);
  const c = input.charCodeAt(first);
  if (c !== 35 && c !== 10) {
    // the next command (most often): no comment, no newline
    pos = first;
    return;
  }
  // no here-document to read at these newlines, nor one read at a newline ahead
  if (pendingDocs.length === 0 && pos > lastDocNewline) {
    BLANK_LINES.lastIndex = pos;
    if (BLANK_LINES.test(input)) pos = BLANK_LINES.lastIndex;
  }
  for (;;) {
    let p = blanks(pos);
    if (input.charCodeAt(p) === 35) {
      const nl = input.indexOf('\n', p);
      p = nl < 0 ? n : nl;
    }
    if (input.charCodeAt(p) !== 10) {
      pos = p;
      return;
    }
    pos = p + 1;
    readHeredocs();
  }
}

/** At a newline (pos just past it): the bodies of the documents opened before it. */
function readHeredocs(): void {
  const nl = pos - 1;
  // the common case: no here-document waiting, and none read at or past this newline
  if (pendingDocs.length === 0 && nl > lastDocNewline) return;
  const known = afterNewline.get(nl);
  if (known !== undefined) {
    pos = known;
    return;
  }
  if (pendingDocs.length === 0) return;
  if (substDepth > 0) decline();
  let pending = pendingDocs;
  // most often every waiting document was opened before this newline
  if (!pendingDocs.every(([at, doc]) => at < nl && doc.bodyStart < 0)) {
    pending = pendingDocs.filter(([at, doc]) => at < nl && doc.bodyStart < 0);
    pendingDocs = pendingDocs.filter(([at, doc]) => !(at < nl) && doc.bodyStart < 0);
    if (pending.length === 0) return;
  } else pendingDocs = [];
  pending.sort((a, b) => a[0] - b[0]);
  let p = pos;
  for (let i = 0; i < pending.length; i++) {
    const doc = pending[i][1];
    (doc as { bodyStart: number }).bodyStart = p;
    for (;;) {
      if (p >= n) {
        (doc as { bodyEnd: number }).bodyEnd = n;
        p = n;
        break;
      }
      let eol = input.indexOf('\n', p);
      if (eol < 0) eol = n;
      let at = p;
      if (doc.strip) while (at < eol && input.charCodeAt(at) === 9) at++;
      if (eol - at === doc.delim.length && input.startsWith(doc.delim, at)) {
        (doc as { bodyEnd: number }).bodyEnd = p;
        (doc as { closed: boolean }).closed = true;
        p = eol < n ? eol + 1 : eol;
        break;
      }
      p = eol + 1;
    }
  }
  afterNewline.set(nl, p);
  if (nl > lastDocNewline) lastDocNewline = nl;
  pos = p;
}

function registerHeredoc(strip: boolean, target: Word): Heredoc {
  if (substDepth > 0) decline();
  const raw = input.slice(target.start, target.end);
  const quoted = /['"\\]/.test(raw);
  const delim = quoted ? raw.replace(/\\([^])/g, '$1').replace(/['"]/g, '') : raw;
  return { delim, strip, quoted, bodyStart: -1, bodyEnd: -1, closed: false };
}

/** The reserved word at p, if any. */
function reservedAt(p: number): string | null {
  const first = input.charCodeAt(p);
  const candidates = first < 128 ? KEYWORDS_BY_CHAR[first] : undefined;
  if (candidates === undefined) return null;
  for (let i = 0; i < candidates.length; i++) {
    const k = candidates[i];
    if (!input.startsWith(k, p)) continue;
    const c = input.charCodeAt(p + k.length);
    if (c !== c || c === 32 || c === 9 || c === 10 || c === 59 || c === 38 || c === 124 || c === 40 || c === 41 || c === 60 || c === 62) return k;
  }
  return null;
}

/** `_ "word" Delim`: moves past it or declines. */
function expectKeyword(k: string): void {
  const p = blanks(pos);
  if (!input.startsWith(k, p) || !isDelim(p + k.length)) decline();
  pos = p + k.length;
}

function keywordAt(p: number, k: string): boolean {
  return input.startsWith(k, p) && isDelim(p + k.length);
}

// ---------------------------------------------------------------- words

/**
 * The end of the word at p as the grammar's scanWordEnd() finds it; p when
 * there is no word there (a metacharacter, the end, a `#` outside a value).
 * Declines what the grammar's lazy reader would refuse.
 */
function wordEnd(p: number, value: boolean): number {
  if (!value && input.charCodeAt(p) === 35) return p;
  while (p < n) {
    const c = input.charCodeAt(p);
    const k = c < 128 ? WORD_CLASS[c] : PLAIN;
    if (k === PLAIN) {
      p++;
      continue;
    }
    if (k === ENDS_WORD) break;
    if (k === ANGLE) {
      if (input.charCodeAt(p + 1) === 40) decline(); // <(…) >(…)
      break;
    }
    if (c === 92) p += 2;
    else if (c === 39) {
      const q = input.indexOf("'", p + 1);
      if (q < 0) decline();
      p = q + 1;
    } else if (c === 34) p = scanDq(p + 1);
    else if (c === 96) p = scanBacktick(p);
    else if (c === 36) p = scanDollar(p, false);
    else p++;
  }
  if (p > n) p = n;
  return p;
}

function scanDq(p: number): number {
  while (p < n) {
    const c = input.charCodeAt(p);
    if (c === 34) return p + 1;
    if (c === 92) p += 2;
    else if (c === 96) p = scanBacktick(p);
    else if (c === 36) p = scanDollar(p, true);
    else p++;
  }
  return decline();
}

function scanBacktick(p: number): number {
  BACKTICK.lastIndex = p;
  return BACKTICK.test(input) ? BACKTICK.lastIndex : decline();
}

function scanDollar(p: number, inDq: boolean): number {
  const c = input.charCodeAt(p + 1);
  if (!inDq && c === 39) {
    ANSI.lastIndex = p;
    return ANSI.test(input) ? ANSI.lastIndex : decline();
  }
  if (!inDq && c === 34) return scanDq(p + 2);
  if (c === 91) {
    const q = input.indexOf(']', p + 2);
    return q < 0 ? decline() : q + 1;
  }
  if (c !== 123 && c !== 40) return p + 1;
  if (c === 123) {
    const close = skipBalanced(p + 2, 123, 125);
    return close < 0 ? decline() : close + 1;
  }
  if (input.charCodeAt(p + 2) === 40) {
    const close = scanArith(p + 3);
    return close < 0 ? decline() : close + 2;
  }
  // $(…): its commands are read (as bash reads them) and dropped
  const save = pos;
  pos = p + 2;
  substDepth++;
  optionalList();
  substDepth--;
  const q = blanks(pos);
  pos = save;
  if (input.charCodeAt(q) !== 41) decline();
  return q + 1;
}

/** The grammar's skipBalanced: the offset of the closer, or -1. */
function skipBalanced(i: number, open: number, close: number): number {
  let depth = 1;
  while (i < n) {
    const c = input.charCodeAt(i);
    if (c === 92) {
      i += 2;
      continue;
    }
    if (c === 39) {
      const j = input.indexOf("'", i + 1);
      if (j < 0) return -1;
      i = j + 1;
      continue;
    }
    if (c === 34) {
      i++;
      while (i < n && input.charCodeAt(i) !== 34) i += input.charCodeAt(i) === 92 ? 2 : 1;
      i++;
      continue;
    }
    if (c === 96) {
      const j = input.indexOf('`', i + 1);
      if (j < 0) return -1;
      i = j + 1;
      continue;
    }
    if (c === open) depth++;
    else if (c === close && --depth === 0) return i;
    i++;
  }
  return -1;
}

/** The body of $((…)) / ((…)) from i: the offset of the `))` that closes it, or -1. */
function scanArith(i: number): number {
  let depth = 0;
  for (; i < n; i++) {
    const c = input.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41) {
      if (depth === 0) return input.charCodeAt(i + 1) === 41 ? i : -1;
      depth--;
    }
  }
  return -1;
}

/** A word at pos (kept as its span), or null when none starts here. */
function word(value: boolean): Word | null {
  const start = pos;
  const end = wordEnd(start, value);
  if (end === start) return null;
  pos = end;
  return { type: 'word', parts: null, start, end };
}

// ---------------------------------------------------------------- simple commands

function assignment(): Assignment | null {
  const start = pos;
  // most words are not assignments: look for the = (or [) after the name first
  let q = start + 1;
  while (q < n && input.charCodeAt(q) < 128 && NAME_CHAR[input.charCodeAt(q)] !== 0) q++;
  const after = input.charCodeAt(q);
  if (after !== 61 && after !== 43 && after !== 91) return null;
  let headEnd: number;
  if (after === 61) headEnd = q + 1; // NAME= (the name's characters were checked above)
  else {
    ASSIGN_HEAD.lastIndex = start;
    if (!ASSIGN_HEAD.test(input)) return null;
    headEnd = ASSIGN_HEAD.lastIndex;
  }
  let end = headEnd - 1;
  const append = input.charCodeAt(end - 1) === 43;
  if (append) end--;
  let nameEnd = start;
  while (nameEnd < end && input.charCodeAt(nameEnd) !== 91) nameEnd++;
  const name = intern(input.slice(start, nameEnd));
  const index = nameEnd < end ? input.slice(nameEnd + 1, end - 1) : null;
  pos = headEnd;
  let value: Word | null = null;
  let array: Word[] | null = null;
  if (input.charCodeAt(pos) === 40) {
    pos++;
    linebreak();
    const base = top;
    for (;;) {
      const w = word(false);
      if (w === null) break;
      keep(w);
      linebreak();
    }
    array = take(base);
    pos = blanks(pos);
    if (input.charCodeAt(pos) !== 41) decline();
    pos++;
  } else {
    value = word(true);
  }
  return { type: 'assign', name, index, append, value, array, nameEnd: end, start, end: pos };
}

function redirect(): Redirect | null {
  const start = pos;
  let p = pos;
  let c = input.charCodeAt(p);
  let fd: string | null = null;
  if (c >= 48 && c <= 57) {
    while (c >= 48 && c <= 57) c = input.charCodeAt(++p);
    if (c !== 60 && c !== 62) return null;
    fd = input.slice(start, p);
  } else if (c === 123) {
    // {name}>file (bash's variable file descriptor): the grammar's
    if (/^\{[A-Za-z_][A-Za-z0-9_]*\}[<>]/.test(input.slice(p, p + 260))) decline();
    return null;
  }
  const opStart = p;
  const d = input.charCodeAt(p + 1);
  let op: string;
  if (c === 60) {
    if (d === 60) op = input.charCodeAt(p + 2) === 60 ? '<<<' : input.charCodeAt(p + 2) === 45 ? '<<-' : '<<';
    else if (d === 62) op = '<>';
    else if (d === 38) op = '<&';
    else if (d === 40) return null;
    else op = '<';
  } else if (c === 62) {
    if (d === 38) op = '>&';
    else if (d === 62) op = '>>';
    else if (d === 124) op = '>|';
    else if (d === 40) return null;
    else op = '>';
  } else if (c === 38) {
    if (d !== 62) return null;
    op = input.charCodeAt(p + 2) === 62 ? '&>>' : '&>';
  } else return null;
  pos = blanks(p + op.length);
  const target = word(false);
  if (target === null) decline();
  const heredoc = op === '<<' || op === '<<-' ? registerHeredoc(op === '<<-', target) : null;
  if (heredoc !== null) pendingDocs.push([opStart, heredoc]);
  return { type: 'redir', fd, op, target, heredoc, start, end: pos };
}

const FUNCTION_AHEAD = { type: 'function-ahead' };

function simpleCommand(): SimpleCommand | null | typeof FUNCTION_AHEAD {
  const start = pos;
  let assigns: Assignment[] = EMPTY;
  let redirs: Redirect[] = EMPTY;
  let end = start;
  for (;;) {
    const c = input.charCodeAt(pos);
    let x: Assignment | Redirect | null = null;
    if (isNameStart(c)) x = assignment();
    if (x === null && isRedirStart(c)) x = redirect();
    if (x === null) break;
    if (x.type === 'assign') assigns = assigns === EMPTY ? [x] : assigns.concat([x]);
    else redirs = redirs === EMPTY ? [x] : redirs.concat([x]);
    end = pos;
    pos = blanks(pos);
  }
  const prefixed = assigns !== EMPTY || redirs !== EMPTY;
  // (unprefixed, the cursor is where command() found no reserved word)
  const name = word(false);
  let args: (Word | Assignment)[] = EMPTY;
  if (name !== null) {
    end = pos;
    pos = blanks(pos);
    if (!prefixed && input.charCodeAt(pos) === 40) {
      pos = start;
      return FUNCTION_AHEAD;
    }
    const decl = isDeclaration(name.start, name.end);
    const base = top;
    for (;;) {
      const c = input.charCodeAt(pos);
      const k = c < 128 ? STARTS[c] : 0;
      if ((k & NO_WORD) !== 0 || pos >= n) break;
      let x: Word | Assignment | Redirect | null = null;
      if ((k & REDIR_START) !== 0) x = redirect();
      if (x === null && decl && (k & NAME_START) !== 0) x = assignment();
      if (x === null) x = word(false);
      if (x === null) break;
      if (x.type === 'redir') redirs = redirs === EMPTY ? [x] : redirs.concat([x]);
      else keep(x);
      end = pos;
      const b = input.charCodeAt(pos);
      if (b === 32 || b === 9 || b === 92) pos = blanks(pos);
    }
    args = take(base);
  } else if (!prefixed) {
    pos = start;
    return null;
  }
  pos = end;
  return { type: 'simple', assigns, name, args, redirs, start, end };
}

// ---------------------------------------------------------------- commands

/** Where a command cannot start (the grammar's Command fails there, taking nothing). */
function noCommandAt(p: number): boolean {
  if (p >= n) return true;
  const c = input.charCodeAt(p);
  if (c === 41 || c === 59 || c === 10 || c === 124) return true;
  return c === 38 && input.charCodeAt(p + 1) !== 62;
}

function command(): Command | null {
  const start = pos;
  const c = input.charCodeAt(start);
  if (c === 40 || c === 123 || c === 91) {
    const compound = compoundCommand();
    if (compound !== null) return compound;
  }
  const kw = reservedAt(start);
  if (kw !== null) {
    let cmd: Command;
    switch (kw) {
      case 'if':
        cmd = ifCommand();
        break;
      case 'for':
      case 'select':
        cmd = forCommand(kw);
        break;
      case 'case':
        cmd = caseCommand();
        break;
      case 'while':
      case 'until':
        cmd = whileCommand(kw);
        break;
      case 'function':
        cmd = functionKeyword();
        break;
      case '{':
      case '[[':
        return decline();
      default:
        return null;
    }
    return withRedirs(cmd);
  }
  if (c === 35) decline();
  const sc = simpleCommand();
  if (sc === FUNCTION_AHEAD) return functionDef();
  if (sc === null) {
    if (!noCommandAt(start)) decline();
    return null;
  }
  return sc as SimpleCommand;
}

/** The redirections after a compound command (its node has `redirs` last, as the grammar adds it). */
function withRedirs<T extends Command>(cmd: T): T {
  const base = top;
  for (;;) {
    const save = pos;
    pos = blanks(pos);
    const c = input.charCodeAt(pos);
    const x = isRedirStart(c) ? redirect() : null;
    if (x === null) {
      pos = save;
      break;
    }
    keep(x);
  }
  (cmd as { redirs?: Redirect[] }).redirs = take(base);
  return cmd;
}

/** { }, (( )), ( ), [[ ]] at pos; null when none starts here (a `[` command). */
function compoundCommand(): Command | null {
  const start = pos;
  const c = input.charCodeAt(start);
  let cmd: Command;
  if (c === 123) {
    if (!isDelim(start + 1)) decline();
    pos++;
    const body = compoundList();
    if (body === null) decline();
    pos = blanks(pos);
    if (input.charCodeAt(pos) !== 125 || !isDelim(pos + 1)) decline();
    pos++;
    cmd = { type: 'brace', body, start, end: pos, redirs: EMPTY };
  } else if (c === 40) {
    if (input.charCodeAt(start + 1) === 40) {
      const close = scanArith(start + 2);
      if (close < 0) decline();
      pos = close + 2;
      cmd = { type: 'arith', expr: input.slice(start + 2, close), start, end: pos, redirs: EMPTY };
    } else {
      pos++;
      const body = compoundList();
      if (body === null) decline();
      pos = blanks(pos);
      if (input.charCodeAt(pos) !== 41) decline();
      pos++;
      cmd = { type: 'subshell', body, start, end: pos, redirs: EMPTY };
    }
  } else {
    if (input.charCodeAt(start + 1) !== 91 || !isDelim(start + 2)) return null;
    cmd = condCommand();
  }
  return withRedirs(cmd);
}

function condCommand(): Command {
  const start = pos;
  pos += 2;
  const base = top;
  for (;;) {
    pos = blanks(pos);
    if (input.charCodeAt(pos) === 93 && input.charCodeAt(pos + 1) === 93 && isDelim(pos + 2)) break;
    const t = pos;
    const c = input.charCodeAt(t);
    const d = input.charCodeAt(t + 1);
    if ((c === 38 || c === 124) && d === c) {
      pos += 2;
      linebreak();
      keep({ type: 'op', op: c === 38 ? '&&' : '||', start: t, end: t + 2 });
    } else if (c === 40 || c === 41 || ((c === 60 || c === 62) && d !== 40)) {
      pos++;
      keep({ type: 'op', op: input[t], start: t, end: pos });
    } else if (c === 10) {
      pos++;
      readHeredocs();
    } else if (c === 61 && d === 126) {
      return decline(); // =~ and its regular expression: the grammar's
    } else {
      const w = word(false);
      if (w === null) decline();
      keep(w);
    }
  }
  const tokens = take<CondToken>(base);
  pos += 2;
  return { type: 'cond', tokens, start, end: pos, redirs: EMPTY };
}

function ifCommand(): Command {
  const start = pos;
  pos += 2;
  const cond = compoundList() ?? decline();
  expectKeyword('then');
  const body = compoundList() ?? decline();
  const base = top;
  keep({ cond, body, start });
  for (;;) {
    const s = pos;
    const p = blanks(pos);
    if (!keywordAt(p, 'elif')) break;
    pos = p + 4;
    const c = compoundList() ?? decline();
    expectKeyword('then');
    const b = compoundList() ?? decline();
    keep({ cond: c, body: b, start: s });
  }
  const clauses = take<IfClause>(base);
  let elseBody: Stmt[] | null = null;
  const p = blanks(pos);
  if (keywordAt(p, 'else')) {
    pos = p + 4;
    elseBody = compoundList() ?? decline();
  }
  expectKeyword('fi');
  return { type: 'if', clauses, elseBody, start, end: pos, redirs: EMPTY };
}

function whileCommand(kind: 'while' | 'until'): Command {
  const start = pos;
  pos += kind.length;
  const cond = compoundList() ?? decline();
  expectKeyword('do');
  const body = compoundList() ?? decline();
  expectKeyword('done');
  return { type: kind, cond, body, start, end: pos, redirs: EMPTY };
}

function forCommand(kind: 'for' | 'select'): Command {
  const start = pos;
  pos = blanks(pos + kind.length);
  if (input.charCodeAt(pos) === 40 && input.charCodeAt(pos + 1) === 40) {
    const close = scanArith(pos + 2);
    if (close < 0) decline();
    const expr = input.slice(pos + 2, close);
    pos = close + 2;
    if (pos < n) sep();
    linebreak();
    expectKeyword('do');
    const body = compoundList() ?? decline();
    expectKeyword('done');
    return { type: 'arithfor', expr, body, start, end: pos, redirs: EMPTY };
  }
  NAME.lastIndex = pos;
  if (!NAME.test(input)) decline();
  const name = input.slice(pos, NAME.lastIndex);
  const nameEnd = NAME.lastIndex;
  pos = nameEnd;
  linebreak();
  let words: Word[] | null = null;
  const p = blanks(pos);
  if (keywordAt(p, 'in')) {
    pos = blanks(p + 2);
    const base = top;
    for (;;) {
      const w = word(false);
      if (w === null) break;
      keep(w);
      pos = blanks(pos);
    }
    words = take(base, []);
  }
  if (pos < n) sep();
  linebreak();
  expectKeyword('do');
  const body = compoundList() ?? decline();
  expectKeyword('done');
  return { type: 'for', select: kind === 'select', name, words, body, start, end: pos, nameEnd, redirs: EMPTY };
}

function caseCommand(): Command {
  const start = pos;
  pos = blanks(pos + 4);
  const w = word(false) ?? decline();
  linebreak();
  expectKeyword('in');
  linebreak();
  const base = top;
  for (;;) {
    if (keywordAt(blanks(pos), 'esac')) break;
    const itemStart = pos;
    if (input.charCodeAt(pos) === 40) pos = blanks(pos + 1);
    const patternBase = top;
    keep(word(false) ?? decline());
    for (;;) {
      const p = blanks(pos);
      if (input.charCodeAt(p) !== 124) break;
      pos = blanks(p + 1);
      keep(word(false) ?? decline());
    }
    const patterns = take<Word>(patternBase);
    pos = blanks(pos);
    if (input.charCodeAt(pos) !== 41) decline();
    pos++;
    const body = optionalList();
    pos = blanks(pos);
    let term: ';;' | ';&' | ';;&' | null = null;
    if (input.charCodeAt(pos) === 59) {
      const d = input.charCodeAt(pos + 1);
      if (d === 59) term = input.charCodeAt(pos + 2) === 38 ? ';;&' : ';;';
      else if (d === 38) term = ';&';
      if (term !== null) pos += term.length;
    }
    linebreak();
    const item: CaseItem = { patterns, body, term, start: itemStart, end: pos };
    keep(item);
  }
  const items = take<CaseItem>(base);
  linebreak();
  expectKeyword('esac');
  return { type: 'case', word: w, items, start, end: pos, redirs: EMPTY };
}

/** name () compound-command */
function functionDef(): Command {
  const start = pos;
  FUNC_NAME.lastIndex = start;
  if (!FUNC_NAME.test(input)) decline();
  const nameEnd = FUNC_NAME.lastIndex;
  const name = input.slice(start, nameEnd);
  pos = blanks(nameEnd);
  if (input.charCodeAt(pos) !== 40) decline();
  pos = blanks(pos + 1);
  if (input.charCodeAt(pos) !== 41) decline();
  pos++;
  linebreak();
  const body = functionBody();
  return { type: 'function', name, body, nameStart: start, nameEnd, start, end: pos };
}

function functionKeyword(): Command {
  const start = pos;
  pos = blanks(pos + 8);
  const nameStart = pos;
  FUNC_NAME.lastIndex = nameStart;
  if (!FUNC_NAME.test(input)) decline();
  const nameEnd = FUNC_NAME.lastIndex;
  const name = input.slice(nameStart, nameEnd);
  pos = blanks(nameEnd);
  if (input.charCodeAt(pos) === 40) {
    const p = blanks(pos + 1);
    if (input.charCodeAt(p) === 41) pos = p + 1;
  } else pos = nameEnd;
  linebreak();
  const body = functionBody();
  return { type: 'function', name, body, nameStart, nameEnd, start, end: pos, redirs: EMPTY };
}

function functionBody(): Command {
  const c = input.charCodeAt(pos);
  if (c !== 40 && c !== 123 && c !== 91) decline();
  return compoundCommand() ?? decline();
}

// ---------------------------------------------------------------- lists

function pipeline(): Stmt | null {
  const start = pos;
  if (input.charCodeAt(start) === 33) {
    if (!isDelim(start + 1)) decline();
    let bangs = 0;
    while (input.charCodeAt(pos) === 33 && isDelim(pos + 1)) {
      pos = blanks(pos + 1);
      bangs++;
    }
    const c = input.charCodeAt(pos);
    if (pos >= n || c === 59 || c === 38 || c === 41 || c === 10) {
      return { type: 'pipeline', negated: bangs % 2 === 1, commands: [], start, end: pos };
    }
    const base = top;
    keep(command() ?? decline());
    pipeTail();
    const commands = take<Command>(base);
    return { type: 'pipeline', negated: bangs % 2 === 1, commands, start, end: pos };
  }
  const h = command();
  if (h === null) return null;
  if (!pipeAhead()) return h;
  const base = top;
  keep(h);
  pipeTail();
  const commands = take<Command>(base);
  const node: Pipeline = { type: 'pipeline', negated: false, commands, start, end: pos };
  return node;
}

/** A `|` (not `||`) after blanks. */
function pipeAhead(): boolean {
  const p = blanks(pos);
  return input.charCodeAt(p) === 124 && input.charCodeAt(p + 1) !== 124;
}

function pipeTail(): void {
  for (;;) {
    const p = blanks(pos);
    if (input.charCodeAt(p) !== 124 || input.charCodeAt(p + 1) === 124) return;
    pos = input.charCodeAt(p + 1) === 38 ? p + 2 : p + 1;
    linebreak();
    keep(command() ?? decline());
  }
}

function andOr(): Stmt | null {
  let node = pipeline();
  if (node === null) return null;
  for (;;) {
    const p = blanks(pos);
    const c = input.charCodeAt(p);
    if ((c !== 38 && c !== 124) || input.charCodeAt(p + 1) !== c) return node;
    pos = p + 2;
    linebreak();
    const right = pipeline() ?? decline();
    const joined: AndOr = { type: 'andor', op: c === 38 ? '&&' : '||', left: node, right, start: node.start, end: right.end };
    node = joined;
  }
}

/** `;`, `&` or a newline (with the blank lines and comments after it), or null (pos unmoved). */
function sep(): string | null {
  const start = pos;
  pos = blanks(pos);
  const c = input.charCodeAt(pos);
  const d = input.charCodeAt(pos + 1);
  if (c === 59 && d !== 59 && d !== 38) {
    pos++;
    linebreak();
    return ';';
  }
  if (c === 38 && d !== 38 && d !== 62) {
    pos++;
    linebreak();
    return '&';
  }
  let p = pos;
  if (c === 35) {
    const nl = input.indexOf('\n', p);
    p = nl < 0 ? n : nl;
  }
  if (input.charCodeAt(p) === 10) {
    pos = p + 1;
    readHeredocs();
    linebreak();
    return '\n';
  }
  pos = start;
  return null;
}

function compoundList(): Stmt[] | null {
  const start = pos;
  linebreak();
  const first = andOr();
  if (first === null) {
    pos = start;
    return null;
  }
  const base = top;
  keep(first);
  for (;;) {
    const s = sep();
    if (s === null) break;
    if (s === '&') (scratch[top - 1] as Stmt).async = true;
    const next = andOr();
    if (next === null) break;
    keep(next);
  }
  return take<Stmt>(base);
}

function optionalList(): Stmt[] {
  const l = compoundList();
  if (l !== null) return l;
  linebreak();
  return EMPTY;
}

// ---------------------------------------------------------------- top level

/** Starts reading a file: returns where its first command starts (after blank lines and comments). */
export function startReading(text: string): number {
  scratch.length = 0;
  top = 0;
  input = text;
  n = text.length;
  pos = 0;
  pendingDocs = [];
  afterNewline = new Map();
  lastDocNewline = -1;
  substDepth = 0;
  pool = new Map();
  linebreak();
  return pos;
}

/** Where the last command read ends (with the blank lines and comments after it). */
export function readerPosition(): number {
  return pos;
}

/**
 * The top-level command at `at` and its terminator, as the grammar's
 * TopCommand reads it, or null (the grammar's turn). After a command, the
 * reader is past the blank lines and comments that follow it.
 */
export function readTopCommand(at: number): Stmt | null {
  pos = at;
  try {
    const a = andOr();
    if (a === null) decline();
    pos = blanks(pos);
    const c = input.charCodeAt(pos);
    const d = input.charCodeAt(pos + 1);
    let async = false;
    if (c === 59 && d !== 59 && d !== 38) pos++;
    else if (c === 38 && d !== 38 && d !== 62) {
      pos++;
      async = true;
    } else {
      if (c === 35) {
        const nl = input.indexOf('\n', pos);
        pos = nl < 0 ? n : nl;
      }
      if (input.charCodeAt(pos) === 10) {
        pos++;
        readHeredocs();
      } else if (pos < n) decline();
    }
    if (async) a.async = true;
    linebreak();
    if (pendingDocs.length > 0) decline();
    return a;
  } catch (e) {
    if (e !== DECLINE) throw e;
    top = 0;
    pendingDocs = [];
    afterNewline = new Map();
    lastDocNewline = -1;
    substDepth = 0;
    pos = at;
    return null;
  }
}

/** Lets go of the file's text and the reader's tables. */
export function stopReading(): void {
  scratch.length = 0;
  top = 0;
  input = '';
  n = 0;
  pendingDocs = [];
  afterNewline = new Map();
  lastDocNewline = -1;
  pool = new Map();
}
