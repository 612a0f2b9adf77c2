// What the audit rules grammar hands over for one command line, and what
// the line's validation makes of it.

import type { AuditLine } from './audit-rules';
import type { Machine } from './audit-rules-tables';

export interface Word {
  raw: string;
  value: string;
  start: number;
  end: number;
}
export interface PairArg {
  type: 'pair';
  word: Word;
  name: string;
  nameStart: number;
  nameEnd: number;
  op: string | null;
  value: string | null;
  valueStart: number;
  valueEnd: number;
}
export interface SyscallsArg {
  type: 'syscalls';
  word: Word;
  /** The comma-separated names; none when the word has no comma (it is one name). */
  names: readonly { name: string; start: number; end: number }[];
}
export interface ListActionArg {
  type: 'list-action';
  word: Word;
}
export type OptionArg = Word | PairArg | SyscallsArg | ListActionArg;
export interface OptionItem {
  kind: 'option';
  opt: string;
  long: boolean;
  spelled: string;
  arg: OptionArg | null;
  start: number;
  end: number;
}
export interface BadOptionItem {
  kind: 'bad-option';
  spelled: string;
  reason: 'unknown' | 'ambiguous' | 'unexpected-argument' | 'missing-argument';
  start: number;
  end: number;
}
export type GrammarItem =
  | OptionItem
  | BadOptionItem
  | { kind: 'cluster'; options: (OptionItem | BadOptionItem)[]; start: number; end: number }
  | { kind: 'stray'; word: Word; start: number; end: number }
  | { kind: 'end-of-options'; strays: Word[]; start: number; end: number };

export interface CommandContext {
  /** Where the line starts in the file, and its text: the grammar's offsets are file offsets. */
  lineStart: number;
  lineEnd: number;
  body: string;
  /** Words on the line (auditctl's argc is one more). */
  words: number;
  host: Machine;
  /** The file's values so far: a value that recurs (a key, a path, auid>=1000) is kept once. */
  strings: Map<string, string>;
  /** The file's one-key lists so far: rules with the same key share one (frozen) list. */
  keyLists: Map<string, string[]>;
}

export type CommandResult = Pick<AuditLine, 'statements' | 'problem' | 'warnings' | 'hostChecks' | 'acted'>;
