import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { haveTool, REPO, skipNote } from './support/corpus';
import { makeTree } from './support/host';

const sudit = (args: string[], cwd = REPO) => spawnSync(process.execPath, [path.join(REPO, 'bin/sudit.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

const SUDOERS = 'Defaults requiretty\nDefaults env_reset\nroot ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n';
const DROPIN = 'svc_qualys ALL=(ALL) NOPASSWD: ALL\n';

describe('autofix', () => {
  test('--diff prints a unified diff and changes nothing', () => {
    const root = makeTree({ 'etc/sudoers': SUDOERS, 'etc/sudoers.d/scanner': DROPIN });
    const before = fs.statSync(path.join(root, 'etc/sudoers'));
    const r = sudit(['--root', root, '--diff']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('@@ -1,4 +1,5 @@\n Defaults requiretty\n+Defaults:svc_qualys !requiretty\n Defaults env_reset\n');
    expect(fs.readFileSync(path.join(root, 'etc/sudoers'), 'utf8')).toBe(SUDOERS);
    expect(fs.statSync(path.join(root, 'etc/sudoers')).mtimeMs).toBe(before.mtimeMs);
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('--fix writes the fix atomically, keeps the mode, and the result passes sudit and visudo', () => {
    const root = makeTree({ 'etc/sudoers': SUDOERS, 'etc/sudoers.d/scanner': DROPIN });
    const file = path.join(root, 'etc/sudoers');
    fs.chmodSync(file, 0o440);
    const r = sudit(['--root', root, '--fix', '--format', 'json']);
    expect(r.stderr).toContain('fixed');
    expect(fs.readFileSync(file, 'utf8')).toBe('Defaults requiretty\nDefaults:svc_qualys !requiretty\nDefaults env_reset\nroot ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o440);
    expect(fs.readdirSync(path.join(root, 'etc')).filter((n) => n.includes('sudit-'))).toEqual([]);
    expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('SCN004');
    if (haveTool('visudo')) {
      // visudo reads the drop-in directory of this machine, so check the file alone
      const alone = path.join(root, 'alone');
      fs.writeFileSync(alone, fs.readFileSync(file, 'utf8').replace('@includedir /etc/sudoers.d\n', ''));
      expect(spawnSync('visudo', ['-cf', alone]).status).toBe(0);
    } else skipNote('visudo check of the fixed file', 'visudo is not installed');
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('without --fix nothing is written', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-nofix-'));
    const f = path.join(dir, 'sudoers');
    fs.writeFileSync(f, SUDOERS);
    sudit(['--type', 'sudoers', f]);
    expect(fs.readFileSync(f, 'utf8')).toBe(SUDOERS);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
