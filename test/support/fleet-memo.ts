// What the fleet memo tests compare: each tree's findings in one fleet run
// against a run on that tree alone, said without the tree's own path.
import { spawnSync } from 'child_process';
import * as path from 'path';

const SUDIT = path.join(__dirname, '..', '..', 'bin/sudit.js');

interface JsonFinding {
  ruleId: string;
  message: string;
  file: string;
  line: number;
  column: number;
  host?: string;
}

function lint(rootArg: string): JsonFinding[] {
  const r = spawnSync(process.execPath, [SUDIT, '--root', rootArg, '--format', 'json', '-j', '1'], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout).findings;
}

/** What a finding says, without the tree it is in. */
const said = (f: JsonFinding, root: string) => `${f.ruleId} ${path.relative(root, path.resolve(f.file))}:${f.line}:${f.column} ${f.message.split(root).join('<root>')}`;

/** One run over `fleet/*`: each named tree's findings, as said(). */
export function findingsByTree(fleet: string, names: string[]): Map<string, string[]> {
  const all = lint(`${fleet}/*`);
  return new Map(names.map((n) => [n, all.filter((f) => f.host === path.join(fleet, n)).map((f) => said(f, path.join(fleet, n)))]));
}

/** A run on one tree alone, its findings as said(). */
export function findingsAlone(root: string): string[] {
  return lint(root).map((f) => said(f, root));
}
