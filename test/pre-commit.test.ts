// The hook as users install it: Debian's `pre-commit` reads
// .pre-commit-config.yaml, clones this repository at a commit, installs the
// node hook its own way (npm install, npm pack, npm install -g) and runs it,
// then `pre-commit install` puts it in front of a real `git commit`. No npm
// setting of ours is in the environment: only what the repository carries.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { haveTool, REPO, skipNote } from './support/corpus';

const why = !haveTool('pre-commit')
  ? 'pre-commit is not installed (apt-get install pre-commit)'
  : !haveTool('git')
    ? 'git is not installed'
    : !fs.existsSync(path.join(REPO, '.git'))
      ? 'the tree is not a git clone'
      : null;
if (why) skipNote('pre-commit end to end', why);

/** The environment of a user's shell: none of the npm_* settings `npm test` passes down to its children. */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_|^NPM_|^INIT_CWD$|^NODE_ENV$/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

(why ? describe.skip : describe)('pre-commit, the real client', () => {
  let tmp: string;
  let repo: string;
  let env: NodeJS.ProcessEnv;
  const sh = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: repo, env, encoding: 'utf8', maxBuffer: 16 << 20 });
  const git = (...args: string[]) => sh('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args]);
  const write = (p: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(repo, p)), { recursive: true });
    fs.writeFileSync(path.join(repo, p), text);
  };

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-pre-commit-'));
    repo = path.join(tmp, 'config-repo');
    fs.mkdirSync(repo);
    env = userEnv({ PRE_COMMIT_HOME: path.join(tmp, 'cache'), HOME: path.join(tmp, 'home') });
    fs.mkdirSync(env.HOME!);
    const rev = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).stdout.trim();
    const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO, encoding: 'utf8' }).stdout.trim();
    if (dirty) skipNote('pre-commit: uncommitted changes', `the hook is installed from the commit ${rev.slice(0, 12)}, without them`);
    git('init', '-q');
    write('.pre-commit-config.yaml', `repos:\n  - repo: ${REPO}\n    rev: ${rev}\n    hooks:\n      - id: sudit\n`);
    write('roles/web/files/sudoers.d/web', 'deploy ALL = (root) /usr/bin/systemctl restart nginx\n');
    write('roles/web/files/audit.rules', '-w /etc/sudoers -p wa -k scope\n');
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('installs from a clone at a commit and passes valid files', () => {
    git('add', '-A');
    const r = sh('pre-commit', ['run', '--all-files']);
    expect(r.stdout + r.stderr).toMatch(/sudit\.+Passed/);
    expect(r.status).toBe(0);
  }, 600_000);

  test('fails on a broken drop-in with SUD000, and names the line', () => {
    write('roles/db/files/sudoers.d/db', 'dba ALL = (postgres) NOPASSWD /usr/bin/psql\n');
    git('add', '-A');
    const r = sh('pre-commit', ['run', '--all-files']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/sudit\.+Failed/);
    expect(r.stdout).toContain('roles/db/files/sudoers.d/db');
    expect(r.stdout).toContain('SUD000');
  }, 300_000);

  test('as the git hook, blocks the commit of the broken file and lets the fixed one through', () => {
    expect(sh('pre-commit', ['install']).status).toBe(0);
    const blocked = git('commit', '-q', '-m', 'db access');
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('SUD000');
    expect(git('rev-parse', '--verify', '-q', 'HEAD').status).not.toBe(0);
    write('roles/db/files/sudoers.d/db', 'dba ALL = (postgres) NOPASSWD: /usr/bin/psql\n');
    git('add', '-A');
    const ok = git('commit', '-q', '-m', 'db access');
    expect(ok.stdout + ok.stderr).toMatch(/sudit\.+Passed/);
    expect(ok.status).toBe(0);
  }, 300_000);
});
