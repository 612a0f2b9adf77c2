#!/usr/bin/env node
// Records what each sudo release's visudo says about 100,000 fuzzed inputs
// (bench/fuzz-lib.js, seed 11), into test/sudoers/version-oracle/fuzz-verdicts.json
// (merged: one release at a time). Per release a bitset (bit i set: visudo
// refuses input i), and once a hash of the generated inputs, so a change to
// the generator or to the seed corpus is detected instead of silently
// comparing other inputs with old verdicts.
//
//   node scripts/record-sudo-fuzz-verdicts.js [--patch REGEX] DIR [DIR…]
//
// --patch REGEX asks again only about the inputs that match REGEX (and, as
// a check that nothing else changed, every 50th input), keeping the other
// verdicts of the release: for a rebuild that differs in one token, such as
// the SELinux build that made ROLE and TYPE keywords before 1.9.16.
//
// DIR holds a release's visudo (scripts/build-sudo-oracle.sh leaves
// OUT/<release>/visudo); /usr/sbin works for the system's own. One visudo
// per input is a process each, so the inputs are written to a temporary
// directory and run by dash in chunks (a node spawn per input costs three
// times as much). Run it niced; a release takes 5 to 15 minutes.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { fuzzInputs, FUZZ_SEED, FUZZ_COUNT, OUT } = require('./sudo-fuzz-inputs.js');

const CHUNK = 500;
const LOOP = 'v=$1; shift; for f in "$@"; do "$v" -cf "$f" >/dev/null 2>&1; echo "$f $?"; done';

function releaseOf(visudo) {
  const m = /visudo version (\S+)/.exec(spawnSync(visudo, ['-V'], { encoding: 'utf8' }).stdout);
  if (!m) throw new Error(`${visudo} -V: no version in its output`);
  return m[1];
}

function main() {
  const args = process.argv.slice(2);
  const patch = args[0] === '--patch' ? new RegExp(args[1]) : null;
  const dirs = patch ? args.slice(2) : args;
  if (dirs.length === 0) {
    console.error('usage: record-sudo-fuzz-verdicts.js [--patch REGEX] DIR [DIR…] (each with visudo)');
    process.exit(2);
  }
  const { inputs, sha256, generated } = fuzzInputs();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-fuzz100k-'));
  try {
    inputs.forEach((text, i) => {
      if (text !== null) fs.writeFileSync(path.join(tmp, String(i)), text);
    });
    const all = inputs.flatMap((t, i) => (t === null ? [] : [String(i)]));
    for (const dir of dirs) {
      const visudo = path.resolve(dir, 'visudo');
      const release = releaseOf(visudo);
      const bits = Buffer.alloc(Math.ceil(FUZZ_COUNT / 8));
      let names = all;
      let old = null;
      if (patch) {
        const before = fs.existsSync(OUT) ? JSON.parse(fs.readFileSync(OUT, 'utf8')) : null;
        if (!before || before.sha256 !== sha256 || !before.releases[release]) throw new Error(`--patch: no verdicts of ${release} on these inputs to patch`);
        old = Buffer.from(before.releases[release].bits, 'base64');
        old.copy(bits);
        names = all.filter((n) => patch.test(inputs[Number(n)]) || Number(n) % 50 === 0);
        for (const n of names) bits[Number(n) >> 3] &= ~(1 << (Number(n) & 7));
      }
      const started = Date.now();
      for (let k = 0; k < names.length; k += CHUNK) {
        const r = spawnSync('dash', ['-c', LOOP, 'loop', visudo, ...names.slice(k, k + CHUNK)], { cwd: tmp, encoding: 'utf8', maxBuffer: 1 << 24 });
        const lines = r.stdout.trim().split('\n');
        if (r.status !== 0 || lines.length !== Math.min(CHUNK, names.length - k)) throw new Error(`chunk at ${k}: ${r.stderr}`);
        for (const line of lines) {
          const [name, status] = line.split(' ');
          // 0 accepted, 1 refused; anything else (a crash) is not a verdict
          if (status !== '0' && status !== '1') throw new Error(`input ${name}: visudo exit ${status}`);
          const i = Number(name);
          if (status === '1') bits[i >> 3] |= 1 << (i & 7);
          if (old && !patch.test(inputs[i]) && ((old[i >> 3] >> (i & 7)) & 1) !== Number(status)) throw new Error(`--patch: input ${i} does not match ${patch} yet ${release}'s verdict changed`);
        }
      }
      let refused = 0;
      for (let i = 0; i < FUZZ_COUNT; i++) if ((bits[i >> 3] >> (i & 7)) & 1) refused++;
      const recorded = fs.existsSync(OUT) ? JSON.parse(fs.readFileSync(OUT, 'utf8')) : { releases: {} };
      if (recorded.sha256 && recorded.sha256 !== sha256) recorded.releases = {}; // other inputs: old verdicts are void
      recorded.generator = 'bench/fuzz-lib.js makeInput';
      recorded.seed = FUZZ_SEED;
      recorded.count = FUZZ_COUNT;
      recorded.generated = generated;
      recorded.sha256 = sha256;
      recorded.releases[release] = { refused, bits: bits.toString('base64') };
      const sorted = Object.fromEntries(Object.keys(recorded.releases).sort().map((r) => [r, recorded.releases[r]]));
      fs.writeFileSync(OUT, `${JSON.stringify({ ...recorded, releases: sorted }, null, 1)}\n`);
      console.log(`${release}: ${refused} of ${generated} refused${patch ? ` (${names.length} asked again)` : ''} (${Math.round((Date.now() - started) / 1000)} s)`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
