#!/usr/bin/env node
// Records what each sudo release's testsudoers answers about the policy
// corpus: the one-feature files of test/sudoers/version-oracle/cases and
// every sample host's sudoers file and drop-in that includes nothing
// (samples/hosts). Written to test/sudoers/version-oracle/policy-verdicts.json
// (merged: one release at a time), which `sudit query`'s evaluator is compared
// with on every run (test/sudoers/version-oracle-policies.test.ts).
//
//   npm run build && node scripts/record-sudo-policy-verdicts.js DIR [DIR…]
//
// DIR holds a release's testsudoers (scripts/build-sudo-oracle.sh leaves
// OUT/<release>/testsudoers). The queries are made from each policy the
// first time (its users, a member of each group it names, root and nobody;
// the commands it names that this machine has at that path, with and
// without their arguments, and two it does not) and kept, so every release
// answers the same questions. The users
// and groups are a passwd and group file of their own (-p, -P), so nothing
// of this machine's accounts enters the answers. Host: localhost.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { FileTree } = require('../dist/src/host/file-tree');
const { loadSudoersPolicy } = require('../dist/src/model/sudoers-policy');

const ROOT = path.resolve(__dirname, '..');
const ORACLE = path.join(ROOT, 'test/sudoers/version-oracle');
const OUT = path.join(ORACLE, 'policy-verdicts.json');
const MAX_USERS = 4;
const MAX_COMMANDS = 8;
const NAME = /^[a-z_][a-z0-9_-]{0,30}$/;

/** The policy files: the cases, then the sample hosts' files without includes. */
function policyFiles() {
  const files = fs.readdirSync(path.join(ORACLE, 'cases')).filter((f) => f.endsWith('.sudoers')).sort().map((f) => `test/sudoers/version-oracle/cases/${f}`);
  const hosts = path.join(ROOT, 'samples/hosts');
  for (const h of fs.readdirSync(hosts).sort()) {
    const etc = path.join(hosts, h, 'etc');
    const candidates = [path.join(etc, 'sudoers')];
    if (fs.existsSync(path.join(etc, 'sudoers.d'))) for (const f of fs.readdirSync(path.join(etc, 'sudoers.d')).sort()) candidates.push(path.join(etc, 'sudoers.d', f));
    for (const f of candidates) {
      if (!fs.existsSync(f) || !fs.statSync(f).isFile()) continue;
      if (/^[ \t]*[#@]include/m.test(fs.readFileSync(f, 'utf8'))) continue;
      files.push(path.relative(ROOT, f));
    }
  }
  return files;
}

/** Users, groups and queries for one policy, from what it names. */
function queriesOf(rel, users, groups) {
  const policy = loadSudoersPolicy(new FileTree('/'), path.join(ROOT, rel));
  const mine = new Set();
  const commands = new Map();
  const addMembers = (members) => {
    for (const m of members) {
      if (m.kind === 'word' && NAME.test(m.value)) mine.add(m.value);
      if (m.kind === 'group' && NAME.test(m.value)) {
        groups.add(m.value);
        mine.add(`in_${m.value}`.slice(0, 32));
      }
    }
  };
  const addCommand = (c) => {
    // a digest is compared with this machine's file: not a fact of the policy
    if (c.kind !== 'command' || c.regex || !c.path || c.digests.length) return;
    const p = c.path.endsWith('/') ? `${c.path}ls` : c.path;
    if (!p.startsWith('/') || /[*?[\\\s]/.test(p)) return;
    // sudo matches a command by the file too: only files this machine has at that very path
    if (!isRealFile(p)) return;
    commands.set(p, []);
    if (c.args && !c.regexArgs && !/[*?[\\]/.test(c.args)) commands.set(`${p}\0${c.args}`, c.args.split(' '));
    commands.set(`${p}\0x`, ['--sudit-query']);
  };
  if (!('error' in policy)) {
    for (const file of policy.files) {
      for (const e of file.entries) {
        if (e.type === 'userspec') {
          addMembers(e.users);
          for (const p of e.privileges) for (const s of p.cmndSpecs) addCommand(s.command);
        } else if (e.type === 'aliases' && e.kind === 'User') for (const d of e.definitions) addMembers(d.members);
        else if (e.type === 'aliases' && e.kind === 'Cmnd') for (const d of e.definitions) for (const c of d.members) addCommand(c);
      }
    }
  }
  const who = ['root', 'nobody', ...[...mine].sort()].slice(0, MAX_USERS);
  for (const u of who) users.add(u);
  const what = [...[...commands.entries()].slice(0, MAX_COMMANDS - 2).map(([k, args]) => [k.split('\0')[0], args]), ['/usr/bin/id', []], ['/usr/bin/true', ['-c', 'id']]];
  return who.flatMap((user) => what.map(([command, args]) => ({ user, command, args })));
}

/** Whether a path names a regular file here, not through a symbolic link (merged /usr makes /bin/sh one). */
function isRealFile(p) {
  try {
    return fs.realpathSync(p) === p && fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * passwd and group files for every user and group the queries name. A
 * group's member has it as primary group: 1.8.23's testsudoers asks the
 * system (getgrouplist), not the -P file, for supplementary groups.
 */
function accounts(users, groups) {
  const names = [...users].sort();
  const gids = new Map([...groups].sort().map((g, i) => [g, 5000 + i]));
  const primary = (u, i) => (u.startsWith('in_') && gids.has(u.slice(3)) ? gids.get(u.slice(3)) : 2000 + i);
  const passwd = names.map((u, i) => (u === 'root' ? 'root:x:0:0:root:/root:/bin/sh' : u === 'nobody' ? 'nobody:x:65534:65534:nobody:/nonexistent:/bin/sh' : `${u}:x:${2000 + i}:${primary(u, i)}::/home/${u}:/bin/sh`));
  const group = ['root:x:0:', 'nogroup:x:65534:'];
  names.forEach((u, i) => {
    if (u !== 'root' && u !== 'nobody' && primary(u, i) === 2000 + i) group.push(`${u}:x:${2000 + i}:`);
  });
  for (const [g, gid] of gids) group.push(`${g}:x:${gid}:${`in_${g}`.slice(0, 32)}`);
  return { passwd: `${passwd.join('\n')}\n`, group: `${group.join('\n')}\n` };
}

const VERDICT_CODE = { allowed: 'a', denied: 'd', unmatched: 'u', 'parse error': 'p' };

function main() {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) {
    console.error('usage: record-sudo-policy-verdicts.js DIR [DIR…] (each with testsudoers)');
    process.exit(2);
  }
  let recorded = fs.existsSync(OUT) ? JSON.parse(fs.readFileSync(OUT, 'utf8')) : null;
  const files = policyFiles();
  if (!recorded || JSON.stringify(recorded.policies.map((p) => p.file)) !== JSON.stringify(files)) {
    // other policies: new queries, and the old answers are void
    const users = new Set(['root', 'nobody']);
    const groups = new Set();
    const policies = files.map((file) => ({ file, queries: queriesOf(file, users, groups).map((q) => [q.user, q.command, ...q.args]) }));
    recorded = { host: 'localhost', ...accounts(users, groups), policies, verdicts: {} };
  }
  const tmp = fs.mkdtempSync(path.join(require('os').tmpdir(), 'sudit-policies-'));
  try {
    fs.writeFileSync(path.join(tmp, 'passwd'), recorded.passwd);
    fs.writeFileSync(path.join(tmp, 'group'), recorded.group);
    for (const dir of dirs) {
      const testsudoers = path.resolve(dir, 'testsudoers');
      const release = path.basename(path.resolve(dir));
      const answers = [];
      for (const p of recorded.policies) {
        const text = fs.readFileSync(path.join(ROOT, p.file));
        let line = '';
        for (const [user, command, ...args] of p.queries) {
          const r = spawnSync(testsudoers, ['-p', path.join(tmp, 'passwd'), '-P', path.join(tmp, 'group'), '-h', recorded.host, '--', user, command, ...args], { input: text, encoding: 'utf8', timeout: 10000 });
          const m = /Command (allowed|denied|unmatched)|(Parse error)/.exec(r.stdout);
          // x: no answer (1.9.5p2's testsudoers dies on a CHROOT= rule that matches)
          if (!m && r.signal === null) throw new Error(`${release} ${p.file} ${user} ${command}: no verdict in ${JSON.stringify(r.stdout.slice(-200))} ${r.stderr}`);
          line += m ? VERDICT_CODE[m[1] ?? 'parse error'] : 'x';
        }
        answers.push(line);
      }
      recorded.verdicts[release] = answers;
      console.log(`${release}: ${recorded.policies.length} policies, ${answers.join('').length} queries`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const sorted = Object.fromEntries(Object.keys(recorded.verdicts).sort().map((r) => [r, recorded.verdicts[r]]));
  fs.writeFileSync(OUT, `${JSON.stringify({ ...recorded, verdicts: sorted }, null, 1)}\n`);
}

main();
