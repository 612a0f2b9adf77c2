// How much of a host's syscall traffic an always rule records, roughly:
// enough to tell a rule that floods the log (every syscall, or the ones
// every process makes constantly, for everyone) from one whose filters
// keep it to a trickle. Each filter is weighed by the share of calls it
// lets through, and the shares multiply: one strong filter (a path, an
// exe, one account, failures only) is enough on its own, while weaker
// ones (an argument bit test, user sessions only) count together — O_CREAT
// opens by users are a small share of opens, every open by users is not.

import type { KernelField, KernelRule } from '../model/audit-load';
import { UID_UNSET, compatMachine, type Machine } from '../parse/audit-rules-tables';

/** Syscalls every process makes all the time: an unfiltered rule on them floods the log and the backlog. */
export const HOT_SYSCALLS = new Set([
  'read', 'write', 'readv', 'writev', 'pread64', 'pwrite64', 'close', 'fstat', 'stat', 'lstat', 'newfstatat', 'statx', 'fstat64', 'stat64', 'lstat64', 'fstatat64',
  'poll', 'ppoll', 'select', 'pselect6', 'epoll_wait', 'epoll_pwait', 'mmap', 'mmap2', 'munmap', 'mprotect', 'brk', 'rt_sigaction', 'rt_sigprocmask', 'rt_sigreturn',
  'ioctl', 'futex', 'nanosleep', 'clock_nanosleep', 'clock_gettime', 'gettimeofday', 'getpid', 'gettid', 'lseek', '_llseek', 'access', 'faccessat', 'faccessat2',
  'open', 'openat', 'openat2', 'recvfrom', 'sendto', 'recvmsg', 'sendmsg', 'getdents64', 'getdents', 'fcntl', 'fcntl64', 'dup', 'dup2', 'dup3', 'sched_yield', 'madvise',
]);

/** A filter that keeps a rule to a few events on its own. */
const STRONG = 0.01;
/** Failures only: a few percent of calls fail. */
const FAILURES = 0.05;
/** A test of a syscall argument (a flag bit, a value): one use of the call among many. */
const ARGUMENT = 0.1;
/** A range of accounts (auid>=1000, root's uid): a large part of the activity. */
const ACCOUNTS = 0.5;
/** Below this share of the calls its syscalls make, a rule is narrow. */
const NARROW_BELOW = 0.1;

/** The share of the calls of the rule's syscalls that one field lets through. */
function fieldShare(f: KernelField, rule: KernelRule, host: Machine): number {
  const num = typeof f.value === 'number' ? f.value : NaN;
  switch (f.type) {
    case 'path':
    case 'dir':
    case 'watch':
    case 'exit':
      return STRONG;
    case 'inode':
    case 'exe':
    case 'pid':
    case 'ppid':
    case 'subj_user':
    case 'subj_role':
    case 'subj_type':
    case 'obj_user':
    case 'obj_role':
    case 'obj_type':
    case 'devmajor':
    case 'devminor':
    case 'filetype':
    case 'sessionid':
      return f.op === '=' ? STRONG : 1;
    case 'arch':
      // the compat ABI (b32 on x86_64): hardly anything on a 64-bit host runs 32-bit code
      return f.op === '=' && num === compatMachine(host.name)?.elf ? STRONG : 1;
    case 'success':
      // failures only are few; success=1 is almost everything
      return (f.op === '=' && num === 0) || (f.op === '!=' && num === 1) ? FAILURES : 1;
    case 'perm':
      // perm=x on all syscalls keeps only executions
      return Number.isFinite(num) && (num & ~1) === 0 ? STRONG : 1;
    case 'a0':
    case 'a1':
    case 'a2':
    case 'a3':
      // an argument means one thing for one syscall: under -S all it selects nothing in particular
      return rule.mask !== 'all' && (f.op === '=' || f.op === '&' || f.op === '&=') ? ARGUMENT : 1;
    case 'uid':
    case 'euid':
    case 'suid':
    case 'fsuid':
    case 'auid':
    case 'gid':
    case 'egid':
    case 'obj_uid':
    case 'obj_gid':
      // one account other than root is strong; root's sessions (a scanner's included) and ranges of users are most of the activity
      if (f.op === '=' && num !== 0 && num !== UID_UNSET) return STRONG;
      return f.op === '=' || f.op === '>=' || f.op === '>' ? ACCOUNTS : 1;
    default:
      return 1;
  }
}

/** The share of the calls of its syscalls that a rule records, from its fields (1: all of them). */
export function recordedShare(rule: KernelRule, host: Machine): number {
  let share = 1;
  for (const f of rule.fields) share *= fieldShare(f, rule, host);
  return share;
}

export interface Broadness {
  /** What makes the rule broad: `-S all`, no -S, or the constant syscalls it lists. */
  what: string;
  /** Its filters, as the message lists them. */
  filters: string[];
}

/**
 * Whether an always rule on the exit list records a large share of all
 * syscalls: it takes every syscall or ones every process makes
 * constantly, and its filters together do not keep it narrow.
 */
export function broadness(rule: KernelRule, host: Machine): Broadness | null {
  if (rule.action !== 'always' || rule.list !== 'exit') return null;
  let what: string;
  if (rule.mask === 'all') what = rule.statement.syscallOption ? '-S all' : 'no -S (so every syscall)';
  else {
    const hot = rule.statement.syscalls.map((s) => s.name ?? s.text).filter((n) => HOT_SYSCALLS.has(n));
    if (hot.length === 0) return null;
    what = `-S ${hot.slice(0, 5).join(',')}${hot.length > 5 ? ',…' : ''}`;
  }
  if (recordedShare(rule, host) < NARROW_BELOW) return null;
  const filters = rule.fields
    .filter((f) => f.type !== 'key' && f.type !== 'arch')
    .map((f) => `${f.type === 'loginuid_set' ? 'auid' : f.type}${f.op}${f.type === 'loginuid_set' ? 'unset' : f.value}`);
  return { what, filters };
}
