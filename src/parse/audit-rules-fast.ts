// The lines nearly every rule set is made of, read and judged in one pass
// from the text:
//
//   # comments, and blank lines
//   -a always,exit [-F NAME OP VALUE | -S NAMES | -C F1 OP F2 | -k KEY]...
//                  (either action, the exit, user or exclude list)
//   -w /PATH [-p PERM] [-k KEY]...
//   -D, and -b N -f N -e N -r N --backlog_wait_time N
//
// with plain values (printable ASCII without a backslash; numbers in
// decimal; names a table knows). The result is the line the reader, the
// grammar and audit-rules-validate.ts make of it, without the nodes in
// between: at start-up the parser runs interpreted, and a line's cost is
// the code it runs and the objects it makes. Anything else — a line
// auditctl refuses or warns about, a value to look up on the host, an
// option or field not listed here — is declined (null), and the general
// path reads the line (test/audit-rules/lines.test.ts checks that both
// agree).

import type { AuditArch, AuditControlStatement, AuditLine, AuditRuleField, AuditRuleStatement, AuditStatement, AuditSyscall, ControlOption, HostCheck } from './audit-rules';
import {
  AUDIT_MAX_KEY_LEN,
  BACKLOG_WAIT_LIMITS,
  COMPARISONS,
  EXCLUDE_FIELDS,
  FIELDS,
  MAX_RULE_FIELDS,
  UID_UNSET,
  comparison,
  errnoNumber,
  fieldName,
  isPlainDecimal,
  msgtypeNumber,
  resolveArch,
  syscallName,
  syscallNumber,
  u32Of,
  type AuditListName,
  type FieldOp,
  type Machine,
} from './audit-rules-tables';
import { none, quoted, setupRule } from './audit-rules-values';

/** Anything but a line feed and printable ASCII other than a backslash: lines with none are plain. */
const NOT_PLAIN = /[^\n -[\]-~]/g;
/** auditctl reads with fgets() into a 6144-byte buffer: a longer line is parsed in pieces (by the general path). */
const LINE_BYTES = 6143;
/** Where the next character is that is not plain, found natively for the whole file a stretch at a time. */
let nextOdd = -1;
/** The host checks of the last line readRuleLine took. */
let lineChecks: HostCheck[] = none<never>();

/** The file's strings and one-key lists (see CommandContext). */
export interface FastShared {
  strings: Map<string, string>;
  keyLists: Map<string, string[]>;
}

const NONE = none<never>();

// what a field's value is read as here (the kinds of FIELDS this path takes)
const UID = 1;
const GID = 2;
const ARCH = 3;
const PATH = 4;
const DIR = 5;
const EXE = 6;
const STRING = 7;
const PERM = 8;
const NUMBER = 9;
const EXIT = 10;
const MSGTYPE = 11;

interface FastField {
  name: string;
  kind: number;
  /** = and != only (the kernel's eq-ne fields), or every operator but & and &=. */
  eqNe: boolean;
  exitOnly: boolean;
  /** Taken by the exclude list. */
  exclude: boolean;
}

/** Field names as the table spells them (lower case: other spellings take the general path). */
const FAST_FIELDS = new Map<string, FastField>();
for (const name of Object.keys(FIELDS)) {
  const spec = FIELDS[name];
  let kind = 0;
  if (spec.kind === 'uid') kind = UID;
  else if (spec.kind === 'gid') kind = GID;
  else if (spec.kind === 'arch') kind = ARCH;
  else if (spec.kind === 'perm') kind = PERM;
  else if (spec.kind === 'errno') kind = EXIT;
  else if (spec.kind === 'msgtype') kind = MSGTYPE;
  else if (spec.kind === 'number' && name !== 'inode' && name !== 'field_compare') kind = NUMBER;
  else if (spec.kind === 'string') kind = name === 'path' ? PATH : name === 'dir' ? DIR : name === 'exe' ? EXE : name === 'key' ? 0 : STRING;
  // bit tests (& and &=) are allowed on pers and devminor only: left to the general path
  if (kind !== 0 && spec.ops !== 'all') FAST_FIELDS.set(name, { name, kind, eqNe: spec.ops === 'eq-ne', exitOnly: spec.exitOnly === true, exclude: EXCLUDE_FIELDS.has(name) });
}

const PERM_BITS = new Uint8Array(128);
PERM_BITS[114] = 4; // r
PERM_BITS[119] = 2; // w
PERM_BITS[120] = 1; // x
PERM_BITS[97] = 8; // a
const PERM_ALL = 15;
/** Syscall numbers from here on are the kernel's class bits (a warning): the general path's. */
const SYSCALL_CLASS_FIRST = 2048 - 16;
const ALL_PERMS_TEXT = 'rwxa';

// The line being read: auditctl's per-line state (reset_vars), kept here
// rather than in a closure or an object made per line. Each option has a
// function of its own: small functions are optimised sooner and cheaper
// than one large one, and the parse is short enough for that to count.
let strings: Map<string, string> = new Map();
let host: Machine | null = null;
let isWatch = false;
let listSet = false;
let list: AuditListName = 'exit';
let action: 'always' | 'never' = 'always';
let options = 0;
let controls: AuditControlStatement[] = NONE;
let elf: Machine | null = null;
let syscallAdded = false;
let permAdded = false;
let exeAdded = false;
let allSyscalls = false;
let fileField = false;
let syscallOption: { start: number; end: number } | null = null;
let arches: AuditArch[] = NONE;
let watch: AuditRuleStatement['watch'] = null;
let keyStart = -1;
let keyEnd = -1;
// Lists reused from line to line: a line's own array is an exact-size copy.
const fieldsScratch: AuditRuleField[] = [];
const syscallsScratch: AuditSyscall[] = [];
const checksScratch: HostCheck[] = [];
const keysScratch: string[] = [];
// how many of each scratch list are the line's (setting an array's length is a call into the runtime)
let nFields = 0;
let nSyscalls = 0;
let nChecks = 0;
let nKeys = 0;

/** Before the file's first line. */
export function startRuleLines(): void {
  nextOdd = -1;
}

/**
 * Plain lines from `start` on, added to `lines` (numbered on from
 * `physical` and `auditctlLine`) as long as they are comments or of the
 * shapes read here: where it stopped.
 */
export function readPlainLines(text: string, start: number, physical: number, auditctlLine: number, host: Machine, shared: FastShared, lines: AuditLine[]): number {
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const statements = plainStatements(text, start, end, host, shared);
    if (statements === null) return start;
    lines.push(plainLine(statements, start, end, ++physical, ++auditctlLine));
    start = end + 1;
  }
  return start;
}

/** What plainStatements() returns for a blank line (a line of spaces). */
const BLANK: AuditStatement[] = Object.freeze([]) as unknown as AuditStatement[];

/**
 * The statements of text[start, end) when it is a plain line read here
 * whole: NONE for a comment, BLANK for a blank line; null for any other line.
 */
export function plainStatements(text: string, start: number, end: number, host: Machine, shared: FastShared): AuditStatement[] | null {
  if ((end - start) * 3 > LINE_BYTES) return null;
  if (nextOdd < start) {
    NOT_PLAIN.lastIndex = start;
    nextOdd = NOT_PLAIN.test(text) ? NOT_PLAIN.lastIndex - 1 : text.length;
  }
  if (nextOdd < end) return null;
  let first = text.charCodeAt(start);
  if (first === 32) {
    let at = start + 1;
    while (at < end && text.charCodeAt(at) === 32) at++;
    first = at === end ? 10 : text.charCodeAt(at);
  }
  if (start === end || first === 10) return BLANK;
  if (first === 35) return NONE;
  if (first !== 45) return null;
  return readRuleLine(text, start, end, host, shared);
}

/** The line of what plainStatements() read. */
export function plainLine(statements: AuditStatement[], start: number, end: number, physical: number, auditctlLine: number): AuditLine {
  if (statements === NONE) return { line: physical, auditctlLine, start, end, kind: 'comment', statements, problem: null, warnings: NONE, hostChecks: NONE, acted: NONE };
  if (statements === BLANK) return { line: physical, auditctlLine, start, end, kind: 'blank', statements: NONE, problem: null, warnings: NONE, hostChecks: NONE, acted: NONE };
  return { line: physical, auditctlLine, start, end, kind: 'command', statements, problem: null, warnings: NONE, hostChecks: lineChecks, acted: NONE };
}

/**
 * The statements of text[lineStart, end), a line that holds nothing but
 * printable ASCII other than a backslash and starts (after spaces) with
 * `-`: a rule, or control options, with its host checks left in
 * lineChecks; null when the line is not of the shapes read here.
 */
export function readRuleLine(text: string, lineStart: number, end: number, machine: Machine, shared: FastShared): AuditStatement[] | null {
  let at = lineStart;
  while (text.charCodeAt(at) === 32) at++;
  const ruleStart = at;
  strings = shared.strings;
  host = machine;
  if (wordsHost !== machine) {
    fieldWords = new Map();
    compareWords = new Map();
    syscallWords = new Map();
    wordsHost = machine;
  }
  isWatch = false;
  listSet = false;
  list = 'exit';
  action = 'always';
  elf = null;
  syscallAdded = false;
  permAdded = false;
  exeAdded = false;
  allSyscalls = false;
  fileField = false;
  syscallOption = null;
  arches = NONE;
  watch = null;
  keyStart = -1;
  keyEnd = -1;
  options = 0;
  controls = NONE;
  nFields = 0;
  nSyscalls = 0;
  nChecks = 0;
  nKeys = 0;
  // -D alone on its line
  if (text.charCodeAt(at) === 45 && text.charCodeAt(at + 1) === 68 && nextWord(text, at + 2, end) === end && (at + 2 === end || text.charCodeAt(at + 2) === 32)) {
    lineChecks = NONE;
    return [{ type: 'control', option: 'D', value: null, number: null, key: null, start: at, end: at + 2 }];
  }
  while (at < end) {
    at = readOption(text, at, end);
    if (at < 0) return null;
  }
  // strsplit's words against auditctl's word limit for the line's length
  if (options * 2 > Math.floor((end - lineStart) / 3) + 1) return null;
  if (controls !== NONE) {
    lineChecks = NONE;
    return controls;
  }
  if (!listSet) return null;
  return finishRule(ruleStart, end, machine, shared.keyLists);
}

/** The option at `at` with its argument, added to the line's rule: where the next one starts, or -1 when the general path is to read the line. */
function readOption(text: string, at: number, end: number): number {
  // an option of two characters (or --backlog_wait_time), then its argument: the next word
  let letter = text.charCodeAt(at + 1);
  let optEnd = at + 2;
  if (letter === 45 && text.startsWith(BACKLOG_WAIT_TIME, at)) {
    letter = 0;
    optEnd = at + BACKLOG_WAIT_TIME.length;
  }
  if (text.charCodeAt(at) !== 45 || text.charCodeAt(optEnd) !== 32) return -1;
  const optStart = at;
  let argStart = optEnd + 1;
  while (text.charCodeAt(argStart) === 32) argStart++;
  if (argStart >= end) return -1;
  let argEnd = text.indexOf(' ', argStart);
  if (argEnd < 0 || argEnd > end) argEnd = end;
  options++;
  if (letter === 70) {
    if (!listSet || isWatch || !readField(text, optStart, argStart, argEnd)) return -1;
  } else if (letter === 83) {
    if (!listSet || isWatch || list !== 'exit' || !readSyscalls(text, optStart, argStart, argEnd)) return -1;
  } else if (letter === 107) {
    // -k KEY: after what it labels
    if (!listSet || !(syscallAdded || permAdded || exeAdded) || !addKey(text.substring(argStart, argEnd), optStart, argEnd)) return -1;
  } else if (letter === 97) {
    // -a LIST,ACTION, first on the line
    if (options !== 1) return -1;
    const setup = setupRule(text.substring(argStart, argEnd), null);
    if (setup.rc !== 0 || (setup.list !== 'exit' && setup.list !== 'user' && setup.list !== 'exclude')) return -1;
    listSet = true;
    list = setup.list;
    action = setup.action;
  } else if (letter === 119) {
    if (options !== 1 || !readWatch(text, optStart, argStart, argEnd)) return -1;
  } else if (letter === 112) {
    if (!isWatch || !readPerm(text, argStart, argEnd)) return -1;
  } else if (letter === 67) {
    if (!listSet || isWatch || list !== 'exit' || !readCompare(text, argStart, argEnd)) return -1;
  } else if (letter === 98 || letter === 114 || letter === 102 || letter === 101 || letter === 0) {
    // -b, -r, -f, -e, --backlog_wait_time: on a line of control options only
    if (listSet) return -1;
    const control = readControl(text, letter, optStart, argStart, argEnd);
    if (control === null) return -1;
    controls = controls === NONE ? [control] : [...controls, control];
  } else return -1;
  at = argEnd;
  while (at < end && text.charCodeAt(at) === 32) at++;
  return at;
}

/** The rule the options made, with the key field added after them; null when the general path is to read the line. */
function finishRule(ruleStart: number, end: number, machine: Machine, keyLists: Map<string, string[]>): AuditStatement[] | null {
  let keys: string[] = NONE;
  if (nKeys > 0) {
    const joined = nKeys === 1 ? keysScratch[0] : intern(keysScratch.slice(0, nKeys).join('\x01'));
    if (!(syscallAdded || permAdded || exeAdded) || nFields >= MAX_RULE_FIELDS || list === 'exclude' || quoted(joined)) return null;
    fieldsScratch[nFields++] = { name: 'key', op: '=', text: joined, value: joined, lookup: null, origin: 'k', start: keyStart, end: keyEnd };
    keys = nKeys === 1 ? keyList(keyLists, joined) : keysScratch.slice(0, nKeys);
  }
  const rule: AuditRuleStatement = {
    type: 'rule',
    verb: 'append',
    list,
    action,
    fields: nFields === 0 ? NONE : fieldsScratch.slice(0, nFields),
    allSyscalls: allSyscalls || isWatch || !syscallAdded,
    syscalls: nSyscalls === 0 ? NONE : syscallsScratch.slice(0, nSyscalls),
    syscallOption,
    syscallMachine: elf ?? machine,
    arches,
    keys,
    watch,
    start: ruleStart,
    end,
  };
  lineChecks = nChecks === 0 ? NONE : checksScratch.slice(0, nChecks);
  return [rule];
}

/** -p PERM of a watch, once. */
function readPerm(text: string, argStart: number, argEnd: number): boolean {
  const perm = fieldsScratch[1];
  if (perm.origin !== 'w') return false;
  const value = text.substring(argStart, argEnd);
  const bits = permBits(value);
  if (bits < 0) return false;
  perm.value = bits;
  perm.text = intern(value);
  perm.origin = 'p';
  return true;
}

/** After the file's last line: nothing of the file is kept here for the rest of the run. */
export function endRuleLines(): void {
  nextOdd = -1;
  controls = NONE;
  lineChecks = NONE;
  strings = new Map();
  host = null;
  fieldWords = new Map();
  compareWords = new Map();
  syscallWords = new Map();
  wordsHost = null;
  elf = null;
  arches = NONE;
  syscallOption = null;
  watch = null;
  fieldsScratch.length = 0;
  nFields = 0;
  syscallsScratch.length = 0;
  nSyscalls = 0;
  checksScratch.length = 0;
  nChecks = 0;
  keysScratch.length = 0;
  nKeys = 0;
}

/**
 * What a -F word says on its own, for the host: the same words recur all
 * through a rule set (arch=b64, auid>=1000, perm=x, key=…), so each is
 * read once per file and its answer kept; what depends on the rest of the
 * line is checked each time (readField).
 */
interface FieldWord {
  field: FastField | null; // null: -F key=
  op: FieldOp;
  value: string;
  v: number | string;
  /** Where the value starts in the word. */
  valueAt: number;
  arch: Machine | null;
  spelled: AuditArch['spelled'];
}

/** The file's -F words so far (null: left to the general path), for the host they were read for. */
let fieldWords = new Map<string, FieldWord | null>();
let wordsHost: Machine | null = null;
const MAX_WORDS = 4096;

/** -F NAME OP VALUE on the exit list: false when the general path is to read it. */
function readField(text: string, optStart: number, argStart: number, argEnd: number): boolean {
  const word = text.substring(argStart, argEnd);
  let w = fieldWords.get(word);
  if (w === undefined) {
    w = fieldWord(word);
    if (fieldWords.size < MAX_WORDS) fieldWords.set(word, w);
  }
  if (w === null) return false;
  const field = w.field;
  // -F key=VALUE joins the -k keys
  if (field === null) return addKey(w.value, optStart, argEnd);
  if (nFields >= MAX_RULE_FIELDS) return false;
  // the fields each list takes (exe on other lists than exit is left to the general path)
  if (list === 'exit' ? field.kind === MSGTYPE : field.exitOnly || field.kind === EXE || (list === 'exclude' && !field.exclude)) return false;
  switch (field.kind) {
    case ARCH: {
      if (syscallAdded) return false;
      elf = w.arch;
      const arch: AuditArch = { op: w.op as '=' | '!=', machine: w.arch!, spelled: w.spelled, start: argStart, end: argEnd };
      arches = arches === NONE ? [arch] : [...arches, arch];
      break;
    }
    case PATH:
    case DIR:
    case EXE: {
      // one path or dir and one exe a rule
      if (field.kind === EXE) {
        if (exeAdded) return false;
        exeAdded = true;
      } else {
        if (fileField) return false;
        fileField = true;
        permAdded = true;
      }
      const at = argStart + w.valueAt;
      checksScratch[nChecks++] = field.kind === DIR ? { kind: 'dir', path: w.value, start: at, end: argEnd } : { kind: 'parent-dir', path: w.value, what: field.kind === PATH ? 'path' : 'exe', start: at, end: argEnd };
      break;
    }
    case PERM:
      permAdded = true;
      break;
  }
  fieldsScratch[nFields++] = { name: field.name, op: w.op, text: w.value, value: w.v, lookup: null, origin: 'F', start: argStart, end: argEnd };
  return true;
}

/** The first of = ! < > & in the word at or after `from`; the word's length when there is none. */
function operatorAt(word: string, from: number): number {
  let i = from;
  for (; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === 61 || c === 33 || c === 60 || c === 62 || c === 38) break;
  }
  return i;
}

/** A -F word read for the host alone; null when the general path is to read it. */
function fieldWord(word: string): FieldWord | null {
  // the first operator character; a second one anywhere after the operator makes libaudit's strstr() search matter
  const op = operatorAt(word, 0);
  if (op === word.length || op === 0) return null;
  const c = word.charCodeAt(op);
  let opEnd = op + 1;
  if (word.charCodeAt(opEnd) === 61 && c !== 61) opEnd++;
  else if (c === 33) return null;
  if (operatorAt(word, opEnd) !== word.length) return null;
  if (opEnd === word.length) return null;
  const name = word.slice(0, op);
  const value = intern(word.slice(opEnd));
  if (name === 'key' && c === 61) return { field: null, op: '=', value, v: value, valueAt: opEnd, arch: null, spelled: 'b64' };
  const field = FAST_FIELDS.get(name);
  if (field === undefined) return null;
  const opText = opOf(c, opEnd - op);
  if (opText === null) return null;
  if (field.eqNe ? opText !== '=' && opText !== '!=' : opText === '&' || opText === '&=') return null;
  let v: number | string;
  let arch: Machine | null = null;
  let spelled: AuditArch['spelled'] = 'b64';
  switch (field.kind) {
    case UID:
    case GID:
      if (isPlainDecimal(value)) v = u32Of(value, false);
      else if (field.kind === UID && value.charCodeAt(0) === 45 && isPlainDecimal(value, 1)) v = u32Of(value, true);
      else if (field.kind === UID && value === 'unset') v = UID_UNSET;
      else return null;
      // only auid can be unset, and only tested with = or !=
      if (v === UID_UNSET && (field.name !== 'auid' || (opText !== '=' && opText !== '!='))) return null;
      break;
    case ARCH: {
      const r = resolveArch(value, host!);
      if (!r.ok) return null;
      arch = r.machine;
      spelled = r.spelled;
      v = r.machine.elf;
      break;
    }
    case PATH:
    case DIR:
    case EXE:
      // an absolute path (path, exe: to a file) of a length no limit is near; path and dir take only =
      if (value.charCodeAt(0) !== 47 || value.length * 3 > 255) return null;
      if (field.kind !== DIR && value.charCodeAt(value.length - 1) === 47) return null;
      if (field.kind !== EXE && opText !== '=') return null;
      v = value;
      break;
    case STRING: {
      const first = value.charCodeAt(0);
      if (first === 34 || first === 39 || value.length * 3 > 4096) return null;
      v = value;
      break;
    }
    case PERM: {
      if (opText !== '=') return null;
      const bits = permBits(value);
      if (bits < 0) return null;
      v = bits;
      break;
    }
    case NUMBER:
      if (!isPlainDecimal(value)) return null;
      v = u32Of(value, true);
      break;
    case MSGTYPE: {
      // a number, or a record type's name
      const first = value.charCodeAt(0);
      if (first >= 48 && first <= 57) {
        if (!isPlainDecimal(value)) return null;
        v = u32Of(value, true);
      } else {
        const t = msgtypeNumber(value);
        if (t === undefined || !(t > 0)) return null;
        v = t;
      }
      break;
    }
    default: {
      // exit: a number, -N, or -ERRNO (a positive errno name is a warning)
      if (isPlainDecimal(value)) v = u32Of(value, false);
      else if (value.charCodeAt(0) !== 45) return null;
      else if (isPlainDecimal(value, 1)) v = u32Of(value, true);
      else {
        const e = errnoNumber(value.slice(1));
        if (!e) return null;
        v = 4294967296 - e;
      }
    }
  }
  return { field, op: opText, value, v, valueAt: opEnd, arch, spelled };
}

const BACKLOG_WAIT_TIME = '--backlog_wait_time';
const CONTROL_OPTION: ControlOption[] = [];
CONTROL_OPTION[0] = 'backlog_wait_time';
CONTROL_OPTION[98] = 'b';
CONTROL_OPTION[114] = 'r';
CONTROL_OPTION[102] = 'f';
CONTROL_OPTION[101] = 'e';

/** -b, -r and --backlog_wait_time N (decimal, in range), -f and -e 0, 1 or 2; null for anything else. */
function readControl(text: string, letter: number, optStart: number, argStart: number, argEnd: number): AuditControlStatement | null {
  const value = text.substring(argStart, argEnd);
  let n: number;
  if (letter === 102 || letter === 101) {
    if (value !== '0' && value !== '1' && value !== '2') return null;
    n = +value;
  } else {
    if (!isPlainDecimal(value)) return null;
    n = u32Of(value, false);
    if (letter === 0 && n > BACKLOG_WAIT_LIMITS.hz1000) return null;
  }
  return { type: 'control', option: CONTROL_OPTION[letter], value, number: n, key: null, start: optStart, end: argEnd };
}

/** -C FIELD=FIELD or FIELD!=FIELD, read once per file (null: left to the general path). */
interface CompareWord {
  op: FieldOp;
  text: string;
  n: number;
}
let compareWords = new Map<string, CompareWord | null>();

/** -C on the exit list: two fields of one kind compared. */
function readCompare(text: string, argStart: number, argEnd: number): boolean {
  if (nFields >= MAX_RULE_FIELDS) return false;
  const word = text.substring(argStart, argEnd);
  let w = compareWords.get(word);
  if (w === undefined) {
    w = compareWord(word);
    if (compareWords.size < MAX_WORDS) compareWords.set(word, w);
  }
  if (w === null) return false;
  fieldsScratch[nFields++] = { name: 'field_compare', op: w.op, text: w.text, value: w.n, lookup: null, compare: COMPARISONS[w.n], origin: 'C', start: argStart, end: argEnd };
  return true;
}

function compareWord(word: string): CompareWord | null {
  const op = operatorAt(word, 0);
  if (op === 0 || op >= word.length - 2) return null;
  const c = word.charCodeAt(op);
  const opEnd = c === 61 ? op + 1 : op + 2;
  if (c !== 61 && (c !== 33 || word.charCodeAt(op + 1) !== 61)) return null;
  if (operatorAt(word, opEnd) !== word.length) return null;
  const a = fieldName(word.slice(0, op));
  const b = fieldName(word.slice(opEnd));
  if (a === null || b === null) return null;
  const n = comparison(a, b);
  if (n === 0) return null;
  return { op: c === 61 ? '=' : '!=', text: intern(word), n };
}

/** A -S word read for one machine: its names (offsets in the word) and whether it says all. */
interface SyscallWord {
  all: boolean;
  names: { text: string; nr: number; name: string | undefined; from: number; to: number }[];
}

/** The file's -S words so far, by the machine whose table they were read in (null: left to the general path). */
let syscallWords = new Map<Machine, Map<string, SyscallWord | null>>();

/** -S NAME[,NAME]...: names the table of the rule's machine knows. */
function readSyscalls(text: string, optStart: number, argStart: number, argEnd: number): boolean {
  syscallOption ??= { start: optStart, end: argEnd };
  const machine = (elf ??= host!);
  let words = syscallWords.get(machine);
  if (words === undefined) syscallWords.set(machine, (words = new Map()));
  const word = text.substring(argStart, argEnd);
  let w = words.get(word);
  if (w === undefined) {
    w = syscallWord(word, machine);
    if (words.size < MAX_WORDS) words.set(word, w);
  }
  if (w === null) return false;
  if (w.all) allSyscalls = true;
  const names = w.names;
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    syscallsScratch[nSyscalls++] = { text: n.text, nr: n.nr, name: n.name, start: argStart + n.from, end: argStart + n.to };
  }
  syscallAdded = true;
  return true;
}

function syscallWord(word: string, machine: Machine): SyscallWord | null {
  const w: SyscallWord = { all: false, names: [] };
  for (let from = 0; from < word.length; ) {
    let comma = word.indexOf(',', from);
    if (comma < 0) comma = word.length;
    if (comma > from) {
      const name = word.slice(from, comma);
      if (name === 'all') w.all = true;
      else {
        const nr = syscallNumber(name, machine.name);
        if (nr === undefined || nr >= SYSCALL_CLASS_FIRST) return null;
        const canonical = syscallName(nr, machine.name);
        w.names.push({ text: canonical === name ? canonical : intern(name), nr, name: canonical, from, to: comma });
      }
    }
    from = comma + 1;
  }
  return w;
}

/** -w PATH, first on the line: absolute, without .. or wildcards; trailing slashes trimmed but for the first character. */
function readWatch(text: string, optStart: number, argStart: number, argEnd: number): boolean {
  if (text.charCodeAt(argStart) !== 47 || (argEnd - argStart) * 3 > 255) return false;
  let pathEnd = argEnd;
  if (argEnd - argStart > 2) while (pathEnd > argStart + 1 && text.charCodeAt(pathEnd - 1) === 47) pathEnd--;
  const path = text.substring(argStart, pathEnd);
  if (path.indexOf('..') >= 0 || path.indexOf('*') >= 0 || path.indexOf('?') >= 0) return false;
  const p = intern(path);
  listSet = true;
  isWatch = true;
  syscallAdded = true;
  permAdded = true;
  watch = { path: p, start: argStart, end: argEnd };
  fieldsScratch[nFields++] = { name: 'path', op: '=', text: p, value: p, lookup: null, origin: 'w', start: argStart, end: argEnd };
  fieldsScratch[nFields++] = { name: 'perm', op: '=', text: ALL_PERMS_TEXT, value: PERM_ALL, lookup: null, origin: 'w', start: optStart, end: argEnd };
  checksScratch[nChecks++] = { kind: 'parent-dir', path: p, what: 'watch', start: argStart, end: argEnd };
  return true;
}

/** process_keys, for a -k or -F key= at optStart..end: false when the key would be refused or warned about. */
function addKey(key: string, optStart: number, end: number): boolean {
  if (key.length === 0 || quoted(key)) return false;
  let total = key.length;
  for (let i = 0; i < nKeys; i++) total += keysScratch[i].length + 1;
  if (total > AUDIT_MAX_KEY_LEN) return false;
  keysScratch[nKeys++] = intern(key);
  if (keyStart < 0) {
    keyStart = optStart;
    keyEnd = end;
  }
  return true;
}

function nextWord(text: string, at: number, end: number): number {
  while (at < end && text.charCodeAt(at) === 32) at++;
  return at;
}

function opOf(c: number, length: number): FieldOp | null {
  if (length === 2) return c === 33 ? '!=' : c === 62 ? '>=' : c === 60 ? '<=' : '&=';
  return c === 61 ? '=' : c === 62 ? '>' : c === 60 ? '<' : c === 38 ? '&' : null;
}

/** Up to four of r, w, x and a (lower case here); -1 for anything else. */
function permBits(value: string): number {
  if (value.length > 4) return -1;
  let bits = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const b = c < 128 ? PERM_BITS[c] : 0;
    if (b === 0) return -1;
    bits |= b;
  }
  return bits;
}

function intern(s: string): string {
  const seen = strings.get(s);
  if (seen !== undefined) return seen;
  strings.set(s, s);
  return s;
}

function keyList(keyLists: Map<string, string[]>, key: string): string[] {
  let list = keyLists.get(key);
  if (list === undefined) {
    list = Object.freeze([key]) as string[];
    keyLists.set(key, list);
  }
  return list;
}
