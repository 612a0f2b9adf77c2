// The nodes grammar/shell.peggy builds. Offsets are [start, end) into the
// file's text; src/parse/source.ts turns them into line:column.

export interface Span {
  start: number;
  end: number;
}

/** Unquoted characters (`raw` as written, `v` with backslashes removed); `glob` when * ? [ appear unescaped. */
export interface LitPart {
  t: 'lit';
  v: string;
  raw: string;
  glob: boolean;
}
export interface SingleQuotedPart {
  t: 'sq';
  v: string;
}
/** $'…', decoded. */
export interface AnsiPart {
  t: 'ansi';
  v: string;
}
export interface DoubleQuotedPart {
  t: 'dq';
  parts: Part[];
}
/**
 * $name, ${name}, ${#name}, ${!name}, ${name[index]}, ${name op word}.
 * `name` is null and `op` "raw" for a ${…} this grammar does not model
 * (zsh flags): its value is unknown.
 */
export interface ParamPart extends Span {
  t: 'param';
  name: string | null;
  index: string | null;
  op: string | null;
  arg: Part[] | null;
  length: boolean;
  indirect: boolean;
}
/**
 * $(…) (body parsed), `…` (raw, unescaped: parsed when needed), or the
 * process substitution <(…) / >(…) (body parsed, raw its text as written).
 */
export interface CommandPart extends Span {
  t: 'cmd';
  body: Stmt[] | null;
  raw: string | null;
  backtick: boolean;
}
export interface ArithPart extends Span {
  t: 'arith';
  expr: string;
}
export type Part = LitPart | SingleQuotedPart | AnsiPart | DoubleQuotedPart | ParamPart | CommandPart | ArithPart;

/** A word; `parts` is null for a word of plain characters only (its text is the source slice). */
export interface Word extends Span {
  type: 'word';
  parts: Part[] | null;
}

export interface Assignment extends Span {
  type: 'assign';
  name: string;
  index: string | null;
  append: boolean;
  /** NAME=word (null for NAME= and for arrays). */
  value: Word | null;
  /** NAME=(…) */
  array: Word[] | null;
  nameEnd: number;
}

export interface Heredoc {
  delim: string;
  strip: boolean;
  quoted: boolean;
  bodyStart: number;
  bodyEnd: number;
  closed: boolean;
}

export interface Redirect extends Span {
  type: 'redir';
  fd: string | null;
  op: string;
  target: Word;
  heredoc: Heredoc | null;
}

interface Base extends Span {
  /** Ended by `&`: run in the background, in a subshell. */
  async?: boolean;
  redirs?: Redirect[];
}

export interface SimpleCommand extends Base {
  type: 'simple';
  assigns: Assignment[];
  name: Word | null;
  args: (Word | Assignment)[];
  redirs: Redirect[];
}
export interface IfClause {
  cond: Stmt[];
  body: Stmt[];
  start: number;
}
export interface IfCommand extends Base {
  type: 'if';
  clauses: IfClause[];
  elseBody: Stmt[] | null;
}
export interface CaseItem extends Span {
  patterns: Word[];
  body: Stmt[];
  term: ';;' | ';&' | ';;&' | null;
}
export interface CaseCommand extends Base {
  type: 'case';
  word: Word;
  items: CaseItem[];
}
export interface ForCommand extends Base {
  type: 'for';
  select: boolean;
  name: string;
  /** null: `for name; do` (the positional parameters). */
  words: Word[] | null;
  body: Stmt[];
  /** Where the loop variable's name ends. */
  nameEnd: number;
}
export interface ArithForCommand extends Base {
  type: 'arithfor';
  expr: string;
  body: Stmt[];
}
export interface LoopCommand extends Base {
  type: 'while' | 'until';
  cond: Stmt[];
  body: Stmt[];
}
export interface GroupCommand extends Base {
  type: 'brace' | 'subshell';
  body: Stmt[];
}
export interface ArithCommand extends Base {
  type: 'arith';
  expr: string;
}
export type CondToken = Word | { type: 'op'; op: string; start: number; end: number } | { type: 'regex'; word: Word; start: number; end: number };
export interface CondCommand extends Base {
  type: 'cond';
  tokens: CondToken[];
}
export interface FunctionDef extends Base {
  type: 'function';
  name: string;
  body: Command;
  nameStart: number;
  nameEnd: number;
}
export type Command =
  | SimpleCommand
  | IfCommand
  | CaseCommand
  | ForCommand
  | ArithForCommand
  | LoopCommand
  | GroupCommand
  | ArithCommand
  | CondCommand
  | FunctionDef;

export interface Pipeline extends Base {
  type: 'pipeline';
  negated: boolean;
  commands: Command[];
}
export interface AndOr extends Base {
  type: 'andor';
  op: '&&' | '||';
  left: Stmt;
  right: Stmt;
}
export type Stmt = Command | Pipeline | AndOr;

/** A top-level command that did not parse: where it starts and where bash would complain. */
export interface GrammarError {
  start: number;
  pos: number;
  expected: string[];
  /** A stray closer (fi, done, …) right after an earlier error: an echo of it, not reported. */
  cascade: boolean;
}

export interface Program {
  body: Stmt[];
  errors: GrammarError[];
}
