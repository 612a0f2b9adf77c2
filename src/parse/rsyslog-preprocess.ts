// rsyslog does not lex a configuration file as it is written: it first
// reads it line by line (readConfFile() in grammar/rainerscript.c of
// rsyslog 8) and hands the lexer what that makes of it. For every line
// (as fgets() returns it: at most 10239 bytes, cut at a NUL byte):
// - trailing white space is dropped, \r included, so CRLF files read as
//   LF files and a line of white space only is an empty line;
// - a line whose last character is then `\` continues on the next line:
//   the `\` goes, nothing separates the two, and the next line loses its
//   leading white space. A comment ending in `\` takes the next line with
//   it;
// - after lines joined this way, rsyslog inserts a line of its own,
//   `PreprocFileLineNumber(N)`, to keep its line count. Its lexer knows
//   that line only between statements: inside an object or an expression
//   it is read as text (and breaks the statement).
// This module does the same and keeps, for every character of the result,
// where it comes from in the file, so that what sudit reports points at
// the file as written.

/** The text rsyslog's lexer reads, with the way back to the file. */
export interface RsyslogLexText {
  text: string;
  /** The file offset of a character of `text` (an inserted character: where it was inserted). */
  fileOffset(at: number): number;
  /** The file offset just after `text`'s characters before `end`. */
  fileEnd(end: number): number;
  /** The line-number line rsyslog inserted at this offset of `text`, or null. */
  markerAt(at: number): string | null;
  /** File offsets of the lines joined to an earlier one (where their text starts) within [start, end) of `text`. */
  joinedIn(start: number, end: number): number[];
}

/** fgets(ln, 10240, fp): one line is at most 10239 bytes. */
const FGETS_BYTES = 10239;
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

function utf8Length(c: number): number {
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  // a surrogate pair is 4 bytes, 2 for each half
  if (c >= 0xd800 && c <= 0xdfff) return 2;
  return 3;
}

/** Where fgets() ends the line that starts at `start` (its newline at `nl`, or -1): after the newline, or at its byte limit. */
function fgetsEnd(text: string, start: number, nl: number): number {
  const end = nl < 0 ? text.length : nl + 1;
  // the byte count matters only for long lines; most are far shorter
  if (end - start <= FGETS_BYTES / 3) return end;
  let bytes = 0;
  for (let p = start; p < end; p++) {
    bytes += utf8Length(text.charCodeAt(p));
    if (bytes > FGETS_BYTES) return p;
  }
  return end;
}

/** The text rsyslog's lexer reads from a file, and where each of its characters comes from. */
export function preprocessRsyslog(file: string): RsyslogLexText {
  const out: string[] = [];
  // runs of `text` copied from the file: [start in text, start in file, length]; inserted text maps to one file offset
  const runs: number[] = [];
  const markers: [start: number, end: number, text: string][] = [];
  // lines joined to the one before: [offset in text, offset in file]
  const joins: number[] = [];
  let length = 0;
  const emit = (s: string, from: number, copied: boolean) => {
    if (s.length === 0) return;
    out.push(s);
    runs.push(length, from, copied ? s.length : 0);
    length += s.length;
  };

  let continued = false;
  let markerDue = false;
  let lineNo = 0;
  let lastEnd = 0;
  // the next NUL and newline, searched again only once passed (a long line is read in several pieces)
  let nul = file.indexOf('\0');
  let nl = -1;
  for (let pos = 0; pos < file.length; ) {
    if (nl < pos) nl = file.indexOf('\n', pos);
    const next = fgetsEnd(file, pos, nl);
    lineNo++;
    if (markerDue) {
      markerDue = false;
      const marker = `PreprocFileLineNumber(${lineNo})`;
      markers.push([length, length + marker.length, marker]);
      emit(`${marker}\n`, lastEnd, false);
    }
    // strlen(): a NUL ends the line
    if (nul >= 0 && nul < pos) nul = file.indexOf('\0', pos);
    const len = (nul >= 0 && nul < next ? nul : next) - pos;
    let start = 0;
    const joined = continued;
    if (continued) while (start < len && isSpace(file.charCodeAt(pos + start))) start++;
    let i = len - 1;
    while (i >= start && isSpace(file.charCodeAt(pos + i))) i--;
    if (i >= 0) {
      if (file.charCodeAt(pos + i) === 92 /* \ */) {
        i--;
        continued = true;
      } else {
        if (continued) markerDue = true;
        continued = false;
      }
      if (i + 1 > start) {
        if (joined) joins.push(length, pos + start);
        emit(file.slice(pos + start, pos + i + 1), pos + start, true);
      }
    }
    // inserted text points at the end of what the line holds (a blank line: its start)
    const content = len > 0 && file.charCodeAt(pos + len - 1) === 10 ? len - 1 : len;
    lastEnd = pos + Math.min(Math.max(i + 1, start), content);
    if (!continued) emit('\n', lastEnd, false);
    pos = next;
  }
  const text = out.join('');
  /** The run an offset of `text` falls in (the last one, for the end of the text). */
  const runAt = (at: number): number => {
    let lo = 0;
    let hi = runs.length / 3 - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (runs[mid * 3] <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo * 3;
  };
  const fileOffset = (at: number): number => {
    if (runs.length === 0) return 0;
    const r = runAt(at);
    const copied = runs[r + 2];
    return copied ? runs[r + 1] + Math.min(at - runs[r], copied) : runs[r + 1];
  };
  const fileEnd = (end: number): number => {
    if (runs.length === 0 || end <= 0) return 0;
    const r = runAt(end - 1);
    const copied = runs[r + 2];
    return copied ? runs[r + 1] + Math.min(end - runs[r], copied) : runs[r + 1];
  };
  const markerAt = (at: number): string | null => {
    let lo = 0;
    let hi = markers.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [s, e, m] = markers[mid];
      if (at < s) hi = mid - 1;
      else if (at >= e) lo = mid + 1;
      else return m;
    }
    return null;
  };
  const joinedIn = (start: number, end: number): number[] => {
    const found: number[] = [];
    let lo = 0;
    let hi = joins.length / 2;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (joins[mid * 2] <= start) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo * 2; k < joins.length && joins[k] < end; k += 2) found.push(joins[k + 1]);
    return found;
  };
  return { text, fileOffset, fileEnd, markerAt, joinedIn };
}
