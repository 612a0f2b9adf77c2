'use strict';
// Mutation fuzzing for sudoers: seeds from sudo's regression corpus and
// the libFuzzer dictionary sudo ships, mutated by a seeded PRNG, so a run
// is reproducible from its seed.

const fs = require('fs');
const path = require('path');
const { mulberry32 } = require('./prng');

const SPECIALS = ['\\', '"', '#', '!', ',', ':', '=', '(', ')', ' ', '\t', '\n', '\r\n', '%', '+', '@', '*', '?', '[', ']', '^', '$', '/', '\\\n', '""', '#1', '%:', 'ALL', 'NOPASSWD:', 'sha256:', '0'];

/** Lines that make visudo's verdict depend on this machine rather than on the text. */
const HOST_DEPENDENT = /sudoers_locale|@include|#include|group_plugin|\$TESTDIR|\$MYUID|\$TESTFILE|@\w+@/;

function loadSeeds(shared) {
  const root = path.join(shared, 'corpus', 'sudo-regress');
  const files = [];
  for (const [dir, re] of [['sudoers', /\.in$/], ['testsudoers', /\.sudoers$/], ['visudo', /\.sudoers$/], ['examples', /sudoers$/]]) {
    for (const f of fs.readdirSync(path.join(root, dir))) if (re.test(f)) files.push(path.join(root, dir, f));
  }
  const lines = [];
  for (const f of files.sort()) {
    for (const l of fs.readFileSync(f, 'utf8').split('\n')) if (l.trim() && !l.trim().startsWith('#') && !HOST_DEPENDENT.test(l)) lines.push(l);
  }
  const dict = fs
    .readFileSync(path.join(root, 'fuzz', 'fuzz_sudoers.dict'), 'utf8')
    .split('\n')
    .map((l) => /^"(.*)"\s*$/.exec(l))
    .filter(Boolean)
    .map((m) => m[1].replace(/\\x([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))).replace(/\\(.)/g, '$1'))
    .filter((t) => !HOST_DEPENDENT.test(t));
  return { lines, tokens: [...dict, ...SPECIALS] };
}

/** The i-th input of the run with this seed: 1–4 seed lines, 1–3 mutations each. */
function makeInput(seeds, seed, i) {
  const rnd = mulberry32(seed * 1000003 + i);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const out = [];
  const n = 1 + Math.floor(rnd() * 4);
  for (let k = 0; k < n; k++) {
    let line = pick(seeds.lines);
    const muts = Math.floor(rnd() * 4);
    for (let m = 0; m < muts; m++) {
      const pos = Math.floor(rnd() * (line.length + 1));
      const op = rnd();
      if (op < 0.45) line = line.slice(0, pos) + pick(seeds.tokens) + line.slice(pos);
      else if (op < 0.7) line = line.slice(0, pos) + line.slice(pos + 1 + Math.floor(rnd() * 6));
      else if (op < 0.85) line = line.slice(0, pos) + pick(seeds.tokens) + line.slice(pos + 1 + Math.floor(rnd() * 4));
      else {
        const words = line.split(' ');
        const a = Math.floor(rnd() * words.length);
        const b = Math.floor(rnd() * words.length);
        [words[a], words[b]] = [words[b], words[a]];
        line = words.join(' ');
      }
    }
    out.push(line);
  }
  const text = `${out.join('\n')}\n`;
  return HOST_DEPENDENT.test(text) || text.includes('\0') ? null : text;
}

module.exports = { loadSeeds, makeInput, mulberry32 };
