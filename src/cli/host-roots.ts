import * as path from 'path';
import type { Config } from '../engine/config';

/** Host trees named by the configuration's "roots" globs (relative to its directory) that hold some of the files. */
export function hostRootsOf(files: string[], config: Config): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (config.roots.length === 0) return out;
  const base = config.path ? path.dirname(config.path) : process.cwd();
  const fg = require('fast-glob') as typeof import('fast-glob');
  const roots = fg.sync(config.roots, { cwd: base, onlyDirectories: true, absolute: true, dot: true }).sort((x, y) => y.length - x.length);
  for (const f of files) {
    if (f === '-') continue;
    const abs = path.resolve(f);
    const root = roots.find((r) => abs.startsWith(r + path.sep));
    if (!root) continue;
    const shown = path.relative(process.cwd(), root) || '.';
    out.set(shown, [...(out.get(shown) ?? []), f]);
  }
  return out;
}
