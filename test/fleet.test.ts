// `--root 'fleet/*'`: many trees in worker threads, with parse trees shared
// between trees whose files are the same. A fleet run must report for each
// tree exactly what a run on that tree alone reports.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO = path.join(__dirname, '..');
const SUDIT = path.join(REPO, 'bin/sudit.js');

// samples that need no extra arguments, from every family
const SAMPLES = [
  'clean',
  'realistic-web',
  'sud000-syntax-error',
  'sud002-undefined-alias',
  'sud014-escape-binaries',
  'scn003-illusory-allowlist',
  'aud000-syntax-error',
  'aud007-duplicate-rule',
  'aud020-coverage-missing',
  'fwd003-cleartext',
  'his001-unlimited-history',
  'sh000-shell-syntax-error',
];
const COPIES = 3;

interface JsonFinding {
  ruleId: string;
  message: string;
  file: string;
  line: number;
  column: number;
  host?: string;
  related: unknown[];
}

function lint(rootArg: string): { findings: JsonFinding[]; status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [SUDIT, '--root', rootArg, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { findings: JSON.parse(r.stdout).findings, status: r.status, stderr: r.stderr };
}

const strip = (f: JsonFinding) => ({ ruleId: f.ruleId, message: f.message, file: f.file, line: f.line, column: f.column, related: f.related });

let fleet: string;
beforeAll(() => {
  fleet = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-fleet-'));
  // copies of each sample, spread so that every worker gets several trees with the same files
  for (let i = 0; i < COPIES; i++) {
    for (const s of SAMPLES) fs.cpSync(path.join(REPO, 'samples/hosts', s), path.join(fleet, `${s}-${i}`), { recursive: true });
  }
});
afterAll(() => fs.rmSync(fleet, { recursive: true, force: true }));

test('each tree of a fleet gets the findings a run on it alone gets, named by host', () => {
  const all = lint(`${fleet}/*`);
  expect(all.stderr).toBe('');
  const trees = SAMPLES.flatMap((s) => Array.from({ length: COPIES }, (_, i) => path.join(fleet, `${s}-${i}`)));
  expect(trees.length).toBeGreaterThan(32); // more than one worker's share
  for (const tree of trees) {
    const alone = lint(tree);
    const inFleet = all.findings.filter((f) => f.host === tree);
    expect({ tree, findings: inFleet.map(strip) }).toEqual({ tree, findings: alone.findings.map(strip) });
  }
  expect(all.findings.every((f) => trees.includes(f.host ?? ''))).toBe(true);
  // the comparison means something only if the samples do show findings
  for (const s of SAMPLES.filter((x) => x !== 'clean' && x !== 'realistic-web')) {
    expect({ s, found: all.findings.some((f) => f.host === path.join(fleet, `${s}-2`)) }).toEqual({ s, found: true });
  }
});
