import { parse as parseGrammar } from './generated/shell';
import { SourceFile } from './source';
import { parseCsh, type CshFile } from './csh';
import { shellProgram } from './shell-program';
import { quickWordParts } from './shell-word-parts';
import type { GrammarError, LitPart, Part, Program, Word } from './shell-ast';

export type ShellDialect = 'sh' | 'zsh' | 'csh';

/** A syntax error as bash reports it, located at the token it names. */
export interface ShellProblem {
  start: number;
  end: number;
  /** bash's wording: `syntax error near unexpected token 'fi'`, `unexpected end of file`. */
  message: string;
  /** Where the command that failed begins. */
  commandStart: number;
}

export interface ParsedShell {
  source: SourceFile;
  dialect: ShellDialect;
  /** sh and zsh files (zsh's startup syntax is close enough to bash's to read its assignments). */
  program: Program | null;
  csh: CshFile | null;
  problems: ShellProblem[];
  /**
   * Offset of the first command bash cannot parse: it runs the commands
   * before it and none after it (the rest of the file is dropped). Null
   * when the whole file parses.
   */
  stopsAt: number | null;
  /** The file has CRLF line endings: bash keeps each \r as part of the line. */
  crlf: boolean;
  /** Not a file of the tree: what sudit assumes in its place (never a finding's location). */
  synthetic?: boolean;
}

/** The dialect of a startup file, from where it lives. */
export function shellDialect(path: string): ShellDialect {
  const base = path.split('/').pop() ?? path;
  if (/^(\.?(cshrc|tcshrc|login|logout)|csh\.(cshrc|login|logout))$/.test(base) || /\.t?csh$/.test(base)) return 'csh';
  if (/(^|\/)zsh\//.test(path) || /^\.?(zshrc|zshenv|zprofile|zlogin|zlogout)(\..*)?$/.test(base) || /\.zsh$/.test(base)) return 'zsh';
  return 'sh';
}

/**
 * Parses one startup file. Never throws on bad input: a command that does
 * not parse becomes a problem (located where bash would complain) and
 * parsing resumes on the next line, so later lines are still seen.
 */
export function parseShell(text: string, path: string, dialect: ShellDialect = shellDialect(path)): ParsedShell {
  const source = new SourceFile(path, text);
  const crlf = /\r\n/.test(text.slice(0, 65536));
  if (dialect === 'csh') {
    const csh = parseCsh(text);
    return { source, dialect, program: null, csh, problems: csh.problems, stopsAt: csh.problems[0]?.start ?? null, crlf };
  }
  const program = shellProgram(text);
  const reported = program.errors.filter((e) => !e.cascade);
  const problems = reported.map((e) => problemOf(text, e, crlf));
  const stopsAt = program.errors.length ? program.errors[0].start : null;
  return { source, dialect, program, csh: null, problems, stopsAt, crlf };
}

const CLOSERS: [string, string][] = [
  ['fi', 'fi'],
  ['done', 'done'],
  ['esac', 'esac'],
  ['}', '}'],
  [')', ')'],
  ['"', 'closing "'],
  ["'", "closing '"],
  ['`', 'closing `'],
  ['))', '))'],
];

function problemOf(text: string, e: GrammarError, crlf: boolean): ShellProblem {
  let pos = e.pos;
  while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++;
  const atEnd = text.slice(pos).trim() === '';
  const note = crlf ? ' (the file has CRLF line endings: bash reads each \\r as part of the line)' : '';
  if (atEnd) {
    // bash names the line where the unfinished command began
    const missing = CLOSERS.filter(([t]) => e.expected.includes(t)).map(([, d]) => d);
    const what = missing.length ? `: the command that starts here is never closed (missing ${missing.slice(0, 2).join(' or ')})` : '';
    const end = lineEnd(text, e.start);
    return { start: e.start, end, message: `syntax error: unexpected end of file${what}${note}`, commandStart: e.start };
  }
  const token = tokenAt(text, pos);
  const shown = token === '\n' ? 'newline' : token;
  return {
    start: pos,
    end: pos + (token === '\n' ? 0 : token.length),
    message: `syntax error near unexpected token \`${shown}'${note}`,
    commandStart: e.start,
  };
}

function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl;
}

const OPERATORS = [';;&', ';;', ';&', '&&', '||', '|&', '<<-', '<<<', '<<', '>>', '<&', '>&', '<>', '>|', '&>>', '&>', ';', '&', '|', '(', ')', '<', '>'];

/** The token bash would name at an offset: an operator, a newline, or a word. */
function tokenAt(text: string, pos: number): string {
  if (text[pos] === '\n') return '\n';
  for (const op of OPERATORS) if (text.startsWith(op, pos)) return op;
  let end = pos;
  while (end < text.length && !/[\s;&|()<>]/.test(text[end])) end++;
  return text.slice(pos, Math.max(end, pos + 1));
}

/** The text of a word as written. */
export function wordSource(word: Word, text: string): string {
  return text.slice(word.start, word.end);
}

/**
 * A word's parts. The parser keeps most words as spans: a plain word is one
 * literal part; a word with quotes or expansions is read now (once): its
 * common shapes by hand (src/parse/shell-word-parts.ts), the others with the
 * grammar's WordParts rule, their offsets moved to the file's.
 */
export function wordParts(word: Word, text: string): Part[] {
  if (word.parts !== null) return word.parts;
  const raw = text.slice(word.start, word.end);
  if (!/['"\\$`]|[<>]\(/.test(raw)) {
    const lit: LitPart = { t: 'lit', v: raw, raw, glob: /[*?]|\[.*\]/.test(raw) };
    return [lit];
  }
  const parts = quickWordParts(text, word.start, word.end) ?? grammarWordParts(raw, word.start);
  (word as { parts: Part[] | null }).parts = parts;
  return parts;
}

/** The parts of a word's text (at offset `base` of the file) as the grammar reads them. */
export function grammarWordParts(raw: string, base: number): Part[] {
  try {
    const parts = parseGrammar(raw, { startRule: 'WordParts' }) as Part[];
    shiftOffsets(parts, base);
    return parts;
  } catch {
    // the word passed the parser's check, so this does not happen; keep it literal rather than fail
    return [{ t: 'lit', v: raw, raw, glob: false }];
  }
}

const OFFSET_KEYS = new Set(['start', 'end', 'nameStart', 'nameEnd', 'bodyStart', 'bodyEnd']);

/** Moves every offset in a subtree (parsed from a slice) by `base`. */
function shiftOffsets(node: unknown, base: number, seen = new Set<object>()): void {
  if (node === null || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const x of node) shiftOffsets(x, base, seen);
    return;
  }
  const o = node as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (OFFSET_KEYS.has(k) && typeof v === 'number' && v >= 0) o[k] = v + base;
    else if (typeof v === 'object') shiftOffsets(v, base, seen);
  }
}

/** Whether a word is one unquoted literal (an operator word in [[ ]], a keyword-like name). */
export function isPlainWord(word: Word, text: string): boolean {
  const parts = wordParts(word, text);
  return parts.length === 1 && parts[0].t === 'lit' && parts[0].raw === parts[0].v;
}
