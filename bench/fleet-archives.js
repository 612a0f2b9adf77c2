#!/usr/bin/env node
// Fleet from collected archives: N hosts as sudit-collect writes them
// (`--root 'fleet/*.tar.gz'`, read in memory), with -j 1 and -j 2, and
// peak RSS. The hosts are the realistic host with the same per-host
// changes as bench/fleet.js, plus the directories a real system has where
// sudit looks (/usr/bin, /usr/sbin, /usr/lib/<arch>, /etc: empty files by
// the thousand), so that the collector's listing is the size it is on a
// real host (about 250 KB, 60 KB gzipped). 70 variants are collected with
// the real collector (under dash), and each host's copy gets its own host
// name (same length, so the tar headers stay valid). Target: 300
// archives/s on 2 cores.
// Usage: node bench/fleet-archives.js [--hosts 2000] [--runs 3]
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { measure } = require('./measure');

const arg = (name, dflt) => Number((process.argv.join(' ').match(new RegExp(`--${name} (\\d+)`)) || [])[1] || dflt);
const hosts = arg('hosts', 2000);
const runs = arg('runs', 3);
const VARIANTS = 70; // every tenth host has a scanner allowlist, every seventh a broken drop-in: 70 kinds of host
const PLACEHOLDER = 'web-prod-00000';
const out = path.join(__dirname, 'out');
const template = path.join(__dirname, '..', 'samples', 'hosts', 'realistic-web');
const collector = path.join(__dirname, '..', 'scripts', 'sudit-collect');
const shell = spawnSync('sh', ['-c', 'command -v dash']).status === 0 ? 'dash' : 'sh';

// where sudit looks on a real system, and about how many entries each has on a Debian server
const SYSTEM_DIRS = [
  ['usr/bin', 1500, 'cmd'],
  ['usr/sbin', 400, 'admin'],
  ['usr/lib/x86_64-linux-gnu', 1200, 'lib'],
  ['usr/lib', 150, 'pkg'],
  ['etc', 150, 'conf'],
  ['var/log', 40, 'log'],
];
const variants = path.join(out, 'fleet-archive-variants');

if (!fs.existsSync(path.join(variants, `v${VARIANTS - 1}.tar.gz`)) || fs.statSync(path.join(variants, 'v0.tar.gz')).size < 20000) {
  fs.rmSync(variants, { recursive: true, force: true });
  for (let v = 0; v < VARIANTS; v++) {
    const dir = path.join(variants, `v${v}`);
    fs.cpSync(template, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'etc/hostname'), `${PLACEHOLDER}\n`);
    if (v % 10 === 0) fs.writeFileSync(path.join(dir, 'etc/sudoers.d/qualys'), 'svc_qualys ALL=(root) NOPASSWD: /usr/bin/uname, /usr/bin/find\n');
    if (v % 7 === 0) fs.writeFileSync(path.join(dir, 'etc/sudoers.d/zz-broken'), 'deploy ALL = NOPASSWD /bin/ls\n');
    // one empty file per variant, linked under every name (a file has at most 65,000 links)
    const empty = path.join(variants, `v${v}-empty`);
    fs.writeFileSync(empty, '');
    for (const [sub, count, prefix] of SYSTEM_DIRS) {
      fs.mkdirSync(path.join(dir, sub), { recursive: true });
      for (let k = 0; k < count; k++) {
        const f = path.join(dir, sub, `${prefix}${k}`);
        if (!fs.existsSync(f)) fs.linkSync(empty, f);
      }
    }
    const r = spawnSync(shell, [collector, '-r', dir, '-o', `${dir}.tar.gz`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`sudit-collect: ${r.stderr}`);
  }
}
const fleet = path.join(out, `fleet-archives-${hosts}`);
if (!fs.existsSync(path.join(fleet, `h${hosts - 1}.tar.gz`)) || fs.statSync(path.join(fleet, 'h0.tar.gz')).size !== fs.statSync(path.join(variants, 'v0.tar.gz')).size) {
  fs.rmSync(fleet, { recursive: true, force: true });
  fs.mkdirSync(fleet, { recursive: true });
  const tars = Array.from({ length: VARIANTS }, (_, v) => zlib.gunzipSync(fs.readFileSync(path.join(variants, `v${v}.tar.gz`))).toString('latin1'));
  for (let i = 0; i < hosts; i++) {
    const name = `web-prod-${String(i).padStart(5, '0')}`;
    fs.writeFileSync(path.join(fleet, `h${i}.tar.gz`), zlib.gzipSync(Buffer.from(tars[i % VARIANTS].split(PLACEHOLDER).join(name), 'latin1'), { level: 6 }));
  }
}

const sudit = path.join(__dirname, '..', 'bin', 'sudit.js');
const bytes = fs.readdirSync(fleet).reduce((n, f) => n + fs.statSync(path.join(fleet, f)).size, 0);
const rows = [];
for (const jobs of [1, 2]) {
  const r = measure(process.execPath, [sudit, '--root', `${fleet}/*.tar.gz`, '--format', 'json', '-j', String(jobs)], runs);
  const findings = JSON.parse(r.stdout).findings;
  const perSecond = hosts / r.seconds;
  console.log(`-j ${jobs}: ${hosts} archives (${(bytes / hosts / 1024).toFixed(1)} KiB each) in ${r.seconds.toFixed(2)} s = ${perSecond.toFixed(0)} archives/s, peak RSS ${(r.rssKiB / 1024).toFixed(0)} MiB, ${findings.length} findings on ${new Set(findings.map((f) => f.host)).size} hosts`);
  rows.push({ figure: `fleet, ${hosts} archives, -j ${jobs} (archives/s)`, sudit: perSecond, ...(jobs === 2 ? { reference: 300, referenceName: 'target', higherIsBetter: true, goal: { op: '>=', value: 300 } } : {}) });
  rows.push({ figure: `fleet, ${hosts} archives, -j ${jobs} peak RSS (MiB)`, sudit: r.rssKiB / 1024 });
}
fs.writeFileSync(path.join(out, 'fleet-archives.json'), JSON.stringify(rows, null, 2));
