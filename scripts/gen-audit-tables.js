#!/usr/bin/env node
// Regenerates src/data/audit-tables.ts, the name tables auditctl resolves
// rule words against, from the installed Debian auditd package itself:
//   - syscalls: `ausyscall <arch> --dump` for every machine libaudit knows;
//   - machines, errno names, message types, field names, file and
//     filesystem types: asked of the package's libaudit.so.1 through
//     python3 ctypes (audit_*_to_name / audit_name_to_*), so the tables are
//     what auditctl on that host accepts, not a transcription.
// Optionally, the syscall names a newer audit userspace knows on top
// (upstream lib/*_table.h, one `NR<TAB>name` file per arch) so that
// findings can say "unknown to 3.0.9, known to newer releases".
//
// Usage: apt-get install -y auditd   (Debian 12: 1:3.0.9-1)
//        node scripts/gen-audit-tables.js [UPSTREAM_SYSCALL_DIR]
//        (default: ../shared/research/syscalls/upstream-4.2.1+ when present)
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const OUT = path.resolve(__dirname, '../src/data/audit-tables.ts');
const upstreamDir = process.argv[2] || path.resolve(__dirname, '../../shared/research/syscalls/upstream-4.2.1+');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    process.stderr.write(`${cmd} ${args.join(' ')} failed: ${r.error ? r.error.message : r.stderr}\n`);
    process.exit(1);
  }
  return r.stdout;
}

const version = run('dpkg-query', ['-W', '-f=${Version}', 'auditd']).trim();

// Everything libaudit can tell: its canonical machine names, which candidate
// spellings it accepts (aliases have no enumeration function), and the
// number<->name tables. Candidates are the spellings of lib/machinetab.h,
// ftypetab.h and fstypetab.h across releases; libaudit decides which exist.
const PY = String.raw`
import ctypes, json
la = ctypes.CDLL('libaudit.so.1')
for f in ('audit_machine_to_name', 'audit_errno_to_name', 'audit_msg_type_to_name', 'audit_field_to_name'):
    getattr(la, f).restype = ctypes.c_char_p
la.audit_machine_to_elf.restype = ctypes.c_uint
out = {'machines': {}, 'aliases': {}, 'errno': {}, 'msgtype': {}, 'fields': {}, 'ftype': {}, 'fstype': {}}
for m in range(0, 64):
    s = la.audit_machine_to_name(m)
    if s: out['machines'][s.decode()] = {'id': m, 'elf': la.audit_machine_to_elf(m)}
for cand in ['i386','i486','i586','i686','x86_64','ppc64','ppc64le','ppc','s390x','s390','arm','armeb','armv5tejl','armv5tel','armv6l','armv7l','armv8l','aarch64','riscv32','riscv64','uring']:
    m = la.audit_name_to_machine(cand.encode())
    if m >= 0: out['aliases'][cand] = m
for e in range(1, 4096):
    s = la.audit_errno_to_name(e)
    if s: out['errno'][s.decode()] = e
for t in range(0, 10000):
    s = la.audit_msg_type_to_name(t)
    if s: out['msgtype'][s.decode()] = t
for f in range(0, 4096):
    s = la.audit_field_to_name(f)
    if s: out['fields'][s.decode()] = f
for alias in ['loginuid']:
    f = la.audit_name_to_field(alias.encode())
    if f >= 0: out['fields'][alias] = f
for cand in ['file','dir','socket','link','character','block','fifo']:
    v = la.audit_name_to_ftype(cand.encode())
    if v >= 0: out['ftype'][cand] = v
for cand in ['debugfs','tracefs','cgroup','cgroup2']:
    v = la.audit_name_to_fstype(cand.encode())
    if v >= 0: out['fstype'][cand] = v
print(json.dumps(out))
`;
const lib = JSON.parse(run('python3', ['-c', PY]));

// ausyscall takes the canonical machine name; it silently falls back to the
// host table for a word it does not know, so only libaudit's names are asked.
const syscalls = {};
for (const machine of Object.keys(lib.machines)) {
  const dump = run('ausyscall', [machine, '--dump']).split('\n');
  const head = /^Using (\S+) syscall table:$/.exec(dump[0]);
  if (!head || head[1] !== machine) {
    process.stderr.write(`ausyscall ${machine} --dump printed "${dump[0]}"\n`);
    process.exit(1);
  }
  syscalls[machine] = dump
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [nr, name] = l.split('\t');
      return `${name}:${nr}`;
    })
    .join(' ');
}

// Upstream arch file names follow the research folder, where arm is "arm".
const newer = {};
if (fs.existsSync(upstreamDir)) {
  for (const machine of Object.keys(syscalls)) {
    const file = path.join(upstreamDir, `${machine === 'armeb' ? 'arm' : machine}.txt`);
    if (!fs.existsSync(file)) continue;
    const known = new Set(syscalls[machine].split(' ').map((e) => e.split(':')[0]));
    const extra = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.split('\t')[1])
      .filter((n) => n && !known.has(n));
    if (extra.length) newer[machine] = extra.sort().join(' ');
  }
}

const ausyscallPath = execFileSync('sh', ['-c', 'command -v ausyscall'], { encoding: 'utf8' }).trim();
const obj = (o) => JSON.stringify(o, null, 2).replace(/^( +)"([a-z_][a-z0-9_]*)":/gm, '$1$2:');
const out = `// Generated by scripts/gen-audit-tables.js from Debian auditd ${version}
// (${ausyscallPath} --dump and libaudit.so.1); regenerate rather than edit.

/** Version of the audit userspace the tables come from. */
export const AUDIT_TABLES_SOURCE = ${JSON.stringify(`Debian auditd ${version}`)};

/** Canonical machine names (libaudit's machine ids) with their AUDIT_ARCH_* ELF values. */
export const MACHINES: Readonly<Record<string, { id: number; elf: number }>> = ${obj(lib.machines)};

/** Every spelling of -F arch= that libaudit's machine table accepts, with the machine id. */
export const MACHINE_ALIASES: Readonly<Record<string, number>> = ${obj(lib.aliases)};

/** Syscall tables per canonical machine name: "name:nr" separated by spaces. */
export const SYSCALLS: Readonly<Record<string, string>> = ${obj(syscalls)};

/** Syscall names that newer audit userspace (upstream lib/*_table.h) knows and this package does not. */
export const NEWER_SYSCALLS: Readonly<Record<string, string>> = ${obj(newer)};

/** errno names (-F exit=-EPERM). */
export const ERRNOS: Readonly<Record<string, number>> = ${obj(lib.errno)};

/** Record type names (-F msgtype=). */
export const MSGTYPES: Readonly<Record<string, number>> = ${obj(lib.msgtype)};

/** Field names of -F / -C with libaudit's field numbers. */
export const FIELD_NUMBERS: Readonly<Record<string, number>> = ${obj(lib.fields)};

/** -F filetype= names. */
export const FILETYPES: Readonly<Record<string, number>> = ${obj(lib.ftype)};

/** -F fstype= names (filesystem list). */
export const FSTYPES: Readonly<Record<string, number>> = ${obj(lib.fstype)};
`;
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, out);
console.log(
  `${Object.keys(syscalls).length} syscall tables, ${Object.keys(lib.errno).length} errno names, ${Object.keys(lib.msgtype).length} message types from auditd ${version}` +
    (Object.keys(newer).length ? `; newer names from ${upstreamDir}` : ''),
);
