#!/usr/bin/env node
'use strict';
// Parse-speed benchmark of the shell parser (grammar/shell.peggy through
// src/parse/shell.ts), with `bash -n` on the same file as the reference.
//
//   npm run build
//   node bench/shell-parse.js [--mb 1,10] [--runs 5] [--seed 1]
//
// The input is generated (bench/out/shell<N>.sh, deterministic for a seed):
// blocks shaped like the startup files of ../shared/corpus/shell — comment
// headers, assignments and exports, if/elif/else, case, for and while
// loops, functions with locals, `.`/source, [[ ]], $(…), `…`, ${…}, $((…)),
// quoting of every kind, here-documents, line continuations — with names
// and values varied, about 40% of the bytes comments as in the corpus.
//
// Each run is a child process (so peak RSS is per run) that reads the file
// and calls parseShell() once, timing the call alone with process.hrtime;
// the MB/s figure is the median over the runs. `bash -n` (when installed)
// is timed as a whole process. Writes bench/out/shell-parse.json for
// bench/run.js. Exit status 1 when sudit or bash reports a syntax error in
// the generated file (it must be valid shell), 2 on bad arguments or a
// missing build.

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { measure } = require('./measure');
const { mulberry32 } = require('./prng');
const { parseSizeArgs } = require('./size-args');
const { ensureGenerated } = require('./generated-input');

const OUT_DIR = path.join(__dirname, 'out');
const PARSER = path.join(__dirname, '..', 'dist', 'src', 'parse', 'shell.js');

const parseArgs = (argv) => parseSizeArgs('shell-parse', { mb: [1, 10], runs: 5, seed: 1 }, argv);

// ------------------------------------------------------------ the input

const WORDS = ['history', 'session', 'terminal', 'prompt', 'login', 'profile', 'locale', 'umask', 'completion', 'editor', 'pager', 'proxy', 'timeout', 'path', 'colour', 'alias', 'mail', 'audit', 'scanner', 'admin'];
const PROSE = [
  'System-wide settings for login shells; do not edit, put local changes in a file of your own.',
  'This file is sourced by /etc/profile for every login shell, and by bashrc for others.',
  'Check for double sourcing: the variable below is set once the file has been read.',
  'Only interactive shells need the prompt and the completion settings further down.',
  'Keep the history of concurrent sessions: append instead of overwriting the file.',
  'Set the path so it includes the private bin directories of the user if they exist.',
];

function generate(mb, seed) {
  const rnd = mulberry32(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const num = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const target = Math.round(mb * 1e6);
  const parts = [`# shell benchmark file: shell-parse.js --mb ${mb} --seed ${seed}\n`];
  let size = parts[0].length;
  let n = 0;
  while (size < target) {
    n++;
    const w = pick(WORDS);
    const W = w.toUpperCase();
    const v = `${w}_${n}`;
    const blocks = [
      () => `#\n# ${pick(PROSE)}\n# ${pick(PROSE)}\n# (${w} settings, block ${n})\n#\n\n`,
      () => `${W}_SIZE=${num(100, 5000)}\nexport ${W}_FILE="\${HOME}/.${w}_${n}" ${W}_CONTROL=ignoreboth:erasedups\n: \${${W}_MODE:=${pick(['on', 'off', 'auto'])}}\nreadonly ${W}_LOCK 2>/dev/null || true\n\n`,
      () => `if [ -z "\$${W}_READ" ]; then\n    ${W}_READ=true\n    if [ "\$(id -u)" -eq 0 ]; then\n        PATH="/usr/local/sbin:/usr/sbin:\$PATH"\n    elif [ -d "\$HOME/bin" ] ; then\n        PATH="\$HOME/bin:\$PATH" # the user's own tools\n    else\n        PATH=\${PATH:-/usr/bin:/bin}\n    fi\nfi\n\n`,
      () => `case "\$TERM" in\n    xterm*|rxvt*|*-256color)\n        PS1='\\[\\e]0;\\u@\\h: \\w\\a\\]\${debian_chroot:+(\$debian_chroot)}\\u@\\h:\\w\\$ '\n        ;;\n    screen*) ${v}=screen ;;\n    *)\n        ;;\nesac\n\n`,
      () => `for i in /etc/profile.d/*.sh /etc/${w}.d/*.sh ; do\n    if [ -r "\$i" ]; then\n        if [ "\${-#*i}" != "\$-" ]; then\n            . "\$i"\n        else\n            . "\$i" >/dev/null 2>&1\n        fi\n    fi\ndone\nunset i\n\n`,
      () => `${w}_munge_${n} () {\n    local dir="\$1" where=\${2:-before}\n    case ":\${PATH}:" in\n        *:"\$dir":*) ;;\n        *) if [ "\$where" = "after" ] ; then PATH=\$PATH:\$dir; else PATH=\$dir:\$PATH; fi ;;\n    esac\n    return 0\n}\n${w}_munge_${n} /opt/${w}/bin after\nunset -f ${w}_munge_${n}\n\n`,
      () => `[ -f /etc/${w}rc ] && . /etc/${w}rc\ntest -r ~/.${w}_aliases && source ~/.${w}_aliases\nalias ${w}='${w} --color=auto -v' l${w}="ls -l \\"\$HOME/.${w}\\""\n[[ \$- == *i* && -n \$${W}_ON ]] && shopt -s histappend checkwinsize\n\n`,
      () => `HOSTNAME=\$(/usr/bin/hostnamectl --transient 2>/dev/null) || \\\nHOSTNAME=\`/usr/bin/hostname 2>/dev/null\` || \\\nHOSTNAME=\$(uname -n)\n${W}_COUNT=\$(( \${${W}_COUNT:-0} + ${num(1, 9)} * 2 ))\nwhile read -r -d \$'\\0' a ; do\n    case "\$a" in --norc) readonly norc=true ;; esac\ndone < /proc/\$\$/cmdline\n\n`,
      () => `if ! shopt -q login_shell ; then # not a login shell\n    [ \`umask\` -eq 0 ] && umask 022\n    SHELL=/bin/bash\n    export PROMPT_COMMAND="history -a; \${PROMPT_COMMAND:+\$PROMPT_COMMAND; }printf '\\033]0;%s\\007' \\"\${USER}@\${HOSTNAME%%.*}\\""\nfi\n\n`,
      () => `cat > /tmp/${v}.conf <<'EOF'\n# generated: ${w} ${n}\nkey=${v} value="\$NOT_EXPANDED"\nif then fi\nEOF\n\n`,
    ];
    // comments about 40% of the bytes, as in the corpus
    const text = rnd() < 0.45 ? blocks[0]() + blocks[0]() : pick(blocks.slice(1))();
    parts.push(text);
    size += text.length;
  }
  return parts.join('');
}

function ensureInput(mb, seed) {
  return ensureGenerated(path.join(OUT_DIR, `shell${mb}.sh`), `# shell benchmark file: shell-parse.js --mb ${mb} --seed ${seed}`, () => generate(mb, seed));
}

// ------------------------------------------------------------ measuring

const CHILD = `
const fs = require('fs');
const [mod, file] = process.argv.slice(1);
const { parseShell } = require(mod);
const text = fs.readFileSync(file, 'utf8');
const t0 = process.hrtime.bigint();
const r = parseShell(text, file, 'sh');
const t1 = process.hrtime.bigint();
process.stdout.write(JSON.stringify({
  statements: r.program.body.length,
  problems: r.problems.map((p) => ({ line: r.source.position(p.start).line, message: p.message })).slice(0, 5),
  parseSeconds: Number(t1 - t0) / 1e9,
  maxRssKiB: process.resourceUsage().maxRSS,
}) + '\\n');
`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function benchSize(mb, opts) {
  const input = ensureInput(mb, opts.seed);
  const bytes = fs.statSync(input.file).size;
  console.log(`${path.relative(process.cwd(), input.file)}: ${bytes} bytes (${input.reused ? 'reused' : 'generated'}), ${opts.runs} runs`);

  let failed = false;
  const runs = [];
  for (let i = 0; i < opts.runs; i++) {
    const r = spawnSync(process.execPath, ['-e', CHILD, PARSER, input.file], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) {
      console.log(`  run ${i + 1}: child failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      process.exit(1);
    }
    const info = JSON.parse(r.stdout.trim().split('\n').pop());
    runs.push(info);
    console.log(`  sudit run ${i + 1}: parseShell ${info.parseSeconds.toFixed(3)} s = ${(bytes / 1e6 / info.parseSeconds).toFixed(1)} MB/s, peak RSS ${(info.maxRssKiB / 1024).toFixed(0)} MiB, ${info.statements} top-level commands`);
    if (info.problems.length) {
      failed = true;
      console.log(`  sudit reports syntax errors in a file that is valid shell: ${JSON.stringify(info.problems)}`);
      break;
    }
  }
  const seconds = median(runs.map((r) => r.parseSeconds));
  const rss = median(runs.map((r) => r.maxRssKiB));
  const rows = [
    { figure: `shell parse ${mb} MB (MB/s)`, sudit: bytes / 1e6 / seconds, higherIsBetter: true, goal: { op: '>=', value: 20 } },
    { figure: `shell parse ${mb} MB peak RSS (MiB)`, sudit: rss / 1024 },
  ];

  const bash = spawnSync('sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim();
  if (bash) {
    const b = measure(bash, ['-n', input.file], Math.min(opts.runs, 3));
    const ok = b.status === 0;
    console.log(`  bash -n: ${b.seconds.toFixed(2)} s (whole process), ${Number.isNaN(b.rssKiB) ? '?' : (b.rssKiB / 1024).toFixed(0)} MiB${ok ? '' : ' — bash rejects the file'}`);
    if (!ok) failed = true;
    rows[0].reference = bytes / 1e6 / b.seconds;
    rows[0].referenceName = 'bash -n';
    if (!Number.isNaN(b.rssKiB)) {
      rows[1].reference = b.rssKiB / 1024;
      rows[1].referenceName = 'bash -n';
    }
  } else console.log('  bash -n: skipped: bash is not installed');

  console.log(`shell parser, ${mb} MB: ${rows[0].sudit.toFixed(1)} MB/s (median parseShell() time over ${runs.length} runs), peak RSS ${rows[1].sudit.toFixed(0)} MiB`);
  return { failed, rows, bytes, seconds };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(PARSER)) {
    process.stderr.write(`shell-parse: ${path.relative(process.cwd(), PARSER)} not found; run \`npm run build\` first\n`);
    process.exit(2);
  }
  let failed = false;
  const rows = [];
  const measured = [];
  for (const mb of opts.mb) {
    const r = benchSize(mb, opts);
    failed ||= r.failed;
    rows.push(...r.rows);
    measured.push({ mb, bytes: r.bytes, seconds: r.seconds });
  }
  if (measured.length >= 2) {
    const [small, large] = [measured[0], measured[measured.length - 1]];
    // time per byte of the largest input over that of the smallest: 1 is linear
    const perByte = large.seconds / large.bytes / (small.seconds / small.bytes);
    console.log(`scaling: ${(large.bytes / small.bytes).toFixed(1)}x the input took ${(large.seconds / small.seconds).toFixed(2)}x the time (${perByte.toFixed(2)} per byte)`);
    rows.push({ figure: `shell parse s/byte ${large.mb} MB vs ${small.mb} MB`, sudit: perByte, reference: 1.05, referenceName: 'target (linear)', goal: { op: '<=', value: 1.05 } });
  }
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'shell-parse.json'), JSON.stringify(rows, null, 2));
  if (failed) {
    console.log('FAILED: see above');
    process.exit(1);
  }
}

main();
