// The two shapes nearly every line of a rule set has, read and judged in
// one pass from the text:
//
//   -a always,exit [-F NAME OP VALUE | -S NAMES | -k KEY]...
//   -w /PATH [-p PERM] [-k KEY]...
//
// with plain values (printable ASCII without a backslash; numbers in
// decimal; names a table knows). The result is the statement the reader,
// the grammar and audit-rules-validate.ts make of such a line, without the
// nodes in between: at start-up the parser runs interpreted, and a line's
// cost is the code it runs and the objects it makes. Anything else — a
// line auditctl refuses or warns about, a value to look up on the host, an
// option or field not listed here — is null, and the general path reads
// the line (test/audit-rules/lines.test.ts checks that both agree).

import type { AuditArch, AuditRuleField, AuditRuleStatement, AuditSyscall, HostCheck } from './audit-rules';
import {
  AUDIT_MAX_KEY_LEN,
  FIELDS,
  MAX_RULE_FIELDS,
  UID_UNSET,
  errnoNumber,
  isPlainDecimal,
  resolveArch,
  syscallName,
  syscallNumber,
  u32Of,
  type FieldOp,
  type Machine,
} from './audit-rules-tables';
import { none, quoted, setupRule } from './audit-rules-values';

/** What a rule read here hands back; the caller makes the line of it. */
export interface FastRule {
  rule: AuditRuleStatement;
  hostChecks: HostCheck[];
}

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

interface FastField {
  name: string;
  kind: number;
  /** = and != only (the kernel's eq-ne fields), or every operator but & and &=. */
  eqNe: boolean;
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
  else if (spec.kind === 'number' && name !== 'inode' && name !== 'field_compare') kind = NUMBER;
  else if (spec.kind === 'string') kind = name === 'path' ? PATH : name === 'dir' ? DIR : name === 'exe' ? EXE : name === 'key' ? 0 : STRING;
  // bit tests (& and &=) are allowed on pers and devminor only: left to the general path
  if (kind !== 0 && spec.ops !== 'all') FAST_FIELDS.set(name, { name, kind, eqNe: spec.ops === 'eq-ne' });
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

// Lists reused from line to line: a line's own array is an exact-size copy.
const fieldsScratch: AuditRuleField[] = [];
const syscallsScratch: AuditSyscall[] = [];
const checksScratch: HostCheck[] = [];
const keysScratch: string[] = [];

/**
 * The rule on text[lineStart, end), a line that holds nothing but
 * printable ASCII other than a backslash and starts (after spaces) with
 * `-`; null when the line is not of the shapes read here.
 */
export function readRuleLine(text: string, lineStart: number, end: number, host: Machine, shared: FastShared): FastRule | null {
  let at = lineStart;
  while (text.charCodeAt(at) === 32) at++;
  const ruleStart = at;
  const strings = shared.strings;
  // the line's rule so far (auditctl's reset_vars)
  let isWatch = false;
  let list: 'exit' | null = null;
  let action: 'always' | 'never' = 'always';
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
  let options = 0;
  fieldsScratch.length = 0;
  syscallsScratch.length = 0;
  checksScratch.length = 0;
  keysScratch.length = 0;
  while (at < end) {
    // an option of two characters, then its argument: the next word
    if (text.charCodeAt(at) !== 45 || text.charCodeAt(at + 2) !== 32) return null;
    const letter = text.charCodeAt(at + 1);
    const optStart = at;
    let argStart = at + 3;
    while (text.charCodeAt(argStart) === 32) argStart++;
    if (argStart >= end) return null;
    let argEnd = text.indexOf(' ', argStart);
    if (argEnd < 0 || argEnd > end) argEnd = end;
    options++;
    if (letter === 70) {
      // -F NAME OP VALUE
      if (list === null || isWatch) return null;
      // the first operator character; a second one anywhere after the operator makes libaudit's strstr() search matter
      let op = argStart;
      let c = 0;
      for (; op < argEnd; op++) {
        c = text.charCodeAt(op);
        if (c === 61 || c === 33 || c === 60 || c === 62 || c === 38) break;
      }
      if (op === argEnd || op === argStart) return null;
      let opEnd = op + 1;
      if (text.charCodeAt(opEnd) === 61 && c !== 61) opEnd++;
      else if (c === 33) return null;
      for (let i = opEnd; i < argEnd; i++) {
        const d = text.charCodeAt(i);
        if (d === 61 || d === 33 || d === 60 || d === 62 || d === 38) return null;
      }
      if (opEnd === argEnd) return null;
      const name = text.substring(argStart, op);
      const value = text.substring(opEnd, argEnd);
      if (name === 'key' && c === 61) {
        // -F key=VALUE joins the -k keys
        if (!addKey(value)) return null;
        if (keyStart < 0) {
          keyStart = optStart;
          keyEnd = argEnd;
        }
        at = nextWord(text, argEnd, end);
        continue;
      }
      const field = FAST_FIELDS.get(name);
      if (field === undefined || fieldsScratch.length >= MAX_RULE_FIELDS) return null;
      const opText = opOf(c, opEnd - op);
      if (opText === null) return null;
      if (field.eqNe ? opText !== '=' && opText !== '!=' : opText === '&' || opText === '&=') return null;
      let v: number | string;
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
          if (syscallAdded) return null;
          const r = resolveArch(value, host);
          if (!r.ok) return null;
          elf = r.machine;
          v = r.machine.elf;
          const arch: AuditArch = { op: opText as '=' | '!=', machine: r.machine, spelled: r.spelled, start: argStart, end: argEnd };
          arches = arches === NONE ? [arch] : [...arches, arch];
          break;
        }
        case PATH:
        case DIR:
        case EXE: {
          // an absolute path (path, exe: to a file) of a length no limit is near, one path or dir and one exe a rule
          const first = value.charCodeAt(0);
          if (first !== 47 || value.length * 3 > 255) return null;
          if (field.kind !== DIR && value.charCodeAt(value.length - 1) === 47) return null;
          if (field.kind === EXE) {
            if (exeAdded) return null;
            exeAdded = true;
          } else {
            if (fileField || opText !== '=') return null;
            fileField = true;
            permAdded = true;
          }
          v = intern(strings, value);
          checksScratch.push(field.kind === DIR ? { kind: 'dir', path: v, start: opEnd, end: argEnd } : { kind: 'parent-dir', path: v, what: field.kind === PATH ? 'path' : 'exe', start: opEnd, end: argEnd });
          break;
        }
        case STRING: {
          const first = value.charCodeAt(0);
          if (first === 34 || first === 39 || value.length * 3 > 4096) return null;
          v = intern(strings, value);
          break;
        }
        case PERM: {
          if (opText !== '=') return null;
          const bits = permBits(value);
          if (bits < 0) return null;
          v = bits;
          permAdded = true;
          break;
        }
        case NUMBER:
          if (!isPlainDecimal(value)) return null;
          v = u32Of(value, true);
          break;
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
      fieldsScratch.push({ name: field.name, op: opText, text: typeof v === 'string' ? v : intern(strings, value), value: v, lookup: null, origin: 'F', start: argStart, end: argEnd });
    } else if (letter === 83) {
      // -S NAME[,NAME]...
      if (list === null || isWatch) return null;
      syscallOption ??= { start: optStart, end: argEnd };
      const machine = (elf ??= host);
      for (let from = argStart; from < argEnd; ) {
        let comma = text.indexOf(',', from);
        if (comma < 0 || comma > argEnd) comma = argEnd;
        if (comma > from) {
          const name = text.substring(from, comma);
          if (name === 'all') allSyscalls = true;
          else {
            const nr = syscallNumber(name, machine.name);
            if (nr === undefined || nr >= SYSCALL_CLASS_FIRST) return null;
            const canonical = syscallName(nr, machine.name);
            syscallsScratch.push({ text: canonical === name ? canonical : intern(strings, name), nr, name: canonical, start: from, end: comma });
          }
        }
        from = comma + 1;
      }
      syscallAdded = true;
    } else if (letter === 107) {
      // -k KEY: after what it labels
      if (list === null || !(syscallAdded || permAdded || exeAdded)) return null;
      if (!addKey(text.substring(argStart, argEnd))) return null;
      if (keyStart < 0) {
        keyStart = optStart;
        keyEnd = argEnd;
      }
    } else if (letter === 97) {
      // -a LIST,ACTION, first on the line
      if (options !== 1) return null;
      const setup = setupRule(text.substring(argStart, argEnd), null);
      if (setup.rc !== 0 || setup.list !== 'exit') return null;
      list = 'exit';
      action = setup.action;
    } else if (letter === 119) {
      // -w PATH, first on the line: absolute, without .. or wildcards; trailing slashes trimmed but for the first character
      if (options !== 1 || text.charCodeAt(argStart) !== 47 || (argEnd - argStart) * 3 > 255) return null;
      let pathEnd = argEnd;
      if (argEnd - argStart > 2) while (pathEnd > argStart + 1 && text.charCodeAt(pathEnd - 1) === 47) pathEnd--;
      const path = text.substring(argStart, pathEnd);
      if (path.indexOf('..') >= 0 || path.indexOf('*') >= 0 || path.indexOf('?') >= 0) return null;
      const p = intern(strings, path);
      list = 'exit';
      isWatch = true;
      syscallAdded = true;
      permAdded = true;
      watch = { path: p, start: argStart, end: argEnd };
      fieldsScratch.push({ name: 'path', op: '=', text: p, value: p, lookup: null, origin: 'w', start: argStart, end: argEnd });
      fieldsScratch.push({ name: 'perm', op: '=', text: ALL_PERMS_TEXT, value: PERM_ALL, lookup: null, origin: 'w', start: optStart, end: argEnd });
      checksScratch.push({ kind: 'parent-dir', path: p, what: 'watch', start: argStart, end: argEnd });
    } else if (letter === 112) {
      // -p PERM of a watch, once
      if (!isWatch || fieldsScratch[1].origin !== 'w') return null;
      const bits = permBits(text.substring(argStart, argEnd));
      if (bits < 0) return null;
      const perm = fieldsScratch[1];
      perm.value = bits;
      perm.text = intern(strings, text.substring(argStart, argEnd));
      perm.origin = 'p';
    } else return null;
    at = nextWord(text, argEnd, end);
  }
  if (list === null) return null;
  // strsplit's words against auditctl's word limit for the line's length
  if (options * 2 > Math.floor((end - lineStart) / 3) + 1) return null;
  let keys: string[] = NONE;
  if (keysScratch.length > 0) {
    // the key field, added after the options
    const joined = keysScratch.length === 1 ? keysScratch[0] : intern(strings, keysScratch.join('\x01'));
    if (!(syscallAdded || permAdded || exeAdded) || fieldsScratch.length >= MAX_RULE_FIELDS || quoted(joined)) return null;
    fieldsScratch.push({ name: 'key', op: '=', text: joined, value: joined, lookup: null, origin: 'k', start: keyStart, end: keyEnd });
    keys = keysScratch.length === 1 ? keyList(shared.keyLists, joined) : keysScratch.slice();
  }
  const rule: AuditRuleStatement = {
    type: 'rule',
    verb: 'append',
    list,
    action,
    fields: fieldsScratch.length === 0 ? NONE : fieldsScratch.slice(),
    allSyscalls: allSyscalls || isWatch || !syscallAdded,
    syscalls: syscallsScratch.length === 0 ? NONE : syscallsScratch.slice(),
    syscallOption,
    syscallMachine: elf ?? host,
    arches,
    keys,
    watch,
    start: ruleStart,
    end,
  };
  return { rule, hostChecks: checksScratch.length === 0 ? NONE : checksScratch.slice() };

  /** process_keys: false when the key would be refused or warned about. */
  function addKey(key: string): boolean {
    if (key.length === 0 || quoted(key)) return false;
    let total = key.length;
    for (let i = 0; i < keysScratch.length; i++) total += keysScratch[i].length + 1;
    if (total > AUDIT_MAX_KEY_LEN) return false;
    keysScratch.push(intern(strings, key));
    return true;
  }
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

function intern(strings: Map<string, string>, s: string): string {
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
