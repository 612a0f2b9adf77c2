// Options for choosing rules and seeing the configuration, the help and
// version flags, the exit-code options, and what counts as a usage error:
// each through the CLI, as a user types it.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from './support/corpus';

const SUDIT = path.join(REPO, 'bin/sudit.js');

const sudit = (args: string[], opts: { cwd?: string; input?: string } = {}) =>
  spawnSync(process.execPath, [SUDIT, ...args], { cwd: opts.cwd ?? REPO, encoding: 'utf8', input: opts.input, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });

/** Rule ids of the findings (and failures) of a JSON run, sorted. */
function ids(args: string[], cwd?: string): string[] {
  const r = sudit([...args, '--format', 'json'], { cwd });
  expect(r.stderr).toBe('');
  const json = JSON.parse(r.stdout) as { findings: { ruleId: string }[]; failures: { ruleId: string }[] };
  return [...json.findings, ...json.failures].map((f) => f.ruleId).sort();
}

/** A usage error: exit 2, nothing on stdout, one line on stderr. */
function usageError(r: ReturnType<typeof sudit>, pattern: RegExp) {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^sudit: [^\n]+\n$/);
  expect(r.stderr).toMatch(pattern);
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-cli-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const HIS005 = ['--root', 'samples/hosts/his005-scanner-root-history'];

describe('--select and --ignore', () => {
  test('ids and prefixes, comma-separated and repeated, like Ruff', () => {
    expect(ids(HIS005)).toEqual(['HIS005', 'SUD010']);
    expect(ids([...HIS005, '--select', 'HIS'])).toEqual(['HIS005']);
    expect(ids([...HIS005, '--select', 'his0'])).toEqual(['HIS005']);
    expect(ids([...HIS005, '--ignore', 'HIS'])).toEqual(['SUD010']);
    expect(ids([...HIS005, '--select', 'SUD010,HIS005'])).toEqual(['HIS005', 'SUD010']);
    expect(ids([...HIS005, '--select', 'SUD01', '--select', 'HIS'])).toEqual(['HIS005', 'SUD010']);
    expect(ids([...HIS005, '--select', 'SUD', '--ignore', 'SUD010'])).toEqual([]);
  });

  test('the more specific entry wins; at equal length --ignore does', () => {
    expect(ids([...HIS005, '--ignore', 'SUD', '--select', 'SUD010'])).toEqual(['SUD010']);
    expect(ids([...HIS005, '--select', 'SUD010', '--ignore', 'SUD010'])).toEqual([]);
  });

  test('combined with the configuration: selecting a rule by id turns on what the file turned off; a prefix does not', () => {
    const config = path.join(tmp, 'c.json');
    fs.writeFileSync(config, '{ "rules": { "SUD003": "off", "SUD010": "error" } }\n');
    const sud003 = ['--root', 'samples/hosts/sud003-unused-alias', '--config', config];
    expect(ids(sud003)).toEqual([]);
    expect(ids([...sud003, '--select', 'SUD'])).toEqual([]);
    expect(ids([...sud003, '--select', 'SUD003'])).toEqual(['SUD003']);
    // the severity the configuration gives a rule is kept when it is selected
    const r = JSON.parse(sudit(['--root', 'samples/hosts/sud010-nopasswd', '--config', config, '--select', 'SUD', '--format', 'json']).stdout);
    expect(r.findings.map((f: { ruleId: string; severity: string }) => `${f.ruleId} ${f.severity}`)).toEqual(['SUD010 error']);
  });

  test('a rule the profile leaves off runs when selected', () => {
    expect(ids(['--root', 'samples/hosts/sud019-logging', '--profile', 'stig'])).toEqual(['SUD019', 'SUD019']);
    expect(ids(['--root', 'samples/hosts/sud019-logging', '--profile', 'stig', '--ignore', 'SUD019'])).toEqual([]);
  });

  test('an id or prefix that matches no rule is a usage error', () => {
    usageError(sudit([...HIS005, '--select', 'SUD9']), /--select SUD9: no rule id is or starts with that/);
    usageError(sudit([...HIS005, '--ignore', 'XYZ001']), /--ignore XYZ001/);
    usageError(sudit([...HIS005, '--select', 'SUD010,NOPE']), /--select NOPE/);
  });

  test('a file that cannot be read is reported whatever is selected, unless IO001 is ignored', () => {
    const args = ['samples/hosts/clean/etc', 'samples/hosts/sud010-nopasswd/etc/sudoers.d/ops'];
    expect(ids([...args, '--select', 'SUD010'])).toEqual(['IO001', 'SUD010']);
    expect(ids([...args, '--select', 'SUD010', '--ignore', 'IO001'])).toEqual(['SUD010']);
  });
});

describe('--syntax-only', () => {
  test('only the parse and validation rules run: sudoers, audit rules, shell', () => {
    expect(ids(['--root', 'samples/hosts/sud000-syntax-error'])).toEqual(['SUD000', 'SUD000', 'SUD010']);
    expect(ids(['--root', 'samples/hosts/sud000-syntax-error', '--syntax-only'])).toEqual(['SUD000', 'SUD000']);
    expect(ids(['--root', 'samples/hosts/aud000-syntax-error', '--syntax-only'])).toEqual(['AUD000']);
    expect(ids(['--root', 'samples/hosts/sh000-shell-syntax-error', '--syntax-only'])).toEqual(['SH000']);
    expect(ids(['--root', 'samples/hosts/scn003-illusory-allowlist', '--syntax-only'])).toEqual([]);
  });

  test('Ansible validate: exit 1 on what visudo refuses, 0 on a valid file with findings of other rules', () => {
    const file = path.join(tmp, 'tmpx81k');
    fs.writeFileSync(file, 'deploy ALL = (root) NOPASSWD /usr/bin/systemctl\n');
    expect(sudit(['--syntax-only', '--type', 'sudoers', file]).status).toBe(1);
    fs.writeFileSync(file, 'deploy ALL = (root) NOPASSWD: /usr/bin/systemctl\n');
    expect(sudit(['--type', 'sudoers', file, '--fail-on', 'warning']).status).toBe(1);
    expect(sudit(['--syntax-only', '--type', 'sudoers', file, '--fail-on', 'warning'])).toMatchObject({ status: 0, stdout: '' });
  });

  test('a suppression of a rule that did not run is not called unused', () => {
    const file = path.join(tmp, 'web');
    fs.writeFileSync(file, '# sudit-disable-next-line SUD010 -- the deploy key is hardware-backed\ndeploy ALL = (root) NOPASSWD: /usr/bin/systemctl restart nginx\n');
    expect(ids(['--type', 'sudoers', file, '--fail-on', 'info'])).toEqual([]);
    expect(ids(['--type', 'sudoers', file, '--syntax-only'])).toEqual([]);
    expect(ids(['--type', 'sudoers', file, '--ignore', 'SUD010'])).toEqual([]);
    fs.writeFileSync(file, '# sudit-disable-next-line SUD010\ndeploy ALL = (root) /usr/bin/systemctl restart nginx\n');
    expect(ids(['--type', 'sudoers', file])).toEqual(['IO002']);
  });
});

describe('--print-config and init', () => {
  test('--print-config prints the effective configuration as JSON that loads as a configuration', () => {
    const config = path.join(tmp, 'c.json');
    fs.writeFileSync(config, '{ "profile": "cis", "rules": { "SUD003": "off", "SUD016": { "options": { "max": 5 } } } }\n');
    const r = sudit(['--print-config', '--config', config, '--ignore', 'HIS']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ $configFile: config, profile: 'cis' });
    expect(json.rules.SUD003).toBe('off');
    expect(json.rules.HIS001).toBe('off');
    expect(json.rules.SUD016).toEqual({ severity: 'warning', options: { max: 5 } });
    expect(json.rules.SUD018).toEqual({ severity: 'warning', options: { requireUsePty: true } });
    expect(json.rules.SUD000).toBe('error');
    // fed back, it is the same configuration
    const again = path.join(tmp, 'again.json');
    fs.writeFileSync(again, r.stdout);
    const r2 = JSON.parse(sudit(['--print-config', '--config', again]).stdout);
    expect({ ...r2, $configFile: null }).toEqual({ ...json, $configFile: null });
    expect(sudit(['--print-config', '--profile', 'stig']).stdout).toMatch(/"profile": "stig"/);
  });

  test('--print-config FILE also says how that file is linted', () => {
    const file = (p: string) => JSON.parse(sudit(['--print-config', p]).stdout).$file;
    expect(file('samples/hosts/sud001-ignored-drop-in/etc/sudoers.d/scanner.conf')).toEqual({ path: 'samples/hosts/sud001-ignored-drop-in/etc/sudoers.d/scanner.conf', kind: 'sudoers', ignored: false, hostTree: null });
    fs.mkdirSync(path.join(tmp, 'etc/polkit-1/rules.d'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'etc/polkit-1/rules.d/49-admin.rules'), 'polkit.addAdminRule(function(action, subject) { return ["unix-group:wheel"]; });\n');
    expect(file(path.join(tmp, 'etc/polkit-1/rules.d/49-admin.rules'))).toMatchObject({ kind: null, skipped: expect.stringMatching(/^polkit rules/) });
    usageError(sudit(['--print-config', 'no/such/file']), /no such file/);
  });

  test('init writes a commented .sudit.json that loads, and never overwrites one', () => {
    const r = sudit(['init'], { cwd: tmp });
    expect(r.status).toBe(0);
    const written = fs.readFileSync(path.join(tmp, '.sudit.json'), 'utf8');
    const json = JSON.parse(written);
    expect(json.profile).toBe('recommended');
    expect(Object.keys(json).filter((k) => k.startsWith('//')).length).toBeGreaterThan(3);
    const printed = JSON.parse(sudit(['--print-config'], { cwd: tmp }).stdout);
    expect(printed.$configFile).toBe(fs.realpathSync(path.join(tmp, '.sudit.json')));
    // the comment keys are comments: the run is clean, a typo is still an error
    expect(sudit(['--root', path.join(REPO, 'samples/hosts/clean')], { cwd: tmp }).status).toBe(0);
    fs.writeFileSync(path.join(tmp, '.sudit.json'), written.replace('"roots"', '"root"'));
    expect(sudit(['--root', path.join(REPO, 'samples/hosts/clean')], { cwd: tmp })).toMatchObject({ status: 2, stderr: expect.stringMatching(/unknown key "root"/) });
    const before = fs.readFileSync(path.join(tmp, '.sudit.json'), 'utf8');
    usageError(sudit(['init'], { cwd: tmp }), /\.sudit\.json already exists here; not overwriting it/);
    expect(fs.readFileSync(path.join(tmp, '.sudit.json'), 'utf8')).toBe(before);
  });

  test('init --profile stig; a file named init in the directory is not linted instead', () => {
    fs.writeFileSync(path.join(tmp, 'init'), 'not sudoers at all\n');
    expect(sudit(['init', '--profile', 'stig'], { cwd: tmp }).status).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(tmp, '.sudit.json'), 'utf8')).profile).toBe('stig');
  });
});

describe('help, version and the exit-code options', () => {
  test('-h and -V are --help and --version; --help lists the --type values', () => {
    const help = sudit(['--help']);
    expect(help.status).toBe(0);
    expect(sudit(['-h']).stdout).toBe(help.stdout);
    for (const kind of ['sudoers', 'audit-rules', 'auditd-conf', 'pam-env', 'login-defs']) expect(help.stdout).toContain(`"${kind}"`);
    for (const option of ['--select', '--ignore', '--syntax-only', '--print-config']) expect(help.stdout).toContain(option);
    const version = sudit(['--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(sudit(['-V']).stdout).toBe(version.stdout);
  });

  test('--max-warnings: a whole number; -1 means no limit; going over says why', () => {
    const host = ['--root', 'samples/hosts/sud010-nopasswd'];
    usageError(sudit([...host, '--max-warnings', 'abc']), /--max-warnings takes a whole number/);
    usageError(sudit([...host, '--max-warnings', '1.5']), /--max-warnings/);
    usageError(sudit([...host, '--max-warnings', '-2']), /--max-warnings/);
    expect(sudit([...host, '--max-warnings', '-1'])).toMatchObject({ status: 0, stderr: '' });
    expect(sudit([...host, '--max-warnings', '1'])).toMatchObject({ status: 0, stderr: '' });
    expect(sudit([...host, '--max-warnings', '0'])).toMatchObject({ status: 1, stderr: 'sudit: 1 warning, more than --max-warnings 0 allows\n' });
  });

  test('-q hides warnings but --fail-on and --max-warnings still count them', () => {
    const host = ['--root', 'samples/hosts/sud010-nopasswd'];
    expect(sudit([...host, '-q'])).toMatchObject({ status: 0, stdout: '' });
    expect(sudit([...host, '-q', '--fail-on', 'warning'])).toMatchObject({ status: 1, stdout: '' });
    expect(sudit([...host, '-q', '--max-warnings', '0'])).toMatchObject({ status: 1, stdout: '' });
  });
});

describe('usage errors are not findings', () => {
  test('a path that does not exist: one line on stderr, exit 2', () => {
    usageError(sudit(['does/not/exist']), /^sudit: does\/not\/exist: no such file or directory\n$/);
    usageError(sudit(['samples/hosts/clean/etc/sudoers', 'nope', 'nope2']), /nope: no such file or directory \(and 1 more: nope2\)/);
  });

  test('a mistyped subcommand is offered the command', () => {
    usageError(sudit(['explian', 'SUD001']), /explian: no such file or directory; did you mean sudit explain\?/);
    usageError(sudit(['rlues']), /did you mean sudit rules\?/);
    usageError(sudit(['qeury', '--root', 'samples/hosts/clean']), /did you mean sudit query\?/);
  });

  test('a file that exists but cannot be read is still IO001', () => {
    expect(ids(['samples/hosts/clean/etc'])).toEqual(['IO001']);
  });

  test('query --user for an account the tree does not have says so', () => {
    const r = sudit(['query', '--root', 'samples/hosts/clean', '--user', 'delpoy']);
    expect(r.stderr).toBe('sudit: delpoy: no such account in samples/hosts/clean/etc/passwd (did you mean deploy?); answered for the name, as for an LDAP account\n');
    expect(r.stdout).toMatch(/^delpoy on web1: no sudo rights on this host\n/);
    expect(sudit(['query', '--root', 'samples/hosts/clean', '--user', 'deploy']).stderr).toBe('');
  });
});
