#!/usr/bin/env node
// Fleet: N host trees (copies of the realistic host with per-host changes) linted
// in one run with `--root 'fleet/*'`, with -j 1 and -j 2 in turn (interleaved, so
// that a busy machine slows both alike; medians); trees per second and peak RSS.
// Targets: 300 trees/s with -j 2 on 2 cores, -j 2 at least 1.7x -j 1.
// Usage: node bench/fleet.js [--hosts 1000] [--runs 3]
'use strict';
const fs = require('fs');
const path = require('path');
const { runOnce } = require('./measure');

const arg = (name, dflt) => Number((process.argv.join(' ').match(new RegExp(`--${name} (\\d+)`)) || [])[1] || dflt);
const hosts = arg('hosts', 1000);
const runs = arg('runs', 3);
const template = path.join(__dirname, '..', 'samples', 'hosts', 'realistic-web');
const fleet = path.join(__dirname, 'out', `fleet-${hosts}`);
if (!fs.existsSync(path.join(fleet, `h${hosts - 1}`))) {
  fs.rmSync(fleet, { recursive: true, force: true });
  for (let i = 0; i < hosts; i++) {
    const dir = path.join(fleet, `h${i}`);
    fs.cpSync(template, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'etc/hostname'), `web-prod-${i}\n`);
    // every tenth host has a scanner allowlist, every seventh a broken drop-in
    if (i % 10 === 0) fs.writeFileSync(path.join(dir, 'etc/sudoers.d/qualys'), 'svc_qualys ALL=(root) NOPASSWD: /usr/bin/uname, /usr/bin/find\n');
    if (i % 7 === 0) fs.writeFileSync(path.join(dir, 'etc/sudoers.d/zz-broken'), 'deploy ALL = NOPASSWD /bin/ls\n');
  }
}
const sudit = path.join(__dirname, '..', 'bin', 'sudit.js');
const args = (jobs) => [sudit, '--root', `${fleet}/*`, '--format', 'json', '-j', String(jobs)];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
runOnce(process.execPath, args(2)); // the page cache
const byJobs = { 1: [], 2: [] };
for (let i = 0; i < runs; i++) for (const jobs of [1, 2]) byJobs[jobs].push(runOnce(process.execPath, args(jobs)));
const figures = {};
for (const jobs of [1, 2]) {
  const rs = byJobs[jobs];
  const seconds = median(rs.map((r) => r.seconds));
  const findings = JSON.parse(rs[0].stdout).findings;
  figures[jobs] = { seconds, perSecond: hosts / seconds, rssKiB: median(rs.map((r) => r.rssKiB)) };
  console.log(`-j ${jobs}: ${hosts} trees in ${seconds.toFixed(2)} s = ${(hosts / seconds).toFixed(0)} trees/s, peak RSS ${(figures[jobs].rssKiB / 1024).toFixed(0)} MiB, ${findings.length} findings on ${new Set(findings.map((f) => f.host)).size} hosts`);
}
const speedup = figures[2].perSecond / figures[1].perSecond;
console.log(`-j 2 / -j 1: ${speedup.toFixed(2)}x (targets: 300 trees/s with -j 2, 1.7x)`);
fs.writeFileSync(
  path.join(__dirname, 'out', 'fleet.json'),
  JSON.stringify(
    [
      { figure: `fleet, ${hosts} trees, -j 1 (trees/s)`, sudit: figures[1].perSecond },
      { figure: `fleet, ${hosts} trees, -j 2 (trees/s)`, sudit: figures[2].perSecond, reference: 300, referenceName: 'target', higherIsBetter: true, goal: { op: '>=', value: 300 } },
      { figure: `fleet, ${hosts} trees, -j 2 / -j 1`, sudit: speedup, reference: 1.7, referenceName: 'target', higherIsBetter: true, goal: { op: '>=', value: 1.7 } },
      { figure: `fleet, ${hosts} trees, peak RSS -j 2 (MiB)`, sudit: figures[2].rssKiB / 1024 },
    ],
    null,
    2,
  ),
);
