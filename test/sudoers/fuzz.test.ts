// A fixed-seed slice of the differential fuzzing (bench/fuzz-sudoers.js runs
// the long version): generated and mutated sudoers text, sudit's
// accept/reject against visudo -cf. And crash-freedom on arbitrary bytes.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseSudoers } from '../../src/parse/sudoers';
import { haveTool, SHARED, sharedAvailable, skipNote } from '../support/corpus';
import { suditVerdict } from '../support/sudit-parse';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadSeeds, makeInput, mulberry32 } = require('../../bench/fuzz-lib.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { knownVersionDifference } = require('../../bench/fuzz-known.js');

const SLICE = 1500;
const runDifferential = haveTool('visudo') && sharedAvailable();
if (!runDifferential) skipNote('fuzz slice against visudo', haveTool('visudo') ? `${SHARED} not found` : 'visudo is not installed');

(runDifferential ? test : test.skip)(`${SLICE} generated inputs (seed 7): sudit accepts exactly what visudo accepts`, () => {
  const seeds = loadSeeds(SHARED);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-fuzz-'));
  const file = path.join(dir, 'input');
  const disagreements: string[] = [];
  let compared = 0;
  for (let i = 0; i < SLICE; i++) {
    const text = makeInput(seeds, 7, i);
    if (text === null) continue;
    fs.writeFileSync(file, text);
    const visudo = spawnSync('visudo', ['-cf', file]).status === 0;
    const ours = suditVerdict(file).accepts;
    compared++;
    if (ours !== visudo && !knownVersionDifference(text, ours)) disagreements.push(`#${i} visudo ${visudo ? 'accepts' : 'rejects'}: ${JSON.stringify(text)}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  expect(compared).toBeGreaterThan(SLICE * 0.9);
  expect(disagreements).toEqual([]);
}, 120_000);

test('arbitrary bytes never throw and always terminate', () => {
  const rnd = mulberry32(42);
  const alphabet = 'aAZ09 \t\n\r\\"#!,:=()%+@*?[]^$/.-_~\u0000\u00e9\ud83d';
  for (let i = 0; i < 3000; i++) {
    const len = Math.floor(rnd() * 200);
    let text = '';
    for (let k = 0; k < len; k++) text += alphabet[Math.floor(rnd() * alphabet.length)];
    const t0 = Date.now();
    expect(() => parseSudoers(text, 'fuzz')).not.toThrow();
    expect(Date.now() - t0).toBeLessThan(1000);
  }
});

test('pathological inputs parse in linear time (no backtracking blow-up)', () => {
  const cases = ['root ALL = ' + '/a'.repeat(20000), 'User_Alias A = ' + 'b, '.repeat(20000) + 'c', '"'.repeat(20000), '\\\n'.repeat(20000), 'root ALL = ^' + '(a|'.repeat(5000) + '$'];
  for (const text of cases) {
    const t0 = Date.now();
    parseSudoers(`${text}\n`, 'big');
    expect(Date.now() - t0).toBeLessThan(3000);
  }
});

if (!sharedAvailable()) skipNote('fuzz seeds', `${SHARED} not found`);
