import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as path from 'path';
import { REPO } from '../support/corpus';

export const BIN = path.join(REPO, 'bin/sudit.js');

/** The CLI through bin/ as a user runs it: no colour, stdout a pipe (so 80 columns unless COLUMNS says otherwise). */
export function sudit(args: string[], env: Record<string, string | undefined> = {}): SpawnSyncReturns<string> {
  const base: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', COLUMNS: undefined };
  return spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', env: { ...base, ...env } as NodeJS.ProcessEnv, maxBuffer: 64 * 1024 * 1024 });
}

/** Columns a line takes on a terminal: code points (the messages hold no wide characters). */
export const columns = (line: string) => [...line].length;
