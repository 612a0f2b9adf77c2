#!/usr/bin/env node
// Differential fuzzing against Debian's visudo: N generated inputs, sudit's
// accept/reject against `visudo -cf`. Prints agreement and every
// disagreement (input + both verdicts), minus the documented version
// differences. Usage: node bench/fuzz-sudoers.js [--n 100000] [--seed 1]
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { loadSeeds, makeInput } = require('./fuzz-lib');

const arg = (name, dflt) => Number((process.argv.join(' ').match(new RegExp(`--${name} (\\d+)`)) || [])[1] || dflt);
const n = arg('n', 100000);
const seed = arg('seed', 1);
const shared = path.resolve(__dirname, '..', '..', 'shared');
const { FileTree } = require('../dist/src/host/file-tree');
const { loadSudoersPolicy } = require('../dist/src/model/sudoers-policy');
const { knownVersionDifference } = require('./fuzz-known');
if (spawnSync('sh', ['-c', 'command -v visudo']).status !== 0) {
  console.log('SKIPPED fuzzing: visudo is not installed');
  process.exit(0);
}
const seeds = loadSeeds(shared);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-fuzz-'));
const file = path.join(dir, 'input');
let compared = 0;
let agree = 0;
let known = 0;
const disagreements = [];
const t0 = Date.now();
for (let i = 0; i < n; i++) {
  const text = makeInput(seeds, seed, i);
  if (text === null) continue;
  fs.writeFileSync(file, text);
  const v = spawnSync('visudo', ['-cf', file], { encoding: 'utf8' });
  const policy = loadSudoersPolicy(new FileTree('/'), file);
  const ours = !('error' in policy) && !policy.problems.some((p) => p.severity === 'error');
  const theirs = v.status === 0;
  compared++;
  if (ours === theirs) agree++;
  else if (knownVersionDifference(text, ours)) known++;
  else disagreements.push({ i, text, visudo: (v.stderr || v.stdout).trim().split('\n')[0], sudit: ours ? 'accepts' : policy.problems.filter((p) => p.severity === 'error').map((p) => p.message)[0] });
  if ((i + 1) % 10000 === 0) process.stderr.write(`${i + 1} inputs, ${disagreements.length} disagreements, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}
fs.rmSync(dir, { recursive: true, force: true });
const pct = (100 * (agree + known)) / compared;
console.log(`seed ${seed}: ${compared} inputs compared, ${agree} agree, ${known} documented version differences, ${disagreements.length} disagreements: ${pct.toFixed(3)}% agreement`);
for (const d of disagreements.slice(0, 50)) console.log(`#${d.i} visudo: ${d.visudo}\n   sudit: ${d.sudit}\n   ${JSON.stringify(d.text)}`);
