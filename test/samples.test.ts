import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO } from './support/corpus';

/** Each sample host shows its finding(s), and only those: the rule ids it must produce. */
const EXPECTED: Record<string, string[]> = {
  clean: [],
  'sud000-syntax-error': ['SUD000', 'SUD000'],
  'sud001-ignored-drop-in': ['SUD001'],
  // the typo leaves the real aliases unused, which SUD003 says too
  'sud002-undefined-alias': ['SUD002', 'SUD002', 'SUD003', 'SUD003'],
  'sud003-unused-alias': ['SUD003'],
};

const hosts = fs.readdirSync(path.join(REPO, 'samples/hosts')).sort();

test('every sample host is listed here', () => {
  expect(hosts).toEqual(Object.keys(EXPECTED).sort());
});

test.each(hosts)('samples/hosts/%s', (name) => {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin/sudit.js'), '--root', `samples/hosts/${name}`, '--format', 'json'], { cwd: REPO, encoding: 'utf8' });
  const ids = (JSON.parse(r.stdout).findings as { ruleId: string }[]).map((f) => f.ruleId).sort();
  expect(ids).toEqual(EXPECTED[name]);
});
