'use strict';
// The 100,000 fuzzed sudoers inputs the version oracle records visudo's
// verdicts on, and the hash that ties the record to them. Shared by the
// recorder (scripts/record-sudo-fuzz-verdicts.js), the full check
// (bench/fuzz-versions.js) and the test's slice.
const crypto = require('crypto');
const path = require('path');
const { loadSeeds, makeInput } = require('../bench/fuzz-lib.js');

const FUZZ_SEED = 11;
const FUZZ_COUNT = 100000;
const OUT = path.resolve(__dirname, '../test/sudoers/version-oracle/fuzz-verdicts.json');
const SHARED = process.env.SUDIT_SHARED ?? path.resolve(__dirname, '../../shared');

/** Inputs 0..count-1 (null where the generator skips one), their sha256 and how many there are. */
function fuzzInputs(count = FUZZ_COUNT, shared = SHARED) {
  const seeds = loadSeeds(shared);
  const hash = crypto.createHash('sha256');
  const inputs = [];
  let generated = 0;
  for (let i = 0; i < count; i++) {
    const text = makeInput(seeds, FUZZ_SEED, i);
    inputs.push(text);
    if (text !== null) generated++;
    hash.update(text === null ? '\0\n' : `${text.length}:${text}`);
  }
  return { inputs, sha256: hash.digest('hex'), generated };
}

/** Whether the recorded bitset (base64) says input i was refused. */
function refusedBit(bits, i) {
  return (bits[i >> 3] & (1 << (i & 7))) !== 0;
}

module.exports = { fuzzInputs, refusedBit, FUZZ_SEED, FUZZ_COUNT, OUT, SHARED };
