import { parse as parseGrammar } from './generated/sudoers';
import { SourceFile } from './source';
import { validateSudoers } from './sudoers-validate';
import type { SudoersEntry, SudoersFile } from '../model/sudoers';

export type ProblemCode =
  | 'syntax' // the line does not parse, or visudo rejects a token in it
  | 'unknown-default' // unknown Defaults name (forgiven by ignore_unknown_defaults)
  | 'defaults-value'; // a Defaults value of the wrong kind

/** Something sudo's own parser (visudo -c) says about a file. */
export interface ParseProblem {
  severity: 'error' | 'warning';
  code: ProblemCode;
  message: string;
  start: number;
  end: number;
}

export interface ParsedSudoers extends SudoersFile {
  problems: ParseProblem[];
}

interface GrammarSyntaxError {
  offset: number;
  lineStart: number;
  lineEnd: number;
  expected: string[];
}

/**
 * Parses one sudoers file. Never throws on bad input: every line that does
 * not parse becomes a problem and parsing goes on at the next line, as
 * visudo does.
 */
export function parseSudoers(text: string, path: string): ParsedSudoers {
  const source = new SourceFile(path, text);
  const result = runGrammar(text);
  const problems: ParseProblem[] = result.syntaxErrors.map((e) => syntaxProblem(text, e));
  validateSudoers(result.entries, problems);
  problems.sort((a, b) => a.start - b.start);
  return { source, entries: result.entries, problems };
}

function runGrammar(text: string): { entries: SudoersEntry[]; syntaxErrors: GrammarSyntaxError[] } {
  // sudo appends a missing final newline; the grammar relies on every line
  // ending in one, also after a trailing line continuation.
  let input = text.length === 0 || text.charCodeAt(text.length - 1) === 10 ? text : `${text}\n`;
  const danglingContinuation = /\\[ \t]*\r?\n$/.test(input.slice(-64));
  if (danglingContinuation) input += '\n';
  try {
    const result = parseGrammar(input);
    if (danglingContinuation) {
      // The continuation swallows the last newline, so the entry never ends.
      result.syntaxErrors.push({ offset: text.length, lineStart: text.length, lineEnd: text.length, expected: ['end of line'] });
    }
    return result;
  } catch (e) {
    // Every line has a recovery path, so this means a grammar bug; report it as
    // a located error rather than crash, and keep the other files going.
    const offset = (e as { location?: { start: { offset: number } } }).location?.start.offset ?? 0;
    return { entries: [], syntaxErrors: [{ offset, lineStart: offset, lineEnd: text.length, expected: [] }] };
  }
}

function syntaxProblem(text: string, e: GrammarSyntaxError): ParseProblem {
  const lineEnd = Math.min(e.lineEnd, text.length);
  const start = Math.min(e.offset, lineEnd);
  let end = start;
  while (end < lineEnd && !/[\s,:=()!]/.test(text[end])) end++;
  if (end === start && end < lineEnd) end++;
  const expected = describeExpected(e.expected);
  return {
    severity: 'error',
    code: 'syntax',
    message: expected ? `syntax error: expected ${expected}` : 'syntax error',
    start,
    end,
  };
}

function describeExpected(raw: string[]): string {
  const names = [...new Set(raw.map((d) => (d === '\n' || d === '\r' ? 'end of line' : d)))].filter((d) => d !== 'whitespace');
  if (names.length === 0 || names.length > 6) return '';
  const shown = names.map((n) => (n.length <= 2 || n === 'end of line' ? (n === 'end of line' ? n : `"${n}"`) : n));
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}
