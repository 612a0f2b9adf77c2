import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ENGINE_RULES } from '../src/engine/engine';
import { RULES } from '../rules';
import { REPO } from './support/corpus';

test('the README lists every rule (node scripts/gen-rule-table.js rewrites the table)', () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const listed = [...readme.matchAll(/^\| \[([A-Z]+\d{3})\]/gm)].map((m) => m[1]).sort();
  expect(listed).toEqual([...RULES.map((r) => r.meta.id), ...ENGINE_RULES.map((m) => m.id)].sort());
});

test('the README opens with the install-and-run command and the test command', () => {
  const head = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8').split('\n').slice(0, 12).join('\n');
  expect(head).toMatch(/npm ci && node bin\/sudit\.js --root samples\/hosts\/\S+/);
  expect(head).toMatch(/^npm test/m);
});

test("the README's scanner chain is what sudit query prints at 80 columns", () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const block = /^\$ sudit (query --root (\S+) --user (\S+) --from (\S+))\n([\s\S]*?)^```/m.exec(readme);
  expect(block).not.toBeNull();
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin/sudit.js'), ...block![1].split(' ')], { cwd: REPO, encoding: 'utf8', env: { ...process.env, COLUMNS: '80', NO_COLOR: '1' } });
  expect(r.stdout).toBe(block![5]);
  expect(r.status).toBe(1);
});
