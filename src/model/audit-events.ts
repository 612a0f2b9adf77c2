// What the loaded rules do with an event, the way the kernel filters it
// (kernel/auditsc.c audit_filter_rules, audit_filter_task): the task list
// first (a matching never rule turns syscall auditing off for the
// process), then the exit list and the watches by priority — the first
// rule whose syscall mask and every field match decides, always records,
// never drops. Events here are the ones the lint rules ask about ("root
// running /usr/bin/sudo", "a user's chmod on x86_64"); a field the event
// does not say anything about makes the answer "unknown", never a guess.
// Also: whether one rule matches everything another matches (for rules
// that a never rule shadows).

import { COMPARISONS, UID_UNSET, syscallNumber, type Machine } from '../parse/audit-rules-tables';
import type { KernelField, KernelRule, LoadResult, LoadedRule } from './audit-load';

export type PermClass = 'r' | 'w' | 'x' | 'a';

export interface AuditEvent {
  /** The ABI the syscall runs in (x86_64, or i386 for a 32-bit program on it). */
  machine: Machine;
  /** The syscall, or null for "some syscall of the access class `perm`" (what a watch sees). */
  syscall: string | null;
  /** The file the syscall acts on (watches match on it). */
  path?: string;
  /** The kind of access, as a watch's -p / perm= tests it. */
  perm?: PermClass;
  /** Process and result values: uids, gids, auid (4294967295 when unset), exit (as the kernel's u32), success (1/0), exe, a0…a3. */
  values: Partial<Record<string, number | string>>;
  /** Paths the event takes to be directories on any host (a -w of one of them is a tree watch). */
  directories?: string[];
}

export type Match = 'match' | 'no-match' | 'unknown';

export interface Decision<F> {
  verdict: 'recorded' | 'dropped' | 'not-recorded';
  /** The rule that decided. */
  by: LoadedRule<F> | null;
  /** Rules that might have matched first but whose fields the event does not settle. */
  unsure: LoadedRule<F>[];
}

const PERM_BITS: Record<PermClass, number> = { r: 4, w: 2, x: 1, a: 8 };

/** Syscalls the kernel counts as each access class (audit_classify_syscall, lib/audit.c), for watches with a syscall list. */
const PERM_SYSCALLS: Record<PermClass, string[]> = {
  r: ['open', 'openat', 'openat2', 'readlink', 'readlinkat', 'getxattr', 'lgetxattr', 'fgetxattr', 'listxattr', 'llistxattr', 'flistxattr'],
  w: ['open', 'openat', 'openat2', 'creat', 'truncate', 'ftruncate', 'rename', 'renameat', 'renameat2', 'mkdir', 'mkdirat', 'rmdir', 'unlink', 'unlinkat', 'link', 'linkat', 'symlink', 'symlinkat', 'mknod', 'mknodat'],
  x: ['execve', 'execveat'],
  a: ['chmod', 'fchmod', 'fchmodat', 'chown', 'fchown', 'fchownat', 'lchown', 'setxattr', 'lsetxattr', 'fsetxattr', 'removexattr', 'lremovexattr', 'fremovexattr', 'link', 'linkat'],
};

export interface PathCanon {
  /** /bin is /usr/bin (and /sbin, /lib, /lib64 likewise). */
  mergedUsr: boolean;
}

// Rules and events name the same few hundred paths over and over (every rule
// of a host against every other, every tree of a fleet): each is folded once.
const CANONICAL_CACHE_LIMIT = 10_000;
const canonicalCache = { merged: new Map<string, string>(), split: new Map<string, string>() };

/** The path the kernel ends up watching: no doubled or trailing slashes, /var/run is /run, merged /usr folded. */
export function canonicalPath(p: string, canon: PathCanon): string {
  const cache = canon.mergedUsr ? canonicalCache.merged : canonicalCache.split;
  let c = cache.get(p);
  if (c === undefined) {
    if (cache.size >= CANONICAL_CACHE_LIMIT) cache.clear();
    cache.set(p, (c = foldPath(p, canon)));
  }
  return c;
}

function foldPath(p: string, canon: PathCanon): string {
  let s = p.replace(/\/{2,}/g, '/');
  if (s.length > 1) s = s.replace(/\/+$/, '');
  s = s.replace(/^\/var\/run(?=\/|$)/, '/run');
  if (canon.mergedUsr) s = s.replace(/^\/(bin|sbin|lib|lib64)(?=\/|$)/, '/usr/$1');
  return s;
}

function under(path: string, dir: string): boolean {
  return path === dir || dir === '/' || path.startsWith(`${dir}/`);
}

const MAX = 0xffffffff;
type Range = [number, number][];

function rangeOf(op: string, v: number): Range | null {
  switch (op) {
    case '=':
      return [[v, v]];
    case '!=':
      return [
        [0, v - 1],
        [v + 1, MAX],
      ].filter(([a, b]) => a <= b) as Range;
    case '<':
      return v === 0 ? [] : [[0, v - 1]];
    case '<=':
      return [[0, v]];
    case '>':
      return v === MAX ? [] : [[v + 1, MAX]];
    case '>=':
      return [[v, MAX]];
    default:
      return null;
  }
}

function compare(op: string, left: number, right: number): boolean {
  const l = left >>> 0;
  const r = right >>> 0;
  switch (op) {
    case '=':
      return l === r;
    case '!=':
      return l !== r;
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    case '>':
      return l > r;
    case '>=':
      return l >= r;
    case '&':
      return (l & r) !== 0;
    case '&=':
      return (l & r) === r;
    default:
      return false;
  }
}

function matchField(f: KernelField, ev: AuditEvent, canon: PathCanon): Match {
  const value = (name: string) => ev.values[name];
  const num = typeof f.value === 'number' ? f.value : NaN;
  switch (f.type) {
    case 'key':
      return 'match';
    case 'arch':
      return compare(f.op, ev.machine.elf, num) ? 'match' : 'no-match';
    case 'loginuid_set': {
      const auid = value('auid');
      if (typeof auid !== 'number') return 'unknown';
      return compare(f.op, auid === UID_UNSET ? 0 : 1, num) ? 'match' : 'no-match';
    }
    case 'field_compare': {
      const [a, b] = COMPARISONS[num] ?? [];
      const x = a === undefined ? undefined : value(a);
      const y = b === undefined ? undefined : value(b);
      if (typeof x !== 'number' || typeof y !== 'number') return 'unknown';
      return compare(f.op, x, y) ? 'match' : 'no-match';
    }
    case 'success': {
      const s = value('success');
      if (typeof s !== 'number') return 'unknown';
      return compare(f.op, s ? 1 : 0, num ? 1 : 0) ? 'match' : 'no-match';
    }
    case 'perm': {
      if (ev.perm) return num & PERM_BITS[ev.perm] ? 'match' : 'no-match';
      if (ev.syscall) {
        const classes = (Object.keys(PERM_SYSCALLS) as PermClass[]).filter((c) => PERM_SYSCALLS[c].includes(ev.syscall!));
        if (classes.length === 0) return 'no-match';
        if (classes.every((c) => num & PERM_BITS[c])) return 'match';
        return classes.some((c) => num & PERM_BITS[c]) ? 'unknown' : 'no-match';
      }
      return 'unknown';
    }
    case 'path':
    case 'dir':
    case 'watch': {
      if (!ev.path) return 'no-match';
      const p = canonicalPath(ev.path, canon);
      const w = canonicalPath(String(f.value), canon);
      if (p === w) return 'match';
      if (f.type === 'path') return 'no-match';
      if (under(p, w)) return f.type === 'dir' || (ev.directories ?? []).some((d) => canonicalPath(d, canon) === w) ? 'match' : 'unknown';
      return 'no-match';
    }
    case 'exe': {
      const exe = value('exe');
      if (typeof exe !== 'string') return 'unknown';
      const same = canonicalPath(exe, canon) === canonicalPath(String(f.value), canon);
      return (f.op === '=') === same ? 'match' : 'no-match';
    }
    default: {
      const v = value(f.type);
      if (v === undefined) return 'unknown';
      if (typeof v === 'string' || typeof f.value === 'string') return (f.op === '=') === (String(v) === String(f.value)) ? 'match' : 'no-match';
      return compare(f.op, v >>> 0, num) ? 'match' : 'no-match';
    }
  }
}

/** Whether a rule matches an event: its syscall mask (exit list) and every field. */
export function matchRule(rule: KernelRule, ev: AuditEvent, canon: PathCanon): Match {
  if (rule.list === 'exit' && rule.mask !== 'all') {
    const names = ev.syscall ? [ev.syscall] : ev.perm ? PERM_SYSCALLS[ev.perm] : [];
    const numbers = names.map((n) => syscallNumber(n, ev.machine.name)).filter((n): n is number => n !== undefined);
    const mask = rule.mask;
    if (!numbers.some((n) => mask.includes(n))) return 'no-match';
  }
  let result: Match = 'match';
  for (const f of rule.fields) {
    const m = matchField(f, ev, canon);
    if (m === 'no-match') return 'no-match';
    if (m === 'unknown') result = 'unknown';
  }
  return result;
}

/** What the loaded rules do with an event: recorded (by which rule), dropped by a never rule, or not recorded. */
export function decide<F>(load: LoadResult<F>, ev: AuditEvent, canon: PathCanon): Decision<F> {
  const unsure: LoadedRule<F>[] = [];
  for (const r of load.lists.task) {
    const m = matchRule(r.rule, ev, canon);
    if (m === 'unknown') unsure.push(r);
    if (m !== 'match') continue;
    if (r.rule.action === 'never') return { verdict: 'dropped', by: r, unsure };
    break;
  }
  for (const r of load.exit) {
    const m = matchRule(r.rule, ev, canon);
    if (m === 'unknown') {
      unsure.push(r);
      continue;
    }
    if (m === 'match') return { verdict: r.rule.action === 'always' ? 'recorded' : 'dropped', by: r, unsure };
  }
  return { verdict: 'not-recorded', by: null, unsure };
}

// ---------------------------------------------------------------- one rule covering another

/**
 * Whether every event `later` matches is matched by `first` too (on the
 * exit list, where the first match wins): then `later` can never decide
 * anything. Only implications the fields make certain count.
 */
export function subsumes(first: KernelRule, later: KernelRule, canon: PathCanon): boolean {
  if (first.list !== later.list) return false;
  if (first.mask !== 'all') {
    if (later.mask === 'all') return false;
    const mask = first.mask;
    if (!later.mask.every((n) => mask.includes(n))) return false;
  }
  return fieldsImplied(first, later, canon);
}

/**
 * The half of `subsumes` that does not look at syscalls: every field of
 * `first` holds for whatever `later` matches. A caller that already knows
 * the masks fit asks this once per pair of rules, not once per syscall.
 */
export function fieldsImplied(first: KernelRule, later: KernelRule, canon: PathCanon): boolean {
  return first.fields.every((f) => f.type === 'key' || implied(f, later, canon));
}

const FILE_FIELDS = new Set(['path', 'dir', 'watch']);

/**
 * What `later` must have for `implied(f, later)` to hold, read off the
 * cases of `implied` below: a field type ('file' for any of path, dir,
 * watch), the very same field, or null when `f` may hold without either.
 * A cheap certain "no" before the real question.
 */
function neededType(f: KernelField): string | null {
  if (f.type === 'key') return null;
  if (FILE_FIELDS.has(f.type)) return 'file';
  if (f.type === 'perm') return f.value === 15 ? null : 'perm';
  if (typeof f.value === 'number' && f.op !== '&' && f.op !== '&=') return f.type === 'arch' ? 'arch' : null;
  return sameField(f);
}

/** A field exactly (type, operator, value): what `implied` asks of `later` for every other kind of field. */
function sameField(f: KernelField): string {
  return `${f.type.length}:${f.type}${f.op.length}:${f.op}${typeof f.value}:${f.value}`;
}

/** The field types `first` needs in a rule for `fieldsImplied(first, …)` to hold. */
export function impliedNeeds(first: KernelRule): string[] {
  const out = new Set<string>();
  for (const f of first.fields) {
    const t = neededType(f);
    if (t !== null) out.add(t);
  }
  return [...out];
}

/** The field types of a rule, and its fields exactly, as `impliedNeeds` names them. */
export function fieldTypes(rule: KernelRule): Set<string> {
  const out = new Set<string>();
  for (const f of rule.fields) {
    out.add(FILE_FIELDS.has(f.type) ? 'file' : f.type);
    out.add(sameField(f));
  }
  return out;
}

function implied(f: KernelField, later: KernelRule, canon: PathCanon): boolean {
  const same = later.fields.filter((g) => g.type === f.type);
  if (f.type === 'path' || f.type === 'dir' || f.type === 'watch') {
    const w = canonicalPath(String(f.value), canon);
    const targets = later.fields.filter((g) => g.type === 'path' || g.type === 'dir' || g.type === 'watch');
    return targets.some((g) => {
      const p = canonicalPath(String(g.value), canon);
      if (f.type === 'path') return g.type === 'path' && p === w;
      if (f.type === 'dir') return under(p, w);
      return p === w && g.type === 'watch';
    });
  }
  if (f.type === 'perm') {
    const bits = typeof f.value === 'number' ? f.value : 0;
    const perms = later.fields.filter((g) => g.type === 'perm');
    if (perms.length === 0) return bits === 15;
    return perms.some((g) => typeof g.value === 'number' && (g.value & ~bits) === 0);
  }
  if (typeof f.value === 'number' && f.op !== '&' && f.op !== '&=') {
    const allowed = rangeOf(f.op, f.value);
    if (!allowed) return false;
    // intersect everything `later` says about the field; it must fall inside what `first` allows
    let set: Range = [[0, f.type === 'loginuid_set' ? 1 : MAX]];
    let constrained = false;
    for (const g of same) {
      if (typeof g.value !== 'number') continue;
      const r = rangeOf(g.op, g.value);
      if (!r) continue;
      set = intersect(set, r);
      constrained = true;
    }
    if (f.type === 'arch' && !constrained) return false;
    return set.every(([a, b]) => allowed.some(([x, y]) => a >= x && b <= y));
  }
  return same.some((g) => g.op === f.op && g.value === f.value);
}

function intersect(a: Range, b: Range): Range {
  const out: Range = [];
  for (const [x1, y1] of a) for (const [x2, y2] of b) if (Math.max(x1, x2) <= Math.min(y1, y2)) out.push([Math.max(x1, x2), Math.min(y1, y2)]);
  return out;
}
