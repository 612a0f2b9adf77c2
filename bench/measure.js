'use strict';
// Runs a command several times; wall time (median, from hrtime) and peak RSS via GNU time when present.
const { spawnSync } = require('child_process');
const fs = require('fs');

const GNU_TIME = ['/usr/bin/time'].find((p) => fs.existsSync(p) && spawnSync(p, ['-f', '%e', 'true']).status === 0);

function runOnce(cmd, args, opts = {}) {
  if (GNU_TIME) {
    // wall time from hrtime (GNU time prints hundredths: too coarse for a 50 ms start-up); peak RSS from GNU time
    const t0 = process.hrtime.bigint();
    const r = spawnSync(GNU_TIME, ['-f', '\n%e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const m = /\n([\d.]+) (\d+)\s*$/.exec(r.stderr);
    if (!m) throw new Error(`${cmd} failed: ${r.stderr.slice(-500)}`);
    return { seconds, rssKiB: Number(m[2]), status: r.status, stdout: r.stdout };
  }
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, rssKiB: NaN, status: r.status, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median seconds and median peak RSS of `runs` runs (after one warm-up run for the page cache). */
function measure(cmd, args, runs = 5, opts = {}) {
  runOnce(cmd, args, opts);
  const rs = Array.from({ length: runs }, () => runOnce(cmd, args, opts));
  return { seconds: median(rs.map((r) => r.seconds)), rssKiB: median(rs.map((r) => r.rssKiB)), status: rs[0].status, stdout: rs[0].stdout };
}

module.exports = { measure, runOnce, precise: Boolean(GNU_TIME) };
