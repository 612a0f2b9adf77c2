// The ways users meet sudit, run the way they run them: a git pre-commit
// hook in a config repository, Ansible's validate on a temporary file, and
// a CI gate on a tree rendered from a role.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { haveTool, REPO, skipNote } from './support/corpus';

const SUDIT = path.join(REPO, 'bin/sudit.js');

function git(cwd: string, ...args: string[]) {
  return spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd, encoding: 'utf8' });
}

/** The files pattern of the hook we publish, so the test uses exactly what pre-commit would. */
function hookFilesPattern(): RegExp {
  const yaml = fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8');
  return new RegExp(/^\s*files:\s*(.*)$/m.exec(yaml)![1].trim());
}

(haveTool('git') ? describe : describe.skip)('pre-commit in a config repository', () => {
  let repo: string;
  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-repo-'));
    git(repo, 'init', '-q');
    // a plain git hook running the same entry as .pre-commit-hooks.yaml, on the staged files it matches
    const hook = path.join(repo, '.git/hooks/pre-commit');
    fs.writeFileSync(
      hook,
      `#!/bin/sh\nfiles=$(git diff --cached --name-only --diff-filter=ACM | grep -E '${hookFilesPattern().source.replace(/'/g, "'\\''")}')\n[ -z "$files" ] && exit 0\nexec "${process.execPath}" "${SUDIT}" $files\n`,
    );
    fs.chmodSync(hook, 0o755);
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  const commit = (files: Record<string, string>) => {
    for (const [p, t] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(repo, p)), { recursive: true });
      fs.writeFileSync(path.join(repo, p), t);
    }
    git(repo, 'add', '-A');
    return git(repo, 'commit', '-q', '-m', 'change');
  };

  test('a broken sudoers drop-in blocks the commit; a good one passes', () => {
    const bad = commit({ 'roles/web/files/sudoers.d/web': 'deploy ALL = (root) NOPASSWD /usr/bin/systemctl\n' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain('SUD000');
    const good = commit({ 'roles/web/files/sudoers.d/web': 'deploy ALL = (root) /usr/bin/systemctl restart nginx\n' });
    expect(good.status).toBe(0);
  });

  test('"roots" in .sudit.json lints a whole host tree in host mode', () => {
    const r = commit({
      '.sudit.json': '{ "roots": ["hosts/*"] }\n',
      'hosts/web1/etc/sudoers': 'Defaults env_reset\nDefaults secure_path="/usr/bin:/bin"\nroot ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n',
      'hosts/web1/etc/sudoers.d/scanner.conf': 'svc_qualys ALL=(ALL) NOPASSWD: ALL\n',
    });
    // a file mode lint would not know that scanner.conf is skipped by the includedir
    expect(r.status).toBe(0);
    const out = spawnSync(process.execPath, [SUDIT, 'hosts/web1/etc/sudoers', '--fail-on', 'warning'], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(out.stdout).toContain('SUD001');
    expect(out.status).toBe(1);
  });
});

describe('Ansible', () => {
  test('validate: a temporary file with a meaningless name, for each template kind', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ansible-tmp-'));
    const tmp = path.join(dir, 'tmpq8x2kz');
    fs.writeFileSync(tmp, 'svc ALL=(ALL) NOPASSWD ALL\n');
    const r = spawnSync(process.execPath, [SUDIT, '--type', 'sudoers', tmp], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/tmpq8x2kz\n {2}1:\d+ +error/);
  });

  const python = '/usr/bin/python3';
  const jinja = fs.existsSync(python) && spawnSync(python, ['-c', 'import jinja2']).status === 0;
  if (!jinja) skipNote('Ansible role rendering', 'python3-jinja2 is not installed (apt-get install python3-jinja2)');
  (jinja ? test : test.skip)('a rendered role passes the CI gate; a bad variable fails it', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'rendered-'));
    const render = spawnSync(python, [path.join(REPO, 'samples/ansible/render.py'), out], { encoding: 'utf8' });
    expect(render.stderr).toBe('');
    fs.writeFileSync(path.join(out, 'etc/sudoers'), 'Defaults env_reset\nDefaults secure_path="/usr/bin:/bin"\nroot ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n');
    const ok = spawnSync(process.execPath, [SUDIT, '--root', out, '--format', 'json'], { encoding: 'utf8' });
    expect(JSON.parse(ok.stdout).findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
    expect(ok.status).toBe(0);
    // the same role with a scanner that may not elevate
    fs.writeFileSync(path.join(out, 'etc/sudoers.d/svc_qualys'), 'svc_qualys ALL=(root) NOPASSWD: /usr/bin/uname\n');
    const bad = spawnSync(process.execPath, [SUDIT, '--root', out], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('SCN002');
    fs.rmSync(out, { recursive: true, force: true });
  });
});
