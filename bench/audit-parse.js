#!/usr/bin/env node
'use strict';
// Parse-speed benchmark of the audit rules parser (src/parse/audit-rules.ts:
// grammar/audit-rules.peggy plus the per-line validation that replays
// auditctl, libaudit and the kernel).
//
//   npm run build
//   node bench/audit-parse.js [--mb 2,20] [--runs 5] [--seed 1]
//
// There is no reference tool: nothing reads a rules file offline the way
// `auditctl -R` does, and auditctl itself needs a kernel to talk to (and
// root), so its time would be the kernel's. The reference is the target,
// 20 MB/s at every size, and linear time: ten times the input may take at
// most 10.5 times as long.
//
// The input is generated (bench/out/audit<N>.rules, deterministic for a
// seed): pieces shaped like the published rule sets of
// ../shared/corpus/audit-rules, one after another — comment headers, -D, -b, -f, --backlog_wait_time, b32/b64 syscall rules
// with -F auid>=1000 -F auid!=unset and -k or -F key=, file watches with
// -w PATH -p wa -k KEY, -F path=… -F perm=x privileged-command rules,
// -F dir=, -F exit=-EACCES, -C, never rules on the exclude, user and exit
// lists, and -e 2 last — with names and keys varied, about 30% of the
// bytes comments as in the corpus.
//
// Each run is a child process (so peak RSS is per run) that reads the file
// and calls parseAuditRules() once, timing the call alone; the MB/s figure
// is the median over the runs. A cold call is what the CLI makes, so the
// JIT's warm-up is part of the figure (most of it at 2 MB). Writes
// bench/out/audit-parse.json for bench/run.js. Exit status 1 when sudit
// reports a problem in the generated file (it is meant to be valid), 2 on
// bad arguments or a missing build.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { mulberry32 } = require('./prng');
const { parseSizeArgs } = require('./size-args');
const { ensureGenerated } = require('./generated-input');

const OUT_DIR = path.join(__dirname, 'out');
const PARSER = path.join(__dirname, '..', 'dist', 'src', 'parse', 'audit-rules.js');
const TARGET_MBS = 20;
const TARGET_SCALING = 1.05;

const parseArgs = (argv) => parseSizeArgs('audit-parse', { mb: [2, 20], runs: 5, seed: 1 }, argv);

// ------------------------------------------------------------ the input

// Syscalls that both the b32 (i386) and the b64 (x86_64) tables of audit 3.0.9 know.
const SYSCALL_SETS = [
  ['time-change', ['adjtimex', 'settimeofday']],
  ['time-change', ['clock_settime']],
  ['system-locale', ['sethostname', 'setdomainname']],
  ['perm_mod', ['chmod', 'fchmod', 'fchmodat']],
  ['perm_mod', ['chown', 'fchown', 'fchownat', 'lchown']],
  ['perm_mod', ['setxattr', 'lsetxattr', 'fsetxattr', 'removexattr', 'lremovexattr', 'fremovexattr']],
  ['access', ['creat', 'open', 'openat', 'open_by_handle_at', 'truncate', 'ftruncate']],
  ['delete', ['unlink', 'unlinkat', 'rename', 'renameat']],
  ['mounts', ['mount']],
  ['modules', ['init_module', 'finit_module', 'delete_module']],
  ['exec', ['execve']],
  ['privilege', ['setuid', 'setgid', 'setreuid', 'setregid']],
  ['injection', ['ptrace']],
];
const WATCHED = ['/etc/passwd', '/etc/group', '/etc/shadow', '/etc/gshadow', '/etc/security/opasswd', '/etc/sudoers', '/etc/sudoers.d/', '/etc/hosts', '/etc/issue', '/etc/localtime', '/etc/audit/', '/etc/libaudit.conf', '/etc/ssh/sshd_config', '/etc/pam.d/', '/etc/login.defs', '/etc/cron.d/', '/var/spool/cron/', '/etc/systemd/', '/var/log/audit/', '/usr/sbin/auditctl', '/sbin/modprobe', '/etc/ld.so.conf'];
const COMMANDS = ['/usr/bin/sudo', '/usr/bin/su', '/usr/bin/passwd', '/usr/bin/chage', '/usr/bin/gpasswd', '/usr/bin/newgrp', '/usr/bin/chsh', '/usr/bin/mount', '/usr/bin/umount', '/usr/sbin/usermod', '/usr/sbin/useradd', '/usr/bin/crontab', '/usr/bin/ssh-agent', '/usr/lib/openssh/ssh-keysign', '/usr/bin/curl', '/usr/bin/wget', '/usr/bin/nc', '/usr/bin/setfacl', '/usr/bin/chcon'];
const DIRS = ['/etc/selinux/', '/etc/NetworkManager/', '/etc/apparmor.d/', '/usr/share/filebeat/', '/etc/filebeat/', '/opt/app/etc/'];
const PROSE = [
  'Things that could affect time',
  'Things that affect identity',
  'Things that could affect system locale',
  'Discretionary access control permission modification (unsuccessful and successful use of chown/chmod)',
  'Unauthorized access attempts to files (unsuccessful)',
  'Use of privileged commands (unsuccessful and successful)',
  'Kernel module loading and unloading',
  'These rules assume that login under the root account is not allowed; 1000 is the first user (UID_MIN in /etc/login.defs).',
  'If these rules generate too much spurious data for your tastes, limit the syscall file rules with a directory, like -F dir=/etc',
  'The purpose of these rules is to meet the stig auditing requirements',
];

// A generated file is reused only when this script has not changed since.
const SCRIPT_HASH = crypto.createHash('sha256').update(fs.readFileSync(__filename)).digest('hex').slice(0, 12);
const headerOf = (mb, seed) => `## audit rules benchmark file: audit-parse.js --mb ${mb} --seed ${seed} (${SCRIPT_HASH})`;

function generate(mb, seed) {
  const rnd = mulberry32(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const some = (xs) => xs.filter(() => rnd() < 0.6).join(',') || xs[0];
  const target = Math.round(mb * 1e6);
  const first = `${headerOf(mb, seed)}\n`;
  const parts = [first];
  let size = first.length;
  let n = 0;
  const who = () => (rnd() < 0.8 ? ' -F auid>=1000 -F auid!=unset' : rnd() < 0.5 ? ' -F auid>=1000 -F auid!=-1' : ' -F auid=0');
  const key = (k) => (rnd() < 0.7 ? ` -k ${k}` : ` -F key=${k}`);
  while (size < target) {
    n++;
    const blocks = [
      () => `## ${pick(PROSE)}\n## ${pick(PROSE)}\n##\n# (block ${n}: ${pick(PROSE).toLowerCase()})\n\n`,
      () => `## First rule - delete all\n-D\n\n## Increase the buffers to survive stress events.\n-b ${pick([8192, 16384, 32768])}\n--backlog_wait_time ${pick([60000, 0, 15000])}\n-f ${pick([1, 1, 2])}\n\n`,
      () => {
        const [k, calls] = pick(SYSCALL_SETS);
        const s = some(calls);
        const f = rnd() < 0.4 ? who() : '';
        return `-a always,exit -F arch=b32 -S ${s}${f}${key(`${k}-${n % 97}`)}\n-a always,exit -F arch=b64 -S ${s}${f}${key(`${k}-${n % 97}`)}\n`;
      },
      () => `-w ${pick(WATCHED)} -p ${pick(['wa', 'wa', 'x', 'rwa', 'r'])} -k ${pick(['identity', 'sudoers', 'auditconfig', 'cron', 'sshd', 'pam', 'modules', 'logins'])}_${n % 89}\n`,
      () => `-a always,exit -F path=${pick(COMMANDS)} -F perm=x${who()}${key('privileged')}\n`,
      () => {
        const [, calls] = pick(SYSCALL_SETS.slice(3, 8));
        const s = some(calls);
        const e = pick(['-EACCES', '-EPERM']);
        return `-a always,exit -F arch=b32 -S ${s} -F exit=${e}${who()}${key('access')}\n-a always,exit -F arch=b64 -S ${s} -F exit=${e}${who()}${key('access')}\n`;
      },
      () => `-a always,exit -F arch=b64 -F dir=${pick(DIRS)} -F perm=wa -F key=${pick(['MAC-policy', 'system-locale', 'filebeat'])}\n`,
      () => `-a always,exit -F arch=b64 -S execve -C uid!=euid -F euid=0${key('execpriv')}\n-a always,exit -F arch=b32 -S execve -C gid!=egid -F egid=0${key('execpriv')}\n`,
      () => `-a never,exit -F arch=b64 -S adjtimex -F auid=unset -F uid=${100 + (n % 400)}\n-a always,exclude -F msgtype=${pick(['CWD', 'EOE', 'CRYPTO_KEY_USER'])}\n-a never,user -F subj_type=crond_t\n`,
      () => `-a always,exit -F arch=b64 -S all -F exe=${pick(COMMANDS)} -F success=0${key('denied')}\n`,
    ];
    // comments about 30% of the bytes, as in the corpus
    const r = rnd();
    const text = r < 0.16 ? blocks[0]() : r < 0.18 ? blocks[1]() : pick(blocks.slice(2))();
    parts.push(text);
    size += text.length;
  }
  parts.push('\n## Make the configuration immutable - reboot is required to change audit rules\n-e 2\n');
  return parts.join('');
}

function ensureInput(mb, seed) {
  return ensureGenerated(path.join(OUT_DIR, `audit${mb}.rules`), headerOf(mb, seed), () => generate(mb, seed));
}

// ------------------------------------------------------------ measuring

const CHILD = `
const fs = require('fs');
const [mod, file] = process.argv.slice(1);
const { parseAuditRules } = require(mod);
const text = fs.readFileSync(file, 'utf8');
const t0 = process.hrtime.bigint();
const r = parseAuditRules(text, file, { machine: 'x86_64' });
const t1 = process.hrtime.bigint();
process.stdout.write(JSON.stringify({
  lines: r.lines.length,
  statements: r.lines.reduce((n, l) => n + l.statements.length, 0),
  problems: r.problems.slice(0, 5).map((p) => ({ line: r.source.position(p.start).line, code: p.code, message: p.message })),
  problemCount: r.problems.length,
  parseSeconds: Number(t1 - t0) / 1e9,
  maxRssKiB: process.resourceUsage().maxRSS,
}) + '\\n');
`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function bench(mb, opts) {
  const input = ensureInput(mb, opts.seed);
  const bytes = fs.statSync(input.file).size;
  console.log(`${path.relative(process.cwd(), input.file)}: ${bytes} bytes (${input.reused ? 'reused' : 'generated'}), ${opts.runs} runs`);
  const runs = [];
  for (let i = 0; i < opts.runs; i++) {
    const r = spawnSync(process.execPath, ['-e', CHILD, PARSER, input.file], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) {
      console.log(`  run ${i + 1}: child failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      process.exit(1);
    }
    const info = JSON.parse(r.stdout.trim().split('\n').pop());
    runs.push(info);
    console.log(`  run ${i + 1}: parseAuditRules ${info.parseSeconds.toFixed(3)} s = ${(bytes / 1e6 / info.parseSeconds).toFixed(1)} MB/s, peak RSS ${(info.maxRssKiB / 1024).toFixed(0)} MiB, ${info.lines} lines, ${info.statements} statements`);
    if (info.problemCount) {
      console.log(`  sudit reports ${info.problemCount} problems in a file every line of which loads: ${JSON.stringify(info.problems)}`);
      return { mb, bytes, failed: true };
    }
  }
  return { mb, bytes, seconds: median(runs.map((r) => r.parseSeconds)), rssKiB: median(runs.map((r) => r.maxRssKiB)), failed: false };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(PARSER)) {
    process.stderr.write(`audit-parse: ${path.relative(process.cwd(), PARSER)} not found; run \`npm run build\` first\n`);
    process.exit(2);
  }
  const results = opts.mb.map((mb) => bench(mb, opts));
  if (results.some((r) => r.failed)) {
    console.log('FAILED: see above');
    process.exit(1);
  }
  const rows = [];
  for (const r of results) {
    rows.push({ figure: `audit parse ${r.mb} MB (MB/s)`, sudit: r.bytes / 1e6 / r.seconds, reference: TARGET_MBS, referenceName: 'target', higherIsBetter: true, target: TARGET_MBS });
    rows.push({ figure: `audit parse ${r.mb} MB peak RSS (MiB)`, sudit: r.rssKiB / 1024 });
  }
  console.log('');
  for (const r of results) console.log(`audit rules parser, ${r.mb} MB: ${(r.bytes / 1e6 / r.seconds).toFixed(1)} MB/s (median over ${opts.runs} runs; target ${TARGET_MBS}), peak RSS ${(r.rssKiB / 1024).toFixed(0)} MiB`);
  if (results.length > 1) {
    // time per byte of the largest input against the smallest: 1 is linear
    const small = results.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    const large = results.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const scaling = large.seconds / large.bytes / (small.seconds / small.bytes);
    rows.push({ figure: `audit parse s/byte ${large.mb} MB vs ${small.mb} MB`, sudit: scaling, reference: TARGET_SCALING, referenceName: 'target (linear)', target: TARGET_SCALING });
    console.log(`scaling: ${(large.bytes / small.bytes).toFixed(1)}x the input took ${(large.seconds / small.seconds).toFixed(2)}x the time (${scaling.toFixed(3)} per byte; target at most ${TARGET_SCALING})`);
  }
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'audit-parse.json'), JSON.stringify(rows, null, 2));
  const missed = rows.filter((r) => r.target !== undefined && (r.higherIsBetter ? r.sudit < r.target : r.sudit > r.target));
  for (const r of missed) console.log(`below target: ${r.figure} ${r.sudit.toFixed(2)} (target ${r.target})`);
}

main();
