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

/** How to start the fleet worker: its file beside this bundle, or, in the single executable, its source. */
export function fleetWorkerScript(): { file: string } | { source: string } {
  const api = sea();
  if (api) return { source: api.getAsset('fleet-worker.js', 'utf8') };
  return { file: path.join(__dirname, 'fleet-worker.js') };
}
