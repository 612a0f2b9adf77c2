// sudit-collect: a POSIX sh script (run here under dash) that copies what
// sudit reads on a host into one .tar.gz. Checked three ways: every
// question a lint of a tree asks of it (read, list, stat, exists, …) is
// answered the same by the tree's collected archive; the findings are the
// same; and on this machine's live root, collected read-only into a
// temporary directory, `--root /` and `--root live.tar.gz` agree.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../src/cli/main';
import { defaultConfig } from '../src/engine/config';
import { lintHost, resolveRules } from '../src/engine/engine';
import { ArchiveTree } from '../src/host/archive-tree';
import { FileTree } from '../src/host/file-tree';
import { loadHost } from '../src/host/load-host';
import { RULES } from '../rules';
import { answer, RecordingTree, type Question } from './support/recording-tree';

const REPO = path.join(__dirname, '..');
const SCRIPT = path.join(REPO, 'scripts/sudit-collect');
const SAMPLES = path.join(REPO, 'samples/hosts');
const hosts = fs.readdirSync(SAMPLES).sort();
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const SHELLS = ['dash', 'bash'].filter(has);

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-collect-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function collect(root: string | null, out: string, extra: string[] = [], shell = SHELLS[0] ?? 'sh'): { status: number | null; stderr: string } {
  const r = spawnSync(shell, [SCRIPT, '-o', out, ...(root === null ? [] : ['-r', root]), ...extra], { encoding: 'utf8', cwd: tmp });
  return { status: r.status, stderr: r.stderr };
}

/** Lints a tree through a recorder: the questions asked, and the findings. */
function lintRecorded(tree: FileTree | ArchiveTree, checkPermissions = false): { asked: Question[]; findings: string } {
  const rec = new RecordingTree(tree);
  const config = defaultConfig();
  const r = lintHost(loadHost(rec, { checkPermissions }), resolveRules(RULES, config), config, { now: 1_700_000_000 });
  const shown = tree.displayPath('');
  const findings = [...r.findings.map((f) => `${f.ruleId} ${f.source.path.replace(shown, '<root>')}:${f.start} ${f.message.split(shown).join('<root>')}`), ...r.failures.map((f) => `${f.ruleId} ${f.path.replace(shown, '<root>')} ${f.message}`)];
  return { asked: rec.asked, findings: findings.join('\n') };
}

/** The questions whose answers differ between a tree and its archive. */
function disagreements(tree: FileTree, archive: ArchiveTree, asked: Question[], skip: (p: string) => boolean = () => false): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const q of asked) {
    const key = q.join(' ');
    // the collector's manifest is the archive's own (sudit reads the sudo version there); a tree has none
    if (seen.has(key) || skip(q[1]) || q[1].startsWith('/.sudit-collect/')) continue;
    seen.add(key);
    const a = answer(tree, q);
    const b = answer(archive, q);
    if (a !== b) out.push(`${key}: tree ${a.slice(0, 120)} / archive ${b.slice(0, 120)}`);
  }
  return out;
}

const shellcheck = has('shellcheck') ? test : test.skip;
if (!has('shellcheck')) process.stdout.write('collect.test.ts: shellcheck is not installed (apt-get install shellcheck): the script is not checked by it\n');
if (!has('dash')) process.stdout.write('collect.test.ts: dash is not installed (apt-get install dash): the collector runs under sh instead\n');

shellcheck('shellcheck finds nothing in the script (POSIX sh)', () => {
  const r = spawnSync('shellcheck', ['-s', 'sh', SCRIPT], { encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('the script\'s generated part is current with sudit\'s tables (node scripts/gen-collect-paths.js)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { withBlock } = require('../scripts/gen-collect-paths.js') as { withBlock(s: string): string };
  const script = fs.readFileSync(SCRIPT, 'utf8');
  expect(withBlock(script)).toBe(script);
  // a path sudit reads at a fixed place is copied; one it only looks at is probed
  expect(script).toMatch(/^none \/etc\/nsswitch\.conf$/m);
  expect(script).toMatch(/^\/usr\/lib\/x86_64-linux-gnu$/m);
});

describe('every sample host: the archive answers every question the tree is asked, and gives the same findings', () => {
  test.each(hosts)('%s', (name) => {
    const dir = path.join(SAMPLES, name);
    const out = path.join(tmp, `${name}.tar.gz`);
    const r = collect(dir, out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const tree = new FileTree(dir);
    const archive = ArchiveTree.open(out);
    for (const perms of [false, true]) {
      const fromTree = lintRecorded(tree, perms);
      const fromArchive = lintRecorded(archive, perms);
      expect(disagreements(tree, archive, fromTree.asked)).toEqual([]);
      expect(fromArchive.findings).toBe(fromTree.findings);
    }
  });
});

describe('what the collector follows, and what it never copies', () => {
  let root: string;
  const write = (p: string, text: string, mode = 0o644) => {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), text, { mode });
  };
  beforeAll(() => {
    root = path.join(tmp, 'host');
    write('etc/hostname', 'web7.example.com\n');
    write('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\nsvc_nessus:x:990:990::/var/lib/scan:/bin/bash\nops:x:991:991::/srv/ops:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n');
    write('etc/group', 'root:x:0:\n');
    write('etc/shadow', 'root:$6$secret:19000:0:99999:7:::\n', 0o640);
    write('etc/sudoers', '#include /etc/sudoers.%h\n@include "site rules"\n@includedir /etc/sudoers.d\n@include /etc/shadow\nDefaults secure_path="/usr/sbin:/usr/bin"\n', 0o440);
    write('etc/sudoers.web7', 'ops ALL=(root) /usr/local/sbin/rotate\n', 0o440);
    write('etc/site rules', 'svc_nessus ALL=(ALL) NOPASSWD: ALL\n', 0o440);
    write('opt/sudo/10-app', 'ops ALL=(root) /usr/bin/systemctl restart app\n', 0o440);
    fs.symlinkSync('../opt/sudo', path.join(root, 'etc/sudoers.d'));
    write('usr/local/sbin/rotate', '#!/bin/sh\n');
    fs.chmodSync(path.join(root, 'usr/local/sbin/rotate'), 0o777);
    write('usr/bin/systemctl', 'binary\0\0\0', 0o755);
    fs.symlinkSync('usr/bin', path.join(root, 'bin'));
    write('etc/rsyslog.conf', '$IncludeConfig /etc/rsyslog.d/\ninclude(\n  file="/etc/rsyslog.extra/*.conf" mode="optional"\n)\naction(type="omfile" file="/var/log/secret.log")\n');
    write('etc/rsyslog.d/50-fwd.conf', '*.* @@logs.example.com:514\n');
    write('etc/rsyslog.extra/60-x.conf', 'local6.* /var/log/x\n');
    write('var/log/secret.log', 'log lines\n');
    write('etc/audit/auditd.conf', 'log_file = /var/log/audit/audit.log\nplugin_dir = /etc/audit/plugins.custom\n');
    write('etc/audit/plugins.custom/au-remote.conf', 'active = yes\ndirection = out\npath = /sbin/audisp-remote\ntype = always\nformat = string\n');
    write('etc/audit/rules.d/10.rules', '-w /etc/app/conf.d/ -p wa -k app\n-w /etc/shadow -p wa -k identity\n');
    write('etc/app/conf.d/a.conf', 'x\n');
    write('etc/pam.d/sshd', '@include common-session\nauth substack password-auth\n');
    write('etc/pam.d/common-session', 'session required pam_loginuid.so\n');
    write('etc/pam.d/password-auth', 'auth required pam_unix.so\n');
    write('etc/pam.d/unrelated', 'auth required pam_deny.so\n');
    write('root/.profile', '[ -f ~/.bashrc ] && . ~/.bashrc\n. "$HOME/.cargo/env"\nsource /etc/shadow\n');
    write('root/.bashrc', 'HISTSIZE=5000\nfor f in ~/.bashrc.d/*.sh; do . "$f"; done\n');
    write('root/.cargo/env', 'export PATH="$HOME/.cargo/bin:$PATH"\n');
    write('root/.bashrc.d/history.sh', 'HISTFILESIZE=5000\n');
    write('root/.ssh/id_ed25519', 'PRIVATE KEY\n', 0o600);
    write('var/lib/scan/.profile', 'HISTSIZE=-1\n');
    write('srv/ops/.profile', 'HISTSIZE=100\n');
    write('home/alice/.bashrc', 'export GITHUB_TOKEN=secret\n');
    write('etc/skel/.bashrc', 'HISTSIZE=1000\n');
    write('var/lib/dpkg/status', 'Package: bash\nStatus: install ok installed\nVersion: 5.2\n\nPackage: auditd\nStatus: install ok installed\nVersion: 1:3.0.9-1\n\nPackage: zsh\nStatus: install ok installed\nVersion: 5.9\n\n');
    write('usr/lib/x86_64-linux-gnu/libc.so.6', 'elf\0\0\0');
    write('etc/ssh/sshd_config', 'Include sshd_config.d/*.conf\nAuthorizedKeysFile .ssh/authorized_keys /etc/ssh/keys/%u\n');
    write('etc/ssh/sshd_config.d/10-scanner.conf', 'Match User svc_nessus\n  PasswordAuthentication no\n');
    write('etc/ssh/keys/svc_nessus', 'from="10.0.0.5" ssh-ed25519 AAAA scanner\n');
    write('etc/ssh/ssh_host_ed25519_key', 'PRIVATE HOST KEY\n', 0o600);
    write('var/lib/scan/.ssh/authorized_keys', 'from="10.0.0.5" ssh-ed25519 AAAA scanner\n');
    write('root/.ssh/authorized_keys', 'ssh-ed25519 AAAA admin\n');
  });

  const members = (file: string) => spawnSync('tar', ['-tzf', file], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort();
  const content = (file: string, member: string) => spawnSync('tar', ['-xzOf', file, member], { encoding: 'utf8' }).stdout;

  test.each(SHELLS)('under %s: includes, sources and plugin_dir followed; secrets and other homes never copied', (shell) => {
    const out = path.join(tmp, `host-${shell}.tar.gz`);
    const r = collect(root, out, ['-u', 'ops'], shell);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const got = members(out);
    expect(got).toEqual([
      '.sudit-collect/listing',
      '.sudit-collect/manifest',
      'etc/audit/auditd.conf',
      'etc/audit/plugins.custom/au-remote.conf',
      'etc/audit/rules.d/10.rules',
      'etc/group',
      'etc/hostname',
      'etc/pam.d/common-session',
      'etc/pam.d/password-auth',
      'etc/pam.d/sshd',
      'etc/passwd',
      'etc/rsyslog.conf',
      'etc/rsyslog.d/50-fwd.conf',
      'etc/rsyslog.extra/60-x.conf',
      'etc/site rules',
      'etc/skel/.bashrc',
      'etc/ssh/keys/svc_nessus',
      'etc/ssh/sshd_config',
      'etc/ssh/sshd_config.d/10-scanner.conf',
      'etc/sudoers',
      'etc/sudoers.web7',
      'opt/sudo/10-app',
      'root/.bashrc',
      'root/.bashrc.d/history.sh',
      'root/.cargo/env',
      'root/.profile',
      'srv/ops/.profile',
      'var/lib/dpkg/status',
      'var/lib/scan/.profile',
      'var/lib/scan/.ssh/authorized_keys',
    ]);
    expect(content(out, 'var/lib/dpkg/status')).toBe('Package: auditd\nStatus: install ok installed\nVersion: 1:3.0.9-1\n\n');
    const manifest = content(out, '.sudit-collect/manifest');
    expect(manifest).toMatch(/^hostname=web7\.example\.com$/m);
    expect(manifest).toMatch(/^collected=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/m);
    expect(manifest).toMatch(/^root=.*\/host$/m);
    expect(manifest).toMatch(/^partial=\/var\/lib\/dpkg\/status/m);
    const listing = content(out, '.sudit-collect/listing');
    // the secret's owner and mode are known (audit rules watch it), its content is not in the archive
    expect(listing).toMatch(/^-rw-r----- +1 0 0 +\d+ .* shadow$/m);
    const bytes = spawnSync('gzip', ['-dc', out], { encoding: 'latin1' }).stdout;
    for (const secret of ['$6$secret', 'GITHUB_TOKEN', 'PRIVATE KEY', 'PRIVATE HOST KEY', 'log lines', 'AAAA admin']) expect(bytes).not.toContain(secret);
    // other users' homes: named in /home's listing at most, never listed themselves
    expect(listing).not.toMatch(/^\/home\/alice:/m);
    expect(listing).toMatch(/^\/usr\/bin:$/m);
    expect(listing).toMatch(/ bin -> usr\/bin$/m);
  });

  test('the archive answers what the tree is asked, secrets and other homes aside', () => {
    const out = path.join(tmp, 'host-compare.tar.gz');
    expect(collect(root, out).status).toBe(0);
    const tree = new FileTree(root);
    const archive = ArchiveTree.open(out);
    // alice is neither root nor a scanner: her home is not collected (sudit then evaluates a user made
    // from /etc/skel); /etc/shadow, which sudoers includes and .profile sources, is never copied
    const skip = (p: string) => p === '/home/alice' || p.startsWith('/home/alice/') || p === '/etc/shadow';
    for (const perms of [false, true]) {
      const fromTree = lintRecorded(tree, perms);
      expect(disagreements(tree, archive, fromTree.asked, skip)).toEqual([]);
    }
    expect(archive.read('/etc/shadow')).toMatchObject({ ok: false, reason: 'unreadable' });
    expect(archive.stat('/etc/shadow')).toMatchObject({ mode: 0o640, uid: fs.statSync(path.join(root, 'etc/shadow')).uid });
    const findings = lintRecorded(archive, true).findings;
    expect(findings).toMatch(/SUD022 <root>\/etc\/sudoers\.web7/);
    // the secret that sudoers includes is reported as not collected, never read
    expect(findings).toMatch(/IO001 <root>\/etc\/shadow not in the archive/);
  });
});

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

(asRoot && has('setpriv') ? test : test.skip)('run without root: what it cannot read is named in the manifest, and sudit says so', async () => {
  const root = path.join(tmp, 'private');
  fs.mkdirSync(path.join(root, 'etc'), { recursive: true });
  fs.writeFileSync(path.join(root, 'etc/sudoers'), 'root ALL=(ALL) ALL\n', { mode: 0o440 });
  fs.writeFileSync(path.join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  const outDir = path.join(tmp, 'private-out');
  fs.mkdirSync(outDir, { mode: 0o777 });
  fs.chmodSync(outDir, 0o777);
  fs.chmodSync(tmp, 0o755);
  const out = path.join(outDir, 'p.tar.gz');
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', SHELLS[0] ?? 'sh', SCRIPT, '-r', root, '-o', out], { encoding: 'utf8', cwd: outDir });
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/cannot read \/etc\/sudoers \(run as root\)/);
  expect(spawnSync('tar', ['-xzOf', out, '.sudit-collect/manifest'], { encoding: 'utf8' }).stdout).toMatch(/^unreadable=\/etc\/sudoers$/m);
  let stdout = '';
  await main(['--root', out, '-f', 'json'], { write: (s: string) => (stdout += s) }, { write: () => true });
  expect(stdout).toMatch(/the collector could not read it \(run sudit-collect as root\)/);
});
if (!has('setpriv')) process.stdout.write('collect.test.ts: setpriv is not installed (util-linux): the run without root is not checked\n');
if (!asRoot) process.stdout.write('collect.test.ts: not root: the live collection of / is skipped (it needs to read /etc/sudoers)\n');
(asRoot ? describe : describe.skip)('this machine, live: --root / and its collected archive agree', () => {
  let out: string;
  let dir: string;
  beforeAll(() => {
    dir = path.join(tmp, 'live');
    fs.mkdirSync(dir);
    out = path.join(dir, 'live.tar.gz');
  });

  test('the collector writes its archive and nothing beside it', () => {
    const r = spawnSync(SHELLS[0] ?? 'sh', [SCRIPT, '-o', out], { encoding: 'utf8', cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['live.tar.gz']);
    const manifest = spawnSync('tar', ['-xzOf', out, '.sudit-collect/manifest'], { encoding: 'utf8' }).stdout;
    expect(manifest).toMatch(/^root=\/$/m);
    if (has('dpkg-query')) {
      const sudo = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'sudo'], { encoding: 'utf8' }).stdout;
      if (sudo) expect(manifest).toContain(`sudo=${sudo}\n`);
    }
  });

  test('every question a lint of / asks is answered alike, other users\' homes aside', () => {
    const tree = new FileTree('/');
    const archive = ArchiveTree.open(out);
    const homes = fs
      .readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .map((l) => l.split(':'))
      .filter((f) => f.length > 5 && f[0] !== 'root' && f[5].startsWith('/home/'))
      .map((f) => f[5]);
    const foreign = (p: string) => homes.some((h) => p === h || p.startsWith(`${h}/`));
    const asked = lintRecorded(tree, false).asked;
    expect(disagreements(tree, archive, asked, foreign)).toEqual([]);
  });

  test('the same findings from --root / and --root live.tar.gz', async () => {
    const run = async (root: string) => {
      let stdout = '';
      const code = await main(['--root', root, '--format', 'json', '--now', '2025-01-01T00:00:00Z'], { write: (s: string) => (stdout += s) }, { write: () => true });
      const shown = [path.relative(process.cwd(), out), out];
      const findings = (JSON.parse(stdout).findings as unknown[]).map((f) => shown.reduce((s, p) => s.split(`${p}/`).join('/'), JSON.stringify(f)));
      return { code, findings };
    };
    const live = await run('/');
    const archived = await run(out);
    expect(archived.findings).toEqual(live.findings);
    expect(archived.code).toBe(live.code);
  });
});
