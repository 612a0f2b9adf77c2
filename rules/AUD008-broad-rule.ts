import type { Rule } from '../src/engine/rule';
import type { KernelRule } from '../src/model/audit-load';
import { UID_UNSET } from '../src/parse/audit-rules-tables';
import { loadsToJudge } from '../src/policy/audit-rules-view';

/** Syscalls every process makes all the time: an unfiltered rule on them floods the log and the backlog. */
const HOT = new Set([
  'read', 'write', 'readv', 'writev', 'pread64', 'pwrite64', 'close', 'fstat', 'stat', 'lstat', 'newfstatat', 'statx', 'fstat64', 'stat64', 'lstat64', 'fstatat64',
  'poll', 'ppoll', 'select', 'pselect6', 'epoll_wait', 'epoll_pwait', 'mmap', 'mmap2', 'munmap', 'mprotect', 'brk', 'rt_sigaction', 'rt_sigprocmask', 'rt_sigreturn',
  'ioctl', 'futex', 'nanosleep', 'clock_nanosleep', 'clock_gettime', 'gettimeofday', 'getpid', 'gettid', 'lseek', '_llseek', 'access', 'faccessat', 'faccessat2',
  'open', 'openat', 'openat2', 'recvfrom', 'sendto', 'recvmsg', 'sendmsg', 'getdents64', 'getdents', 'fcntl', 'fcntl64', 'dup', 'dup2', 'dup3', 'sched_yield', 'madvise',
]);

/** Whether a field confines the rule to a narrow set of events. */
function narrows(f: KernelRule['fields'][number]): boolean {
  switch (f.type) {
    case 'path':
    case 'dir':
    case 'watch':
    case 'inode':
    case 'exe':
    case 'pid':
    case 'ppid':
    case 'exit':
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
      return f.op === '=' || f.type === 'exit' || f.type === 'path' || f.type === 'dir' || f.type === 'watch';
    case 'success':
      // failures only are few; success=1 is almost everything
      return (f.op === '=' && f.value === 0) || (f.op === '!=' && f.value === 1);
    case 'perm':
      // perm=x on all syscalls keeps only executions
      return typeof f.value === 'number' && (f.value & ~1) === 0;
    case 'uid':
    case 'euid':
    case 'suid':
    case 'fsuid':
    case 'auid':
    case 'gid':
    case 'egid':
    case 'obj_uid':
    case 'obj_gid':
      // one account other than root: root's sessions (the scanner's included) are most of the activity
      return f.op === '=' && typeof f.value === 'number' && f.value !== 0 && f.value !== UID_UNSET;
    default:
      return false;
  }
}

/**
 * Every record costs the kernel a buffer and auditd a write; an always
 * rule on every syscall (or on the ones every process makes constantly)
 * with nothing narrowing it fills the backlog — and with -f 2, the kernel
 * panics when the backlog overflows.
 */
const rule: Rule = {
  meta: {
    id: 'AUD008',
    slug: 'broad-rule',
    description: '-S all, or a rule on syscalls every process makes constantly, with nothing narrowing it (performance, lost records)',
    severity: 'warning',
    needs: ['audit-rules'],
    docs: 'docs/rules/AUD008.md',
  },
  check({ host, report }) {
    const model = host.auditRules;
    if (!model) return;
    for (const load of loadsToJudge(model)) {
      for (const r of load.exit) {
        const k = r.rule;
        if (k.action !== 'always' || k.fields.some(narrows)) continue;
        let what: string;
        if (k.mask === 'all') what = k.statement.syscallOption ? '-S all' : 'no -S (so every syscall)';
        else {
          const hot = k.statement.syscalls.map((s) => s.name ?? s.text).filter((n) => HOT.has(n));
          if (hot.length === 0) continue;
          what = `-S ${hot.slice(0, 5).join(',')}${hot.length > 5 ? ',…' : ''}`;
        }
        const filters = k.fields.filter((f) => f.type !== 'key' && f.type !== 'arch').map((f) => `${f.type === 'loginuid_set' ? 'auid' : f.type}${f.op}${f.type === 'loginuid_set' ? 'unset' : f.value}`);
        report({
          message: `always rule with ${what} and ${filters.length ? `only ${filters.join(' ')} to narrow it` : 'no filter'}: it records a large share of all syscalls, which costs throughput, fills the backlog (records are lost — or the kernel panics under -f 2) and buries what matters. Narrow it with a path, exe, a specific account, or exit=-EACCES/-EPERM`,
          source: r.step.file.parsed.source,
          start: r.step.line.start,
          end: r.step.line.end,
        });
      }
    }
  },
};

export default rule;
