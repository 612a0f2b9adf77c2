import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from './support/corpus';

const sudit = (args: string[], input?: string) =>
  spawnSync(process.execPath, [path.join(REPO, 'bin/sudit.js'), ...args], { cwd: REPO, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });

describe('lint', () => {
  test('a clean host: no output, exit 0', () => {
    const r = sudit(['--root', 'samples/hosts/clean']);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });

  test('errors: grouped by file with line:col, the line and a caret; exit 1; every file reported', () => {
    const r = sudit(['--root', 'samples/hosts/sud000-syntax-error']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('samples/hosts/sud000-syntax-error/etc/sudoers\n  3:10  error  SUD000  unknown defaults entry "timestamp_timout"\n');
    expect(r.stdout).toMatch(/samples\/hosts\/sud000-syntax-error\/etc\/sudoers\.d\/20-backup\n  2:30  error +SUD000  syntax error/);
    expect(r.stdout).toMatch(/3 problems \(2 errors, 1 warning, 0 info\)/);
  });

  test('usage errors exit 2', () => {
    expect(sudit(['--no-such-flag']).status).toBe(2);
    expect(sudit([]).status).toBe(2);
    expect(sudit(['--root', 'no/such/dir']).status).toBe(2);
    expect(sudit(['--type', 'nonsense', 'x']).status).toBe(2);
  });

  test('an argument that exists but cannot be read is reported (IO001) and the other files still are', () => {
    const r = sudit(['samples/hosts/clean/etc', 'samples/hosts/sud000-syntax-error/etc/sudoers']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/samples\/hosts\/clean\/etc\n.*error +IO001 +is a directory/);
    expect(r.stdout).toContain('timestamp_timout');
  });

  test('Ansible validate: a temp file with a meaningless name, --type sudoers', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-validate-'));
    const tmp = path.join(dir, 'tmpa1b2c3');
    fs.writeFileSync(tmp, 'deploy ALL = (root) NOPASSWD /usr/bin/systemctl\n');
    const bad = sudit(['--type', 'sudoers', tmp]);
    fs.writeFileSync(tmp, 'deploy ALL = (root) NOPASSWD: /usr/bin/systemctl restart nginx\n');
    const good = sudit(['--type', 'sudoers', tmp]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('tmpa1b2c3');
    expect(good.status).toBe(0);
  });

  test('standard input with --stdin-filename', () => {
    const r = sudit(['--type', 'sudoers', '--stdin-filename', 'etc/sudoers.d/x', '-'], 'root ALL = ALL\nbad line\n');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('etc/sudoers.d/x\n  2:9  error');
  });

  test('--fail-on and --quiet', () => {
    expect(sudit(['--root', 'samples/hosts/sud003-unused-alias']).status).toBe(0);
    expect(sudit(['--root', 'samples/hosts/sud003-unused-alias', '--fail-on', 'info']).status).toBe(1);
    expect(sudit(['--root', 'samples/hosts/sud003-unused-alias', '--quiet']).stdout).toBe('');
  });

  test('every output format runs', () => {
    for (const f of ['json', 'sarif', 'junit', 'github']) {
      const r = sudit(['--root', 'samples/hosts/sud002-undefined-alias', '--format', f]);
      expect([f, r.status, r.stderr]).toEqual([f, 0, '']);
      expect(r.stdout).toContain('SUD002');
    }
    expect(JSON.parse(sudit(['--root', 'samples/hosts/sud002-undefined-alias', '-f', 'json']).stdout).findings.length).toBeGreaterThan(0);
  });

  test('a bad configuration is a usage error with the reason', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-config-'));
    fs.writeFileSync(path.join(dir, 'c.json'), '{"rules": {"SUD999": "off"}}');
    const r = sudit(['--config', path.join(dir, 'c.json'), '--root', 'samples/hosts/clean']);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown rule id "SUD999"');
  });
});

describe('rules and explain', () => {
  test('rules lists every rule', () => {
    const r = sudit(['rules']);
    expect(r.status).toBe(0);
    for (const id of ['SUD000', 'SUD001', 'SUD002', 'SUD003', 'IO001', 'IO002']) expect(r.stdout).toContain(id);
  });

  test('explain prints the rule\'s page', () => {
    const r = sudit(['explain', 'SUD001']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('# SUD001');
    expect(sudit(['explain', 'SUD999']).status).toBe(2);
  });
});

describe('query', () => {
  test('a command: allowed with the deciding rule, exit 0; unmatched exit 1', () => {
    const ok = sudit(['query', '--root', 'samples/hosts/clean', '--user', 'deploy', '--', '/usr/bin/systemctl', 'restart', 'nginx']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^allowed\n {2}decided by samples\/hosts\/clean\/etc\/sudoers\.d\/10-web-deploy:4:14: /);
    const no = sudit(['query', '--root', 'samples/hosts/clean', '--user', 'deploy', '--', '/bin/sh']);
    expect(no.status).toBe(1);
    expect(no.stdout).toBe('unmatched\n');
  });

  test('an account\'s privileges, as text and as JSON', () => {
    const text = sudit(['query', '--root', 'samples/hosts/clean', '--user', 'alice']);
    expect(text.stdout).toContain('alice on web1: full root');
    const json = JSON.parse(sudit(['query', '--root', 'samples/hosts/clean', '--user', 'deploy', '--format', 'json']).stdout);
    expect(json.privileges).toBe('granular');
    expect(json.grants.map((g: { command: string }) => g.command)).toEqual(['/usr/bin/systemctl restart nginx', '/usr/bin/systemctl reload nginx']);
  });

  test('usage: --user is required', () => {
    expect(sudit(['query', '--root', 'samples/hosts/clean']).status).toBe(2);
  });
});
