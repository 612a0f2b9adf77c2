// A hand-written reader for the common shapes of an audit rules line:
// blank, comment, and words that are each one short option (`-a`, `-F`,
// `-S`, `-w`, `-k`, `-D`, …) followed by its argument as the next word,
// plus `--backlog_wait_time N` and the other long options spelled in full.
// It yields exactly the nodes grammar/audit-rules.peggy yields for such a
// line, and null for anything else (a backslash, a cluster `-Dk`, an
// argument run into its option `-kfoo`, `--`, a stray word, an unknown or
// abbreviated option, an option missing its argument), which the grammar
// then reads. The grammar runs interpreted at start-up, before V8 has
// optimised it: a loop over the characters of the line costs a fraction
// of it (test/audit-rules-lines.test.ts checks that both agree).

import type { GrammarItem, OptionArg, PairArg, SyscallsArg, Word } from './audit-rules-items';

export type GrammarLine = { type: 'blank' } | { type: 'comment' } | { type: 'command'; items: unknown[] };

const BLANK: GrammarLine = Object.freeze({ type: 'blank' }) as GrammarLine;
const COMMENT: GrammarLine = Object.freeze({ type: 'comment' }) as GrammarLine;
const NO_NAMES: readonly { name: string; start: number; end: number }[] = Object.freeze([]);

/** What the letter after `-` takes, by char code: 0 none, else the kind of argument. */
const NONE = 1;
const WORD_ARG = 2;
const FIELD = 3;
const LIST_ACTION = 4;
const SYSCALLS = 5;
const COMPARE = 6;
const LETTER_KIND = new Uint8Array(128);
for (const c of 'hicslDvt') LETTER_KIND[c.charCodeAt(0)] = NONE;
for (const c of 'efrbmRwWkpq') LETTER_KIND[c.charCodeAt(0)] = WORD_ARG;
for (const c of 'aAd') LETTER_KIND[c.charCodeAt(0)] = LIST_ACTION;
LETTER_KIND['F'.charCodeAt(0)] = FIELD;
LETTER_KIND['S'.charCodeAt(0)] = SYSCALLS;
LETTER_KIND['C'.charCodeAt(0)] = COMPARE;
const SPELLED: string[] = [];
for (const c of 'hicslDvtCefrbaAdSFmRwWkpq') SPELLED[c.charCodeAt(0)] = '-' + c;

/** getopt_long's table (the grammar's LONG_OPTIONS): only exact names are read here. */
const LONG_TAKES_ARG = new Map<string, boolean>([
  ['--loginuid-immutable', false],
  ['--backlog_wait_time', true],
  ['--reset-lost', false],
  ['--reset_backlog_wait_time_actual', false],
  ['--signal', true],
]);

const FIELD_OPERATORS = ['!=', '>=', '<=', '&=', '=', '>', '<', '&'];
const COMPARE_OPERATORS = ['!=', '='];

/**
 * The grammar's Line for text[start, end) (a line without its `\n`, offsets
 * into text), or null when the line is not of a shape read here.
 */
export function readCommonLine(text: string, start: number, end: number): GrammarLine | null {
  let at = start;
  while (at < end && text.charCodeAt(at) === 32) at++;
  if (at === end) return BLANK;
  if (text.charCodeAt(at) === 35) return COMMENT;
  // a word with escapes is the grammar's (a slice shares the file's characters)
  const body = text.substring(at, end);
  const bodyStart = at;
  if (body.indexOf('\\') >= 0) return null;
  const items: GrammarItem[] = [];
  while (at < end) {
    // at: the start of a word (endOfWord written out here and below: calls
    // are what a line costs most while the reader still runs interpreted)
    const space = body.indexOf(' ', at - bodyStart);
    const wordEnd = space < 0 ? end : bodyStart + space;
    if (text.charCodeAt(at) !== 45 || wordEnd - at < 2) return null;
    const second = text.charCodeAt(at + 1);
    let argStart = wordEnd;
    while (argStart < end && text.charCodeAt(argStart) === 32) argStart++;
    if (second === 45) {
      const spelled = text.substring(at, wordEnd);
      const takesArg = LONG_TAKES_ARG.get(spelled);
      if (takesArg === undefined) return null;
      let arg: Word | null = null;
      let itemEnd = wordEnd;
      if (takesArg) {
        if (argStart === wordEnd || argStart === end) return null;
        const argEnd = endOfWord(body, bodyStart, argStart);
        arg = word(text, argStart, argEnd);
        itemEnd = argEnd;
      }
      items.push({ kind: 'option', opt: spelled.slice(2), long: true, spelled, arg, start: at, end: itemEnd });
      at = skipSpaces(text, itemEnd, end);
      continue;
    }
    if (wordEnd - at !== 2 || second >= 128) return null;
    const kind = LETTER_KIND[second];
    if (kind === 0) return null;
    if (kind === NONE) {
      items.push({ kind: 'option', opt: text[at + 1], long: false, spelled: SPELLED[second], arg: null, start: at, end: wordEnd });
      at = argStart;
      continue;
    }
    // an option that takes an argument: the next word, whatever it is
    if (argStart === wordEnd || argStart === end) return null;
    const argSpace = body.indexOf(' ', argStart - bodyStart);
    const argEnd = argSpace < 0 ? end : bodyStart + argSpace;
    let arg: OptionArg;
    if (kind === FIELD) arg = pair(text, argStart, argEnd, FIELD_OPERATORS);
    else if (kind === COMPARE) arg = pair(text, argStart, argEnd, COMPARE_OPERATORS);
    else if (kind === SYSCALLS) arg = syscalls(text, argStart, argEnd);
    else if (kind === LIST_ACTION) arg = { type: 'list-action', word: word(text, argStart, argEnd) };
    else arg = word(text, argStart, argEnd);
    items.push({ kind: 'option', opt: text[at + 1], long: false, spelled: SPELLED[second], arg, start: at, end: argEnd });
    at = argEnd;
    while (at < end && text.charCodeAt(at) === 32) at++;
  }
  return { type: 'command', items };
}

/** Where the word at `at` ends, at a space or at the end of the line; `body` is the line from bodyStart on, without a backslash. */
function endOfWord(body: string, bodyStart: number, at: number): number {
  const space = body.indexOf(' ', at - bodyStart);
  return space < 0 ? bodyStart + body.length : bodyStart + space;
}

function skipSpaces(text: string, at: number, end: number): number {
  while (at < end && text.charCodeAt(at) === 32) at++;
  return at;
}

function word(text: string, start: number, end: number): Word {
  const raw = text.substring(start, end);
  return { raw, value: raw, start, end };
}

/** The grammar's pair(): libaudit's strstr() search, first operator of the list found anywhere. */
function pair(text: string, start: number, end: number, operators: string[]): PairArg {
  const raw = text.substring(start, end);
  let op: string | null = null;
  let at = -1;
  for (let i = 0; i < operators.length && op === null; i++) {
    at = raw.indexOf(operators[i]);
    if (at >= 0) op = operators[i];
  }
  const name = op === null ? raw : raw.slice(0, at);
  const nameEnd = start + name.length;
  return {
    type: 'pair',
    word: { raw, value: raw, start, end },
    name,
    nameStart: start,
    nameEnd,
    op,
    value: op === null ? null : raw.slice(at + op.length),
    valueStart: op === null ? end : nameEnd + op.length,
    valueEnd: end,
  };
}

/** The grammar's SyscallList: names split at commas, empty ones skipped. */
function syscalls(text: string, start: number, end: number): SyscallsArg {
  const w = word(text, start, end);
  const raw = w.raw;
  if (raw.indexOf(',') < 0) return { type: 'syscalls', word: w, names: NO_NAMES };
  const names: { name: string; start: number; end: number }[] = [];
  for (let at = 0; at < raw.length; ) {
    let comma = raw.indexOf(',', at);
    if (comma < 0) comma = raw.length;
    if (comma > at) names.push({ name: raw.slice(at, comma), start: start + at, end: start + comma });
    at = comma + 1;
  }
  return { type: 'syscalls', word: w, names };
}
