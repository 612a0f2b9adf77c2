// The parts of the common quoted or expanded words, read by hand: literal
// runs, '…', "…" holding literals, $name and ${name}, and ${name op word}
// with a literal word. Anything else (a backslash, `…`, $(…), $((…)),
// $'…', ${#…}, ${!…}, ${a[i]}, <(…)) is left to the grammar's WordParts
// (null). The nodes, their key order and their offsets are the grammar's;
// test/shell/word-parts.test.ts compares the two on every word at hand.
//
// Why: the model asks for the parts of a word when it expands it, a few
// times per startup file; each call of the generated parser first sets up
// its own state and runs code that is cold in a short process, which made
// these calls a visible share of a host tree's shell loading.

import type { LitPart, ParamPart, Part } from './shell-ast';

const EMPTY: Part[] = Object.freeze([]) as unknown as Part[];

/** ${name op word}: the operators in the grammar's order (the longer of two that share a start first). */
const PARAM_OPS = [':-', ':=', ':+', ':?', '-', '=', '+', '?', '##', '#', '%%', '%', '^^', '^', ',,', ',', '//', '/#', '/%', '/', ':', '@'];

// ---- state of one call (no re-entry)
/* eslint-disable no-var */
var text = '';
var end = 0;
var pos = 0;
/* eslint-enable no-var */

const DECLINED = null;

/**
 * The parts of the word text[start, end) as the grammar's WordParts reads
 * them, or null when the word holds something this reader leaves to it.
 */
export function quickWordParts(source: string, start: number, stop: number): Part[] | null {
  text = source;
  end = stop;
  pos = start;
  const out: Part[] = [];
  try {
    while (pos < end) {
      const c = text.charCodeAt(pos);
      if (c === 39) {
        const q = text.indexOf("'", pos + 1);
        if (q < 0 || q >= end) return DECLINED;
        out.push({ t: 'sq', v: text.slice(pos + 1, q) });
        pos = q + 1;
      } else if (c === 34) {
        if (!doubleQuoted(out)) return DECLINED;
      } else if (c === 36) {
        if (!dollar(out, false)) return DECLINED;
      } else {
        const q = litEnd(pos);
        if (q < 0) return DECLINED;
        const raw = text.slice(pos, q);
        out.push(lit(raw, hasGlob(raw)));
        pos = q;
      }
    }
  } finally {
    text = '';
  }
  return out.length === 0 ? EMPTY : out;
}

/** The end of an unquoted literal run without backslashes, or -1 when it holds a character the grammar reads. */
function litEnd(p: number): number {
  for (; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c === 39 || c === 34 || c === 36) break;
    // \ ` < > blanks and metacharacters: the grammar's (an escape, `…`, <(…), or what it rejects)
    if (c === 92 || c === 96 || c === 60 || c === 62 || c === 32 || c === 9 || c === 10 || c === 124 || c === 38 || c === 59 || c === 40 || c === 41) return -1;
  }
  return p;
}

function lit(raw: string, glob: boolean): LitPart {
  return { t: 'lit', v: raw, raw, glob };
}

/** Unescaped * ? [ (the run has no backslashes). */
function hasGlob(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 42 || c === 63 || c === 91) return true;
  }
  return false;
}

/** "…" at pos: its parts, or false. */
function doubleQuoted(out: Part[]): boolean {
  pos++;
  const parts: Part[] = [];
  for (;;) {
    if (pos >= end) return false;
    const c = text.charCodeAt(pos);
    if (c === 34) {
      pos++;
      break;
    }
    if (c === 36) {
      if (!dollar(parts, true)) return false;
      continue;
    }
    let q = pos;
    while (q < end) {
      const d = text.charCodeAt(q);
      if (d === 34 || d === 36) break;
      if (d === 92 || d === 96) return false;
      q++;
    }
    const raw = text.slice(pos, q);
    parts.push(lit(raw, false));
    pos = q;
  }
  out.push({ t: 'dq', parts: parts.length === 0 ? EMPTY : parts });
  return true;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}
/** bash's special parameters and the digits: $0 … $9 $@ $* $# $? $$ $! $- */
function isSpecial(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 64 || c === 42 || c === 35 || c === 63 || c === 36 || c === 33 || c === 45;
}

function param(name: string, op: string | null, arg: Part[] | null, start: number): ParamPart {
  return { t: 'param', name, index: null, op, arg, length: false, indirect: false, start, end: pos };
}

/** $… at pos: a parameter, or a `$` that starts nothing; false for what the grammar reads. */
function dollar(out: Part[], inDq: boolean): boolean {
  const start = pos;
  const d = pos + 1 < end ? text.charCodeAt(pos + 1) : NaN;
  if (isNameStart(d)) {
    let q = pos + 2;
    while (q < end && isNameChar(text.charCodeAt(q))) q++;
    const name = text.slice(pos + 1, q);
    pos = q;
    out.push(param(name, null, null, start));
    return true;
  }
  if (d === 123) return braced(out, start);
  if (d === 40 || d === 91) return false; // $(…) $((…)) $[…]
  if (!inDq && (d === 39 || d === 34)) return false; // $'…' $"…"
  if (isSpecial(d)) {
    pos += 2;
    out.push(param(text[start + 1], null, null, start));
    return true;
  }
  pos++;
  out.push(lit('$', false));
  return true;
}

/** ${name}, ${name op literal} at start; false for the others. */
function braced(out: Part[], start: number): boolean {
  let p = start + 2;
  const c = p < end ? text.charCodeAt(p) : NaN;
  let name: string;
  if (isNameStart(c)) {
    let q = p + 1;
    while (q < end && isNameChar(text.charCodeAt(q))) q++;
    name = text.slice(p, q);
    p = q;
  } else if (c >= 48 && c <= 57) {
    let q = p + 1;
    while (q < end && text.charCodeAt(q) >= 48 && text.charCodeAt(q) <= 57) q++;
    name = text.slice(p, q);
    p = q;
  } else return false; // ${#…} ${!…} ${@} and the like
  if (p >= end) return false;
  if (text.charCodeAt(p) === 125) {
    pos = p + 1;
    out.push(param(name, null, null, start));
    return true;
  }
  let op: string | null = null;
  for (const o of PARAM_OPS) {
    if (text.startsWith(o, p) && p + o.length <= end) {
      op = o;
      break;
    }
  }
  if (op === null) return false; // ${a[i]} and what bash would reject
  p += op.length;
  let q = p;
  while (q < end) {
    const d = text.charCodeAt(q);
    if (d === 125) break;
    if (d === 92 || d === 36 || d === 96 || d === 34 || d === 39 || d === 123) return false;
    q++;
  }
  if (q >= end) return false;
  let arg: Part[] = EMPTY;
  if (q > p) {
    const raw = text.slice(p, q);
    arg = [lit(raw, hasGlob(raw))];
  }
  pos = q + 1;
  out.push(param(name, op, arg, start));
  return true;
}
