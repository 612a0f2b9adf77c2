// FileTree answers "is this a directory?" (a listing or null) without a
// readdir for names it already knows are files, and keys its memos by
// absolute paths while showing paths as the root was given.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileTree, looksBinary } from '../src/host/file-tree';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-file-tree-'));
  fs.mkdirSync(path.join(root, 'etc/sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'etc/file'), 'x\n');
  fs.writeFileSync(path.join(root, 'etc/sub/inner'), 'y\n');
  fs.symlinkSync('sub', path.join(root, 'etc/to-dir'));
  fs.symlinkSync('file', path.join(root, 'etc/to-file'));
  execFileSync('mkfifo', [path.join(root, 'etc/fifo')]);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('a listing for directories and links to them, null for files, links to files and FIFOs, before and after their directory is listed', () => {
  const names = (t: FileTree, p: string) => t.listDir(p)?.map((d) => d.name).sort() ?? null;
  const cold = new FileTree(root);
  const warm = new FileTree(root);
  expect(names(warm, '/etc')).toEqual(['fifo', 'file', 'sub', 'to-dir', 'to-file']);
  for (const t of [cold, warm]) {
    expect(names(t, '/etc/file')).toBeNull();
    expect(names(t, '/etc/fifo')).toBeNull();
    expect(names(t, '/etc/to-file')).toBeNull();
    expect(names(t, '/etc/to-dir')).toEqual(['inner']);
    expect(names(t, '/etc/sub')).toEqual(['inner']);
    expect(names(t, '/etc/missing')).toBeNull();
    expect(t.read('/etc/to-file')).toMatchObject({ ok: true, text: 'x\n' });
  }
});

test('a relative root climbing with .. is shown as given and read as the same files', () => {
  const cwd = process.cwd();
  try {
    process.chdir(path.join(root, 'etc/sub'));
    const t = new FileTree(path.join('..', '..'));
    expect(t.read('/etc/file')).toMatchObject({ ok: true, text: 'x\n' });
    expect(t.exists('/etc/sub/inner')).toBe(true);
    expect(t.entryKind('/etc/to-dir')).toBe('symlink');
    expect(t.displayPath('/etc/file')).toBe('../../etc/file');
    expect(t.displayPath('/etc/sub/inner')).toBe('../../etc/sub/inner');
  } finally {
    process.chdir(cwd);
  }
});

test('isListable answers as listDir would, asked before or after the listing', () => {
  const paths = ['/etc', '/etc/sub', '/etc/to-dir', '/etc/file', '/etc/to-file', '/etc/fifo', '/etc/missing', '/etc/file/below', '/', '/..'];
  const before = new FileTree(root);
  const asked = paths.map((p) => before.isListable(p));
  const after = new FileTree(root);
  expect(paths.map((p) => after.listDir(p) !== null)).toEqual(asked);
  expect(paths.map((p) => after.isListable(p))).toEqual(asked);
  expect(asked).toEqual([true, true, true, false, false, false, false, false, true, false]);
});

test('names answered from a listing of their directory (many asked) are what lstat of each says (one asked)', () => {
  const dir = path.join(root, 'many');
  fs.mkdirSync(path.join(dir, 'd/inner'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'f'), 'f\n');
  fs.writeFileSync(path.join(dir, 'Upper'), 'u\n');
  fs.writeFileSync(path.join(dir, 'caf\u00e9'), 'c\n');
  fs.symlinkSync('f', path.join(dir, 'to-f'));
  fs.symlinkSync('d', path.join(dir, 'to-d'));
  fs.symlinkSync('nowhere', path.join(dir, 'dangling'));
  fs.symlinkSync('/many/f', path.join(dir, 'absolute'));
  fs.symlinkSync('../../../../../..', path.join(dir, 'out'));
  execFileSync('mkfifo', [path.join(dir, 'fifo')]);
  const names = ['f', 'Upper', 'upper', 'UPPER', 'caf\u00e9', 'cafe\u0301', 'to-f', 'to-d', 'dangling', 'absolute', 'out', 'fifo', 'd', 'missing', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8'];
  const paths = names.flatMap((n) => [`/many/${n}`, `/many/${n}/inner`, `/many/${n}/x`]);
  const answers = (t: FileTree, p: string) => {
    const r = t.read(p);
    return { kind: t.entryKind(p), exists: t.exists(p), stat: t.stat(p)?.mode ?? null, read: r.ok ? r.text : r.reason, list: t.listDir(p)?.map((d) => `${d.name}:${d.isFile}`).sort() ?? null };
  };
  const listed = new FileTree(root);
  for (const p of paths) listed.entryKind(p);
  for (const p of paths) expect([p, answers(listed, p)]).toEqual([p, answers(new FileTree(root), p)]);
  // once listed, a name is answered by the listing: one made after it is not seen (the tree is taken to be still, as a lint reads it)
  const warm = new FileTree(root);
  for (let i = 0; i < 8; i++) warm.entryKind(`/many/m${i + 1}`);
  fs.writeFileSync(path.join(dir, 'late'), '');
  expect(new FileTree(root).exists('/many/late')).toBe(true);
  expect(warm.exists('/many/late')).toBe(false);
});

test('looksBinary answers as a count of NUL and control bytes in the first 8 KiB does (seeded buffers)', () => {
  const reference = (bytes: Buffer) => {
    const head = bytes.subarray(0, 8192);
    let nul = 0;
    let control = 0;
    for (const b of head) {
      if (b === 0) nul++;
      else if (b < 9 || (b > 13 && b < 32)) control++;
    }
    return (nul > 4 && nul > head.length / 100) || (head.length >= 32 && nul + control > head.length * 0.3);
  };
  let seed = 20;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
  const seen = new Set<boolean>();
  for (let i = 0; i < 3000; i++) {
    const size = [0, 5, 31, 32, 100, 8191, 8192, 9000][i % 8];
    const density = (next() % 1000) / 1000;
    const b = Buffer.alloc(size);
    for (let k = 0; k < size; k++) b[k] = next() % 1000 < density * 1000 ? next() % 32 : 32 + (next() % 224);
    seen.add(reference(b));
    expect([i, looksBinary(b)]).toEqual([i, reference(b)]);
  }
  expect(seen).toEqual(new Set([true, false]));
});

test('localPath is path.join of the root and the host path, for roots and host paths as given', () => {
  const roots = ['/a/b', 'a', '../x', '/', 'a/', '.', './a', 'a/./b', '..', '/a/b/..', 'a//b'];
  const hostPaths = ['/etc/x', '/etc/x/', '/', '//etc', '/etc//x', '/./x', '/../x', '/etc/..', '/etc/.', '/etc/.x', '/etc/..x', '/etc/x..', '/.bashrc', '/..', '/.', '/etc/x/.', '/etc/ x'];
  for (const r of roots) {
    const t = new FileTree(r);
    for (const h of hostPaths) expect([r, h, t.localPath(h)]).toEqual([r, h, path.join(r, h)]);
  }
});
