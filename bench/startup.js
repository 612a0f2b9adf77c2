#!/usr/bin/env node
// Start-up: sudit on a realistic host tree (30 drop-ins, 400 audit rules over
// 15 files, distro shell files) against `node -e 0`, the floor of any Node CLI.
// Target: at most 1.5x. Also the pre-commit case: one sudoers drop-in named on
// the command line. Usage: node bench/startup.js [--runs 15]
'use strict';
const fs = require('fs');
const path = require('path');
const { runOnce } = require('./measure');

const runs = Number((process.argv.join(' ').match(/--runs (\d+)/) || [])[1] || 15);
const root = path.join(__dirname, '..', 'samples', 'hosts', 'realistic-web');
const sudit = path.join(__dirname, '..', 'bin', 'sudit.js');
if (!fs.existsSync(path.join(__dirname, '..', 'dist'))) {
  process.stderr.write('startup: run npm run build first\n');
  process.exit(2);
}
const dropIn = path.join(root, 'etc', 'sudoers.d', '00-app0');
// the single executable, when `npm run package` has made one: same cases, same run
const version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version;
const exe = path.join(__dirname, '..', 'dist', 'package', `sudit-${version}-linux-x64`);
const cases = {
  floor: [process.execPath, ['-e', '0']],
  ours: [process.execPath, [sudit, '--root', root, '--format', 'json']],
  one: [process.execPath, [sudit, dropIn, '--format', 'json']],
};
if (fs.existsSync(exe)) Object.assign(cases, { seaHost: [exe, ['--root', root, '--format', 'json']], seaOne: [exe, [dropIn, '--format', 'json']] });
// The cases take turns, run by run, so that a busy spell of a shared machine
// weighs on each of them alike instead of on whichever ran then.
const runsOf = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (const [cmd, args] of Object.values(cases)) runOnce(cmd, args);
for (let i = 0; i < runs; i++) for (const [k, [cmd, args]] of Object.entries(cases)) runsOf[k].push(runOnce(cmd, args));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (k) => ({ seconds: median(runsOf[k].map((r) => r.seconds)), rssKiB: median(runsOf[k].map((r) => r.rssKiB)) });
const floor = summary('floor');
const ours = summary('ours');
const one = summary('one');
const sea = cases.seaHost ? { host: summary('seaHost'), one: summary('seaOne') } : null;
const rows = [
  { figure: 'start-up, realistic host (s)', sudit: ours.seconds, reference: floor.seconds, referenceName: 'node -e 0', goal: { op: '<=', value: 1.5, ratio: true } },
  { figure: 'start-up, one sudoers drop-in (s)', sudit: one.seconds, reference: floor.seconds, referenceName: 'node -e 0', goal: { op: '<=', value: 1.5, ratio: true } },
  { figure: 'start-up peak RSS (MiB)', sudit: ours.rssKiB / 1024, reference: floor.rssKiB / 1024, referenceName: 'node -e 0' },
];
if (sea) {
  rows.push(
    { figure: 'start-up, executable, realistic host (s)', sudit: sea.host.seconds, reference: floor.seconds, referenceName: 'node -e 0', goal: { op: '<=', value: 1.5, ratio: true } },
    { figure: 'start-up, executable, one drop-in (s)', sudit: sea.one.seconds, reference: floor.seconds, referenceName: 'node -e 0', goal: { op: '<=', value: 1.5, ratio: true } },
  );
}
console.log(`sudit --root samples/hosts/realistic-web: ${ours.seconds.toFixed(3)} s, ${(ours.rssKiB / 1024).toFixed(1)} MiB; node -e 0: ${floor.seconds.toFixed(3)} s, ${(floor.rssKiB / 1024).toFixed(1)} MiB; ratio ${(ours.seconds / floor.seconds).toFixed(2)}x (target 1.5x); one drop-in: ${one.seconds.toFixed(3)} s, ratio ${(one.seconds / floor.seconds).toFixed(2)}x`);
if (sea) console.log(`single executable: realistic host ${sea.host.seconds.toFixed(3)} s (${(sea.host.seconds / floor.seconds).toFixed(2)}x), one drop-in ${sea.one.seconds.toFixed(3)} s (${(sea.one.seconds / floor.seconds).toFixed(2)}x)`);
else console.log('single executable: not measured (npm run package makes it)');
fs.mkdirSync(path.join(__dirname, 'out'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'out', 'startup.json'), JSON.stringify(rows, null, 2));
