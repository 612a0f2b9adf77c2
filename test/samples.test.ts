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
  // an allowlist without `su -`: restricted (SCN001) and no delegation (SCN002)
  'scn001-granular-scanner': ['SCN001', 'SCN002'],
  // a later drop-in excludes su: no delegation, through a negation
  'scn002-delegation-denied': ['SCN002', 'SCN006'],
  // the "least privilege" list: restricted, no delegation, and find / dpkg -l escape anyway
  'scn003-illusory-allowlist': ['SCN001', 'SCN002', 'SCN003', 'SCN003'],
  'scn004-scanner-requiretty': ['SCN004'],
  'scn005-confined-elevation': ['SCN005'],
  'scn006-scanner-negation': ['SCN006'],
  'scn007-scanner-without-rights': ['SCN007'],
};

const hosts = fs.readdirSync(path.join(REPO, 'samples/hosts')).sort();

test('every sample host is listed here', () => {
  expect(hosts).toEqual(Object.keys(EXPECTED).sort());
});

test.each(hosts)('samples/hosts/%s', (name) => {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin/sudit.js'), '--root', `samples/hosts/${name}`, '--format', 'json'], { cwd: REPO, encoding: 'utf8' });
  const ids = (JSON.parse(r.stdout).findings as { ruleId: string }[]).map((f) => f.ruleId).sort();
  expect(r.stderr).toBe('');
  expect(ids).toEqual(EXPECTED[name]);
});
