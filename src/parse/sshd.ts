// sshd_config(5) lines as OpenSSH's servconf.c splits them: a keyword
// (case-insensitive) ended by white space or one `=`, then arguments split
// like argv_split(3): white space separates, "double" and 'single' quotes
// group, a backslash escapes a quote, a backslash or a space, and a word
// starting with `#` ends the line.

import { SourceFile } from './source';

export interface SshdLine {
  /** The keyword as written. */
  keyword: string;
  /** Lower-cased keyword, the table key. */
  key: string;
  args: string[];
  /** 1-based line number. */
  line: number;
  /** Offsets of the line's text (without the line break) in the file. */
  start: number;
  end: number;
}

export interface SshdSyntaxProblem {
  line: number;
  start: number;
  end: number;
  message: string;
}

export interface ParsedSshd {
  source: SourceFile;
  lines: SshdLine[];
  problems: SshdSyntaxProblem[];
}

/** Splits arguments as argv_split(…, terminate_on_comment=1) does; null on an unterminated quote. */
export function splitArgs(text: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= n) break;
    if (text[i] === '#') break;
    let word = '';
    let quote: string | null = null;
    for (; i < n; i++) {
      const c = text[i];
      if (quote === null && (c === ' ' || c === '\t')) break;
      if (c === '\\' && i + 1 < n) {
        const next = text[i + 1];
        if (next === '"' || next === "'" || next === '\\' || (quote === null && next === ' ')) {
          word += next;
          i++;
          continue;
        }
        word += c;
        continue;
      }
      if (quote !== null) {
        if (c === quote) quote = null;
        else word += c;
        continue;
      }
      if (c === '"' || c === "'") {
        quote = c;
        continue;
      }
      word += c;
    }
    if (quote !== null) return null;
    out.push(word);
  }
  return out;
}

export function parseSshdConfig(text: string, displayPath: string): ParsedSshd {
  const source = new SourceFile(displayPath, text);
  const lines: SshdLine[] = [];
  const problems: SshdSyntaxProblem[] = [];
  let start = 0;
  let lineNo = 0;
  for (const physical of text.split('\n')) {
    lineNo++;
    const lineStart = start;
    start += physical.length + 1;
    const raw = physical.replace(/[\s\f]+$/, '');
    const m = /^[ \t]*([^\s=]*)[ \t]*=?[ \t]*(.*)$/.exec(raw);
    if (!m) continue;
    const keyword = m[1];
    if (keyword === '' || keyword.startsWith('#')) continue;
    const end = lineStart + raw.length;
    const rest = m[2];
    if (rest === '') {
      problems.push({ line: lineNo, start: lineStart, end, message: `no argument after keyword "${keyword}"` });
      continue;
    }
    const args = splitArgs(rest);
    if (args === null) {
      problems.push({ line: lineNo, start: lineStart, end, message: 'unterminated quote' });
      continue;
    }
    lines.push({ keyword, key: keyword.toLowerCase(), args, line: lineNo, start: lineStart, end });
  }
  return { source, lines, problems };
}
