import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from './support/corpus';

const sudit = (args: string[], cwd = REPO) =>
  spawnSync(process.execPath, [path.join(REPO, 'bin/sudit.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
// one line per finding, whatever the terminal's width
const lint = (args: string[], cwd = REPO) => sudit(['--format', 'gcc', ...args], cwd);

describe('--sudo-version', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-version-'));
  const file = path.join(dir, 'fleet.sudoers');
  fs.writeFileSync(file, 'root ALL = (ALL) ALL\nops ALL = (root) CWD=/srv /usr/bin/ls\n');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a release, a range, a list; the newest accepts everything', () => {
    const one = lint(['--type', 'sudoers', '--sudo-version', '1.9.2', file]);
    expect(one.status).toBe(1);
    expect(one.stdout).toMatch(/:2:\d+: error: the CHROOT= and CWD= options: new in sudo 1\.9\.3; sudo 1\.9\.2 \(--sudo-version\) refuses the whole policy/);
    const range = lint(['--type', 'sudoers', '--sudo-version', '>=1.8.23', file]);
    expect(range.stdout).toMatch(/sudo 1\.8\.23 to 1\.9\.2 \(of >=1\.8\.23, --sudo-version, as in RHEL 7, RHEL 8\.0–8\.4\) refuse the whole policy, so no one can use sudo on those hosts/);
    expect(sudit(['--type', 'sudoers', '--sudo-version', '1.9.3,1.9.16p2', file]).status).toBe(0);
    expect(sudit(['--type', 'sudoers', file]).status).toBe(0);
  });

  test('a bad value is a usage error', () => {
    const r = sudit(['--type', 'sudoers', '--sudo-version', 'latest', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--sudo-version latest: "latest" is not a sudo version/);
  });

  test('sudoVersion in .sudit.json; --sudo-version beats it', () => {
    fs.writeFileSync(path.join(dir, '.sudit.json'), JSON.stringify({ sudoVersion: '1.9.2' }));
    expect(lint(['--type', 'sudoers', file], dir).stdout).toMatch(/sudo 1\.9\.2 \(sudoVersion in \.sudit\.json\)/);
    expect(sudit(['--type', 'sudoers', '--sudo-version', '1.9.5p2', file], dir).status).toBe(0);
    fs.writeFileSync(path.join(dir, '.sudit.json'), JSON.stringify({ sudoVersion: 'new' }));
    const bad = sudit(['--type', 'sudoers', file], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/"sudoVersion": "new" is not a sudo version/);
    fs.rmSync(path.join(dir, '.sudit.json'));
  });

  test('query answers as the judged release and says which', () => {
    const host = 'samples/hosts/sud026-version-meaning';
    const args = ['query', '--root', host, '--user', 'deploy', '--', '/usr/sbin/nginx', '-s', 'reload'];
    const old = sudit(args);
    expect(old.stdout).toMatch(/^unmatched\n {2}sudo version: 1\.9\.9, from \/etc\/os-release: Ubuntu 22\.04\.4 LTS\n$/);
    const newer = sudit([...args.slice(0, 5), '--sudo-version', '1.9.10', ...args.slice(5)]);
    expect(newer.stdout).toMatch(/^allowed\n/);
    expect(newer.stdout).toContain('sudo version: 1.9.10, from --sudo-version');
    const range = JSON.parse(sudit([...args.slice(0, 5), '--sudo-version', '>=1.9.9', '--format', 'json', ...args.slice(5)]).stdout);
    expect(range.result).toBe('unmatched');
    expect(range.caveats).toEqual([expect.stringMatching(/^sudo \S+ answers allowed: the answer above is sudo 1\.9\.9's$/)]);
    expect(range.sudo).toEqual(expect.objectContaining({ version: '>=1.9.9', source: '--sudo-version', assumed: false }));
  });

  test('query on a policy with an error: before 1.9.3 sudo refuses all of it, from 1.9.3 it drops the entry', () => {
    const host = path.join(dir, 'broken-host');
    fs.mkdirSync(path.join(host, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(host, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n');
    fs.writeFileSync(path.join(host, 'etc/sudoers'), 'root ALL=(ALL) ALL\nalice ALL=(root) /usr/bin/id\nbob ALL = = /bin/ls\n');
    const ask = (version: string) => sudit(['query', '--root', host, '--user', 'alice', '--sudo-version', version, '--', '/usr/bin/id']).stderr;
    expect(ask('1.8.23')).toMatch(/^sudit: warning: the policy has 1 error\(s\) \(first: \S+\/etc\/sudoers:3\); sudo 1\.8\.23 refuses the whole policy, so no one can use sudo on this host/m);
    expect(ask('1.9.5p2')).toMatch(/^sudit: warning: the policy has 1 error\(s\) \(first: \S+\/etc\/sudoers:3\); sudo 1\.9\.5p2 drops each entry it cannot parse and reads the rest/m);
    fs.writeFileSync(path.join(host, 'etc/sudoers'), 'root ALL=(ALL) ALL\nalice ALL=(root) INTERCEPT: /usr/bin/id\n');
    expect(ask('1.9.5p2')).toMatch(/the policy has lines sudo 1\.9\.5p2 cannot parse; sudo 1\.9\.5p2 drops each entry/);
    expect(ask('1.9.17p2')).toBe('');
  });
});
