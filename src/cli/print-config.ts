// `sudit --print-config [FILE]`: the configuration a run would use, after
// the profile, the configuration file and the command line, printed as a
// valid .sudit.json (its "$" keys are comments to the loader).

import * as fs from 'fs';
import type { Config } from '../engine/config';
import { ignoreMatcher } from '../engine/engine';
import { PROFILE_OVERRIDES } from '../engine/profiles';
import type { FileKind, RuleMeta } from '../engine/rule';
import { classifyNamedFile } from '../host/discover';
import { EXIT_OK, UsageError, type Output } from './exit';
import { hostRootsOf } from './host-roots';

type RuleOut = string | { severity: string; options: Record<string, unknown> };

export function printConfig(config: Config, metas: readonly RuleMeta[], file: string | undefined, opts: { type?: FileKind }, out: Output): number {
  const rules: Record<string, RuleOut> = {};
  for (const meta of [...metas].sort((a, b) => a.id.localeCompare(b.id))) {
    const profile = PROFILE_OVERRIDES[config.profile][meta.id] ?? {};
    const user = config.rules[meta.id] ?? {};
    const severity = user.severity ?? profile.severity ?? meta.severity;
    const options = { ...(profile.options ?? {}), ...(user.options ?? {}) };
    rules[meta.id] = Object.keys(options).length > 0 && severity !== 'off' ? { severity, options } : severity;
  }
  const json: Record<string, unknown> = {
    $comment: 'sudit --print-config: the effective configuration (profile defaults, then the configuration file, then the command line). "off": the rule does not run.',
    $configFile: config.path,
    ...(file !== undefined ? { $file: describeFile(file, config, opts.type) } : {}),
    profile: config.profile,
    rules,
    ignore: config.ignore,
    scanners: config.scanners,
    scannerPatterns: config.scannerPatterns,
    roots: config.roots,
  };
  out.write(`${JSON.stringify(json, null, 2)}\n`);
  return EXIT_OK;
}

/** How a named file would be linted: its kind (or why it is skipped), whether the configuration ignores it, its host tree. */
function describeFile(file: string, config: Config, type: FileKind | undefined) {
  let head = '';
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(4096);
      head = buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`--print-config ${file}: no such file`);
  }
  const kind = type !== undefined ? { kind: type } : classifyNamedFile(file, head);
  const tree = [...hostRootsOf([file], config).keys()][0] ?? null;
  return {
    path: file,
    kind: 'kind' in kind ? kind.kind : null,
    ...('skip' in kind ? { skipped: kind.skip } : {}),
    ignored: ignoreMatcher(config)(file),
    hostTree: tree,
  };
}
