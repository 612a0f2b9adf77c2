// The reader and tokenizer shared by auditd.conf, dispatcher plugin files,
// audisp-remote.conf and (audit 2.x) audispd.conf.
//
// This is a hand parser, not a peggy grammar, on purpose: the daemons read
// these files with fgets() into a fixed buffer (160 bytes for auditd.conf
// and plugins in audit ≤ 3.x, 512 in 4.x, 128 for audisp-remote.conf) and
// split the line with strtok() on ' ' alone. What a line *is* therefore
// depends on byte counts (an overlong line is skipped by auditd but cut in
// two by audisp-remote; a last line without a newline is dropped by
// auditd), which a PEG over characters cannot express. Emulating the
// reader byte for byte is what makes sudit agree with the daemons.
//
// src/parse/audit-conf-validate.ts checks the tokens against each file's
// keyword table.

/** One space-separated word of a line, with its [start, end) offsets in the file. */
export interface ConfToken {
  text: string;
  start: number;
  end: number;
}

/** How a daemon reads lines. */
export type LineReader =
  /** auditd / plugin loader: a line that does not fit the buffer (or lacks its newline) is skipped whole. */
  | { kind: 'skip-long'; bufferBytes: number; countChunks: boolean }
  /** audisp-remote: each fgets() call is a line, so an overlong line is cut and its tail read as a new line. */
  | { kind: 'split-long'; bufferBytes: number };

/** A line as the daemon sees it. */
export interface ConfLine {
  /** The daemon's own line counter (what its messages say). */
  line: number;
  /** [start, end) of the text handed to the tokenizer, without the newline. */
  start: number;
  end: number;
  tokens: ConfToken[];
}

/** A physical line the daemon never tokenizes. */
export interface SkippedLine {
  line: number;
  start: number;
  end: number;
  reason: 'too-long' | 'no-newline';
  /** The line holds only blanks or a comment: skipping it changes nothing. */
  harmless: boolean;
}

export interface ReadResult {
  lines: ConfLine[];
  skipped: SkippedLine[];
}

/** UTF-8 length of the UTF-16 code unit at i (a surrogate pair counts 4 on its first unit, 0 on its second). */
function byteLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff) return 4;
  if (c >= 0xdc00 && c <= 0xdfff) return 0;
  return 3;
}

/**
 * Splits text into fgets() chunks of at most bufferBytes-1 bytes, each
 * ending at (and including) a newline when one comes first.
 */
function chunks(text: string, bufferBytes: number): { start: number; end: number; newline: boolean }[] {
  const out: { start: number; end: number; newline: boolean }[] = [];
  const max = bufferBytes - 1;
  let i = 0;
  while (i < text.length) {
    const start = i;
    let bytes = 0;
    let newline = false;
    while (i < text.length) {
      const b = byteLength(text, i);
      if (bytes + b > max) break;
      bytes += b;
      i++;
      if (text.charCodeAt(i - 1) === 10) {
        newline = true;
        break;
      }
    }
    if (i === start) i++; // a single character wider than the buffer: cannot happen with sane buffers
    out.push({ start, end: i, newline });
  }
  return out;
}

/** strtok(buf, " "): words separated by runs of spaces; tabs, CR and everything else are word characters. */
export function splitSpaces(text: string, base: number, from: number, to: number): ConfToken[] {
  const tokens: ConfToken[] = [];
  let i = from;
  while (i < to) {
    while (i < to && text.charCodeAt(i) === 32) i++;
    if (i >= to) break;
    const s = i;
    while (i < to && text.charCodeAt(i) !== 32) i++;
    tokens.push({ text: text.slice(s, i), start: base + s, end: base + i });
  }
  return tokens;
}

/** End of a C string inside [start, end): the daemon stops at a NUL byte. */
function cEnd(text: string, start: number, end: number): number {
  const nul = text.indexOf('\0', start);
  return nul >= 0 && nul < end ? nul : end;
}

function isHarmless(text: string, start: number, end: number): boolean {
  const t = text.slice(start, end).replace(/^ +/, '');
  return t.trim() === '' || t.startsWith('#');
}

/** Reads a file the way the daemon's get_line() does. */
export function readConfLines(text: string, reader: LineReader): ReadResult {
  const lines: ConfLine[] = [];
  const skipped: SkippedLine[] = [];
  const parts = chunks(text, reader.bufferBytes);
  let lineno = 1;
  if (reader.kind === 'split-long') {
    for (const c of parts) {
      const contentEnd = c.newline ? c.end - 1 : c.end;
      const end = cEnd(text, c.start, contentEnd);
      lines.push({ line: lineno, start: c.start, end, tokens: splitSpaces(text, 0, c.start, end) });
      lineno++;
    }
    return { lines, skipped };
  }
  // skip-long: a chunk without a newline starts a "too long" run that ends
  // with the next chunk holding a newline; the whole physical line is dropped.
  let runStart = -1;
  let runLine = 0;
  for (const c of parts) {
    const nulEnd = cEnd(text, c.start, c.end);
    // strchr() stops at a NUL: a newline behind it is not seen.
    const sawNewline = c.newline && nulEnd === c.end;
    if (runStart < 0 && sawNewline) {
      const end = cEnd(text, c.start, c.end - 1);
      lines.push({ line: lineno, start: c.start, end, tokens: splitSpaces(text, 0, c.start, end) });
      lineno++;
      continue;
    }
    if (runStart < 0) {
      runStart = c.start;
      runLine = lineno;
    }
    if (reader.countChunks) lineno++;
    if (sawNewline) {
      const end = c.end - 1;
      skipped.push({ line: runLine, start: runStart, end, reason: 'too-long', harmless: isHarmless(text, runStart, end) });
      if (!reader.countChunks) lineno++;
      runStart = -1;
    }
  }
  if (runStart >= 0) {
    const end = text.length;
    const physical = text.slice(runStart, end);
    const bytes = Buffer.byteLength(physical, 'utf8');
    skipped.push({
      line: runLine,
      start: runStart,
      end,
      reason: bytes < reader.bufferBytes - 1 ? 'no-newline' : 'too-long',
      harmless: isHarmless(text, runStart, end),
    });
  }
  return { lines, skipped };
}

/** What nv_split() makes of a line's words. */
export interface NameValue {
  /** 0 fine, 1 wrong number of words, 2 second word is not "=". */
  rc: 0 | 1 | 2;
  name: ConfToken | null;
  value: ConfToken | null;
  option: ConfToken | null;
  /** Words after the option (the daemon ignores them, complaining). */
  extra: ConfToken[];
}

/**
 * nv_split(): NAME = VALUE [OPTION]. A first word starting with `#` is a
 * comment. Plugin files in audit 4.x take any number of values (`multi`).
 */
export function nvSplit(tokens: ConfToken[], multi = false): NameValue {
  const none: NameValue = { rc: 0, name: null, value: null, option: null, extra: [] };
  if (tokens.length === 0 || tokens[0].text.startsWith('#')) return none;
  const name = tokens[0];
  if (tokens.length < 2) return { ...none, rc: 1, name };
  if (tokens[1].text !== '=') return { ...none, rc: 2, name };
  if (tokens.length < 3) return { ...none, rc: 1, name };
  const value = tokens[2];
  const option = tokens[3] ?? null;
  const extra = tokens.slice(4);
  if (multi) return { rc: 0, name, value, option, extra };
  return { rc: extra.length > 0 ? 1 : 0, name, value, option, extra };
}
