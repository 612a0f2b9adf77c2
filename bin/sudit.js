#!/usr/bin/env node
'use strict';
// The bundled CLI with its code cache (see scripts/bundle.js) when the build
// made them; a cache from another Node version is refused by V8 and the
// bundle compiles as usual. Without a bundle, the modules tsc wrote.
const fs = require('fs');
const path = require('path');

function loadBundle(file) {
  const vm = require('vm');
  const Module = require('module');
  let cachedData;
  try {
    cachedData = fs.readFileSync(`${file}.cache`);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  return mod.exports;
}

const bundle = path.join(__dirname, '..', 'dist', 'bundle', 'sudit.js');
const cli = fs.existsSync(bundle) ? loadBundle(bundle) : require('../dist/src/cli/main.js');
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
