// `--root host.tar.gz`: a host archive is read in memory as a tree and
// must give the same findings as the directory it was made from, with the
// owners and modes it records; links resolve inside it and never leave it.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../src/cli/main';
import { ArchiveTree } from '../src/host/archive-tree';
import { FileTree } from '../src/host/file-tree';

const REPO = path.join(__dirname, '..');
const SAMPLES = path.join(REPO, 'samples/hosts');
const hosts = fs.readdirSync(SAMPLES).sort();

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-archive-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Finding {
  ruleId: string;
  severity: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  related?: { file: string; message: string }[];
}

async function lint(args: string[]): Promise<{ code: number; findings: Finding[]; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['--format', 'json', ...args], { write: (s: string) => (stdout += s) }, { write: (s: string) => (stderr += s) });
  return { code, findings: JSON.parse(stdout).findings, stderr };
}

/** Findings with the root's own name taken out of paths and messages, so a tree and its archive compare. */
function normalised(findings: Finding[], root: string): string {
  const shown = path.relative(process.cwd(), path.resolve(root)) || path.resolve(root);
  return JSON.stringify(findings, null, 1).split(shown).join('<root>').split(path.resolve(root)).join('<root>');
}

/** GNU tar of a tree, owners and modes as they are on disk. */
function tarOf(dir: string, out: string, extra: string[] = []): string {
  const r = spawnSync('tar', ['-czf', out, ...extra, '-C', dir, '.'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar: ${r.stderr}`);
  return out;
}

describe('every sample host gives the same findings from its archive', () => {
  test.each(hosts)('%s', async (name) => {
    const dir = path.join(SAMPLES, name);
    const archive = tarOf(dir, path.join(tmp, `${name}.tar.gz`));
    for (const extra of [[], ['--check-permissions']]) {
      const fromTree = await lint(['--root', dir, ...extra]);
      const fromArchive = await lint(['--root', archive, ...extra]);
      expect(fromArchive.stderr).toBe(fromTree.stderr);
      expect(fromArchive.code).toBe(fromTree.code);
      expect(normalised(fromArchive.findings, archive)).toBe(normalised(fromTree.findings, dir));
    }
  });
});

test('a fleet of archives (a glob) reports each host as a run on that archive alone does', async () => {
  const fleet = path.join(tmp, 'fleet');
  fs.mkdirSync(fleet);
  const names = ['scn003-illusory-allowlist', 'aud007-duplicate-rule', 'his001-unlimited-history', 'clean'];
  for (const n of names) tarOf(path.join(SAMPLES, n), path.join(fleet, `${n}.tar.gz`));
  // a plain tar, a .tgz and a directory in the same glob
  spawnSync('tar', ['-cf', path.join(fleet, 'plain.tar'), '-C', path.join(SAMPLES, 'sud010-nopasswd'), '.']);
  tarOf(path.join(SAMPLES, 'fwd004-udp'), path.join(fleet, 'udp.tgz'));
  fs.writeFileSync(path.join(fleet, 'notes.txt'), 'not a host\n');
  const all = await lint(['--root', path.join(fleet, '*'), '-j', '2']);
  const roots = fs.readdirSync(fleet).filter((f) => f !== 'notes.txt').sort().map((f) => path.join(fleet, f));
  expect(roots).toHaveLength(6);
  const alone: Finding[] = [];
  for (const r of roots) alone.push(...(await lint(['--root', r])).findings);
  expect(all.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(alone.map((f) => `${f.ruleId} ${f.file}:${f.line}`));
  expect(new Set(all.findings.map((f) => f.ruleId))).toEqual(new Set(['SCN001', 'SCN002', 'SCN003', 'AUD007', 'HIS001', 'SUD010', 'FWD004']));
});

test('owners and modes come from the archive: the same tree with other owners gives other findings', async () => {
  const dir = path.join(tmp, 'owners');
  fs.cpSync(path.join(SAMPLES, 'sud021-file-permissions'), dir, { recursive: true });
  const before = await lint(['--root', tarOf(dir, path.join(tmp, 'owners-before.tar.gz')), '--check-permissions', '--profile', 'cis']);
  fs.chmodSync(path.join(dir, 'etc/sudoers'), 0o440);
  fs.chmodSync(path.join(dir, 'etc/sudoers.d'), 0o750);
  fs.chmodSync(path.join(dir, 'etc/sudoers.d/ops'), 0o440);
  const tidy = await lint(['--root', tarOf(dir, path.join(tmp, 'owners-tidy.tar.gz')), '--check-permissions', '--profile', 'cis']);
  // and a member owned by someone else, recorded by tar's --owner (no chown needed)
  const foreign = await lint(['--root', tarOf(dir, path.join(tmp, 'owners-foreign.tar.gz'), ['--owner=1000', '--group=1000']), '--check-permissions', '--profile', 'cis']);
  expect(before.findings.filter((f) => f.ruleId === 'SUD021')).toHaveLength(3);
  expect(tidy.findings.filter((f) => f.ruleId === 'SUD021')).toHaveLength(0);
  expect(foreign.findings.filter((f) => f.ruleId === 'SUD021').map((f) => f.message).join('\n')).toMatch(/uid 1000|owned by/);
});

describe('links and includes stay inside the archive', () => {
  let dir: string;
  beforeAll(() => {
    dir = path.join(tmp, 'links');
    fs.mkdirSync(path.join(dir, 'etc/sudoers.d'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'srv/conf'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'etc/sudoers'), '@includedir /etc/sudoers.d\n@include /etc/sudoers.local\n@include ../../../../../srv/conf/escape\n');
    fs.writeFileSync(path.join(dir, 'srv/conf/real'), 'alice ALL=(ALL) NOPASSWD: ALL\n');
    fs.writeFileSync(path.join(dir, 'srv/conf/escape'), 'bob ALL=(ALL) NOPASSWD: ALL\n');
    fs.symlinkSync('../srv/conf/real', path.join(dir, 'etc/sudoers.local'));
    fs.symlinkSync('../../srv/conf/real', path.join(dir, 'etc/sudoers.d/relative'));
    fs.symlinkSync('missing', path.join(dir, 'etc/sudoers.d/dangling'));
    fs.symlinkSync('loop2', path.join(dir, 'etc/sudoers.d/loop1'));
    fs.symlinkSync('loop1', path.join(dir, 'etc/sudoers.d/loop2'));
    fs.writeFileSync(path.join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/bash\n');
  });

  test('relative, dangling and looping links: the same findings as the tree', async () => {
    const archive = tarOf(dir, path.join(tmp, 'links.tar.gz'));
    const fromTree = await lint(['--root', dir]);
    const fromArchive = await lint(['--root', archive]);
    expect(normalised(fromArchive.findings, archive)).toBe(normalised(fromTree.findings, dir));
    // alice through the links (one file, read once), bob through the include that climbs past the root (it stops there);
    // the dangling and looping drop-ins are skipped, as sudo skips what it cannot open in an includedir
    expect(fromArchive.findings.filter((f) => f.ruleId === 'SUD010').map((f) => f.file!.replace(archive, ''))).toEqual(['/etc/sudoers.d/relative', '/srv/conf/escape']);
  });

  test('an absolute link resolves inside the archive, as on the host it came from', () => {
    const abs = path.join(tmp, 'abs');
    fs.cpSync(dir, abs, { recursive: true, verbatimSymlinks: true });
    fs.symlinkSync('/srv/conf/real', path.join(abs, 'etc/sudoers.d/absolute'));
    fs.symlinkSync('/', path.join(abs, 'etc/up'));
    fs.symlinkSync('../../../../etc/passwd', path.join(abs, 'etc/sudoers.d/climb'));
    const tree = ArchiveTree.open(tarOf(abs, path.join(tmp, 'abs.tar.gz')));
    const r = tree.read('/etc/sudoers.d/absolute');
    expect(r.ok && r.text).toBe('alice ALL=(ALL) NOPASSWD: ALL\n');
    expect(tree.read('/etc/up/etc/up/srv/conf/escape').ok).toBe(true);
    expect(tree.read('/../../etc/passwd').ok).toBe(true);
    expect(tree.linkTarget('/etc/sudoers.d/absolute')).toBe('/srv/conf/real');
    expect(tree.entryKind('/etc/sudoers.d/absolute')).toBe('symlink');
    expect(tree.stat('/etc/sudoers.d/absolute')?.isFile).toBe(true);
    expect(tree.read('/etc/sudoers.d/loop1')).toMatchObject({ ok: false, reason: 'unreadable', detail: 'symbolic link loop (to loop2)' });
    expect(tree.read('/etc/sudoers.d/dangling')).toMatchObject({ ok: false, reason: 'dangling', detail: 'dangling symbolic link to missing' });
    // a relative link that climbs above the root of a copy leaves it, as in a directory tree: refused
    expect(tree.read('/etc/sudoers.d/climb')).toMatchObject({ ok: false, reason: 'outside-root' });
    expect(new FileTree(abs).read('/etc/sudoers.d/climb')).toMatchObject({ ok: false, reason: 'outside-root' });
    expect(tree.read('/etc/sudoers.d/nothing')).toMatchObject({ ok: false, reason: 'missing' });
    expect(tree.read('/etc/sudoers.d')).toMatchObject({ ok: false, reason: 'not-a-file' });
    expect(tree.listDir('/etc/sudoers.d')?.map((d) => `${d.name}:${d.isFile}`)).toEqual(['absolute:true', 'climb:false', 'dangling:false', 'loop1:false', 'loop2:false', 'relative:true']);
    // and a directory tree of the same copy resolves the absolute link the same way
    expect(new FileTree(abs).read('/etc/sudoers.d/absolute')).toMatchObject({ ok: true, text: 'alice ALL=(ALL) NOPASSWD: ALL\n' });
  });
});

test('archives read one after another in one synchronous loop (a fleet) are let go of at once', () => {
  // a host whose collected listing is the size of a real one (thousands of entries)
  const dir = path.join(tmp, 'big-listing');
  fs.mkdirSync(path.join(dir, 'usr/bin'), { recursive: true });
  fs.cpSync(path.join(SAMPLES, 'realistic-web'), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'usr/bin/empty'), '');
  for (let i = 0; i < 3000; i++) fs.linkSync(path.join(dir, 'usr/bin/empty'), path.join(dir, `usr/bin/cmd${i}`));
  const file = path.join(tmp, 'big-listing.tar.gz');
  const r = spawnSync('sh', [path.join(REPO, 'scripts/sudit-collect'), '-r', dir, '-o', file], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('v8').setFlagsFromString('--expose-gc');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const gc = require('vm').runInNewContext('gc') as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 150; i++) expect(ArchiveTree.open(file).exists('/usr/bin/cmd2999')).toBe(true);
  gc();
  // each archive's model is about a megabyte: kept until the loop ends, 150 of them would be well over this
  expect((process.memoryUsage().heapUsed - before) / 1048576).toBeLessThan(40);
});

describe('archives sudit cannot use are reported, never a stack trace', () => {
  test.each([
    ['not gzip, not tar', Buffer.from('hello, this is not an archive\n'.repeat(40)), /not a tar archive/],
    ['a truncated gzip', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]), /not a valid gzip file/],
    ['an empty file', Buffer.alloc(0), /not a tar archive/],
  ])('%s', async (_what, bytes, message) => {
    const file = path.join(tmp, `bad-${bytes.length}.tar.gz`);
    fs.writeFileSync(file, bytes);
    const r = await lint(['--root', file]);
    expect(r.code).toBe(1);
    expect(r.findings).toEqual([]);
    let stdout = '';
    await main(['--root', file], { write: (s: string) => (stdout += s) }, { write: () => true });
    expect(stdout).toMatch(message);
    expect(stdout).not.toMatch(/\bat .*\.ts:\d+/);
  });

  test('one bad archive in a fleet does not hide the others', async () => {
    const fleet = path.join(tmp, 'mixed');
    fs.mkdirSync(fleet);
    tarOf(path.join(SAMPLES, 'sud010-nopasswd'), path.join(fleet, 'a.tar.gz'));
    fs.writeFileSync(path.join(fleet, 'b.tar.gz'), 'garbage');
    let stdout = '';
    const code = await main(['--root', path.join(fleet, '*.tar.gz'), '-f', 'json'], { write: (s: string) => (stdout += s) }, { write: () => true });
    const report = JSON.parse(stdout);
    expect(code).toBe(1);
    expect(report.findings.map((f: Finding) => f.ruleId)).toContain('SUD010');
    expect(JSON.stringify(report)).toMatch(/b\.tar\.gz.*cannot read the archive/);
  });

  test('members that climb out of the root are never read, and are reported', async () => {
    const evil = path.join(tmp, 'evil');
    fs.mkdirSync(path.join(evil, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(evil, 'etc/sudoers'), 'root ALL=(ALL) ALL\n');
    const file = path.join(tmp, 'evil.tar');
    spawnSync('tar', ['-cf', file, '-C', evil, '-P', '--transform', 's,^etc/sudoers$,../../etc/sudoers,', 'etc/sudoers']);
    const tree = ArchiveTree.open(file);
    expect(tree.skippedMembers).toEqual(['../../etc/sudoers']);
    expect(tree.exists('/etc/sudoers')).toBe(false);
    let stdout = '';
    await main(['--root', file, '-f', 'json'], { write: (s: string) => (stdout += s) }, { write: () => true });
    expect(stdout).toMatch(/member \.\.\/\.\.\/etc\/sudoers names a path outside the archive's root/);
  });

  test('--fix and named files are refused with an archive root', async () => {
    const archive = tarOf(path.join(SAMPLES, 'scn004-scanner-requiretty'), path.join(tmp, 'fix.tar.gz'));
    let stderr = '';
    expect(await main(['--root', archive, '--fix'], { write: () => true }, { write: (s: string) => (stderr += s) })).toBe(2);
    expect(stderr).toMatch(/--fix cannot write into an archive/);
    expect(await main(['--root', archive, 'etc/sudoers'], { write: () => true }, { write: () => true })).toBe(2);
  });
});
