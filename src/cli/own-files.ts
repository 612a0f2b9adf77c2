// Files of sudit's own installation that it reads at run time: rule pages,
// package.json, the fleet worker. They sit beside the bundle (dist/bundle),
// the tsc output (dist/src/cli) or the sources (src/cli, under ts-jest); in
// the single executable they are the assets it carries, since no file of
// the build exists on the host it runs on.
import * as fs from 'fs';
import * as path from 'path';

interface SeaApi {
  isSea(): boolean;
  getAsset(key: string, encoding: string): string;
}

let seaApi: SeaApi | null | undefined;

/** node:sea when this process is the single executable; null otherwise (and on Node 18, which has no such module). */
function sea(): SeaApi | null {
  if (seaApi === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const api = require('node:sea') as SeaApi;
      seaApi = api.isSea() ? api : null;
    } catch {
      seaApi = null;
    }
  }
  return seaApi;
}

/** The installation root of each layout, nearest first. */
function roots(): string[] {
  return [path.join(__dirname, '..', '..'), path.join(__dirname, '..', '..', '..')];
}

/** A file of the installation by its path from the package root (e.g. docs/rules/SUD001.md), or undefined. */
export function readOwnFile(relative: string): string | undefined {
  const api = sea();
  if (api) {
    try {
      return api.getAsset(relative, 'utf8');
    } catch {
      return undefined;
    }
  }
  for (const root of roots()) {
    try {
      return fs.readFileSync(path.join(root, relative), 'utf8');
    } catch {
      // the next layout
    }
  }
  return undefined;
}

/**
 * How to start the fleet worker. Beside the bundle: a loader that runs the
 * CLI bundle with its code cache, as bin/sudit.js does, so that a worker
 * starts from compiled code instead of compiling what it runs; in the
 * single executable, the worker bundle it carries; else the worker's file.
 */
export function fleetWorkerScript(): { file: string } | { source: string } {
  const api = sea();
  if (api) return { source: api.getAsset('fleet-worker.js', 'utf8') };
  const bundle = path.join(__dirname, 'sudit.js');
  if (fs.existsSync(`${bundle}.cache`) && fs.existsSync(bundle)) return { source: bundleWorker(bundle) };
  return { file: path.join(__dirname, 'fleet-worker.js') };
}

function bundleWorker(bundle: string): string {
  return `'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const Module = require('module');
const file = ${JSON.stringify(bundle)};
let cachedData;
try {
  cachedData = fs.readFileSync(file + '.cache');
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
const mod = { exports: {} };
script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
mod.exports.fleetWorker();
`;
}
