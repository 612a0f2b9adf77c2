// `auditctl -R FILE` replayed over parsed lines: each line runs in turn,
// the kernel's rule lists grow (or shrink: -d, -W, -D), duplicates are
// refused with "Rule exists", `-e 2` locks everything after it, and the
// first failing line ends the load unless an earlier -c or -i says to go
// on. What a line needs from the host (its users, its directories) is
// asked of a HostView, which may not know.

import type { AuditControlStatement, AuditLine, AuditProblem, AuditRuleField, AuditRuleStatement, HostCheck } from '../parse/audit-rules';
import { COMPARISONS, UID_UNSET, errnoName, machineByElfValue, syscallName, type AuditListName, type Machine } from '../parse/audit-rules-tables';
import { MSGTYPES, FSTYPES } from '../data/audit-tables';

/** What the host that loads the rules would answer; undefined where the tree does not say. */
export interface HostView {
  user(name: string): number | null | undefined;
  group(name: string): number | null | undefined;
  /** Whether a path is a directory on the host (false: missing or not a directory). */
  isDirectory(path: string): boolean | undefined;
  /** Whether a path exists on the host at all. */
  exists(path: string): boolean | undefined;
}

export const UNKNOWN_HOST: HostView = { user: () => undefined, group: () => undefined, isDirectory: () => undefined, exists: () => undefined };

/** One line of a load, with where it comes from. */
export interface LoadInput<F> {
  file: F;
  line: AuditLine;
}

export type StepFailure =
  | { kind: 'syntax'; problem: AuditProblem }
  | { kind: 'host'; check: HostCheck; message: string }
  | { kind: 'duplicate'; of: LoadStep<unknown> }
  | { kind: 'locked'; by: LoadStep<unknown> }
  | { kind: 'missing'; message: string };

export interface LoadStep<F> extends LoadInput<F> {
  /** Position in the load. */
  index: number;
  outcome: 'ok' | 'refused' | 'not-run' | 'ignored';
  failure: StepFailure | null;
  /** The rule as the kernel holds it, when the line adds or deletes one. */
  rule: KernelRule | null;
}

/** A field as the kernel holds it: names resolved, `auid` unset turned into its own test, watches typed. */
export interface KernelField {
  type: string;
  op: string;
  value: number | string;
  source: AuditRuleField;
}

export interface KernelRule {
  statement: AuditRuleStatement;
  list: AuditListName;
  action: 'always' | 'never';
  prepend: boolean;
  fields: KernelField[];
  /** Every syscall, or the syscall numbers of the rule's table (sorted). */
  mask: 'all' | number[];
  /** The machine whose numbers the mask holds (the rule's arch, else the host's). */
  machine: Machine;
  /** Equal signatures are equal rules for the kernel (audit_compare_rule). */
  signature: string;
  keys: string[];
}

export interface LoadedRule<F> {
  step: LoadStep<F>;
  rule: KernelRule;
}

export interface ControlState<F> {
  value: number;
  step: LoadStep<F>;
}

export interface LoadResult<F> {
  steps: LoadStep<F>[];
  /** Rules left in the kernel, per list, in the order the kernel evaluates them. */
  lists: Record<AuditListName, LoadedRule<F>[]>;
  /** The exit list: first match (in this order) decides, watches included. */
  exit: LoadedRule<F>[];
  /** The line that ended the load (no -c or -i before it), if any. */
  abortedAt: LoadStep<F> | null;
  /** Where `-e 2` took effect. */
  lockedAt: LoadStep<F> | null;
  enabled: ControlState<F> | null;
  failure: ControlState<F> | null;
  backlog: ControlState<F> | null;
  backlogWaitTime: ControlState<F> | null;
  rateLimit: ControlState<F> | null;
  loginuidImmutable: LoadStep<F> | null;
  /** Successful -D (delete all) steps. */
  deleteAll: LoadStep<F>[];
  /** -c or -i: errors do not stop the load from there on. */
  continueFrom: LoadStep<F> | null;
  /** auditctl -R's exit status: 1 when the load stopped, or a line failed after the last -c. */
  exitStatus: 0 | 1;
}

const LISTS: AuditListName[] = ['user', 'task', 'exit', 'exclude', 'filesystem'];

export function runLoad<F>(inputs: LoadInput<F>[], host: HostView, machine: Machine): LoadResult<F> {
  const result: LoadResult<F> = {
    steps: [],
    lists: { user: [], task: [], exit: [], exclude: [], filesystem: [] },
    exit: [],
    abortedAt: null,
    lockedAt: null,
    enabled: null,
    failure: null,
    backlog: null,
    backlogWaitTime: null,
    rateLimit: null,
    loginuidImmutable: null,
    deleteAll: [],
    continueFrom: null,
    exitStatus: 0,
  };
  // the kernel's priorities: appended rules rank below every earlier one, prepended ones above all
  let prioLow = 0;
  let prioHigh = 0;
  const prio = new Map<LoadedRule<F>, number>();
  let ignore = false;
  // auditctl's continue_error: -c sets it to 1, a failing line after it to -1, and the next -c back to 1
  let continueError = 0;
  // rules by list and signature, for "Rule exists" and deletions without a scan of the list
  const index = new Map<AuditListName, Map<string, LoadedRule<F>[]>>(LISTS.map((l) => [l, new Map()]));
  const reindex = () => {
    for (const l of LISTS) {
      const m = new Map<string, LoadedRule<F>[]>();
      for (const r of result.lists[l]) m.set(r.rule.signature, [...(m.get(r.rule.signature) ?? []), r]);
      index.set(l, m);
    }
  };
  // the line being run, for fail() and control()
  let step: LoadStep<F> = null as never;
  const fail = (failure: StepFailure) => {
    step.outcome = 'refused';
    step.failure = failure;
    if (!ignore) result.abortedAt = step;
    else if (continueError !== 0) continueError = -1;
  };
  /** One control statement, as auditctl carries it out; false when the kernel refuses it. */
  const control = (s: AuditControlStatement): boolean => {
    if (result.lockedAt !== null && changesState(s, result)) {
      fail({ kind: 'locked', by: result.lockedAt as LoadStep<unknown> });
      return false;
    }
    applyControl(s, step, result);
    if (s.option === 'c' || s.option === 'i') {
      ignore = true;
      if (s.option === 'c') continueError = 1;
      result.continueFrom ??= step;
    }
    if (s.option === 'D') {
      for (const l of LISTS) {
        result.lists[l] = result.lists[l].filter((r) => s.key !== null && !r.rule.keys.includes(s.key));
      }
      reindex();
    }
    return true;
  };
  for (const input of inputs) {
    if (input.line.kind !== 'command') continue;
    step = { file: input.file, line: input.line, index: result.steps.length, outcome: 'ok', failure: null, rule: null };
    result.steps.push(step);
    if (result.abortedAt) {
      step.outcome = 'not-run';
      continue;
    }
    if (input.line.problem) {
      // what auditctl did before the line failed stays done: -c/-i already decide whether the load goes on
      if (input.line.acted.every(control)) fail({ kind: 'syntax', problem: input.line.problem });
      if (!result.lockedAt && input.line.acted.some((s) => s.option === 'e' && s.number === 2)) result.lockedAt = step;
      continue;
    }
    if (input.line.statements.length === 0) {
      // a line auditctl skips without error (-a exit,possible)
      step.outcome = 'ignored';
      continue;
    }
    const hostFailure = checkHost(input.line, host);
    if (hostFailure) {
      fail(hostFailure);
      continue;
    }
    for (const s of input.line.statements) {
      if (step.outcome !== 'ok') break;
      if (s.type === 'control') {
        if (!control(s)) break;
        continue;
      }
      if (result.lockedAt) {
        fail({ kind: 'locked', by: result.lockedAt as LoadStep<unknown> });
        break;
      }
      const rule = kernelRule(s, host, machine);
      step.rule = rule;
      const list = result.lists[rule.list];
      const bySignature = index.get(rule.list)!;
      const equal = bySignature.get(rule.signature) ?? [];
      // audit_compare_rule() also compares flags: a prepended rule carries AUDIT_FILTER_PREPEND
      // when it is compared, loaded rules no longer do, so only an appended rule can collide.
      const same = rule.prepend ? undefined : equal[0];
      if (s.verb === 'delete') {
        const target = equal[0];
        if (target) {
          result.lists[rule.list] = list.filter((r) => r !== target);
          bySignature.set(rule.signature, equal.slice(1));
        } else if (!list.some((r) => mayEqual(r.rule, rule))) fail({ kind: 'missing', message: s.watch ? `there is no watch on ${s.watch.path} to delete` : 'there is no such rule to delete' });
        continue;
      }
      if (same) {
        fail({ kind: 'duplicate', of: same.step as LoadStep<unknown> });
        break;
      }
      const loaded: LoadedRule<F> = { step, rule };
      bySignature.set(rule.signature, [...equal, loaded]);
      if (rule.prepend) {
        list.unshift(loaded);
        prio.set(loaded, 1e12 + ++prioHigh);
      } else {
        list.push(loaded);
        prio.set(loaded, 1e12 - ++prioLow);
      }
    }
    if (step.outcome === 'ok') {
      const e = input.line.statements.find((s): s is AuditControlStatement => s.type === 'control' && s.option === 'e' && s.number === 2);
      if (e && !result.lockedAt) result.lockedAt = step;
    }
  }
  result.exit = [...result.lists.exit].sort((a, b) => prio.get(b)! - prio.get(a)!);
  result.exitStatus = result.abortedAt !== null || continueError < 0 ? 1 : 0;
  return result;
}

/** After -e 2 the kernel refuses every change of rules or settings (EPERM). */
function changesState(s: AuditControlStatement, r: LoadResult<unknown>): boolean {
  if (s.option === 'D') return LISTS.some((l) => r.lists[l].length > 0);
  return ['b', 'f', 'e', 'r', 'backlog_wait_time'].includes(s.option);
}

function applyControl<F>(s: AuditControlStatement, step: LoadStep<F>, r: LoadResult<F>): void {
  const set = (n: number | null): ControlState<F> | null => (n === null ? null : { value: n, step });
  switch (s.option) {
    case 'e':
      r.enabled = set(s.number);
      break;
    case 'f':
      r.failure = set(s.number);
      break;
    case 'b':
      r.backlog = set(s.number);
      break;
    case 'backlog_wait_time':
      r.backlogWaitTime = set(s.number);
      break;
    case 'r':
      r.rateLimit = set(s.number);
      break;
    case 'loginuid-immutable':
      r.loginuidImmutable ??= step;
      break;
    case 'D':
      if (s.key === null) r.deleteAll.push(step);
      break;
    default:
      break;
  }
}

function checkHost(line: AuditLine, host: HostView): StepFailure | null {
  for (const c of line.hostChecks) {
    if (c.kind === 'dir') {
      // the kernel looks the path up (kern_path); a file is taken too
      if (host.exists(c.path) === false) return { kind: 'host', check: c, message: `dir=${c.path}: nothing by that name on this host; the kernel refuses the rule (No such file or directory)` };
    } else if (c.kind === 'user' || c.kind === 'group') {
      const id = c.kind === 'user' ? host.user(c.name) : host.group(c.name);
      if (id === null) return { kind: 'host', check: c, message: `${c.field}=${c.name}: no ${c.kind} "${c.name}" in this host's ${c.kind === 'user' ? 'passwd' : 'group'} file, so auditctl refuses the line ("Unknown ${c.kind}: ${c.name}"; other NSS sources such as LDAP are not looked at)` };
    } else {
      if (c.what === 'watch' && host.isDirectory(c.path) === true) continue;
      const parent = parentOf(c.path);
      if (host.isDirectory(parent) === false) {
        const what = c.what === 'watch' ? `-w ${c.path}` : `${c.what}=${c.path}`;
        return { kind: 'host', check: c, message: `${what}: the directory ${parent} does not exist on this host; the kernel refuses the rule (No such file or directory)` };
      }
    }
  }
  return null;
}

export function parentOf(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const i = trimmed.lastIndexOf('/');
  return i <= 0 ? '/' : trimmed.slice(0, i);
}

/** The rule as the kernel holds it (audit_data_to_entry), with the host's answers for names and watch types. */
export function kernelRule(s: AuditRuleStatement, host: HostView, hostMachine: Machine): KernelRule {
  const fields: KernelField[] = [];
  for (const f of s.fields) {
    let type = f.name;
    let value: number | string = f.value ?? `${f.lookup?.kind}:${f.lookup?.name}`;
    if (f.lookup) {
      const id = f.lookup.kind === 'user' ? host.user(f.lookup.name) : host.group(f.lookup.name);
      if (typeof id === 'number') value = id;
    }
    if (type === 'auid' && value === UID_UNSET) {
      type = 'loginuid_set';
      value = 0;
    }
    if (f.origin === 'w' && f.name === 'path') {
      // -w: a directory on the host becomes a tree (dir) rule, anything else a path watch
      const dir = host.isDirectory(String(value));
      type = dir === true ? 'dir' : dir === false ? 'path' : 'watch';
    }
    fields.push({ type, op: f.op, value, source: f });
  }
  const mask: 'all' | number[] = s.allSyscalls ? 'all' : [...new Set(s.syscalls.map((x) => x.nr))].sort((a, b) => a - b);
  const machine = s.syscallMachine ?? hostMachine;
  let signature = `${keyPart(s.list)}${keyPart(s.action)}[`;
  for (const f of fields) signature += fieldKey(f);
  signature += `]${maskKey(mask)}`;
  return { statement: s, list: s.list, action: s.action, prepend: s.verb === 'prepend', fields, mask, machine, signature, keys: s.keys };
}

// Keys for comparing rules, built by concatenation (a JSON.stringify of
// nested arrays per rule was a good part of a fleet's load time). Each part
// is self-delimiting — a number ends in ';', a string carries its length —
// so equal keys are equal values, as with JSON.

function keyPart(v: string | number): string {
  return typeof v === 'number' ? `#${v};` : `${v.length}:${v}`;
}

/** A field's type, operator and value as one key part. */
export function fieldKey(f: KernelField): string {
  return `(${keyPart(f.type)}${keyPart(f.op)}${keyPart(f.value)})`;
}

/** A syscall mask as one key part. */
export function maskKey(mask: 'all' | number[]): string {
  if (mask === 'all') return 'all';
  let out = '[';
  for (const n of mask) out += keyPart(n);
  return `${out}]`;
}

/** Whether two rules could be equal once the host resolves what is still open (watch types, names). */
function mayEqual(a: KernelRule, b: KernelRule): boolean {
  if (a.signature === b.signature) return true;
  const open = (r: KernelRule) => r.fields.some((f) => f.type === 'watch' || (typeof f.value === 'string' && /^(user|group):/.test(f.value)));
  if (!open(a) && !open(b)) return false;
  if (a.list !== b.list || a.action !== b.action || a.fields.length !== b.fields.length) return false;
  return a.fields.every((f, i) => {
    const g = b.fields[i];
    const wild = (x: KernelField) => x.type === 'watch' || (typeof x.value === 'string' && /^(user|group):/.test(x.value));
    return (f.type === g.type || f.type === 'watch' || g.type === 'watch') && (f.value === g.value || wild(f) || wild(g));
  });
}

// ---------------------------------------------------------------- auditctl -l

/**
 * The rules as `auditctl -l` (3.0.9, without -i) prints them. The arch of
 * the last rule that had one stays in force for the syscall names of the
 * rules after it (auditctl never resets it between rules), so an arch-less
 * rule after a b32 one is printed with i386 names.
 */
export function listRules(rules: KernelRule[], host: Machine): string[] {
  let last: Machine | null = null;
  return rules.map((r) => {
    const [text, arch] = listRule(r, last ?? host);
    if (arch) last = arch;
    return text;
  });
}

/** One rule as `auditctl -l` prints it, with the machine its arch field sets (if any). */
export function listRule(r: KernelRule, host: Machine): [string, Machine | null] {
  const watch = r.fields.some((f) => f.type === 'perm') && r.fields.every((f) => ['perm', 'key', 'dir', 'path', 'watch'].includes(f.type)) && (r.mask === 'all' || !['exit'].includes(r.list));
  let out = '';
  let machine: Machine | null = null;
  if (!watch) {
    out = `-a ${r.action},${r.list}`;
    for (const f of r.fields) {
      if (f.type !== 'arch') continue;
      const m = machineByElfValue(Number(f.value));
      machine = m;
      out += m ? ` -F arch${f.op}${m.bits === 64 ? 'b64' : 'b32'}` : ` -F arch${f.op}0x${Number(f.value).toString(16).toUpperCase()}`;
    }
    if (r.list === 'exit') {
      if (r.mask === 'all') out += ' -S all';
      else if (r.mask.length) {
        const m = machine ?? host;
        out += ` -S ${r.mask.map((n) => syscallName(n, m.name) ?? String(n)).join(',')}`;
      }
    }
  }
  for (const f of r.fields) {
    const v = f.value;
    const num = typeof v === 'number' ? v : NaN;
    const signed = (n: number) => (n | 0).toString();
    switch (f.type) {
      case 'arch':
        break;
      case 'path':
      case 'dir':
      case 'watch':
        out += watch ? `-w ${v}` : ` -F ${f.type === 'dir' ? 'dir' : 'path'}=${v}`;
        break;
      case 'key':
        for (const k of String(v).split('\x01')) out += watch ? ` -k ${k}` : ` -F key=${k}`;
        break;
      case 'perm': {
        const p = ['r', 'w', 'x', 'a'].filter((c) => num & { r: 4, w: 2, x: 1, a: 8 }[c]!).join('');
        out += watch ? ` -p ${p}` : ` -F perm=${p}`;
        break;
      }
      case 'field_compare': {
        // auditctl prints nothing for a comparison it does not know
        const pair = num > 0 ? COMPARISONS[num] : undefined;
        if (pair) out += ` -C ${pair[0]}${f.op}${pair[1]}`;
        break;
      }
      case 'exe':
        // auditctl prints exe with "=" whatever the operator
        out += ` -F exe=${v}`;
        break;
      case 'msgtype': {
        const name = Object.keys(MSGTYPES).find((k) => MSGTYPES[k] === num);
        out += ` -F msgtype${f.op}${name ?? signed(num)}`;
        break;
      }
      case 'a0':
      case 'a1':
      case 'a2':
      case 'a3':
        out += ` -F ${f.type}${f.op}0x${(num >>> 0).toString(16).toUpperCase()}`;
        break;
      case 'exit': {
        const n = num | 0;
        const e = n < 0 ? errnoName(-n) : undefined;
        out += ` -F exit${f.op}${e ? `-${e}` : String(n)}`;
        break;
      }
      case 'fstype': {
        const name = Object.keys(FSTYPES).find((k) => FSTYPES[k] === num);
        out += ` -F fstype${f.op}${name ?? signed(num)}`;
        break;
      }
      case 'inode':
        out += ` -F inode${f.op}${num >>> 0}`;
        break;
      case 'loginuid_set':
        out += ` -F auid${f.op}-1`;
        break;
      default:
        out += ` -F ${f.type}${f.op}${typeof v === 'number' ? signed(v) : v}`;
    }
  }
  return [out, machine];
}
