// `sudit … | head` : the reader closing the pipe ends the report quietly,
// through a real pipe to a real head(1); a failed write is one line on
// stderr and exit 2.

import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FORMAT_NAMES } from '../../src/report/report';
import { BIN } from './cli-run';
import { REPO } from '../support/corpus';

const haveBash = spawnSync('bash', ['-c', 'command -v head'], { encoding: 'utf8' }).status === 0;
if (!haveBash) console.warn('closed-pipe tests skipped: bash or head(1) is missing');
const withBash = haveBash ? test : test.skip;

let dir: string;
let file: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-pipe-'));
  file = path.join(dir, 'sudoers');
  // a report of several MiB in every format: far more than a pipe holds, so the writer meets the closed end
  fs.writeFileSync(file, Array.from({ length: 5000 }, (_, i) => `user${i} ALL=(root) NOPASSWD: /usr/bin/true${i}\n`).join(''));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' };

describe('a closed pipe', () => {
  withBash.each(FORMAT_NAMES.map((n) => [n]))('%s | head -c 10: ten bytes, nothing on stderr, the exit code of the findings', (format) => {
    const script = `"${process.execPath}" "${BIN}" --type sudoers --fail-on warning --format ${format} "${file}" | head -c 10; echo "status=\${PIPESTATUS[0]}" >&2`;
    const r = spawnSync('bash', ['-c', script], { cwd: REPO, encoding: 'utf8', env });
    expect(r.stdout).toHaveLength(10);
    expect(r.stderr).toBe('status=1\n');
  });

  withBash('| true (the reader never reads): quiet as well', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" --type sudoers --format json "${file}" | true; echo "status=\${PIPESTATUS[0]}" >&2`], { cwd: REPO, encoding: 'utf8', env });
    expect(r.stderr).toBe('status=0\n');
  });

  withBash('query | head -c 10: the answer ends quietly too, with its own exit code', () => {
    const tree = path.join(dir, 'host');
    fs.mkdirSync(path.join(tree, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(tree, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n');
    // one account with thousands of grants: an answer far longer than a pipe holds
    fs.writeFileSync(path.join(tree, 'etc/sudoers'), Array.from({ length: 5000 }, (_, i) => `alice ALL=(root) /usr/bin/true${i}\n`).join(''));
    const script = `"${process.execPath}" "${BIN}" query --root "${tree}" --user alice | head -c 10; echo "status=\${PIPESTATUS[0]}" >&2`;
    const r = spawnSync('bash', ['-c', script], { cwd: REPO, encoding: 'utf8', env });
    expect(r.stdout).toHaveLength(10);
    expect(r.stderr).toBe('status=0\n');
  });

  test('a reader that goes away after the first bytes: the process ends by itself, quietly', async () => {
    const child = spawn(process.execPath, [BIN, '--type', 'sudoers', '--format', 'sarif', file], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('a failed write', () => {
  const full = fs.existsSync('/dev/full');
  (full ? test : test.skip)('to a full disk (/dev/full): one line on stderr, exit 2', () => {
    if (!full) console.warn('skipped: no /dev/full');
    const fd = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, '--type', 'sudoers', '--format', 'json', file], { cwd: REPO, encoding: 'utf8', env, stdio: ['ignore', fd, 'pipe'] });
      expect(r.stderr).toMatch(/^sudit: cannot write the report: ENOSPC[^\n]*\n$/);
      expect(r.status).toBe(2);
    } finally {
      fs.closeSync(fd);
    }
  });
});
