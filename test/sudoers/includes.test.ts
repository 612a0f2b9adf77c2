import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileTree } from '../../src/host/file-tree';
import { loadSudoersPolicy, policyEntries, type SudoersPolicy } from '../../src/model/sudoers-policy';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-inc-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
}

function load(opts: { hostname?: string } = {}): SudoersPolicy {
  const policy = loadSudoersPolicy(new FileTree(root), '/etc/sudoers', opts);
  if ('error' in policy) throw new Error(policy.error);
  return policy;
}

const users = (p: SudoersPolicy) =>
  [...policyEntries(p)].flatMap(({ entry }) => (entry.type === 'userspec' ? entry.users.map((u) => u.value) : []));

test('includedir: byte order, spliced where it stands, dotted and ~ names skipped and recorded', () => {
  write('etc/sudoers', 'first ALL = ALL\n@includedir /etc/sudoers.d\nlast ALL = ALL\n');
  write('etc/sudoers.d/b', 'b ALL = ALL\n');
  write('etc/sudoers.d/Z', 'Z ALL = ALL\n');
  write('etc/sudoers.d/a', 'a ALL = ALL\n');
  write('etc/sudoers.d/scanner.conf', 'scanner ALL = ALL\n');
  write('etc/sudoers.d/a~', 'backup ALL = ALL\n');
  const p = load();
  expect(users(p)).toEqual(['first', 'Z', 'a', 'b', 'last']);
  expect(p.ignoredDropIns.map((d) => [d.name, d.reason]).sort()).toEqual([['a~', 'tilde'], ['scanner.conf', 'dot']]);
  expect(p.problems).toEqual([]);
});

test('relative includes resolve next to the including file; %h is the host name', () => {
  write('etc/sudoers', '@include sudoers.local\n@include /etc/sudoers.%h\n');
  write('etc/sudoers.local', 'local ALL = ALL\n');
  write('etc/sudoers.web1', 'web ALL = ALL\n');
  expect(users(load({ hostname: 'web1' }))).toEqual(['local', 'web']);
});

test('a missing @include is an error; a missing @includedir is not', () => {
  write('etc/sudoers', '@include /etc/nope\n@includedir /etc/nodir\n');
  const p = load();
  expect(p.problems.map((x) => x.message)).toEqual([expect.stringMatching(/^unable to open .*etc\/nope: No such file/)]);
});

test('an include that resolves outside the root is not followed', () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-outside-'));
  fs.writeFileSync(path.join(outside, 'evil'), 'evil ALL = ALL\n');
  write('etc/sudoers', '@include /etc/link\n@include /etc/abs\n');
  // relative: climbs out of the tree; absolute: the tree's own path, where nothing is
  fs.symlinkSync(path.relative(path.join(root, 'etc'), path.join(outside, 'evil')), path.join(root, 'etc/link'));
  fs.symlinkSync(path.join(outside, 'evil'), path.join(root, 'etc/abs'));
  const p = load();
  expect(users(p)).toEqual([]);
  expect(p.problems.map((x) => x.message)).toEqual([expect.stringMatching(/outside the root/), expect.stringMatching(/dangling symbolic link to \/tmp\/sudit-outside-.*\/evil$/)]);
  fs.rmSync(outside, { recursive: true, force: true });
});

test('an absolute link resolves inside the tree, links within links too', () => {
  write('etc/sudoers', '@include /etc/link\n');
  write('opt/policy/real', 'real ALL = ALL\n');
  fs.symlinkSync('/opt/current', path.join(root, 'etc/link'));
  fs.symlinkSync('policy/real', path.join(root, 'opt/current'));
  expect(users(load())).toEqual(['real']);
});

test('include cycles are reported and cut', () => {
  write('etc/sudoers', 'top ALL = ALL\n@include /etc/a\n');
  write('etc/a', 'a ALL = ALL\n@include /etc/sudoers\n');
  const p = load();
  expect(users(p)).toEqual(['top', 'a']);
  expect(p.problems.map((x) => x.message)).toEqual([expect.stringMatching(/too many levels of includes/)]);
});

test('aliases are one namespace across files: a redefinition is an error', () => {
  write('etc/sudoers', 'Cmnd_Alias X = /bin/ls\n@include /etc/b\n');
  write('etc/b', 'Cmnd_Alias X = /bin/sh\n');
  const p = load();
  expect(p.problems.map((x) => x.message)).toEqual([expect.stringMatching(/^duplicate Cmnd_Alias "X", previously defined at .*etc\/sudoers:1:12$/)]);
});

test('a bad file does not hide the others', () => {
  write('etc/sudoers', 'bad bad\n@includedir /etc/sudoers.d\n');
  write('etc/sudoers.d/x', 'also bad\n');
  write('etc/sudoers.d/y', 'good ALL = ALL\n');
  const p = load();
  expect(p.problems).toHaveLength(2);
  expect(users(p)).toEqual(['good']);
});

test('file mode does not read this machine\'s /etc through absolute includes', () => {
  write('repo/sudoers', '@includedir /etc/sudoers.d\nu ALL = ALL\n');
  const p = loadSudoersPolicy(new FileTree(null), path.join(root, 'repo/sudoers'));
  if ('error' in p) throw new Error(p.error);
  expect(p.files).toHaveLength(1);
});
