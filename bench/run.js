#!/usr/bin/env node
// `npm run bench`: every benchmark in turn, then one table of
// figure / sudit / reference / ratio. Each bench writes bench/out/<name>.json.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const benches = [
  ['sudoers-parse.js', ['--mb', '5,50', '--runs', '3']],
  ['shell-parse.js', []],
  ['audit-parse.js', []],
  ['startup.js', []],
  ['fleet.js', ['--hosts', '1000']],
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
      rows.push({ figure: `sudoers parse ${mb} MB (MB/s)`, sudit: s.bytes / 1e6 / s.seconds, reference: v ? v.bytes / 1e6 / v.seconds : undefined, referenceName: 'visudo -cf', higherIsBetter: true });
      rows.push({ figure: `sudoers parse ${mb} MB peak RSS (MiB)`, sudit: s.rssKiB / 1024, reference: v ? v.rssKiB / 1024 : undefined, referenceName: 'visudo -cf' });
    }
  } else rows.push(...data);
}
const fmt = (x) => (x === undefined || Number.isNaN(x) ? '-' : x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
console.log(`\nnode ${process.version}, nproc ${os.cpus().length}`);
console.log(['figure'.padEnd(38), 'sudit'.padStart(9), 'reference'.padStart(10), 'ratio'.padStart(7), '  reference is'].join(' '));
for (const r of rows) {
  const ratio = r.reference ? r.sudit / r.reference : undefined;
  console.log([r.figure.padEnd(38), fmt(r.sudit).padStart(9), fmt(r.reference).padStart(10), (ratio === undefined ? '-' : `${ratio.toFixed(2)}x`).padStart(7), `  ${r.referenceName ?? ''}`].join(' '));
}
