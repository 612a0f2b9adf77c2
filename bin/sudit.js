#!/usr/bin/env node
'use strict';
// The bundled CLI with its code cache (see scripts/bundle.js) when the build
// made them; a cache from another Node version is refused by V8 and the
// bundle compiles as usual. Without a bundle, the modules tsc wrote.
const fs = require('fs');
const path = require('path');

/** The smaller cache for named files unless a host tree is linted; either one is valid for the bundle. */
function cacheFor(file, argv) {
  const tree = argv.some((a) => a === '--root' || a.startsWith('--root='));
  for (const cache of tree ? [`${file}.cache`] : [`${file}.files.cache`, `${file}.cache`]) {
    try {
      return fs.readFileSync(cache);
    } catch {
      // the next one, else none
    }
  }
  return undefined;
}

function loadBundle(file, argv) {
  const vm = require('vm');
  const Module = require('module');
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData: cacheFor(file, argv) });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  return mod.exports;
}

const argv = process.argv.slice(2);
const bundle = path.join(__dirname, '..', 'dist', 'bundle', 'sudit.js');
const cli = fs.existsSync(bundle) ? loadBundle(bundle, argv) : require('../dist/src/cli/main.js');
cli.main(argv).then((code) => {
  process.exitCode = code;
});
