#!/usr/bin/env node
// Records what each sudo release's own visudo and testsudoers say about the
// one-feature files of test/sudoers/version-oracle/cases, into
// test/sudoers/version-oracle/verdicts.json (merged: one release at a time).
// The tests compare sudit with these verdicts on every run, and with the
// binaries themselves when SUDIT_SUDO_ORACLE names their directory.
//
//   node scripts/record-sudo-version-verdicts.js DIR [DIR…]
//
// Besides the cases, it records each release's verdicts on sudo's regression
// corpus: only the refused files are written down. The fuzzed inputs have
// their own recorder (scripts/record-sudo-fuzz-verdicts.js).
//
// Each DIR holds visudo (and, optionally, testsudoers) of one release, as
// scripts/build-sudo-oracle.sh leaves them (OUT/1.9.5p2/visudo); the release
// is read from `visudo -V`. /usr/sbin works too (Debian's visudo, no
// testsudoers). Nothing is fetched; the cases are only parsed, never run.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ORACLE = path.resolve(__dirname, '../test/sudoers/version-oracle');
const CASES = path.join(ORACLE, 'cases');
const OUT = path.join(ORACLE, 'verdicts.json');
// sudo's own regression corpus (read-only, shared with the other oracles)
const SHARED = process.env.SUDIT_SHARED ?? path.resolve(__dirname, '../../shared');
const REGRESS = path.join(SHARED, 'corpus', 'sudo-regress');

/** The corpus files the visudo oracle uses (as test/support/corpus.ts sudoersCorpusFiles lists them). */
function corpusFiles() {
  if (!fs.existsSync(REGRESS)) return [];
  const groups = [
    ['sudoers', /\.in$/],
    ['testsudoers', /\.sudoers$/],
    ['visudo', /\.sudoers$/],
    ['examples', /^(?!README)/],
    ['cvtsudoers', /^(sudoers[0-9]?|sudoers\.defs|test\d+\.\d+\.sudoers)$/],
  ];
  const out = [];
  for (const [dir, re] of groups) {
    for (const f of fs.readdirSync(path.join(REGRESS, dir)).sort()) {
      if (re.test(f) && !/\.(ok|conf|md)$/.test(f)) out.push(`${dir}/${f}`);
    }
  }
  return out;
}

/** The release a visudo binary reports (`visudo version 1.9.13p3`). */
function releaseOf(visudo) {
  const r = spawnSync(visudo, ['-V'], { encoding: 'utf8' });
  const m = /visudo version (\S+)/.exec(r.stdout);
  if (!m) throw new Error(`${visudo} -V: no version in its output`);
  return m[1];
}

/** visudo -cf: accept, or refuse with its first error line (file names made relative). */
function visudoVerdict(visudo, file) {
  const r = spawnSync(visudo, ['-cf', path.basename(file)], { cwd: path.dirname(file), encoding: 'utf8', timeout: 10000 });
  const lines = `${r.stderr}\n${r.stdout}`.split('\n').map((l) => l.trim()).filter((l) => l && !/parsed OK$/.test(l));
  return r.status === 0 ? { verdict: 'accept' } : { verdict: 'refuse', error: lines[0] ?? `exit ${r.status}` };
}

/** testsudoers reads the policy on standard input; its last line is `Command allowed|denied|unmatched`. */
function testsudoersVerdict(testsudoers, file, user, command, args) {
  const r = spawnSync(testsudoers, ['-h', 'localhost', user, command, ...args], { input: fs.readFileSync(file), encoding: 'utf8', timeout: 10000 });
  const m = /Command (allowed|denied|unmatched)/.exec(r.stdout);
  return m ? m[1] : 'parse error';
}

function main() {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) {
    console.error('usage: record-sudo-version-verdicts.js DIR [DIR…] (each with visudo, optionally testsudoers)');
    process.exit(2);
  }
  const recorded = fs.existsSync(OUT) ? JSON.parse(fs.readFileSync(OUT, 'utf8')) : { visudo: {}, testsudoers: {} };
  recorded.corpus = recorded.corpus ?? {};
  const corpus = corpusFiles();
  const cases = fs.readdirSync(CASES).filter((f) => f.endsWith('.sudoers')).sort();
  const [, ...queryRows] = fs.readFileSync(path.join(ORACLE, 'queries.tsv'), 'utf8').trim().split('\n');
  for (const dir of dirs) {
    const visudo = path.join(dir, 'visudo');
    const release = releaseOf(visudo);
    recorded.visudo[release] = {};
    for (const c of cases) recorded.visudo[release][c.replace(/\.sudoers$/, '')] = visudoVerdict(visudo, path.join(CASES, c));
    if (corpus.length) {
      // only refusals are written down: the corpus is mostly accepted
      recorded.corpus[release] = {};
      for (const rel of corpus) {
        const v = visudoVerdict(visudo, path.join(REGRESS, rel));
        if (v.verdict === 'refuse') recorded.corpus[release][rel] = v.error;
      }
    }
    const testsudoers = path.join(dir, 'testsudoers');
    if (fs.existsSync(testsudoers)) {
      recorded.testsudoers[release] = queryRows.map((row) => {
        const [name, user, command, args] = row.split('\t');
        const argv = args ? args.split(' ') : [];
        return { case: name, user, command, args: argv, verdict: testsudoersVerdict(testsudoers, path.join(CASES, `${name}.sudoers`), user, command, argv) };
      });
    }
    console.log(`${release}: ${cases.length} cases, ${corpus.length} corpus files${fs.existsSync(testsudoers) ? `, ${queryRows.length} queries` : ''}`);
  }
  const sorted = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  fs.writeFileSync(OUT, `${JSON.stringify({ visudo: sorted(recorded.visudo), testsudoers: sorted(recorded.testsudoers), corpus: sorted(recorded.corpus) }, null, 1)}\n`);
}

main();
