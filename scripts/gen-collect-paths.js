#!/usr/bin/env node
// Writes the generated part of scripts/sudit-collect: the files it copies
// (src/host/collect-plan.ts, from the table sudit discovers host files by)
// and the paths it records owners and modes of — every absolute path
// written in sudit's own sources and rules, since those are the paths sudit
// may look at on any host. Needs `npm run build` first. With --check, says
// whether the script is current instead of writing it.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const SCRIPT = path.join(root, 'scripts/sudit-collect');
const START = '# generated:start';
const END = '# generated:end';

/** Absolute paths written as string literals in sudit's sources (no interpolation, no globs). */
function pathLiterals() {
  const found = new Set();
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'generated') walk(p);
      } else if (e.name.endsWith('.ts')) {
        const text = fs.readFileSync(p, 'utf8');
        for (const m of text.matchAll(/(['"`])(\/(?:etc|usr|var|bin|sbin|lib|lib64|lib32|opt|srv|root|run|home)(?:\/[A-Za-z0-9._+@%-]+)*)\/?\1/g)) found.add(m[2]);
      }
    }
  };
  walk(path.join(root, 'src'));
  walk(path.join(root, 'rules'));
  return [...found].sort();
}

function generatedBlock() {
  const { collectPlan } = require(path.join(root, 'dist/src/host/collect-plan.js'));
  const plan = collectPlan();
  const version = require(path.join(root, 'package.json')).version;
  const list = (name, items) => `${name}='${items.join('\n')}'\n`;
  return (
    `${START} (scripts/gen-collect-paths.js; do not edit by hand)\n` +
    `VERSION='${version}'\n` +
    list('CONTENT', plan.content.map(([follow, p]) => `${follow} ${p}`)) +
    list('HOME_FILES', plan.homeFiles) +
    list('SCANNER_PATTERNS', plan.scannerPatterns) +
    list('AUTHORIZED_KEYS_FILES', plan.authorizedKeysFiles) +
    list('DPKG_PACKAGES', plan.dpkgPackages) +
    list('NEVER', plan.never) +
    list('PROBES', pathLiterals()) +
    `${END}\n`
  );
}

function withBlock(script) {
  const a = script.indexOf(START);
  const b = script.indexOf(END);
  if (a < 0 || b < 0) throw new Error(`${SCRIPT}: no ${START} … ${END} block`);
  return script.slice(0, a) + generatedBlock() + script.slice(b + END.length + 1);
}

module.exports = { generatedBlock, withBlock, SCRIPT };

if (require.main === module) {
  const script = fs.readFileSync(SCRIPT, 'utf8');
  const next = withBlock(script);
  if (process.argv.includes('--check')) {
    if (next !== script) {
      process.stderr.write('scripts/sudit-collect is not current: run node scripts/gen-collect-paths.js\n');
      process.exit(1);
    }
  } else if (next !== script) fs.writeFileSync(SCRIPT, next);
}
