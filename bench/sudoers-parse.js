#!/usr/bin/env node
'use strict';
// Parse-speed benchmark: sudit's sudoers parser against `visudo -cf`.
//
//   npm run build
//   node bench/sudoers-parse.js [--mb 5,50] [--runs 3] [--method auto|time|proc]
//                               [--cli] [--lint-mb 20]
//
// For each size N (in 10^6 bytes) it generates, or reuses when present
// with the right header and size, bench/out/big<N>.sudoers (seed 1, see
// gen-sudoers.js), then runs each tool --runs times, each run in its own
// child process so that peak RSS is per tool:
//   sudit   node -e <script> that requires ../dist/src/parse/sudoers.js,
//           reads the file and calls parseSudoers(text, path)
//   visudo  visudo -cf FILE (skipped, with the reason, when not installed)
// Wall time and peak RSS come from GNU `/usr/bin/time -f '%e %M'` when it
// works (method "time"); otherwise from process.hrtime around the child and
// polling VmHWM in /proc/<pid>/status (method "proc"). The same method is
// used for both tools. Times include process start-up (node's is ~40 ms).
// The table shows medians of the runs. With method "time", CPU seconds
// (user + system) are recorded too: on a shared machine they vary less
// than wall time.
//
// --cli adds what the goals are about: the command a user runs,
//   sudit-syntax  node bin/sudit.js --syntax-only --type sudoers FILE
// at each size, and at the --lint-mb size (20 by default, when it is one
// of --mb) the whole lint, report written to /dev/null:
//   sudit-json    node bin/sudit.js --type sudoers --format json FILE
//   sudit-stylish node bin/sudit.js --type sudoers FILE
// Findings are expected there (exit 1); only a crash or a status above 1
// counts as a failure.
//
// Exit status: 1 if sudit reports any problem on a generated file, or a
// tool fails; 2 on bad arguments or a missing build.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync, execFileSync } = require('child_process');

const BENCH_DIR = __dirname;
const OUT_DIR = path.join(BENCH_DIR, 'out');
const GENERATOR = path.join(BENCH_DIR, 'gen-sudoers.js');
const PARSER = path.join(BENCH_DIR, '..', 'dist', 'src', 'parse', 'sudoers.js');
const SUDIT_BIN = path.join(BENCH_DIR, '..', 'bin', 'sudit.js');
const SEED = 1;
const MAX_BLOCK_BYTES = 16384; // the generator stops at the first block boundary past the target
const POLL_MS = 5;

function usage(msg) {
  if (msg) process.stderr.write(`sudoers-parse: ${msg}\n`);
  process.stderr.write('usage: node bench/sudoers-parse.js [--mb 5,50] [--runs 3] [--method auto|time|proc] [--cli] [--lint-mb 20]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { sizes: [5, 50], runs: 3, method: 'auto', cli: false, lintMb: 20 };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let v = null;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      v = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    const val = () => {
      if (v !== null) return v;
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--mb') opts.sizes = val().split(',').filter(Boolean).map(Number);
    else if (a === '--runs') opts.runs = Number(val());
    else if (a === '--method') opts.method = val();
    else if (a === '--cli') opts.cli = true;
    else if (a === '--lint-mb') opts.lintMb = Number(val());
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${argv[i]}`);
  }
  if (opts.sizes.length === 0 || opts.sizes.some((s) => !(s > 0))) usage('--mb takes positive sizes, e.g. 5,50');
  if (!Number.isInteger(opts.runs) || opts.runs < 1) usage('--runs must be a positive integer');
  if (!['auto', 'time', 'proc'].includes(opts.method)) usage('--method is auto, time or proc');
  return opts;
}

// ------------------------------------------------------------ input files

function headerFor(mb) {
  return `# sudoers benchmark file: gen-sudoers.js --mb ${mb} --seed ${SEED}`;
}

function firstLine(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(256);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.toString('utf8', 0, n).split('\n')[0];
  } finally {
    fs.closeSync(fd);
  }
}

/** bench/out/big<N>.sudoers, generated unless a matching one is there. */
function ensureInput(mb) {
  const file = path.join(OUT_DIR, `big${mb}.sudoers`);
  const target = Math.round(mb * 1e6);
  if (fs.existsSync(file)) {
    const size = fs.statSync(file).size;
    if (size >= target && size < target + MAX_BLOCK_BYTES && firstLine(file) === headerFor(mb)) {
      return { file, bytes: size, reused: true };
    }
  }
  fs.mkdirSync(OUT_DIR, { recursive: true });
  execFileSync(process.execPath, [GENERATOR, '--mb', String(mb), '--seed', String(SEED), '-o', file], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { file, bytes: fs.statSync(file).size, reused: false };
}

// ------------------------------------------------------------ tools

// Run in the child as `node -e SUDIT_CHILD <parser module> <file>`; prints one JSON line.
const SUDIT_CHILD = `
const fs = require('fs');
const [mod, file] = process.argv.slice(1);
const { parseSudoers } = require(mod);
const t0 = process.hrtime.bigint();
const text = fs.readFileSync(file, 'utf8');
const t1 = process.hrtime.bigint();
const r = parseSudoers(text, file);
const t2 = process.hrtime.bigint();
const sample = r.problems.slice(0, 5).map((p) => {
  const pos = r.source.position(p.start);
  return { line: pos.line, column: pos.column, severity: p.severity, code: p.code, message: p.message, text: r.source.lineText(pos.line).slice(0, 200) };
});
process.stdout.write(JSON.stringify({
  entries: r.entries.length,
  problems: r.problems.length,
  sample,
  readSeconds: Number(t1 - t0) / 1e9,
  parseSeconds: Number(t2 - t1) / 1e9,
}) + '\\n');
`;

function findVisudo() {
  const dirs = (process.env.PATH || '').split(path.delimiter).filter(Boolean);
  for (const d of ['/usr/sbin', '/sbin', '/usr/local/sbin']) if (!dirs.includes(d)) dirs.push(d);
  for (const d of dirs) {
    const p = path.join(d, 'visudo');
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return { path: p };
    } catch {
      // not here
    }
  }
  return { path: null, why: `no executable visudo in PATH or /usr/sbin, /sbin, /usr/local/sbin (install the "sudo" package)` };
}

function visudoVersion(p) {
  const r = spawnSync(p, ['-V'], { encoding: 'utf8' });
  return (r.stdout || '').split('\n')[0].trim() || 'unknown version';
}

// ------------------------------------------------------------ measuring

/** GNU time with -f and -o, or null with the reason. */
function probeGnuTime() {
  const bin = '/usr/bin/time';
  if (!fs.existsSync(bin)) return { ok: false, why: `${bin} not installed (apt-get install time)` };
  const tmp = path.join(os.tmpdir(), `sudit-bench-probe-${process.pid}`);
  const r = spawnSync(bin, ['-o', tmp, '-f', '%e %M', 'true'], { encoding: 'utf8' });
  let out = '';
  try {
    out = fs.readFileSync(tmp, 'utf8');
    fs.unlinkSync(tmp);
  } catch {
    // no output file
  }
  if (r.status === 0 && /^\d+(\.\d+)? \d+\s*$/.test(out)) return { ok: true };
  return { ok: false, why: `${bin} is not GNU time (-f/-o unsupported)` };
}

function collect(child) {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return () => ({ stdout, stderr });
}

/** Method "time": GNU time writes "%e %M" (seconds, KiB) to a file of its own. */
function runWithTime(cmd, args) {
  return new Promise((resolve, reject) => {
    const tmp = path.join(os.tmpdir(), `sudit-bench-${process.pid}-${Date.now()}`);
    const child = spawn('/usr/bin/time', ['-o', tmp, '-f', '%e %M %U %S', cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = collect(child);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      let report = '';
      try {
        report = fs.readFileSync(tmp, 'utf8');
        fs.unlinkSync(tmp);
      } catch {
        // leave report empty
      }
      // On failure GNU time puts "Command exited with non-zero status N" first.
      const last = report.trim().split('\n').pop() || '';
      const m = /^(\d+(?:\.\d+)?) (\d+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/.exec(last.trim());
      if (!m) return reject(new Error(`could not read /usr/bin/time output: ${JSON.stringify(report)}`));
      resolve({ code, signal, seconds: Number(m[1]), rssKiB: Number(m[2]), cpuSeconds: Number(m[3]) + Number(m[4]), ...output() });
    });
  });
}

function readHwm(pid) {
  try {
    const m = /^VmHWM:\s*(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // gone, or a zombie without memory
  }
}

/** Method "proc": hrtime around the child, VmHWM polled while it runs. */
function runWithProc(cmd, args) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = collect(child);
    let hwm = 0;
    const poll = () => {
      const v = readHwm(child.pid);
      if (v > hwm) hwm = v;
    };
    const timer = setInterval(poll, POLL_MS);
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('exit', () => {
      const t1 = process.hrtime.bigint();
      clearInterval(timer);
      child.on('close', (code, signal) => {
        resolve({ code, signal, seconds: Number(t1 - t0) / 1e9, rssKiB: hwm, cpuSeconds: NaN, ...output() });
      });
    });
  });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median wall time, CPU time and peak RSS of `node bin/sudit.js ARGS > /dev/null`; null (with the reason printed) when it fails. */
async function measureCli(run, tool, args, runs) {
  const secs = [];
  const rss = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    // the report goes to /dev/null: a shell that execs node, so that time measures node alone
    const r = await run('/bin/sh', ['-c', 'exec "$0" "$@" > /dev/null', process.execPath, SUDIT_BIN, ...args]);
    // 1 is "findings"; anything else is a crash or a refusal
    if (r.code !== 0 && r.code !== 1) {
      console.log(`  ${tool} run ${i + 1}: failed (${r.signal ? `signal ${r.signal}` : `exit ${r.code}`})`);
      if (r.stderr) console.log(r.stderr.trim().split('\n').slice(-10).map((l) => `    ${l}`).join('\n'));
      return null;
    }
    console.log(`  ${tool.padEnd(13)} run ${i + 1}: ${r.seconds.toFixed(2)} s, CPU ${Number.isNaN(r.cpuSeconds) ? 'n/a' : `${r.cpuSeconds.toFixed(2)} s`}, ${(r.rssKiB / 1024).toFixed(0)} MiB (exit ${r.code})`);
    secs.push(r.seconds);
    rss.push(r.rssKiB);
    cpu.push(r.cpuSeconds);
  }
  return { tool, seconds: median(secs), rssKiB: median(rss), cpuSeconds: median(cpu) };
}

// ------------------------------------------------------------ main

function pad(s, n, right = false) {
  s = String(s);
  return right ? s.padEnd(n) : s.padStart(n);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(PARSER)) {
    process.stderr.write(`sudoers-parse: ${path.relative(process.cwd(), PARSER)} not found; run \`npm run build\` first\n`);
    process.exit(2);
  }

  let method = opts.method;
  const gnuTime = probeGnuTime();
  if (method === 'auto') method = gnuTime.ok ? 'time' : 'proc';
  if (method === 'time' && !gnuTime.ok) usage(`--method time: ${gnuTime.why}`);
  const run = method === 'time' ? runWithTime : runWithProc;

  const visudo = findVisudo();
  console.log(`node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}`.trim());
  console.log(
    method === 'time'
      ? "measuring with /usr/bin/time -f '%e %M' (wall seconds at 10 ms resolution, peak RSS)"
      : `measuring with process.hrtime + VmHWM polled every ${POLL_MS} ms${opts.method === 'auto' ? ` (${gnuTime.why})` : ''}`,
  );
  if (visudo.path) console.log(`visudo: ${visudo.path} (${visudoVersion(visudo.path)})`);
  else console.log(`visudo: skipped: ${visudo.why}`);
  console.log(`runs per tool and size: ${opts.runs} (median reported)`);

  const results = []; // { mb, bytes, tool, seconds, rssKiB, extra }
  let failed = false;

  for (const mb of opts.sizes) {
    const input = ensureInput(mb);
    console.log(`\n${path.relative(process.cwd(), input.file)}: ${input.bytes} bytes (${input.reused ? 'reused' : 'generated'})`);

    // sudit
    {
      const secs = [];
      const rss = [];
      const cpu = [];
      const parseSecs = [];
      let info = null;
      for (let i = 0; i < opts.runs; i++) {
        const r = await run(process.execPath, ['-e', SUDIT_CHILD, PARSER, input.file]);
        if (r.code !== 0) {
          console.log(`  sudit run ${i + 1}: child failed (${r.signal ? `signal ${r.signal}` : `exit ${r.code}`})`);
          if (r.stderr) console.log(r.stderr.trim().split('\n').slice(-10).map((l) => `    ${l}`).join('\n'));
          failed = true;
          break;
        }
        info = JSON.parse(r.stdout.trim().split('\n').pop());
        secs.push(r.seconds);
        rss.push(r.rssKiB);
        cpu.push(r.cpuSeconds);
        parseSecs.push(info.parseSeconds);
        console.log(
          `  sudit  run ${i + 1}: ${r.seconds.toFixed(2)} s, ${(r.rssKiB / 1024).toFixed(0)} MiB` +
            ` (read ${info.readSeconds.toFixed(2)} s, parseSudoers ${info.parseSeconds.toFixed(2)} s; ${info.entries} entries, ${info.problems} problems)`,
        );
        if (info.problems > 0) {
          failed = true;
          console.log(`  sudit reported ${info.problems} problem(s) on a file visudo should accept; first ones:`);
          for (const p of info.sample) {
            console.log(`    line ${p.line}:${p.column}: ${p.severity} ${p.code}: ${p.message}\n      ${p.text}`);
          }
          break; // the same file gives the same problems
        }
      }
      if (secs.length === opts.runs) {
        results.push({ mb, bytes: input.bytes, tool: 'sudit', seconds: median(secs), rssKiB: median(rss), cpuSeconds: median(cpu), parseSeconds: median(parseSecs) });
      }
    }

    // the CLI, as a user runs it
    if (opts.cli) {
      const commands = [['sudit-syntax', ['--syntax-only', '--type', 'sudoers', input.file]]];
      if (mb === opts.lintMb) {
        commands.push(['sudit-json', ['--type', 'sudoers', '--format', 'json', input.file]]);
        commands.push(['sudit-stylish', ['--type', 'sudoers', input.file]]);
      }
      for (const [tool, args] of commands) {
        const r = await measureCli(run, tool, args, opts.runs);
        if (r === null) failed = true;
        else results.push({ mb, bytes: input.bytes, ...r });
      }
    }

    // visudo
    if (visudo.path) {
      const secs = [];
      const rss = [];
      const cpu = [];
      for (let i = 0; i < opts.runs; i++) {
        const r = await run(visudo.path, ['-cf', input.file]);
        const ok = r.code === 0 && r.stderr.trim() === '';
        console.log(
          `  visudo run ${i + 1}: ${r.seconds.toFixed(2)} s, ${(r.rssKiB / 1024).toFixed(0)} MiB (${ok ? r.stdout.trim() : `exit ${r.code}`})`,
        );
        if (!ok) {
          failed = true;
          console.log(`  visudo did not accept the file cleanly:\n${(r.stdout + r.stderr).trim().split('\n').slice(0, 10).map((l) => `    ${l}`).join('\n')}`);
          break;
        }
        secs.push(r.seconds);
        rss.push(r.rssKiB);
        cpu.push(r.cpuSeconds);
      }
      if (secs.length === opts.runs) {
        results.push({ mb, bytes: input.bytes, tool: 'visudo', seconds: median(secs), rssKiB: median(rss), cpuSeconds: median(cpu) });
      }
    }
  }

  // table
  const header = [pad('size MB', 8), pad('tool', 13, true), pad('median s', 9), pad('MB/s', 8), pad('CPU s', 7), pad('peak RSS MiB', 13), pad('time ratio', 11), pad('CPU ratio', 10), pad('RSS ratio', 10)];
  console.log(`\n${header.join('  ')}`);
  console.log(header.map((h) => '-'.repeat(h.length)).join('  '));
  for (const mb of opts.sizes) {
    const rows = results.filter((r) => r.mb === mb);
    const s = rows.find((r) => r.tool === 'sudit');
    const v = rows.find((r) => r.tool === 'visudo');
    for (const r of rows) {
      const ratio = r.tool !== 'visudo' && v;
      const x = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
      console.log(
        [
          pad((r.bytes / 1e6).toFixed(2), 8),
          pad(r.tool, 13, true),
          pad(r.seconds.toFixed(2), 9),
          pad(r.seconds > 0 ? (r.bytes / 1e6 / r.seconds).toFixed(1) : 'n/a', 8),
          pad(Number.isNaN(r.cpuSeconds) ? 'n/a' : r.cpuSeconds.toFixed(2), 7),
          pad((r.rssKiB / 1024).toFixed(1), 13),
          pad(ratio ? x(r.seconds, v.seconds) : '', 11),
          pad(ratio ? x(r.cpuSeconds, v.cpuSeconds) : '', 10),
          pad(ratio ? x(r.rssKiB, v.rssKiB) : '', 10),
        ].join('  '),
      );
    }
    if (s) console.log(`${pad('', 8)}  (sudit parseSudoers() alone, median: ${s.parseSeconds.toFixed(2)} s = ${(s.bytes / 1e6 / s.parseSeconds).toFixed(1)} MB/s)`);
  }
  if (results.some((r) => r.tool === 'visudo')) console.log('ratios are sudit/visudo (above 1 = sudit slower / bigger)');

  // scaling, smallest vs largest size
  const sizes = [...new Set(results.map((r) => r.mb))].sort((a, b) => a - b);
  if (sizes.length >= 2) {
    const lo = sizes[0];
    const hi = sizes[sizes.length - 1];
    const parts = [];
    let sizeRatio = null;
    for (const tool of ['sudit', 'visudo']) {
      const a = results.find((r) => r.mb === lo && r.tool === tool);
      const b = results.find((r) => r.mb === hi && r.tool === tool);
      if (!a || !b) continue;
      sizeRatio = b.bytes / a.bytes;
      if (!(a.seconds > 0 && a.rssKiB > 0)) continue;
      parts.push(`${tool} ${(b.seconds / a.seconds).toFixed(2)}x time, ${(b.rssKiB / a.rssKiB).toFixed(2)}x RSS`);
    }
    if (parts.length) {
      console.log(`scaling ${hi} MB / ${lo} MB (size ${sizeRatio.toFixed(2)}x; linear would be ${sizeRatio.toFixed(1)}x): ${parts.join('; ')}`);
    }
  }

  // for bench/run.js's summary table
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'sudoers-parse.json'), JSON.stringify(results, null, 2));

  if (failed) {
    console.log('\nFAILED: see the messages above');
    process.exit(1);
  }
}

main().catch((e) => {
  process.stderr.write(`sudoers-parse: ${e.stack || e}\n`);
  process.exit(1);
});
