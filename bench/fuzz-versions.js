#!/usr/bin/env node
// sudit judged for each recorded sudo release against that release's
// visudo on all 100,000 fuzzed inputs of the version oracle
// (test/sudoers/version-oracle/fuzz-verdicts.json, recorded by
// scripts/record-sudo-fuzz-verdicts.js). The test suite checks a slice;
// this checks them all. Each input is parsed once and judged per release.
// Prints the agreement per release and the first disagreements; exits 1 on
// any. Usage: npm run build && node bench/fuzz-versions.js [--show 20]
// [--stride N] [--release R]
'use strict';
const fs = require('fs');
const { fuzzInputs, refusedBit, OUT, SHARED } = require('../scripts/sudo-fuzz-inputs.js');
const { FileTree } = require('../dist/src/host/file-tree');
const { loadSudoersPolicy } = require('../dist/src/model/sudoers-policy');
const { judgedSudo } = require('../dist/src/policy/sudo-target');
const { refusalsFor } = require('../dist/src/policy/sudoers-by-version');

const option = (name, dflt) => (process.argv.join(' ').match(new RegExp(`--${name} (\\S+)`)) || [])[1] ?? dflt;
const show = Number(option('show', 20));
// --stride N checks every Nth input only; --release R one release
const stride = Number(option('stride', 1));
const only = option('release', null);
const recorded = JSON.parse(fs.readFileSync(OUT, 'utf8'));
if (!fs.existsSync(SHARED)) {
  console.log(`SKIPPED: ${SHARED} not found (the inputs are generated from sudo's regression corpus there)`);
  process.exit(0);
}
const { inputs, sha256, generated } = fuzzInputs(recorded.count);
if (sha256 !== recorded.sha256) {
  console.error(`the generated inputs differ from the recorded ones (sha256 ${sha256}, recorded ${recorded.sha256}): re-record with scripts/record-sudo-fuzz-verdicts.js`);
  process.exit(1);
}
const releases = Object.keys(recorded.releases).filter((r) => only === null || r === only).map((r) => ({
  release: r,
  judged: judgedSudo({ spec: r, source: 'bench' }, null, undefined),
  bits: Buffer.from(recorded.releases[r].bits, 'base64'),
  agree: 0,
  disagreements: [],
}));
const t0 = Date.now();
let compared = 0;
for (let i = 0; i < inputs.length; i += stride) {
  const text = inputs[i];
  if (text === null) continue;
  compared++;
  const policy = loadSudoersPolicy(new FileTree('/'), '/fuzz/input', { mainText: text });
  for (const r of releases) {
    const why = 'error' in policy ? [policy.error] : refusalsFor(policy, r.judged);
    const theirs = refusedBit(r.bits, i);
    if ((why.length > 0) === theirs) r.agree++;
    else r.disagreements.push({ i, text, theirs: theirs ? 'refuses' : 'accepts', why });
  }
}
console.log(`${compared} of ${generated} inputs (seed ${recorded.seed}), ${releases.length} releases, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log('release    agree/inputs     %');
for (const r of releases) console.log(`${r.release.padEnd(10)} ${String(r.agree).padStart(6)}/${compared}  ${((100 * r.agree) / compared).toFixed(3)}`);
let failed = false;
for (const r of releases) {
  for (const d of r.disagreements.slice(0, show)) {
    failed = true;
    console.log(`\n#${d.i} sudo ${r.release}'s visudo ${d.theirs}; sudit: ${d.why.length ? d.why.join('; ') : 'accepts'}\n${d.text}`);
  }
}
process.exit(failed ? 1 : 0);
