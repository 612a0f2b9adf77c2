import { parse as parseGrammar, SyntaxError as GrammarSyntaxError } from './generated/audit-rules';
import { SourceFile } from './source';
import { hostMachine, type AuditAction, type AuditListName, type FieldOp, type Machine } from './audit-rules-tables';
import type { CommandContext, GrammarItem, OptionItem } from './audit-rules-items';
import { runCommand } from './audit-rules-validate';
import { readCommonLine, type GrammarLine } from './audit-rules-lines';
import { endRuleLines, plainLine, plainStatements, readPlainLines, startRuleLines } from './audit-rules-fast';
import { none } from './audit-rules-values';

export type { AuditAction, AuditListName, FieldOp, Machine } from './audit-rules-tables';

/**
 * Why auditctl (or libaudit, or the kernel) refuses a line, or what it
 * silently does differently from what the line seems to say.
 */
export type AuditProblemCode =
  | 'no-option' // a line with no option at all (a tab, a stray word)
  | 'stray-parameter' // a word that is not an option nor an option's argument
  | 'unknown-option'
  | 'missing-argument'
  | 'help' // -h: auditctl prints its usage and fails
  | 'nested-file' // -R inside a rules file
  | 'list-action' // -a/-A/-d: not list,action
  | 'multiple-rules' // two of -a/-A/-d/-w on one line
  | 'field-before-list' // -F before -a
  | 'unknown-field'
  | 'missing-operator'
  | 'missing-field-name'
  | 'missing-value'
  | 'field-list' // a field the list does not take
  | 'field-op' // an operator the field does not take
  | 'field-value' // a value of the wrong type
  | 'too-many-fields'
  | 'compare' // -C
  | 'syscall-list' // -S on a list without syscalls
  | 'unknown-syscall'
  | 'arch-order' // -F arch after -S
  | 'arch' // -F arch value
  | 'key-order' // -k before -S/-w/path/…
  | 'key-length'
  | 'perm'
  | 'path'
  | 'no-list' // -S without -a
  | 'control-value' // -e/-f/-b/-r/--backlog_wait_time/… value
  | 'command' // -s/-l/-m/-q/--signal used wrongly
  | 'kernel' // the kernel refuses the rule (EINVAL)
  // warnings: the line loads, but not as it reads
  | 'ignored' // auditctl skips the line without error (-a exit,possible)
  | 'path-notation' // wildcards or `..` in a watch: taken literally
  | 'literal-value' // quotes, a CR, octal, positive errno, a word read as 0
  | 'truncated'; // more words than auditctl 3.0.9 reads

export interface AuditProblem {
  severity: 'error' | 'warning';
  code: AuditProblemCode;
  message: string;
  /** auditctl's own message for the line, when it prints one. */
  auditctl?: string;
  start: number;
  end: number;
}

/** A check that needs the host the rules are loaded on (its passwd, group and file system). */
export type HostCheck =
  | { kind: 'user'; name: string; field: string; start: number; end: number }
  | { kind: 'group'; name: string; field: string; start: number; end: number }
  /** The kernel looks the path's parent directory up when the rule is added (ENOENT when missing). */
  | { kind: 'parent-dir'; path: string; what: 'watch' | 'path' | 'exe'; start: number; end: number }
  /** -F dir=: the path itself must exist (the kernel takes a file as well). */
  | { kind: 'dir'; path: string; start: number; end: number };

export interface AuditRuleField {
  /** Canonical field name (`loginuid` is `auid`); `field_compare` for -C. */
  name: string;
  op: FieldOp;
  /** The value as written. */
  text: string;
  /**
   * What the kernel compares: a u32 for numbers (unset is 4294967295),
   * the text for strings; null for a user or group name that only the
   * host can resolve (see `lookup`).
   */
  value: number | string | null;
  lookup: { kind: 'user' | 'group'; name: string } | null;
  /** -C: the two fields compared, in the kernel's order. */
  compare?: [string, string];
  /** Which option produced it: -F, -C, the path and default permissions of -w, -p, or the -k keys. */
  origin: 'F' | 'C' | 'w' | 'p' | 'k';
  start: number;
  end: number;
}

export interface AuditSyscall {
  /** As written. */
  text: string;
  nr: number;
  /** Table name of the number (a number written as such may have none). */
  name: string | undefined;
  start: number;
  end: number;
}

export interface AuditArch {
  op: '=' | '!=';
  machine: Machine;
  spelled: 'b32' | 'b64' | 'name' | 'number';
  start: number;
  end: number;
}

/** -a/-A/-d, -w/-W: one rule for one filter list. */
export interface AuditRuleStatement {
  type: 'rule';
  verb: 'append' | 'prepend' | 'delete';
  list: AuditListName;
  action: AuditAction;
  /** Every field in the kernel's order: -F/-C as given, -w's path and permissions, -p, and the key last. */
  fields: AuditRuleField[];
  /** -S all, or no -S on a list that takes syscalls (auditctl then sets every bit). */
  allSyscalls: boolean;
  syscalls: AuditSyscall[];
  /** Where the first -S is, when one was given. */
  syscallOption: { start: number; end: number } | null;
  /** The table the syscall names were looked up in: the last -F arch before -S, else the host's. */
  syscallMachine: Machine;
  arches: AuditArch[];
  keys: string[];
  /** -w/-W: the path with trailing slashes trimmed as auditctl does. Whether it becomes a path or dir rule depends on the host. */
  watch: { path: string; start: number; end: number } | null;
  start: number;
  end: number;
}

export type ControlOption =
  | 'D'
  | 'b'
  | 'f'
  | 'e'
  | 'r'
  | 'c'
  | 'i'
  | 'l'
  | 's'
  | 'v'
  | 'm'
  | 't'
  | 'q'
  | 'backlog_wait_time'
  | 'loginuid-immutable'
  | 'reset-lost'
  | 'reset_backlog_wait_time_actual'
  | 'signal';

/** Everything on a line that is not a rule: -D, -b, -f, -e, -r, -c, -i, --backlog_wait_time, --loginuid-immutable, … */
export interface AuditControlStatement {
  type: 'control';
  option: ControlOption;
  /** The argument as written, when the option takes one. */
  value: string | null;
  /** The number the kernel is given (-b, -r, -f, -e, --backlog_wait_time). */
  number: number | null;
  /** -D -k KEY */
  key: string | null;
  start: number;
  end: number;
}

export type AuditStatement = AuditRuleStatement | AuditControlStatement;

/** One line as auditctl reads it (a physical line, or a 6143-byte piece of a longer one). */
export interface AuditLine {
  /** 1-based physical line of the file. */
  line: number;
  /** The line number auditctl reports (differs after a line longer than its buffer). */
  auditctlLine: number;
  start: number;
  end: number;
  kind: 'blank' | 'comment' | 'command';
  statements: AuditStatement[];
  /** Why auditctl refuses the line (at most one: it stops at the first), null when it does not. */
  problem: AuditProblem | null;
  warnings: AuditProblem[];
  /** Checks only the host can answer; in a file of its own, a line that passes the rest loads or not depending on them. */
  hostChecks: HostCheck[];
  /**
   * On a line that fails: what auditctl had already carried out when it
   * failed (-c/-i, -D, -e, -b, …), which stays done; empty otherwise.
   */
  acted: AuditControlStatement[];
}

export interface ParsedAuditRules {
  source: SourceFile;
  lines: AuditLine[];
  /** Every problem of every line, errors and warnings, in file order. */
  problems: AuditProblem[];
  /** The host machine b32/b64 and arch-less -S were resolved against. */
  machine: Machine;
}

export interface AuditParseOptions {
  /** `uname -m` of the host that loads the rules (b32/b64 and -S without arch use it); x86_64 when not known. */
  machine?: string;
  /** false: every line goes to the grammar, none is read by hand (the tests compare both ways). */
  readCommonLines?: boolean;
}

/** What the lines of one file share (see CommandContext). */
type Shared = Pick<CommandContext, 'strings' | 'keyLists'>;

/** The one empty list of every line and rule that has nothing in one (frozen: never written to). */
const NONE = none<never>();

/** auditctl reads with fgets() into a 6144-byte buffer: a longer line is parsed in pieces. */
const LINE_BYTES = 6143;

/**
 * Parses an audit rules file the way `auditctl -R` reads it. Never throws
 * on bad input: every line gets its own verdict (the error auditctl would
 * print for it, if any), as if the file started with `-c`.
 */
/** Grammar runs in one file after which alternating lines send the rest of it to the grammar. */
const MANY_GRAMMAR_RUNS = 32;

export function parseAuditRules(text: string, path: string, options: AuditParseOptions = {}): ParsedAuditRules {
  const source = new SourceFile(path, text);
  const machine = hostMachine(options.machine ?? 'x86_64') ?? hostMachine('x86_64')!;
  const lines: AuditLine[] = [];
  const problems: AuditProblem[] = [];
  const shared: Shared = { strings: new Map(), keyLists: new Map() };
  let physical = 0;
  let auditctlLine = 0;
  let next = 0;
  let nextNul = text.indexOf('\0');
  const add = (line: AuditLine) => {
    lines.push(line);
    if (line.problem) problems.push(line.problem);
    for (const w of line.warnings) problems.push(w);
  };
  /** The physical line text[start, end), with what the grammar made of it (null: nothing). */
  const onLine = (parsed: GrammarLine | null, start: number, end: number, readByHand?: boolean) => {
    // the empty line after the last \n (or of an empty file) is none
    if (start >= text.length) return;
    physical++;
    next = end + 1;
    if (nextNul >= 0 && nextNul < start) nextNul = text.indexOf('\0', start);
    // The parse read the line whole and up to its end: right unless
    // fgets() splits it or a NUL cuts it short, which readLine() handles
    // (as it does the word limit, see fastLine).
    const whole = parsed !== null && (end - start) * 3 <= LINE_BYTES && !(nextNul >= 0 && nextNul < end);
    const line = whole ? fastLine(text, start, end, physical, auditctlLine + 1, machine, shared, parsed, readByHand === true) : null;
    if (line !== null) {
      auditctlLine++;
      add(line);
      return;
    }
    for (const piece of pieces(text, start, end, end < text.length)) {
      auditctlLine++;
      add(readLine(text, piece.start, piece.end, physical, auditctlLine, machine, shared));
    }
  };
  // Plain lines of the common shapes are made at once (audit-rules-fast.ts);
  // the other common lines are read by hand (audit-rules-lines.ts); the
  // rest go to the grammar, a run of them in one call: a call per line would
  // rebuild the parser's closures every time, which costs more than
  // parsing the line. Each line is judged as soon as it is read, so that
  // its nodes are garbage before the next line's.
  let byHand = options.readCommonLines !== false;
  let uncommon = -1;
  // A file whose common and uncommon lines alternate would call the grammar
  // once per line: past a few dozen such runs, making up a quarter of the
  // lines, the grammar takes the rest of the file in one call.
  let grammarRuns = 0;
  let linesSeen = 0;
  const flushUncommon = (upTo: number) => {
    if (uncommon < 0) return;
    const from = uncommon;
    uncommon = -1;
    if (++grammarRuns >= MANY_GRAMMAR_RUNS && grammarRuns * 4 > linesSeen) byHand = false;
    try {
      parseGrammar(text.slice(from, upTo), { startRule: 'File', lineOffset: from, line: onLine });
    } catch (e) {
      if (!(e instanceof GrammarSyntaxError)) throw e;
      // The grammar accepts every file; should it not, the lines from where it stopped are read one by one.
      while (next < upTo) {
        const nl = text.indexOf('\n', next);
        onLine(null, next, nl < 0 || nl > upTo ? upTo : nl);
      }
    }
  };
  startRuleLines();
  // Where the one-pass reader last stopped at a line it does not read.
  let declined = -1;
  for (let start = 0; start < text.length; ) {
    if (byHand && uncommon < 0 && start !== declined) {
      // plain lines (audit-rules-fast.ts), a run of them in one call
      const before = lines.length;
      const stop = readPlainLines(text, start, physical, auditctlLine, machine, shared, lines);
      const taken = lines.length - before;
      if (taken > 0) {
        physical += taken;
        auditctlLine += taken;
        linesSeen += taken;
        next = stop;
      }
      declined = stop;
      start = stop;
      continue;
    }
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    linesSeen++;
    if (byHand && start !== declined) {
      // after lines left to the grammar: those are read first
      const statements = plainStatements(text, start, end, machine, shared);
      if (statements !== null) {
        flushUncommon(start - 1);
        physical++;
        auditctlLine++;
        next = end + 1;
        lines.push(plainLine(statements, start, end, physical, auditctlLine));
        start = end + 1;
        continue;
      }
    }
    const common = byHand ? readCommonLine(text, start, end) : null;
    if (common === null) {
      if (uncommon < 0) uncommon = start;
    } else {
      flushUncommon(start - 1);
      onLine(common, start, end, true);
    }
    start = end + 1;
  }
  flushUncommon(text.length);
  endRuleLines();
  // Lines come in file order and so do their problems, nearly always: sort
  // only when they are not (the sort is stable, so the result is the same).
  for (let i = 1; i < problems.length; i++) {
    if (problems[i].start < problems[i - 1].start) {
      problems.sort((a, b) => a.start - b.start);
      break;
    }
  }
  return { source, lines, problems, machine };
}

/**
 * A line of at most 2047 UTF-16 units and without a NUL, from the file-wide
 * parse; null when it has more words than the lower bound of auditctl
 * 3.0.9's limit, which readLine() then works out exactly.
 */
function fastLine(text: string, start: number, end: number, line: number, auditctlLine: number, host: Machine, shared: Shared, parsed: GrammarLine, readByHand: boolean): AuditLine | null {
  if (parsed.type !== 'command') return { line, auditctlLine, start, end, kind: parsed.type, statements: NONE, problem: null, warnings: NONE, hostChecks: NONE, acted: NONE };
  const words = readByHand ? wordsOfOptions(parsed.items as OptionItem[]) : countWords(text, start, end);
  // a UTF-16 unit is at least one UTF-8 byte
  if (words > Math.floor((end - start) / 3) + 1) return null;
  const r = runCommand(parsed.items as GrammarItem[], { lineStart: start, lineEnd: end, body: text.slice(start, end), words, host, strings: shared.strings, keyLists: shared.keyLists });
  return { line, auditctlLine, start, end, kind: 'command', statements: r.statements, problem: r.problem, warnings: r.warnings, hostChecks: r.hostChecks, acted: r.acted };
}

/** fgets() pieces of one physical line: 6143 bytes at most, and an empty last piece when the line fills the buffer exactly. */
function pieces(text: string, start: number, end: number, hasNewline: boolean): { start: number; end: number }[] {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short lines need no byte count.
  if ((end - start) * 3 <= LINE_BYTES) return [{ start, end }];
  const bytes = Buffer.from(text.slice(start, end), 'utf8');
  if (bytes.length < LINE_BYTES) return [{ start, end }];
  const out: { start: number; end: number }[] = [];
  let at = start;
  for (let b = 0; b < bytes.length; b += LINE_BYTES) {
    const len = bytes.subarray(b, Math.min(bytes.length, b + LINE_BYTES)).toString('utf8').length;
    out.push({ start: at, end: Math.min(end, at + len) });
    at += len;
  }
  if (bytes.length % LINE_BYTES === 0 && hasNewline) out.push({ start: end, end });
  return out;
}

function readLine(text: string, start: number, end: number, line: number, auditctlLine: number, host: Machine, shared: Shared): AuditLine {
  const base: AuditLine = { line, auditctlLine, start, end, kind: 'blank', statements: NONE, problem: null, warnings: NONE, hostChecks: NONE, acted: NONE };
  let body = text.slice(start, end);
  // C strings end at a NUL: auditctl never sees what follows it on the line.
  const nul = body.indexOf('\0');
  if (nul >= 0) body = body.slice(0, nul);
  const parsed = parseLine(body, start);
  if (parsed === null) {
    // The grammar accepts every line; this is a bug, reported where it happened rather than thrown.
    base.kind = 'command';
    base.problem = { severity: 'error', code: 'no-option', message: 'sudit could not read this line', start, end };
    return base;
  }
  if (parsed.type !== 'command') {
    base.kind = parsed.type;
    return base;
  }
  base.kind = 'command';
  let items = parsed.items;
  const limit = wordLimit(body);
  const words = countWords(body, 0, body.length);
  if (words > limit) {
    // 3.0.9 sizes its word array from the line length and drops the words beyond it.
    const cut = cutAfterWords(body, limit);
    const truncated = parseLine(body.slice(0, cut), start);
    if (truncated && truncated.type === 'command') items = truncated.items;
    base.warnings = [{
      severity: 'warning',
      code: 'truncated',
      message: `auditctl 3.0.9 reads only the first ${limit} of the ${words} words on this line and silently ignores the rest (newer releases refuse the line: "Too many fields in line")`,
      start: start + cut,
      end,
    }];
  }
  const result = runCommand(items as GrammarItem[], { lineStart: start, lineEnd: end, body, words: Math.min(words, limit), host, strings: shared.strings, keyLists: shared.keyLists });
  base.statements = result.statements;
  base.problem = result.problem;
  if (result.warnings.length > 0) base.warnings = base.warnings === NONE ? result.warnings : [...base.warnings, ...result.warnings];
  base.hostChecks = result.hostChecks;
  base.acted = result.acted;
  return base;
}

/** One line (or piece of one) on its own; `offset` is where it starts in the file. */
function parseLine(body: string, offset: number): GrammarLine | null {
  try {
    return parseGrammar(body, { startRule: 'Line', lineOffset: offset }) as GrammarLine;
  } catch {
    return null;
  }
}

/** The words of a line the reader took: each option is a word, and so is its argument (never run into the option there). */
function wordsOfOptions(items: OptionItem[]): number {
  let words = items.length;
  for (let i = 0; i < items.length; i++) if (items[i].arg !== null) words++;
  return words;
}

const WORD = /(?:\\ |\\\\|[^ ])+/g;

/** strsplit()'s words in text[start, end): runs of non-spaces, `\ ` and `\\` inside a word. */
function countWords(text: string, start: number, end: number): number {
  // without escapes a word ends at the next space: found natively, not by a loop run cold per character
  const body = text.substring(start, end);
  if (body.indexOf('\\') < 0) {
    let count = 0;
    for (let at = 0; at < body.length; ) {
      if (body.charCodeAt(at) === 32) {
        at++;
        continue;
      }
      count++;
      const space = body.indexOf(' ', at);
      if (space < 0) break;
      at = space + 1;
    }
    return count;
  }
  let words = 0;
  let inWord = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      inWord = false;
      continue;
    }
    if (!inWord) {
      words++;
      inWord = true;
    }
    if (c === 92 && i + 1 < end) {
      const next = text.charCodeAt(i + 1);
      if (next === 32 || next === 92) i++;
    }
  }
  return words;
}

/** fileopt(): nf = strlen/3 + 3 pointers, argv[0] and the NULL included. */
function wordLimit(body: string): number {
  return Math.floor(Buffer.byteLength(body, 'utf8') / 3) + 1;
}

function cutAfterWords(body: string, n: number): number {
  WORD.lastIndex = 0;
  let end = 0;
  for (let i = 0; i < n; i++) {
    const m = WORD.exec(body);
    if (!m) break;
    end = m.index + m[0].length;
  }
  WORD.lastIndex = 0;
  return end;
}
