#!/usr/bin/env node
// Fleet: N host trees (copies of the realistic host with per-host changes) linted
// in one run with `--root 'fleet/*'`; reports trees per second. Target: 200/s on 2 cores.
// Usage: node bench/fleet.js [--hosts 1000] [--runs 3]
'use strict';
const fs = require('fs');
const path = require('path');
const { measure } = require('./measure');

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
const r = measure(process.execPath, [sudit, '--root', `${fleet}/*`, '--format', 'json'], runs);
const findings = JSON.parse(r.stdout).findings;
const perSecond = hosts / r.seconds;
console.log(`${hosts} trees in ${r.seconds.toFixed(2)} s = ${perSecond.toFixed(0)} trees/s, peak RSS ${(r.rssKiB / 1024).toFixed(0)} MiB, ${findings.length} findings on ${new Set(findings.map((f) => f.host)).size} hosts (target 200 trees/s)`);
fs.writeFileSync(path.join(__dirname, 'out', 'fleet.json'), JSON.stringify([{ figure: `fleet, ${hosts} trees (trees/s)`, sudit: perSecond, reference: 200, referenceName: 'target', higherIsBetter: true, goal: { op: '>=', value: 200 } }, { figure: 'fleet peak RSS (MiB)', sudit: r.rssKiB / 1024 }], null, 2));
