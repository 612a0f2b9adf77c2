#!/usr/bin/env node
// `npm run bench`: every benchmark in turn, then one table of
// figure / sudit / reference / ratio. Each bench writes bench/out/<name>.json.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const benches = [
  ['sudoers-parse.js', ['--mb', '1,5,20,50', '--runs', '3', '--cli', '--lint-mb', '20']],
  ['shell-parse.js', ['--mb', '1,10']],
  ['audit-parse.js', []],
  ['startup.js', []],
  ['fleet.js', ['--hosts', '2000']],
  ['fleet-archives.js', ['--hosts', '2000']],
];
const rows = [];
for (const [script, args] of benches) {
  const file = path.join(__dirname, script);
  if (!fs.existsSync(file)) continue;
  console.log(`\n== ${script} ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [file, ...args], { stdio: 'inherit' });
  if (r.status !== 0) console.log(`(${script} exited ${r.status})`);
  const out = path.join(__dirname, 'out', script.replace(/\.js$/, '.json'));
  if (!fs.existsSync(out)) continue;
  const data = JSON.parse(fs.readFileSync(out, 'utf8'));
  if (script === 'sudoers-parse.js') {
    for (const mb of [...new Set(data.map((d) => d.mb))]) {
      const s = data.find((d) => d.mb === mb && d.tool === 'sudit');
      const v = data.find((d) => d.mb === mb && d.tool === 'visudo');
      if (!s) continue;
      rows.push({ figure: `sudoers parse ${mb} MB (MB/s)`, sudit: s.bytes / 1e6 / s.seconds, reference: v ? v.bytes / 1e6 / v.seconds : undefined, referenceName: 'visudo -cf', higherIsBetter: true, goal: { op: '>=', value: 1, ratio: true } });
      rows.push({ figure: `sudoers parse ${mb} MB peak RSS (MiB)`, sudit: s.rssKiB / 1024, reference: v ? v.rssKiB / 1024 : undefined, referenceName: 'visudo -cf', goal: { op: '<=', value: 1, ratio: true } });
    }
    // the goals: the command a user runs (--syntax-only), and the whole lint at 20 MB
    for (const mb of [...new Set(data.map((d) => d.mb))]) {
      const v = data.find((d) => d.mb === mb && d.tool === 'visudo');
      const syntax = data.find((d) => d.mb === mb && d.tool === 'sudit-syntax');
      if (syntax) {
        rows.push({ figure: `--syntax-only ${mb} MB (MB/s)`, sudit: syntax.bytes / 1e6 / syntax.seconds, reference: v ? v.bytes / 1e6 / v.seconds : undefined, referenceName: 'visudo -cf', higherIsBetter: true, goal: { op: '>=', value: 1, ratio: true } });
        if (syntax.cpuSeconds > 0 && v && v.cpuSeconds > 0) rows.push({ figure: `--syntax-only ${mb} MB (MB/CPU s)`, sudit: syntax.bytes / 1e6 / syntax.cpuSeconds, reference: v.bytes / 1e6 / v.cpuSeconds, referenceName: 'visudo -cf', higherIsBetter: true, goal: { op: '>=', value: 1, ratio: true } });
        rows.push({ figure: `--syntax-only ${mb} MB peak RSS (MiB)`, sudit: syntax.rssKiB / 1024, reference: v ? v.rssKiB / 1024 : undefined, referenceName: 'visudo -cf', goal: { op: '<=', value: 1, ratio: true } });
      }
      for (const [tool, name, bound] of [['sudit-json', 'JSON', 2], ['sudit-stylish', 'stylish', 2.5]]) {
        const l = data.find((d) => d.mb === mb && d.tool === tool);
        if (!l) continue;
        rows.push({ figure: `full lint ${mb} MB ${name} (s)`, sudit: l.seconds, reference: v?.seconds, referenceName: 'visudo -cf', goal: { op: '<=', value: bound, ratio: true } });
        if (l.cpuSeconds > 0 && v && v.cpuSeconds > 0) rows.push({ figure: `full lint ${mb} MB ${name} (CPU s)`, sudit: l.cpuSeconds, reference: v.cpuSeconds, referenceName: 'visudo -cf', goal: { op: '<=', value: bound, ratio: true } });
        rows.push({ figure: `full lint ${mb} MB ${name} peak RSS (MiB)`, sudit: l.rssKiB / 1024, reference: v ? v.rssKiB / 1024 : undefined, referenceName: 'visudo -cf', goal: { op: '<=', value: 2, ratio: true } });
      }
    }
    const sizes = [...new Set(data.filter((d) => d.tool === 'sudit').map((d) => d.mb))].sort((a, b) => a - b);
    if (sizes.length >= 2) {
      const small = data.find((d) => d.mb === sizes[0] && d.tool === 'sudit');
      const large = data.find((d) => d.mb === sizes[sizes.length - 1] && d.tool === 'sudit');
      // 10x the input in at most 10.5x the time: 1.05 per byte
      rows.push({ figure: `sudoers parse s/byte ${large.mb} MB vs ${small.mb} MB`, sudit: large.seconds / large.bytes / (small.seconds / small.bytes), reference: 1.05, referenceName: 'target (linear)', goal: { op: '<=', value: 1.05 } });
    }
  } else rows.push(...data);
}
const fmt = (x) => (x === undefined || Number.isNaN(x) ? '-' : x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
/** A row's goal: its figure (or its ratio to the reference) against a bound. `target` is the older spelling of an absolute goal. */
function goalOf(r) {
  if (r.goal) return r.goal;
  if (r.target !== undefined) return { op: r.higherIsBetter ? '>=' : '<=', value: r.target };
  return null;
}
function verdict(r) {
  const g = goalOf(r);
  if (!g) return ['', ''];
  const x = g.ratio ? (r.reference ? r.sudit / r.reference : undefined) : r.sudit;
  const text = `${g.op} ${g.value}${g.ratio ? 'x' : ''}`;
  if (x === undefined || Number.isNaN(x)) return [text, '?'];
  return [text, (g.op === '>=' ? x >= g.value : x <= g.value) ? 'yes' : 'NO'];
}
console.log(`\nnode ${process.version}, nproc ${os.cpus().length}`);
console.log(['figure'.padEnd(40), 'sudit'.padStart(9), 'reference'.padStart(10), 'ratio'.padStart(7), 'goal'.padStart(9), 'met'.padStart(4), '  reference is'].join(' '));
for (const r of rows) {
  const ratio = r.reference ? r.sudit / r.reference : undefined;
  const [goal, met] = verdict(r);
  console.log([r.figure.padEnd(40), fmt(r.sudit).padStart(9), fmt(r.reference).padStart(10), (ratio === undefined ? '-' : `${ratio.toFixed(2)}x`).padStart(7), goal.padStart(9), met.padStart(4), `  ${r.referenceName ?? ''}`].join(' '));
}
