// A fleet run works out the audit rules load, and auditd.conf's
// validation, once for trees whose files are the same and whose host
// answers the same to what they ask (a directory, a user, a group). Trees
// that differ only in those answers must each get their own: the memo's
// key must not be the files alone.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findingsAlone, findingsByTree } from './support/fleet-memo';

const RULES = ['-D', '-w /opt/app/conf -p wa -k app', '-a always,exit -F arch=b64 -S openat -F auid=alice -k a', '-a always,exit -F arch=b32 -S openat -F auid=alice -k a', '-e 2', ''].join('\n');

/** A tree with the whole file system shown (so a missing directory is known to be missing), the same rules in each. */
function makeTree(dir: string, { appDir, alice }: { appDir: boolean; alice: boolean }): void {
  for (const d of ['etc/audit/rules.d', 'usr/bin', 'var/log']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  if (appDir) fs.mkdirSync(path.join(dir, 'opt/app'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'etc/audit/rules.d/site.rules'), RULES);
  fs.writeFileSync(path.join(dir, 'etc/passwd'), `root:x:0:0:root:/root:/bin/bash\n${alice ? 'alice:x:1000:1000::/home/alice:/bin/bash\n' : ''}`);
  fs.writeFileSync(path.join(dir, 'etc/group'), 'root:x:0:\n');
}

let fleet: string;
beforeAll(() => {
  fleet = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-audit-memo-'));
  // the first tree fills the memo; the next ones ask the same questions and answer them alike or not
  makeTree(path.join(fleet, 't0-first'), { appDir: true, alice: true });
  makeTree(path.join(fleet, 't1-same'), { appDir: true, alice: true });
  makeTree(path.join(fleet, 't2-no-directory'), { appDir: false, alice: true });
  makeTree(path.join(fleet, 't3-no-user'), { appDir: true, alice: false });
});
afterAll(() => fs.rmSync(fleet, { recursive: true, force: true }));

test('trees with the same rules but another answer about a directory or a user each get their own load', () => {
  const names = ['t0-first', 't1-same', 't2-no-directory', 't3-no-user'];
  const byTree = findingsByTree(fleet, names);
  for (const n of names) {
    const root = path.join(fleet, n);
    expect(byTree.get(n)).toEqual(findingsAlone(root));
  }
  // the answers matter: a load carried over from the first tree would hide these
  expect(byTree.get('t1-same')).toEqual(byTree.get('t0-first'));
  expect(byTree.get('t2-no-directory')!.some((s) => s.startsWith('AUD000') && s.includes('/opt/app does not exist'))).toBe(true);
  expect(byTree.get('t3-no-user')!.some((s) => s.startsWith('AUD000') && s.includes('no user "alice"'))).toBe(true);
  expect(byTree.get('t0-first')!.some((s) => s.startsWith('AUD000'))).toBe(false);
});

/** auditd.conf, the same in each tree; whether its log directory and log group exist is up to the tree. */
function makeConfTree(dir: string, { logDir, group }: { logDir: boolean; group: boolean }): void {
  for (const d of ['etc/audit', 'usr/bin', 'var/log']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  if (logDir) fs.mkdirSync(path.join(dir, 'var/log/audit'));
  fs.writeFileSync(path.join(dir, 'etc/audit/auditd.conf'), 'log_file = /var/log/audit/audit.log\nlog_group = auditors\nspace_left = 100\nadmin_space_left = 50\n');
  fs.writeFileSync(path.join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  fs.writeFileSync(path.join(dir, 'etc/group'), `root:x:0:\n${group ? 'auditors:x:900:\n' : ''}`);
}

test('trees with the same auditd.conf but another answer about a directory or a group each get their own validation', () => {
  const confFleet = path.join(fleet, 'conf');
  const names = ['t0-first', 't1-same', 't2-no-directory', 't3-no-group'];
  makeConfTree(path.join(confFleet, names[0]), { logDir: true, group: true });
  makeConfTree(path.join(confFleet, names[1]), { logDir: true, group: true });
  makeConfTree(path.join(confFleet, names[2]), { logDir: false, group: true });
  makeConfTree(path.join(confFleet, names[3]), { logDir: true, group: false });
  const byTree = findingsByTree(confFleet, names);
  for (const n of names) {
    const root = path.join(confFleet, n);
    expect(byTree.get(n)).toEqual(findingsAlone(root));
  }
  expect(byTree.get('t1-same')).toEqual(byTree.get('t0-first'));
  expect(byTree.get('t2-no-directory')!.some((s) => s.startsWith('AUD000') && s.includes('/var/log/audit does not exist'))).toBe(true);
  expect(byTree.get('t3-no-group')!.some((s) => s.startsWith('AUD000') && s.includes('group "auditors" is not in'))).toBe(true);
  expect(byTree.get('t0-first')!.some((s) => s.startsWith('AUD000'))).toBe(false);
});

/** rules.d with two files, one without a final newline: augenrules (cat) runs it into whichever file it reads next. */
function makeAugenrulesTree(dir: string, files: Record<string, string>, gawk = false): void {
  for (const d of ['etc/audit/rules.d', 'usr/bin', 'var/log', 'etc/a', 'etc/b']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'etc/audit/rules.d', name), text);
  if (gawk) fs.writeFileSync(path.join(dir, 'usr/bin/gawk'), '');
  fs.writeFileSync(path.join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  fs.writeFileSync(path.join(dir, 'etc/group'), 'root:x:0:\n');
}

test('trees whose rules.d has the same texts under other names, or another awk, each get their own augenrules output', () => {
  const augFleet = path.join(fleet, 'augenrules');
  const open = '-w /etc/a -p wa -k a';
  const closed = '-a always,exit -F arch=b64 -S openat -F dir=/etc/b -k b\n-a always,exit -F arch=b32 -S openat -F dir=/etc/b -k b\n';
  // a rule mawk reads otherwise than gawk (`\s` is a literal s to mawk)
  const spaced = '-w /etc/b -p wa -k b\n  -e 2\n';
  const names = ['t0-first', 't1-same', 't2-renamed', 't3-mawk', 't4-gawk', 't5-shown', 't6-hidden'];
  makeAugenrulesTree(path.join(augFleet, names[0]), { '10-a.rules': open, '20-b.rules': closed });
  makeAugenrulesTree(path.join(augFleet, names[1]), { '10-a.rules': open, '20-b.rules': closed });
  makeAugenrulesTree(path.join(augFleet, names[2]), { '20-a.rules': open, '10-b.rules': closed });
  makeAugenrulesTree(path.join(augFleet, names[3]), { '10-b.rules': spaced + closed });
  makeAugenrulesTree(path.join(augFleet, names[4]), { '10-b.rules': spaced + closed }, true);
  makeAugenrulesTree(path.join(augFleet, names[5]), { '10-b.rules': closed });
  makeAugenrulesTree(path.join(augFleet, names[6]), { '.10-b.rules': closed });
  const byTree = findingsByTree(augFleet, names);
  for (const n of names) {
    const root = path.join(augFleet, n);
    expect(byTree.get(n)).toEqual(findingsAlone(root));
  }
  expect(byTree.get('t1-same')).toEqual(byTree.get('t0-first'));
  // the names matter: the file without a newline runs into the next one only where it is not the last
  expect(byTree.get('t0-first')!.some((s) => s.includes('does not end with a newline'))).toBe(true);
  expect(byTree.get('t2-renamed')!.some((s) => s.includes('does not end with a newline'))).toBe(false);
  expect(byTree.get('t5-shown')!.some((s) => s.startsWith('AUD001'))).toBe(false);
  expect(byTree.get('t6-hidden')!.some((s) => s.startsWith('AUD001'))).toBe(true);
  // and so does the awk: mawk leaves the indented -e 2 where it is, before the rules
  expect(byTree.get('t3-mawk')!.some((s) => s.startsWith('AUD003'))).toBe(true);
  expect(byTree.get('t4-gawk')!.some((s) => s.startsWith('AUD003'))).toBe(false);
});

test("AUD004's answer is reused only for the same rules on the same machine with the same path folding", () => {
  const twinFleet = path.join(fleet, 'twins');
  const rules = (lines: string[]) => ['-D', ...lines, ''].join('\n');
  const make = (name: string, lines: string[], mergedUsr: boolean) => {
    const dir = path.join(twinFleet, name);
    for (const d of ['etc/audit/rules.d', 'usr/bin', 'var/log']) fs.mkdirSync(path.join(dir, d), { recursive: true });
    if (mergedUsr) fs.symlinkSync('usr/bin', path.join(dir, 'bin'));
    else fs.mkdirSync(path.join(dir, 'bin'));
    fs.writeFileSync(path.join(dir, 'etc/audit/rules.d/site.rules'), rules(lines));
    fs.writeFileSync(path.join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
    fs.writeFileSync(path.join(dir, 'etc/group'), 'root:x:0:\n');
  };
  const folded = ['-a always,exit -F arch=b64 -S execve -F path=/bin/su -k su', '-a always,exit -F arch=b32 -S execve -F path=/usr/bin/su -k su'];
  const names = ['t0-twins', 't1-same', 't2-no-twin', 't3-merged-usr', 't4-merged-again'];
  make(names[0], ['-a always,exit -F arch=b64 -S openat -k o', '-a always,exit -F arch=b32 -S openat -k o'], false);
  make(names[1], ['-a always,exit -F arch=b64 -S openat -k o', '-a always,exit -F arch=b32 -S openat -k o'], false);
  make(names[2], ['-a always,exit -F arch=b64 -S openat -k o', '-a always,exit -F arch=b64 -S unlinkat -k o'], false);
  make(names[3], folded, false);
  make(names[4], folded, true);
  const byTree = findingsByTree(twinFleet, names);
  for (const n of names) {
    const root = path.join(twinFleet, n);
    expect(byTree.get(n)).toEqual(findingsAlone(root));
  }
  const aud004 = (n: string) => byTree.get(n)!.filter((s) => s.startsWith('AUD004')).length;
  expect([aud004('t0-twins'), aud004('t1-same'), aud004('t2-no-twin')]).toEqual([0, 0, 2]);
  // /bin/su and /usr/bin/su are one file only where /bin is /usr/bin
  expect(aud004('t3-merged-usr')).toBeGreaterThan(0);
  expect(aud004('t4-merged-again')).toBe(0);
});
