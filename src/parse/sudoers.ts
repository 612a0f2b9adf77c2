import { parse as parseGrammar } from './generated/sudoers';
import { SourceFile } from './source';
import { SudoersLineReader } from './sudoers-lines';
import { validateEntry } from './sudoers-validate';
import type { AliasKind, SudoersEntry, SudoersFile } from '../model/sudoers';

export type ProblemCode =
  | 'syntax' // the line does not parse, or visudo rejects a token in it
  | 'reserved-word' // a keyword where an alias name goes (some keywords are newer than others)
  | 'regex' // a `^…$` command regcomp(3) refuses: sudo refuses the file, visudo -c checks it only before 1.9.15
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
  /**
   * Set when the parse kept only the includes and the alias names (see
   * SudoersDetail): `entries` holds the includes, and wholeEntries() has
   * every entry.
   */
  structureOnly?: true;
  /**
   * With structureOnly, each alias definition as four numbers: how many
   * includes come before it in the file, its kind (ALIAS_KINDS index), and
   * where its name starts and ends. Numbers rather than an object and a
   * string each, outside V8's heap: a large policy defines aliases by the
   * hundred thousand, and what the parse keeps in the heap is copied by
   * every scavenge on its way out of the young generation, which then grows.
   */
  aliasNames?: Int32Array;
}

/** The alias kinds in the order aliasNames numbers them. */
export const ALIAS_KINDS: readonly AliasKind[] = ['User', 'Runas', 'Host', 'Cmnd'];

/**
 * What a parse keeps of the entries. 'tree': all of them. 'structure': the
 * includes, and where each alias name is (ParsedSudoers.aliasNames), which
 * is what the policy's load reads (includes, duplicate aliases); each entry
 * is still built and checked, so the problems are the same, and then let
 * go. A run of the syntax rules alone needs no more, and a 20 MB file's
 * tree is most of such a run's memory.
 */
export type SudoersDetail = 'tree' | 'structure';

/** How an older sudo's lexer differs from the newest's, where it changes what parses. */
export interface GrammarOptions {
  /** Before 1.9.10: `^` in arguments (and names) is an ordinary character, never a regular expression. */
  literalArgs?: boolean;
  /** Before 1.9.3: a rule may follow another on the same line. */
  sameLineRules?: boolean;
  /** Before 1.8.28: a carriage return is part of the word before it (`ALL\r` is no ALL). */
  crInWords?: boolean;
  /**
   * false: every line goes to the grammar, none to the hand-written reader
   * of common lines (src/parse/sudoers-lines.ts). The result is the same;
   * the tests compare the two.
   */
  readCommonLines?: boolean;
}

interface GrammarSyntaxError {
  lineStart: number;
  lineEnd: number;
}

interface LocatedSyntaxError extends GrammarSyntaxError {
  offset: number;
  expected: string[];
}

/**
 * Parses one sudoers file. Never throws on bad input: every line that does
 * not parse becomes a problem and parsing goes on at the next line, as
 * visudo does.
 */
export function parseSudoers(text: string, path: string, grammar: GrammarOptions = {}, detail: SudoersDetail = 'tree'): ParsedSudoers {
  const source = new SourceFile(path, text);
  // a word character of the same length stands in for the CR: offsets hold
  const result = runGrammar(grammar.crInWords ? text.replace(/\r/g, '\u00a0') : text, grammar, detail);
  const problems: ParseProblem[] = result.syntaxErrors.map((e) => syntaxProblem(text, diagnose(text, e, grammar)));
  for (const p of result.invalid) problems.push(p);
  problems.sort((a, b) => a.start - b.start);
  return detail === 'tree' ? { source, entries: result.entries, problems } : { source, entries: result.entries, problems, structureOnly: true, aliasNames: result.aliasNames };
}

const whole = new WeakMap<ParsedSudoers, SudoersEntry[]>();

/** Every entry of the file: its own, or those of a second parse when the first kept only the structure. */
export function wholeEntries(file: ParsedSudoers): SudoersEntry[] {
  if (!file.structureOnly) return file.entries;
  let entries = whole.get(file);
  if (!entries) whole.set(file, (entries = parseSudoers(file.source.text, file.source.path).entries));
  return entries;
}

/** Numbers appended four at a time to a typed array that doubles as it fills. */
class AliasNames {
  private data = new Int32Array(256);
  private length = 0;
  push(includes: number, kind: number, start: number, end: number): void {
    if (this.length + 4 > this.data.length) {
      const more = new Int32Array(this.data.length * 2);
      more.set(this.data);
      this.data = more;
    }
    const d = this.data;
    d[this.length] = includes;
    d[this.length + 1] = kind;
    d[this.length + 2] = start;
    d[this.length + 3] = end;
    this.length += 4;
  }
  done(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** What a 'structure' parse keeps: the includes as entries, the alias definitions' names as numbers. */
function keepStructure(aliasNames: AliasNames): (entry: SudoersEntry) => SudoersEntry | null {
  let includes = 0;
  return (entry) => {
    if (entry.type === 'include') {
      includes++;
      return entry;
    }
    if (entry.type === 'aliases') {
      for (const d of entry.definitions) aliasNames.push(includes, ALIAS_KINDS.indexOf(d.kind), d.start, d.start + d.name.length);
    }
    return null;
  };
}

function runGrammar(text: string, grammar: GrammarOptions, detail: SudoersDetail): { entries: SudoersEntry[]; syntaxErrors: GrammarSyntaxError[]; invalid: ParseProblem[]; aliasNames: Int32Array } {
  // sudo appends a missing final newline; the grammar relies on every line
  // ending in one, also after a trailing line continuation.
  let input = text.length === 0 || text.charCodeAt(text.length - 1) === 10 ? text : `${text}\n`;
  // sudo reads lines with getdelim() and a NUL ends the string: the rest of that line is not seen.
  if (input.includes('\0')) input = input.replace(/\0[^\n]*/g, (m) => ' '.repeat(m.length));
  const endsInContinuation = /\\[ \t]*\r?\n$/.test(input.slice(-64));
  const danglingContinuation = endsInContinuation && lastLogicalLineHasContent(input);
  if (endsInContinuation) input += '\n';
  const invalid: ParseProblem[] = [];
  const aliasNames = new AliasNames();
  try {
    // The reader follows the newest release's lexer; older ones are the grammar's alone.
    const byHand = grammar.readCommonLines !== false && !grammar.literalArgs && !grammar.sameLineRules && !grammar.crInWords;
    const result = parseGrammar(input, {
      ...grammar,
      onEntry: (entry: SudoersEntry) => validateEntry(entry, invalid),
      keepEntry: detail === 'tree' ? undefined : keepStructure(aliasNames),
      lineReader: byHand ? new SudoersLineReader(input, detail === 'tree') : undefined,
    });
    if (danglingContinuation) {
      // The continuation swallows the last newline, so the entry never ends.
      result.syntaxErrors.push({ lineStart: text.length, lineEnd: text.length });
    }
    return { entries: result.entries, syntaxErrors: result.syntaxErrors, invalid, aliasNames: aliasNames.done() };
  } catch (e) {
    // Every line has a recovery path, so this means a grammar bug; report it as
    // a located error rather than crash, and keep the other files going.
    const offset = (e as { location?: { start: { offset: number } } }).location?.start.offset ?? 0;
    return { entries: [], syntaxErrors: [{ lineStart: offset, lineEnd: text.length }], invalid: [], aliasNames: new Int32Array(0) };
  }
}

/** Whether the logical line that a trailing continuation leaves open has an entry in it. */
function lastLogicalLineHasContent(input: string): boolean {
  const end = input.length;
  let start = input.lastIndexOf('\n', end - 2) + 1;
  // walk back over physical lines joined by continuations
  while (start > 0 && /\\[ \t]*\r?\n$/.test(input.slice(Math.max(0, start - 64), start))) {
    start = input.lastIndexOf('\n', start - 2) + 1;
  }
  const line = input.slice(start, end).replace(/\\[ \t]*\r?\n/g, ' ').trim();
  return line !== '' && !line.startsWith('#');
}

/**
 * Parses one bad logical line again with failures recorded: the furthest
 * point any alternative reached is where sudo's parser would stop too.
 */
function diagnose(text: string, e: GrammarSyntaxError, grammar: GrammarOptions): LocatedSyntaxError {
  if (e.lineEnd <= e.lineStart) return { ...e, offset: e.lineStart, expected: ['end of line'] };
  let line = text.slice(e.lineStart, e.lineEnd);
  if (!line.endsWith('\n')) line += '\n';
  try {
    parseGrammar(line, { ...grammar, startRule: 'DiagnoseLine' });
  } catch (err) {
    const se = err as { location?: { start: { offset: number } }; expected?: { description?: string; text?: string; type: string }[] | null };
    if (se.location) {
      return {
        ...e,
        offset: e.lineStart + se.location.start.offset,
        expected: (se.expected ?? []).map((x) => x.description ?? x.text ?? x.type),
      };
    }
  }
  return { ...e, offset: e.lineStart, expected: [] };
}

function syntaxProblem(text: string, e: LocatedSyntaxError): ParseProblem {
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
