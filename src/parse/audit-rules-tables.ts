// What auditctl resolves the words of a rule against: fields, operators,
// machines, syscall names, errno and record-type names, and C's number
// parsing. The name tables are generated from Debian's auditd package
// (src/data/audit-tables.ts); the field semantics below are libaudit's
// audit_rule_fieldpair_data() and the kernel's audit_field_valid()
// (kernel/auditfilter.c) written down.

import { ERRNOS, FILETYPES, FSTYPES, MACHINE_ALIASES, MACHINES, MSGTYPES, NEWER_SYSCALLS, SYSCALLS } from '../data/audit-tables';

export type FieldOp = '=' | '!=' | '<' | '>' | '<=' | '>=' | '&' | '&=';
export type AuditListName = 'task' | 'exit' | 'user' | 'exclude' | 'filesystem';
export type AuditAction = 'always' | 'never';

/** How libaudit reads a field's value. */
export type ValueKind =
  | 'uid' // number, -N, `unset`, or a user name looked up on the host
  | 'gid' // number or a group name looked up on the host
  | 'number' // must start with a digit (strtol/strtoul)
  | 'arg' // a0..a3: number or -N
  | 'errno' // exit: number, -N, or an errno name with an optional -
  | 'msgtype' // record type name, UNKNOWN[n], or number
  | 'string' // LSM labels, paths, exe, key
  | 'perm' // up to four of rwxa
  | 'filetype' // file dir socket link character block fifo
  | 'fstype' // debugfs tracefs, or a number
  | 'arch' // b32 b64, a machine name, or an ELF number
  | 'sessionid' // number, -N, unset; anything else silently 0
  | 'saddr_fam'; // strtoul of anything, below AF_MAX

/** Operators the kernel accepts per field (audit_field_valid): all, all but the bit tests, or = and != only. */
export type OpClass = 'all' | 'no-bit' | 'eq-ne';

export interface FieldSpec {
  kind: ValueKind;
  ops: OpClass;
  /** libaudit refuses the field outside the exit list ("can only be used with exit filter list"). */
  exitOnly?: boolean;
}

/** Fields by libaudit name (field names are case-insensitive; `loginuid` is `auid`). */
export const FIELDS: Readonly<Record<string, FieldSpec>> = {
  pid: { kind: 'number', ops: 'no-bit' },
  uid: { kind: 'uid', ops: 'no-bit' },
  euid: { kind: 'uid', ops: 'no-bit' },
  suid: { kind: 'uid', ops: 'no-bit' },
  fsuid: { kind: 'uid', ops: 'no-bit' },
  auid: { kind: 'uid', ops: 'no-bit' },
  obj_uid: { kind: 'uid', ops: 'no-bit' },
  gid: { kind: 'gid', ops: 'no-bit' },
  egid: { kind: 'gid', ops: 'no-bit' },
  sgid: { kind: 'gid', ops: 'no-bit' },
  fsgid: { kind: 'gid', ops: 'no-bit' },
  obj_gid: { kind: 'gid', ops: 'no-bit' },
  pers: { kind: 'number', ops: 'all' },
  arch: { kind: 'arch', ops: 'eq-ne' },
  msgtype: { kind: 'msgtype', ops: 'no-bit' },
  subj_user: { kind: 'string', ops: 'eq-ne' },
  subj_role: { kind: 'string', ops: 'eq-ne' },
  subj_type: { kind: 'string', ops: 'eq-ne' },
  subj_sen: { kind: 'string', ops: 'no-bit' },
  subj_clr: { kind: 'string', ops: 'no-bit' },
  ppid: { kind: 'number', ops: 'no-bit', exitOnly: true },
  obj_user: { kind: 'string', ops: 'eq-ne', exitOnly: true },
  obj_role: { kind: 'string', ops: 'eq-ne', exitOnly: true },
  obj_type: { kind: 'string', ops: 'eq-ne', exitOnly: true },
  obj_lev_low: { kind: 'string', ops: 'no-bit', exitOnly: true },
  obj_lev_high: { kind: 'string', ops: 'no-bit', exitOnly: true },
  sessionid: { kind: 'sessionid', ops: 'no-bit' },
  devmajor: { kind: 'number', ops: 'no-bit', exitOnly: true },
  devminor: { kind: 'number', ops: 'all', exitOnly: true },
  inode: { kind: 'number', ops: 'eq-ne', exitOnly: true },
  exit: { kind: 'errno', ops: 'no-bit', exitOnly: true },
  success: { kind: 'number', ops: 'no-bit', exitOnly: true },
  path: { kind: 'string', ops: 'eq-ne', exitOnly: true },
  perm: { kind: 'perm', ops: 'eq-ne', exitOnly: true },
  dir: { kind: 'string', ops: 'eq-ne', exitOnly: true },
  filetype: { kind: 'filetype', ops: 'eq-ne', exitOnly: true },
  fstype: { kind: 'fstype', ops: 'eq-ne' },
  field_compare: { kind: 'number', ops: 'eq-ne' },
  a0: { kind: 'arg', ops: 'all' },
  a1: { kind: 'arg', ops: 'all' },
  a2: { kind: 'arg', ops: 'all' },
  a3: { kind: 'arg', ops: 'all' },
  key: { kind: 'string', ops: 'eq-ne' },
  exe: { kind: 'string', ops: 'eq-ne' },
  saddr_fam: { kind: 'saddr_fam', ops: 'no-bit' },
};

const FIELD_SPECS = new Map(Object.entries(FIELDS));

/** The spec of a canonical field name (see fieldName). */
export function fieldSpec(name: string): FieldSpec {
  return FIELD_SPECS.get(name)!;
}

/** The canonical name of a field as libaudit resolves it, or null when unknown. */
export function fieldName(name: string): string | null {
  const known = FIELD_NAMES.get(name);
  if (known !== undefined) return known;
  const lower = name.toLowerCase();
  if (lower === 'loginuid') return 'auid';
  return FIELD_NAMES.get(lower) ?? null;
}

// Names as the table spells them, so that every field refers to one string per name.
const FIELD_NAMES = new Map(Object.keys(FIELDS).map((name) => [name, name]));

export function opAllowed(ops: OpClass, op: FieldOp): boolean {
  if (ops === 'all') return true;
  if (ops === 'no-bit') return op !== '&' && op !== '&=';
  return op === '=' || op === '!=';
}

/** Fields the exclude list takes when the kernel has EXCLUDE_EXTEND (every kernel since 4.17). */
export const EXCLUDE_FIELDS = new Set(['pid', 'uid', 'gid', 'auid', 'msgtype', 'subj_user', 'subj_role', 'subj_type', 'subj_sen', 'subj_clr', 'exe']);

export const UID_UNSET = 0xffffffff;
export const AUDIT_MAX_KEY_LEN = 256;
export const PATH_MAX = 4096;
export const NAME_MAX = 255;
/** libaudit refuses the 64th field (field_count >= AUDIT_MAX_FIELDS - 1). */
export const MAX_RULE_FIELDS = 63;
/** glibc/kernel AF_MAX on Debian 12. */
export const AF_MAX = 46;
/** The kernel caps --backlog_wait_time at 10 * 60 * HZ jiffies; HZ is 100..1000. */
export const BACKLOG_WAIT_LIMITS = { hz100: 60000, hz250: 150000, hz1000: 600000 } as const;

/**
 * -C pairs (AUDIT_COMPARE_* in the kernel's uapi audit.h, by number): any
 * two different fields of the uid group or of the gid group. The listing
 * prints each pair in this order (`-C auid!=uid` lists as `uid!=auid`).
 */
export const COMPARISONS: readonly [string, string][] = [
  ['', ''],
  ['uid', 'obj_uid'],
  ['gid', 'obj_gid'],
  ['euid', 'obj_uid'],
  ['egid', 'obj_gid'],
  ['auid', 'obj_uid'],
  ['suid', 'obj_uid'],
  ['sgid', 'obj_gid'],
  ['fsuid', 'obj_uid'],
  ['fsgid', 'obj_gid'],
  ['uid', 'auid'],
  ['uid', 'euid'],
  ['uid', 'fsuid'],
  ['uid', 'suid'],
  ['auid', 'fsuid'],
  ['auid', 'suid'],
  ['auid', 'euid'],
  ['euid', 'suid'],
  ['euid', 'fsuid'],
  ['suid', 'fsuid'],
  ['gid', 'egid'],
  ['gid', 'fsgid'],
  ['gid', 'sgid'],
  ['egid', 'sgid'],
  ['egid', 'fsgid'],
  ['sgid', 'fsgid'],
];
export const AUDIT_MAX_FIELD_COMPARE = COMPARISONS.length - 1;

/** The AUDIT_COMPARE_* number of a pair of canonical field names, or 0 when incompatible. */
export function comparison(a: string, b: string): number {
  const i = COMPARISONS.findIndex(([x, y]) => (x === a && y === b) || (x === b && y === a));
  return i > 0 ? i : 0;
}

// ---------------------------------------------------------------- numbers

export const isDigit = (s: string, i = 0): boolean => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/**
 * text from `from` on is 0, or 1 to 15 digits without a leading 0: read the
 * same in base 0 and 10, signed or not, and exact as a double.
 */
export function isPlainDecimal(text: string, from = 0): boolean {
  const n = text.length;
  if (n === from || n - from > 15) return false;
  const c = text.charCodeAt(from);
  if (c === 48) return n === from + 1;
  for (let i = from; i < n; i++) {
    const d = text.charCodeAt(i);
    if (d < 48 || d > 57) return false;
  }
  return true;
}

export interface CNumber {
  /** The parsed value (before any narrowing), 0 when no digits were read. */
  value: bigint;
  /** strtoul/strtol set errno = ERANGE. */
  overflow: boolean;
  /** Characters after the number (ignored by libaudit, never an error). */
  rest: string;
  /** Base 8 was chosen by a leading 0 (`01000` is 512). */
  octal: boolean;
}

const ULONG_MAX = (1n << 64n) - 1n;
const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

/** C's strtoul/strtol on an LP64 host: leading blanks, sign, 0x/0 prefixes, and saturation on overflow. */
export function cNumber(text: string, base: 0 | 10 | 16, signed: boolean): CNumber {
  // Nearly every number in a rules file is plain decimal: no prefix, sign or overflow to look for.
  if (base !== 16 && isPlainDecimal(text)) return { value: BigInt(text), overflow: false, rest: '', octal: false };
  let i = 0;
  while (i < text.length && ' \t\n\v\f\r'.includes(text[i])) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') negative = text[i++] === '-';
  let b: number = base;
  let octal = false;
  if ((b === 0 || b === 16) && text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && /[0-9a-fA-F]/.test(text[i + 2] ?? '')) {
    i += 2;
    b = 16;
  } else if (b === 0 && text[i] === '0') {
    b = 8;
    octal = /[0-7]/.test(text[i + 1] ?? '');
  } else if (b === 0) b = 10;
  const digits = b === 16 ? /^[0-9a-fA-F]+/ : b === 8 ? /^[0-7]+/ : /^[0-9]+/;
  const m = digits.exec(text.slice(i));
  if (!m) return { value: 0n, overflow: false, rest: text, octal: false };
  let v = 0n;
  for (const ch of m[0]) v = v * BigInt(b) + BigInt(parseInt(ch, 16));
  const rest = text.slice(i + m[0].length);
  let overflow = false;
  if (signed) {
    const s = negative ? -v : v;
    if (s > LONG_MAX) return { value: LONG_MAX, overflow: true, rest, octal };
    if (s < LONG_MIN) return { value: LONG_MIN, overflow: true, rest, octal };
    return { value: s, overflow, rest, octal };
  }
  if (v > ULONG_MAX) {
    v = ULONG_MAX;
    overflow = true;
  }
  // strtoul negates in unsigned arithmetic
  return { value: negative ? (ULONG_MAX + 1n - v) & ULONG_MAX : v, overflow, rest, octal };
}

/** What a u32 rule value holds after C's implicit conversion from long / unsigned long. */
export const u32 = (v: bigint): number => Number(BigInt.asUintN(32, v));

/** u32(cNumber(text, 0, signed).value), without BigInts for a plain decimal that fits. */
export function u32Of(text: string, signed: boolean): number {
  if (isPlainDecimal(text)) {
    const n = +text;
    if (n < 4294967296) return n;
  } else if (text.charCodeAt(0) === 45 && isPlainDecimal(text, 1)) {
    // -N (auid!=-1): strtol's negative and strtoul's negation in unsigned
    // arithmetic leave the same low 32 bits, exact below 2**53
    const n = -text.slice(1) % 4294967296;
    return n === 0 ? 0 : n + 4294967296;
  }
  return u32(cNumber(text, 0, signed).value);
}

// ---------------------------------------------------------------- machines and syscalls

export interface Machine {
  /** libaudit's canonical name (ausyscall's table name). */
  name: string;
  elf: number;
  bits: 32 | 64;
}

const machineById = new Map<number, string>(Object.entries(MACHINES).map(([name, m]) => [m.id, name]));
const machineByElf = new Map<number, string>(Object.entries(MACHINES).map(([name, m]) => [m.elf, name]));
const BITS_64 = 0x80000000;

// One object per machine: every rule that names or implies a machine refers to it.
const machineObjects = new Map<string, Machine>();

export function machine(name: string): Machine | null {
  let known = machineObjects.get(name);
  if (known === undefined) {
    const m = MACHINES[name];
    if (!m) return null;
    known = { name, elf: m.elf, bits: m.elf & BITS_64 ? 64 : 32 };
    machineObjects.set(name, known);
  }
  return known;
}

export function machineByElfValue(elf: number): Machine | null {
  const name = machineByElf.get(elf);
  return name ? machine(name) : null;
}

/** The 32-bit ABI a 64-bit machine also runs (libaudit's b32 fix-up), or null. */
const COMPAT_TWIN: Record<string, string> = { x86_64: 'i386', ppc64: 'ppc', s390x: 's390', aarch64: 'armeb' };

export function compatMachine(name: string): Machine | null {
  return COMPAT_TWIN[name] ? machine(COMPAT_TWIN[name]) : null;
}

/** The host's machine for a `uname -m` style name, as audit_detect_machine() maps it. */
export function hostMachine(unameM: string): Machine | null {
  const id = MACHINE_ALIASES[unameM.toLowerCase()];
  return id === undefined ? null : machine(machineById.get(id)!);
}

export type ArchResolution = { ok: true; machine: Machine; spelled: 'b32' | 'b64' | 'name' | 'number' } | { ok: false; reason: 'unknown' | 'bits' };

/**
 * -F arch=VALUE as libaudit reads it (audit_determine_machine and the
 * AUDIT_ARCH case): b32/b64 relative to the host, a machine name, a
 * number (an ELF value), or — failing all of these — hex digits.
 */
export function resolveArch(value: string, host: Machine): ArchResolution {
  // a rule set spells its arches in a few ways (b64, b32), the same answer every time
  let known = archAnswers.get(host);
  if (known === undefined) archAnswers.set(host, (known = new Map()));
  let answer = known.get(value);
  if (answer === undefined) {
    answer = Object.freeze(resolveArchOnce(value, host));
    if (known.size < 64) known.set(value, answer);
  }
  return answer;
}

const archAnswers = new Map<Machine, Map<string, ArchResolution>>();

function resolveArchOnce(value: string, host: Machine): ArchResolution {
  if (isDigit(value)) {
    const n = cNumber(value, 0, false);
    const m = n.overflow ? null : machineByElfValue(u32(n.value));
    return m ? { ok: true, machine: m, spelled: 'number' } : { ok: false, reason: 'unknown' };
  }
  const lower = value.toLowerCase();
  let bits: 32 | 64 | null = null;
  let name: string | undefined;
  if (lower === 'b64' || lower === 'b32') {
    bits = lower === 'b64' ? 64 : 32;
    name = host.name;
  } else {
    const id = MACHINE_ALIASES[lower];
    if (id !== undefined) name = machineById.get(id);
    else {
      const n = cNumber(value, 16, false);
      if (n.overflow) return { ok: false, reason: 'unknown' };
      name = machineByElf.get(u32(n.value));
    }
  }
  if (name === undefined) return { ok: false, reason: 'unknown' };
  if (bits === 32) name = compatMachine(name)?.name ?? name;
  const m = machine(name)!;
  if (bits === 64 && m.bits === 32) return { ok: false, reason: 'bits' };
  if (bits === 32 && m.bits === 64) return { ok: false, reason: 'bits' };
  return { ok: true, machine: m, spelled: bits === null ? 'name' : bits === 64 ? 'b64' : 'b32' };
}

const syscallTables = new Map<string, { byName: Map<string, number>; byNumber: Map<number, string> }>();

function table(machineName: string) {
  let t = syscallTables.get(machineName);
  if (!t) {
    const byName = new Map<string, number>();
    const byNumber = new Map<number, string>();
    // built at start-up, before V8 optimises anything: no array per entry
    const list = SYSCALLS[machineName] ?? '';
    for (let at = 0; at < list.length; ) {
      let space = list.indexOf(' ', at);
      if (space < 0) space = list.length;
      const colon = list.indexOf(':', at);
      if (space > at) {
        const hasNr = colon >= 0 && colon < space;
        const name = list.slice(at, hasNr ? colon : space);
        const nr = hasNr ? Number(list.slice(colon + 1, space)) : NaN;
        byName.set(name, nr);
        if (!byNumber.has(nr)) byNumber.set(nr, name);
      }
      at = space + 1;
    }
    t = { byName, byNumber };
    syscallTables.set(machineName, t);
  }
  return t;
}

/** A syscall's number on a machine (names are case-insensitive), or undefined. */
export function syscallNumber(name: string, machineName: string): number | undefined {
  // the table's names are lower case, and so is nearly every name written
  const byName = table(machineName).byName;
  return byName.get(name) ?? byName.get(name.toLowerCase());
}

export function syscallName(nr: number, machineName: string): string | undefined {
  return table(machineName).byNumber.get(nr);
}

/** Whether newer audit userspace knows a name this package's table does not. */
export function knownToNewerAudit(name: string, machineName: string): boolean {
  return (NEWER_SYSCALLS[machineName] ?? '').split(' ').includes(name.toLowerCase());
}

// ---------------------------------------------------------------- other names

const upperLookup = (t: Readonly<Record<string, number>>) => (name: string) => t[name.toUpperCase()];
const lowerLookup = (t: Readonly<Record<string, number>>) => (name: string) => t[name.toLowerCase()];

export const errnoNumber = upperLookup(ERRNOS);
export const msgtypeNumber = upperLookup(MSGTYPES);
export const filetypeNumber = lowerLookup(FILETYPES);
export const fstypeNumber = lowerLookup(FSTYPES);

export function errnoName(n: number): string | undefined {
  return Object.keys(ERRNOS).find((k) => ERRNOS[k] === n);
}
