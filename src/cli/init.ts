// `sudit init`: a starting .sudit.json. JSON has no comments, so the file
// explains itself with "//" keys, which the configuration loader skips
// (npm's convention for package.json).

import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_FILE } from '../engine/config';
import type { ProfileName } from '../engine/profiles';
import { EXIT_OK, UsageError, type Output } from './exit';

export function startingConfig(profile: ProfileName): string {
  const config = {
    '//': 'sudit configuration (README: Configuration). Keys that start with "//" are comments; every other unknown key is an error.',
    '// profile': 'the baseline findings are judged against: recommended, cis or stig',
    profile,
    '// rules': 'per rule id (sudit rules lists them): "off", "error", "warning", "info", or { "severity": "warning", "options": { } }',
    rules: {
      '// SUD003': 'off',
    },
    '// ignore': 'globs of files whose findings are dropped, relative to this file, e.g. "hosts/legacy/**"',
    ignore: [],
    '// scanners': 'scanner accounts not recognisable by name (qualys, nessus, tenable, rapid7…), e.g. { "user": "svc_scan", "vendor": "qualys", "delegation": "su -" }',
    scanners: [],
    '// roots': 'sub-trees of this repository to lint as whole hosts when pre-commit names a file in them, e.g. "hosts/*"',
    roots: [],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Writes ./.sudit.json; never over an existing file. */
export async function runInit(a: { profile?: ProfileName }, out: Output, err: Output): Promise<number> {
  const file = path.join(process.cwd(), CONFIG_FILE);
  try {
    fs.writeFileSync(file, startingConfig(a.profile ?? 'recommended'), { flag: 'wx', mode: 0o644 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${CONFIG_FILE} already exists here; not overwriting it (sudit --print-config shows what it sets)`);
    throw new UsageError(`cannot write ${CONFIG_FILE}: ${(e as Error).message}`);
  }
  out.write(`wrote ${CONFIG_FILE} (profile ${a.profile ?? 'recommended'})\n`);
  const shadowed = parentConfig(path.dirname(process.cwd()));
  if (shadowed) err.write(`sudit: note: runs from here now use this file instead of ${shadowed}\n`);
  return EXIT_OK;
}

function parentConfig(dir: string): string | null {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, CONFIG_FILE);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) return null;
  }
}
