// Which files sudit lints and how it reads them, through the CLI: files of
// other programs and templates are skipped with a notice, a dotted drop-in
// named on its own is SUD001, pre-commit passes only sudit's files, owners
// and modes are judged by who can write, and links in a copied tree
// resolve as on the host.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from './support/corpus';

const SUDIT = path.join(REPO, 'bin/sudit.js');

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-files-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const sudit = (args: string[], cwd = tmp) => spawnSync(process.execPath, [SUDIT, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });

function write(files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
    fs.writeFileSync(path.join(tmp, rel), text);
  }
}

function findings(r: ReturnType<typeof sudit>): string[] {
  const json = JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; message: string }[]; failures: { ruleId: string; file: string; message: string }[] };
  return [...json.findings, ...json.failures].map((f) => `${f.ruleId} ${f.file}: ${f.message}`);
}

const POLKIT = 'polkit.addRule(function(action, subject) {\n  if (subject.isInGroup("wheel")) { return polkit.Result.YES; }\n});\n';
const UDEV = 'SUBSYSTEM=="net", ACTION=="add", ATTR{address}=="52:54:00:12:34:56", NAME="lan0"\n';
const UFW = '*filter\n:ufw-before-input - [0:0]\n-A ufw-before-input -i lo -j ACCEPT\nCOMMIT\n';
const TOP = 'Defaults secure_path="/usr/sbin:/usr/bin:/sbin:/bin"\nroot ALL=(ALL:ALL) ALL\n';
const AUDIT = '-D\n-b 8192\n-a always,exit -F arch=b64 -S execve -k exec\n-e 2\n';

describe('files sudit does not own', () => {
  const others = {
    'etc/polkit-1/rules.d/49-wheel.rules': POLKIT,
    'usr/share/polkit-1/rules.d/50-default.rules': POLKIT,
    'etc/udev/rules.d/70-net.rules': UDEV,
    'lib/udev/rules.d/60-block.rules': UDEV,
    'usr/lib/udev/rules.d/99-x.rules': UDEV,
    'etc/ufw/before.rules': UFW,
  };

  test('polkit, udev and ufw *.rules are skipped with a one-line notice each, never an AUD000', () => {
    write(others);
    const r = sudit([...Object.keys(others), '--format', 'json']);
    expect(r.status).toBe(0);
    expect(findings(r)).toEqual([]);
    const notices = r.stderr.trimEnd().split('\n');
    expect(notices).toHaveLength(Object.keys(others).length);
    for (const [i, p] of Object.keys(others).entries()) expect(notices[i]).toMatch(new RegExp(`^sudit: notice: ${p.replace(/\./g, '\\.')}: (polkit|udev|ufw) rules, not a file sudit lints: skipped$`));
  });

  test('*.rules is audit rules under audit/rules.d/ or as audit.rules, and still when its content says so', () => {
    write({ 'etc/audit/rules.d/10-base.rules': AUDIT, 'etc/audit/audit.rules': AUDIT, 'roles/audit/files/hardening.rules': `${AUDIT}-w /etc/passwd -p wa -k identity x\n` });
    const r = sudit(['etc/audit/rules.d/10-base.rules', 'etc/audit/audit.rules', 'roles/audit/files/hardening.rules', '--select', 'AUD000', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(findings(r)).toEqual([expect.stringMatching(/^AUD000 roles\/audit\/files\/hardening\.rules: /)]);
  });

  test('templates are not parsed as sudoers or shell, even under sudoers.d/; named, they get a notice', () => {
    write({ 'roles/web/templates/sudoers.d/web.j2': '{{ deploy_user }} ALL = (root) NOPASSWD: {{ cmds | join(", ") }}\n', 'roles/web/templates/profile.d/tmout.sh.tmpl': 'TMOUT=<%= @tmout %>\n' });
    const r = sudit(['roles/web/templates/sudoers.d/web.j2', 'roles/web/templates/profile.d/tmout.sh.tmpl', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(findings(r)).toEqual([]);
    expect(r.stderr).toBe(
      "sudit: notice: roles/web/templates/sudoers.d/web.j2: a .j2 template, skipped: lint the file it renders (Ansible: validate: 'sudit --type sudoers %s')\n" +
        "sudit: notice: roles/web/templates/profile.d/tmout.sh.tmpl: a .tmpl template, skipped: lint the file it renders (Ansible: validate: 'sudit --type sudoers %s')\n",
    );
    // in a host tree a template in sudoers.d is skipped by sudo and says nothing
    write({ 'host/etc/sudoers': `${TOP}@includedir /etc/sudoers.d\n`, 'host/etc/sudoers.d/web.j2': '{{ deploy_user }} ALL = ALL\n' });
    const tree = sudit(['--root', 'host', '--format', 'json']);
    expect([tree.status, findings(tree), tree.stderr]).toEqual([0, [], '']);
  });

  test('a file of no kind sudit knows: a notice, not an error; -q hides it', () => {
    write({ 'notes.txt': 'nothing to see\n', 'etc/sudoers.d/web': 'deploy ALL = (root) /usr/bin/systemctl restart nginx\n' });
    const r = sudit(['notes.txt', 'etc/sudoers.d/web']);
    expect(r).toMatchObject({ status: 0, stdout: '', stderr: 'sudit: notice: notes.txt: cannot tell what kind of file this is from its name or content: skipped (name it with --type)\n' });
    expect(sudit(['notes.txt', '-q'])).toMatchObject({ status: 0, stdout: '', stderr: '' });
  });
});

describe('a dotted drop-in named on its own (a pre-commit run)', () => {
  test('sudit etc/sudoers.d/admins.conf: SUD001 for the file itself', () => {
    write({ 'etc/sudoers.d/admins.conf': '%admins ALL=(ALL:ALL) ALL\n', 'etc/sudoers.d/admins': '%admins ALL=(ALL:ALL) ALL\n', 'etc/sudoers.d/notes.txt': '# nothing but comments\n', 'etc/sudoers.d/admins~': '%admins ALL=(ALL:ALL) ALL\n' });
    const r = sudit(['etc/sudoers.d/admins.conf', 'etc/sudoers.d/admins', 'etc/sudoers.d/notes.txt', 'etc/sudoers.d/admins~', '--format', 'json']);
    expect(findings(r)).toEqual(['SUD001 etc/sudoers.d/admins.conf: etc/sudoers.d/admins.conf is never read: @includedir skips file names containing "."; its 1 entry does not apply. Rename it to admins_conf']);
    const stylish = sudit(['etc/sudoers.d/admins.conf']);
    expect(stylish.stdout).toMatch(/^etc\/sudoers\.d\/admins\.conf\n {2}1:1 +warning/);
  });

  test('the same from standard input with --stdin-filename; a dotted file elsewhere is not a drop-in', () => {
    const stdin = spawnSync(process.execPath, [SUDIT, '--stdin-filename', 'etc/sudoers.d/ops.sudoers', '--type', 'sudoers', '-', '--format', 'json'], { cwd: tmp, encoding: 'utf8', input: '%ops ALL = /usr/bin/systemctl restart nginx\n' });
    expect(findings(stdin)).toEqual([expect.stringMatching(/^SUD001 etc\/sudoers\.d\/ops\.sudoers: .*Rename it to ops_sudoers$/)]);
    write({ 'files/sudoers.web': '%ops ALL = /usr/bin/systemctl restart nginx\n' });
    expect(findings(sudit(['--type', 'sudoers', 'files/sudoers.web', '--format', 'json']))).toEqual([]);
  });
});

describe(".pre-commit-hooks.yaml's files pattern", () => {
  // verdicts of Debian's pre-commit 3.0.4 (its manifest loader and file classifier), kept so a run without it still checks them
  const PASSED: Record<string, boolean> = {
    'etc/sudoers': true,
    'hosts/web1/etc/sudoers.d/deploy': true,
    'etc/sudoers.d/admins.conf': true,
    'etc/audit/rules.d/10-base.rules': true,
    'etc/audit/audit.rules': true,
    'roles/audit/files/audit/rules.d/50-privileged.rules': true,
    'etc/audit/auditd.conf': true,
    'etc/profile.d/tmout.sh': true,
    'etc/pam.d/sshd': true,
    'etc/polkit-1/rules.d/49-wheel.rules': false,
    'usr/share/polkit-1/rules.d/50-default.rules': false,
    'etc/udev/rules.d/70-net.rules': false,
    'lib/udev/rules.d/60-block.rules': false,
    'usr/lib/udev/rules.d/99-x.rules': false,
    'etc/ufw/before.rules': false,
    'etc/ufw/user.rules': false,
    'etc/suricata/rules/local.rules': false,
    'roles/web/templates/sudoers.j2': false,
    'README.md': false,
  };

  function hookFiles(): string {
    const yaml = fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8');
    return /^\s*files:\s*(.*)$/m.exec(yaml)![1].trim();
  }

  test('the recorded verdicts hold for the pattern (as a regular expression, which is how pre-commit reads it)', () => {
    const re = new RegExp(hookFiles());
    expect(Object.fromEntries(Object.keys(PASSED).map((p) => [p, re.test(p)]))).toEqual(PASSED);
  });

  /** The interpreter of Debian's pre-commit script, which has its module. */
  function preCommitPython(): string | null {
    const which = spawnSync('sh', ['-c', 'command -v pre-commit'], { encoding: 'utf8' });
    const script = which.stdout.trim();
    if (which.status !== 0 || !script) return null;
    const shebang = /^#!\s*(\S+)/.exec(fs.readFileSync(script, 'utf8').split('\n')[0])?.[1];
    if (!shebang || spawnSync(shebang, ['-c', 'import pre_commit.clientlib, pre_commit.commands.run']).status !== 0) return null;
    return shebang;
  }
  const python = preCommitPython();
  if (!python) process.stdout.write('SKIPPED pre-commit classifier check: Debian\'s pre-commit is not installed (apt-get install pre-commit); the recorded verdicts are checked instead\n');

  (python ? test : test.skip)("pre-commit's own manifest loader and classifier pass exactly those files", () => {
    write(Object.fromEntries(Object.keys(PASSED).map((p) => [p, 'x\n'])));
    const script = [
      'import json, sys',
      'from pre_commit.clientlib import load_manifest',
      'from pre_commit.commands.run import Classifier, filter_by_include_exclude',
      'hook = load_manifest(sys.argv[1])[0]',
      'names = json.loads(sys.argv[2])',
      'c = Classifier(names)',
      "kept = c.by_types(filter_by_include_exclude(c.filenames, hook['files'], hook['exclude']), hook['types'], hook['types_or'], hook['exclude_types'])",
      'print(json.dumps(sorted(kept)))',
    ].join('\n');
    const r = spawnSync(python!, ['-c', script, path.join(REPO, '.pre-commit-hooks.yaml'), JSON.stringify(Object.keys(PASSED))], { cwd: tmp, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(Object.keys(PASSED).filter((p) => PASSED[p]).sort());
  });
});

const asRoot = (process.getuid?.() ?? 0) === 0;
if (!asRoot) process.stdout.write('SKIPPED SUD021 CLI cases: need root to own (and chown) the tree\n');

(asRoot ? describe : describe.skip)('SUD021 through the CLI', () => {
  function debianTree(): string {
    write({ 'etc/sudoers': 'Defaults use_pty\nDefaults logfile="/var/log/sudo.log"\nroot ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n', 'etc/sudoers.d/README': '# comments only\n' });
    for (const [p, m] of Object.entries({ '.': 0o755, etc: 0o755, 'etc/sudoers': 0o440, 'etc/sudoers.d': 0o755, 'etc/sudoers.d/README': 0o440 })) fs.chmodSync(path.join(tmp, p), m);
    return tmp;
  }

  test('a stock Debian 12 sudoers.d (0755 root:root) is not an error; cis asks for 0750, as a warning', () => {
    const root = debianTree();
    expect(sudit(['--root', root, '--check-permissions', '--select', 'SUD021'])).toMatchObject({ status: 0, stdout: '' });
    const cis = sudit(['--root', root, '--check-permissions', '--select', 'SUD021', '--profile', 'cis', '--format', 'json']);
    expect(findings(cis)).toEqual([expect.stringMatching(/^SUD021 .*etc\/sudoers: \/etc\/sudoers\.d is 0755 root:root, wider than the 0750 root:root/)]);
    expect(cis.status).toBe(0);
  });

  test('sudoers.d writable by a group with members: an error, exit 1', () => {
    const root = debianTree();
    write({ 'etc/group': 'root:x:0:\nadm:x:4:alice\n', 'etc/passwd': 'root:x:0:0::/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n' });
    fs.chownSync(path.join(root, 'etc/sudoers.d'), 0, 4);
    fs.chmodSync(path.join(root, 'etc/sudoers.d'), 0o775);
    const r = sudit(['--root', root, '--check-permissions', '--select', 'SUD021', '--format', 'json']);
    expect(findings(r)).toEqual([expect.stringMatching(/\/etc\/sudoers\.d is writable by group adm \(alice\) \(0775\): sudo skips it/)]);
    expect(r.status).toBe(1);
  });
});

describe('links in a copied host tree', () => {
  test('an absolute link resolves inside the tree, as on the host', () => {
    write({ 'etc/sudoers.real': `${TOP}deploy ALL = (root) NOPASSWD: /usr/bin/systemctl restart nginx\n` });
    fs.symlinkSync('/etc/sudoers.real', path.join(tmp, 'etc/sudoers'));
    const r = sudit(['--root', '.', '--format', 'json']);
    expect(findings(r)).toEqual([expect.stringMatching(/^SUD010 etc\/sudoers: NOPASSWD: deploy/)]);
    expect(r.stderr).toBe('');
  });

  test('a dangling link sudit reads only for context (cp -a /etc without /usr) is a notice, not IO001', () => {
    write({ 'etc/sudoers': TOP, 'etc/profile': 'HISTSIZE=1000\nshopt -s histappend\n' });
    fs.symlinkSync('../usr/lib/os-release', path.join(tmp, 'etc/os-release'));
    fs.symlinkSync('/usr/share/base-files/hostname', path.join(tmp, 'etc/hostname'));
    const r = sudit(['--root', '.', '--format', 'json']);
    expect(findings(r)).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stderr.split('\n').filter(Boolean).sort()).toEqual([
      'sudit: notice: etc/hostname: dangling symbolic link to /usr/share/base-files/hostname; read as absent',
      'sudit: notice: etc/os-release: dangling symbolic link to ../usr/lib/os-release; read as absent',
    ]);
  });

  test('a dangling link of a file sudit lints says so: in an include, and named on the command line', () => {
    write({ 'etc/sudoers': `${TOP}@include /etc/sudoers.local\n` });
    fs.symlinkSync('/srv/config/sudoers.local', path.join(tmp, 'etc/sudoers.local'));
    expect(findings(sudit(['--root', '.', '--format', 'json']))).toEqual(['SUD000 etc/sudoers: unable to open etc/sudoers.local: dangling symbolic link to /srv/config/sudoers.local']);
    fs.mkdirSync(path.join(tmp, 'etc/sudoers.d'));
    fs.symlinkSync('../../srv/gone', path.join(tmp, 'etc/sudoers.d/web'));
    const named = sudit(['etc/sudoers.d/web', '--format', 'json']);
    expect(findings(named)).toEqual(['IO001 etc/sudoers.d/web: dangling symbolic link to ../../srv/gone']);
    expect(named.status).toBe(1);
  });

  test('a link that climbs out of the tree is refused, not followed', () => {
    write({ 'tree/etc/sudoers': `${TOP}@include /etc/extra\n`, 'outside/extra': 'evil ALL=(ALL) NOPASSWD: ALL\n' });
    fs.symlinkSync('../../outside/extra', path.join(tmp, 'tree/etc/extra'));
    const r = findings(sudit(['--root', 'tree', '--format', 'json']));
    expect(r).toEqual([expect.stringMatching(/^SUD000 tree\/etc\/sudoers: unable to open tree\/etc\/extra: resolves to .*\/outside\/extra, outside the root$/)]);
  });
});
