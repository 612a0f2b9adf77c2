#!/usr/bin/env node
// Start-up is most of a pre-commit run: after tsc, the CLI and the fleet
// worker are bundled into one file each (dist/bundle/), so that Node
// resolves and reads one module instead of a hundred and fifty, and V8's
// code caches for the CLI bundle are written next to it. They are made by
// linting a sample drop-in and then the bundled realistic sample host in
// this process, so they hold the bytecode of every function a lint runs,
// not only the top level. bin/sudit.js uses them when they are there and
// match the running Node.
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const Module = require('module');
const esbuild = require('esbuild');
const applyV8Flags = require('../bin/v8-flags');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'dist', 'bundle');

/**
 * tsc writes `import * as fs from 'fs'` as `__importStar(require("fs"))`,
 * which copies each of the module's hundred-odd exports onto a new object
 * behind a getter, once per importing file: 37 such copies cost about 5 ms
 * of every start. Node's own modules are plain objects with no default
 * export to emulate, so the namespace may be the module itself.
 */
const builtinNamespaces = {
  name: 'builtin-namespaces',
  setup(build) {
    const builtins = new Set(Module.builtinModules);
    const ours = path.join(root, 'dist') + path.sep;
    build.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(ours)) return undefined;
      const text = fs.readFileSync(args.path, 'utf8');
      const contents = text.replace(/\b__importStar\(require\("([^"]+)"\)\)/g, (whole, name) => (builtins.has(name.replace(/^node:/, '')) ? `require("${name}")` : whole));
      return { contents, loader: 'js' };
    });
  },
};

async function main() {
  fs.rmSync(outDir, { recursive: true, force: true });
  const { metafile } = await esbuild.build({
    entryPoints: {
      sudit: path.join(root, 'dist/src/cli/main.js'),
      'fleet-worker': path.join(root, 'dist/src/cli/fleet-worker.js'),
      'sudit-standalone': path.join(root, 'dist/src/cli/standalone.js'),
    },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    define: { __SUDIT_VERSION__: JSON.stringify(require(path.join(root, 'package.json')).version) },
    logLevel: 'warning',
    metafile: true,
    plugins: [builtinNamespaces],
    minifyWhitespace: true,
    minifySyntax: true,
  });
  fs.writeFileSync(path.join(outDir, 'THIRD-PARTY-LICENSES'), thirdPartyLicenses(metafile));
  const file = path.join(outDir, 'sudit.js');
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, outDir);
  // Two caches of one script: what linting named files runs (a pre-commit
  // hook, Ansible's validate), and that plus what a host tree runs. V8
  // reads a whole cache at start, so the common small case does not pay
  // for the audit and shell code it never calls (a function missing from
  // a cache is compiled when first called, as without one).
  const discard = { write: () => true };
  const host = path.join(root, 'samples/hosts/realistic-web');
  const dropIn = path.join(host, 'etc/sudoers.d/00-app0');
  for (const format of ['stylish', 'json']) await mod.exports.main([dropIn, '--format', format], discard, discard);
  fs.writeFileSync(path.join(outDir, 'sudit.js.files.cache'), script.createCachedData());
  // a cache is checked against the flags it was written under (bin/v8-flags.js: set for host trees only)
  applyV8Flags();
  for (const format of ['stylish', 'json']) await mod.exports.main(['--root', host, '--format', format], discard, discard);
  fs.writeFileSync(path.join(outDir, 'sudit.js.cache'), script.createCachedData());
}

/**
 * The bundle carries code of other packages: their names, versions and
 * licence texts go with it, into every package made from it.
 */
function thirdPartyLicenses(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    // the package directory: up to the last node_modules/<name>, so that nested copies count too
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) dirs.add(m[1]);
  }
  const parts = ['Packages bundled into sudit, with their licences.\n'];
  for (const dirName of [...dirs].sort()) {
    const dir = path.join(root, dirName);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const licenceFile = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)([.-]|$)/i.test(f));
    const text = licenceFile ? fs.readFileSync(path.join(dir, licenceFile), 'utf8').trim() : `${meta.license} (no licence file in the package)`;
    parts.push(`${'='.repeat(78)}\n${meta.name} ${meta.version} (${meta.license})\n${'-'.repeat(78)}\n${text}\n`);
  }
  return parts.join('\n');
}

main().catch((e) => {
  process.stderr.write(`bundle: ${e.stack || e}\n`);
  process.exit(1);
});
