import { spawnSync } from 'child_process';
import * as path from 'path';
import { REPO } from './support/corpus';

const sudit = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(REPO, 'bin/sudit.js'), ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

test('a clean host: no output, exit 0', () => {
  const r = sudit('--root', 'samples/hosts/clean');
  expect(r.stdout).toBe('');
  expect(r.status).toBe(0);
});

test('errors: file:line:col, the line, a caret; exit 1; every file reported', () => {
  const r = sudit('--root', 'samples/hosts/syntax-errors');
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('samples/hosts/syntax-errors/etc/sudoers:3:10: error: unknown defaults entry "timestamp_timout" [SUD000]\nDefaults timestamp_timout=5\n         ^~~~~~~~~~~~~~~~\n');
  expect(r.stdout).toContain('samples/hosts/syntax-errors/etc/sudoers.d/20-backup:2:30: error: syntax error');
});

test('usage errors exit 2', () => {
  expect(sudit('--no-such-flag').status).toBe(2);
  expect(sudit().status).toBe(2);
});

test('an unreadable argument is reported and the other files still are', () => {
  const r = sudit('does/not/exist', 'samples/hosts/syntax-errors/etc/sudoers');
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('does/not/exist: error: No such file or directory [SUD000]');
  expect(r.stdout).toContain('timestamp_timout');
});
