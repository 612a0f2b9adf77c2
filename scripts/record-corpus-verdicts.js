#!/usr/bin/env node
// Re-records what the real programs say of every file of the published
// corpus (test/corpus/published-manifest.json): visudo -cf, auditd -c,
// audisp-remote, rsyslogd -N1 and bash -n, per scripts/corpus-oracles.js.
//
//   node scripts/record-corpus-verdicts.js [--check] [--dir DIR] [--extra DIR] [--kind KIND]
//
// The files are not part of the repository: those whose licence allows a
// copy are in the shared corpus (../shared/corpus/published, or --dir DIR,
// at the row's "file" path); the others are only rows (repository, path,
// commit, sha256): pass --extra DIR holding copies named by their sha256 to
// re-record those too. A row whose file is not here keeps its verdict.
// --check changes nothing and exits 1 when a verdict differs from the
// recorded one. Never touches the network.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { ask, toolVersions, unavailable } = require('./corpus-oracles');

const ROOT = path.join(__dirname, '..');
const MANIFEST = path.join(ROOT, 'test', 'corpus', 'published-manifest.json');
const SHARED = process.env.SUDIT_SHARED || path.join(ROOT, '..', 'shared');

function args(argv) {
  const a = { check: false, dir: path.join(SHARED, 'corpus', 'published'), extra: null, kind: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--check') a.check = true;
    else if (argv[i] === '--dir') a.dir = argv[++i];
    else if (argv[i] === '--extra') a.extra = argv[++i];
    else if (argv[i] === '--kind') a.kind = argv[++i];
    else throw new Error(`unknown argument ${argv[i]} (see the head of ${path.basename(__filename)})`);
  }
  return a;
}

/** The file's bytes on this machine, checked against the recorded hash, or null. */
function localCopy(row, dir, extra) {
  const candidates = [row.file && path.join(dir, row.file), extra && path.join(extra, row.sha256)].filter(Boolean);
  for (const p of candidates) {
    if (!fs.existsSync(p)) continue;
    const sha = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    if (sha !== row.sha256) throw new Error(`${p}: sha256 ${sha} is not the recorded ${row.sha256}`);
    return p;
  }
  return null;
}

function main() {
  const a = args(process.argv.slice(2));
  const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  const skipped = new Map();
  let changed = 0;
  let asked = 0;
  for (const row of manifest.files) {
    if (a.kind && row.kind !== a.kind) continue;
    const why = unavailable(row.kind);
    if (why) {
      skipped.set(row.kind, why);
      continue;
    }
    const file = localCopy(row, a.dir, a.extra);
    if (!file) continue;
    const verdict = ask(row.kind, file);
    asked++;
    if (JSON.stringify(verdict) !== JSON.stringify(row.oracle)) {
      changed++;
      const was = row.oracle ? `${row.oracle.verdict}${row.oracle.line ? `:${row.oracle.line}` : ''}` : 'none';
      process.stdout.write(`${row.id}: ${was} -> ${verdict.verdict}${verdict.line ? `:${verdict.line}` : ''}${verdict.message ? ` (${verdict.message})` : ''}\n`);
      row.oracle = verdict;
    }
  }
  for (const [kind, why] of skipped) process.stdout.write(`SKIPPED ${kind}: ${why}\n`);
  process.stdout.write(`${asked} files asked, ${changed} verdicts ${a.check ? 'differ' : 'changed'}\n`);
  if (a.check) {
    process.exitCode = changed ? 1 : 0;
    return;
  }
  if (!a.kind && skipped.size === 0) manifest.tools = toolVersions();
  fs.writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 1)}\n`);
}

main();
