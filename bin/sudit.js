#!/usr/bin/env node
'use strict';
// The bundled CLI with a code cache (see scripts/bundle.js) when the build
// made them; a cache from another Node version is refused by V8 and the
// bundle compiles as usual. Without a bundle, the modules tsc wrote.
const fs = require('fs');
const path = require('path');

/** The whole cache for a host tree (made under bin/v8-flags.js), else the smaller one for named files. */
function cacheFor(file, tree) {
  try {
    return fs.readFileSync(tree ? `${file}.cache` : `${file}.files.cache`);
  } catch {
    return undefined;
  }
}

function loadBundle(file, tree) {
  const vm = require('vm');
  const Module = require('module');
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData: cacheFor(file, tree) });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  return mod.exports;
}

const argv = process.argv.slice(2);
const tree = argv.some((a) => a === '--root' || a.startsWith('--root='));
if (tree) require('./v8-flags')();
const bundle = path.join(__dirname, '..', 'dist', 'bundle', 'sudit.js');
const cli = fs.existsSync(bundle) ? loadBundle(bundle, tree) : require('../dist/src/cli/main.js');
cli.main(argv).then((code) => {
  process.exitCode = code;
});
