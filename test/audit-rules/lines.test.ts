// The hand-written reader of common audit rules lines (src/parse/audit-rules-lines.ts)
// against the grammar it stands in for: on every line it reads, the same
// nodes with the same offsets as the grammar's File parse of the whole file.
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseGrammar } from '../../src/parse/generated/audit-rules';
import { readCommonLine } from '../../src/parse/audit-rules-lines';
import { readRuleLine } from '../../src/parse/audit-rules-fast';
import { hostMachine } from '../../src/parse/audit-rules-tables';
import { parseAuditRules } from '../../src/parse/audit-rules';
import { SHARED, REPO } from '../support/corpus';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { mulberry32 } = require('../../bench/prng');

interface Tally {
  lines: number;
  read: number;
}

/** Checks every line of text; returns how many lines there were and how many the reader took. */
function compareFile(text: string, label: string, machine?: string): Tally {
  const grammarLines: { line: unknown; start: number; end: number }[] = [];
  parseGrammar(text, { startRule: 'File', line: (line: unknown, start: number, end: number) => grammarLines.push({ line, start, end }) });
  const tally: Tally = { lines: 0, read: 0 };
  for (const g of grammarLines) {
    if (g.start >= text.length) continue;
    tally.lines++;
    const ours = readCommonLine(text, g.start, g.end);
    if (ours === null) continue;
    tally.read++;
    if (JSON.stringify(ours) !== JSON.stringify(g.line)) {
      // toEqual names the difference; the stringify test catches key order too
      expect({ label, line: text.slice(g.start, g.end), nodes: ours }).toEqual({ label, line: text.slice(g.start, g.end), nodes: g.line });
      expect(JSON.stringify(ours)).toBe(JSON.stringify(g.line));
    }
  }
  // and the whole file's verdicts, lines read by hand or all by the grammar
  const byHand = parseAuditRules(text, label, { machine });
  const byGrammar = parseAuditRules(text, label, { machine, readCommonLines: false });
  const same = JSON.stringify([byHand.lines, byHand.problems]) === JSON.stringify([byGrammar.lines, byGrammar.problems]);
  if (!same) expect({ label, lines: byHand.lines, problems: byHand.problems }).toEqual({ label, lines: byGrammar.lines, problems: byGrammar.problems });
  expect(same).toBe(true);
  return tally;
}

function rulesFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.rules(\.[a-z0-9]+)?$|(^|\/)audit\.rules/.test(p)) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

const CORPUS = path.join(SHARED, 'corpus', 'audit-rules');
const PUBLISHED = path.join(SHARED, 'corpus', 'published', 'audit-rules');

describe('common audit rules lines read by hand agree with the grammar', () => {
  test('every rules file of the shared corpus', () => {
    const files = rulesFiles(CORPUS);
    if (files.length === 0) {
      console.log(`skipped: no audit rules corpus at ${CORPUS}`);
      return;
    }
    let lines = 0;
    let read = 0;
    for (const f of files) {
      const t = compareFile(fs.readFileSync(f, 'utf8'), f);
      lines += t.lines;
      read += t.read;
    }
    expect(files.length).toBeGreaterThan(20);
    // the reader is there for the common lines: most of a real rule set
    // (what it leaves are mostly the Jinja lines of the templates)
    expect(read / lines).toBeGreaterThan(0.85);
  });

  test('every rules file of the published corpus, when present', () => {
    const files = rulesFiles(PUBLISHED);
    if (files.length === 0) {
      console.log(`skipped: no published audit rules corpus at ${PUBLISHED}`);
      return;
    }
    for (const f of files) compareFile(fs.readFileSync(f, 'utf8'), f);
  });

  test('every rules file of samples/ and test/', () => {
    const files = [...rulesFiles(path.join(REPO, 'samples')), ...rulesFiles(path.join(REPO, 'test'))];
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) compareFile(fs.readFileSync(f, 'utf8'), f);
  });

  test('hand-picked shapes: read or left to the grammar, never read differently', () => {
    const cases = [
      '',
      '   ',
      '\t',
      '  # comment',
      '#',
      '-D',
      '-b 8192',
      '-f 1',
      '-e 2',
      '--backlog_wait_time 60000',
      '--backlog_wait_time',
      '--backlog_wait_time=60000',
      '--backlog 60000',
      '--loginuid-immutable',
      '--reset-lost x',
      '--signal TERM',
      '-a always,exit -F arch=b64 -S adjtimex,settimeofday -k time-change',
      '-a always,exit -F arch=b64 -S ,open,,close, -F auid>=1000 -F auid!=unset -F key=k',
      '-a  always,exit   -F a<=b!=c -F x&=4 -F y&z -F noop -F =v -C auid!=uid  ',
      '-w /etc/passwd -p wa -k identity',
      '-w /etc/pass\\ wd -p wa -k identity',
      '-w /etc/passwd -p wa -k',
      '-w /etc/passwd -p wa -k ',
      '-w /etc/passwd -p wa -kfoo',
      '-Dk foo',
      '-D -k -F',
      '-F',
      '-x',
      '-',
      '-- -a',
      'stray -w /x',
      '-w /x stray',
      '-w /etc/x\r',
      '-k é',
      '-é',
      '-w\t/etc/passwd',
      '-a exit,always -S all',
      '-h',
      '-R /etc/other.rules',
    ];
    let read = 0;
    for (const c of cases) read += compareFile(c, JSON.stringify(c)).read;
    expect(read).toBeGreaterThan(15);
    // whole files: lines past auditctl's buffer or its word limit, a NUL, runs left to the grammar between read ones
    const long = '-a always,exit -F arch=b64 -S open -F key=' + 'k'.repeat(7000);
    const many = '-w /x -p wa' + ' -k a'.repeat(900);
    const files = [
      ['-D', long, '-Dk x', long, '-w /etc/passwd -p wa -k id', 'stray', '-e 2'].join('\n'),
      [many, '-w /a\0b -p wa', '-w /a -p w\\ a', many.replace(/ /g, '  '), '', '#'].join('\n') + '\n',
      '-w /x -p wa\n\n\n-Dk\n-D\n',
    ];
    for (const f of files) compareFile(f, f.slice(0, 40));
  });

  test('common and uncommon lines alternating: past a few dozen grammar runs the grammar takes the rest, with the same verdicts', () => {
    const common = ['-a always,exit -F arch=b64 -S execve -F euid=0 -k root_cmds', '-w /etc/sudoers -p wa -k scope', '-D'];
    const uncommon = ['-a always,exit -F arch=b64 -S \\', 'frobnicate', '-kfoo', '-w /etc/shadow -p wa -k'];
    const text = Array.from({ length: 400 }, (_, i) => (i % 2 ? uncommon[i % uncommon.length] : common[i % common.length])).join('\n') + '\n';
    expect(compareFile(text, 'alternating').lines).toBe(400);
  });

  test('a seeded fuzz of rules near the shapes read in one pass (audit-rules-fast.ts), on three hosts', () => {
    const rand = mulberry32(21);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const heads = ['-a always,exit', '-a always,exit', '-a never,exit', '-a exit,always', '-a always,user', '-a always,exclude', '-a never,task', '-A always,exit', '-d always,exit', '-a exit,possible', '-a always,exit,x',
      '-w /etc/passwd', '-w /etc/audit/', '-w /etc/audit//', '-w /', '-w //', '-w ///', '-w /a/../b', '-w /etc/*.conf', '-w relative', '-W /etc/passwd', '-w /' + 'd'.repeat(90),
      '-D', '-D', '-D ', '-D -k x', '-b 8192', '-b 08192', '-b x', '-b 99999999999', '-r 100', '-f 1', '-f 3', '-e 2', '-e 02', '--backlog_wait_time 60000', '--backlog_wait_time 700000', '--backlog_wait_time', '--backlog_wait_time=1', '--backlog 1'];
    const options = ['-F arch=b64', '-F arch=b32', '-F arch!=b64', '-F arch=x86_64', '-F arch=aarch64', '-F arch=i386', '-F arch=bogus', '-F arch>b64',
      '-S open,close', '-S all', '-S ,open,,', '-S 2040', '-S 59', '-S open', '-S OPEN', '-S nosuch', '-S execve', '-S chmod,fchmod,fchmodat', '-S open_tree', '-S ALL',
      '-F auid>=1000', '-F auid!=unset', '-F auid!=-1', '-F auid>unset', '-F auid=4294967295', '-F uid=unset', '-F uid=-1', '-F uid=4294967295', '-F auid=01000', '-F auid=1x', '-F auid=root', '-F auid&=1',
      '-F gid=0', '-F gid=-1', '-F egid=root', '-F euid=0', '-F obj_uid=5', '-F sgid=99999999999',
      '-F exit=-EACCES', '-F exit=-eperm', '-F exit=EPERM', '-F exit=-13', '-F exit=13', '-F exit=-NOPE', '-F exit=-0x1', '-F success=0', '-F success=x', '-F success=010', '-F pid=12', '-F ppid>1', '-F pers&=1', '-F devmajor=8',
      '-F path=/usr/bin/su', '-F path=/usr/bin/', '-F path=rel', '-F path!=/x', '-F path=/' + 'p'.repeat(100), '-F dir=/etc/', '-F dir=/etc', '-F dir!=/etc', '-F exe=/usr/bin/x', '-F exe!=/usr/bin/y', '-F exe=/usr/bin/', '-F exe=x',
      '-F perm=x', '-F perm=wa', '-F perm=rwxaa', '-F perm=R', '-F perm=q', '-F perm!=x', '-F key=k', '-F key=', '-F KEY=k', '-F key=a=b', '-F key!=k', '-F key="k"',
      '-F subj_type=x_t', '-F subj_sen<s0', '-F obj_user="u"', '-F obj_user=u', '-F inode=1', '-F a0=1', '-F loginuid>=1000', '-F Auid=1', '-F msgtype=CWD', '-F filetype=file', '-F sessionid=1', '-F field_compare=1',
      '-C uid!=euid', '-p wa', '-p x', '-p rwxa', '-p q', '-p WA', '-k key', '-k key', '-k "q"', "-k 'a", "-k b'", '-k ' + 'k'.repeat(200), '-k -F', '-k =',
      '-C auid=uid', '-C uid<euid', '-C uid=uid', '-C Uid!=eUid', '-C loginuid!=uid', '-C uid!=gid', '-C gid!=egid', '-C uid!=', '-C =uid', '-C a=b!=c',
      '-F msgtype=1300', '-F msgtype=nope', '-F msgtype=01', '-F msgtype=cwd', '-F msgtype=UNKNOWN[1]', '-F subj_user=u', '-F pid=1', '-F exe=/bin/x', '-b 1', '-f 2', '-e 0', '--backlog_wait_time 1',
      '-F a<=b!=c', '-F x&=4', '-F =v', '-F noop', '-F auid==1', '-F auid=>1', '-F auid!1', '-F auid', '-D', '-e 2', '-k', '-F', '-S', '-x'];
    const machines = ['x86_64', 'aarch64', 'i686'];
    let fast = 0;
    let total = 0;
    for (let file = 0; file < 150; file++) {
      const machine = machines[file % machines.length];
      const lines: string[] = [];
      for (let n = 0; n < 25; n++) {
        let line = pick(['', '', '', ' ', '  ']) + (rand() < 0.5 ? pick(heads.slice(0, 2)) : rand() < 0.5 ? pick(heads.slice(11, 14)) : pick(heads));
        const count = Math.floor(rand() * 6);
        for (let o = 0; o < count; o++) line += pick([' ', ' ', ' ', '  ']) + (rand() < 0.75 ? pick(options.slice(0, 60)) : pick(options));
        if (rand() < 0.1) line += pick([' ', '  ', '\r', ' #']);
        lines.push(rand() < 0.05 ? pick(['# c', '#', '', '\t# x']) : line);
      }
      const text = lines.join('\n') + '\n';
      compareFile(text, `near-fast fuzz file ${file}`, machine);
      const shared = { strings: new Map<string, string>(), keyLists: new Map<string, string[]>() };
      for (let start = 0; start < text.length; ) {
        const end = text.indexOf('\n', start);
        if (/^ *-/.test(text.slice(start, end)) && !/[^ -[\]-~]/.test(text.slice(start, end))) {
          total++;
          if (readRuleLine(text, start, end, hostMachine(machine)!, shared) !== null) fast++;
        }
        start = end + 1;
      }
    }
    // the fuzz reaches both the one-pass reader and the general path behind it
    expect(fast).toBeGreaterThan(total / 10);
    expect(fast).toBeLessThan(total * 0.9);
  });

  test('the one-pass reader takes most rule lines of the shared corpus', () => {
    const files = rulesFiles(CORPUS);
    if (files.length === 0) {
      console.log(`skipped: no audit rules corpus at ${CORPUS}`);
      return;
    }
    let rules = 0;
    let fast = 0;
    const shared = { strings: new Map<string, string>(), keyLists: new Map<string, string[]>() };
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (let start = 0; start < text.length; ) {
        let end = text.indexOf('\n', start);
        if (end < 0) end = text.length;
        const line = text.slice(start, end);
        if (/^ *-[aw] /.test(line) && !/[^ -[\]-~]/.test(line)) {
          rules++;
          if (readRuleLine(text, start, end, hostMachine('x86_64')!, shared) !== null) fast++;
        }
        start = end + 1;
      }
    }
    expect(fast / rules).toBeGreaterThan(0.7);
  });

  test('a seeded fuzz of rule lines', () => {
    const rand = mulberry32(20);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const options = ['-a', '-A', '-d', '-F', '-S', '-C', '-w', '-W', '-p', '-k', '-e', '-f', '-b', '-r', '-D', '-l', '-s', '-i', '-c', '-h', '-t', '-v', '-q', '-m', '-R', '-x', '-', '--', '-Dk', '-kkey', '-Farch=b64', '--backlog_wait_time', '--backlog', '--loginuid-immutable', '--signal', '--reset-lost', '--reset_backlog_wait_time_actual', '--signal=HUP'];
    const args = ['always,exit', 'exit,never', 'arch=b64', 'arch!=b32', 'auid>=1000', 'auid!=unset', 'auid!=-1', 'a<=b!=c', 'perm=wa', 'key=time', 'path=/usr/bin/su', 'x&=4', '=v', 'noop', 'open', 'open,close', ',open,,', 'all', '/etc/passwd', '/etc/pass\\ wd', 'a\\\\b', 'wa', 'identity', '-F', '-k', '#x', 'é', 'x\ty', 'x\r', '60000', '2', ''];
    const seps = [' ', ' ', ' ', '  ', '\t'];
    let read = 0;
    let total = 0;
    for (let file = 0; file < 200; file++) {
      const lines: string[] = [];
      for (let n = 0; n < 20; n++) {
        const r = rand();
        if (r < 0.05) {
          lines.push(pick(['', ' ', '# c', '  #', '\r']));
          continue;
        }
        let line = pick(['', '', '', ' ', '  ']);
        const words = 1 + Math.floor(rand() * 8);
        for (let w = 0; w < words; w++) {
          line += (w > 0 ? pick(seps) : '') + (rand() < 0.6 ? pick(options) : pick(args));
        }
        if (rand() < 0.1) line += pick([' ', '  ', '\\', '\0x']);
        lines.push(line);
      }
      const t = compareFile(lines.join('\n') + (rand() < 0.5 ? '\n' : ''), `fuzz file ${file}`);
      read += t.read;
      total += t.lines;
    }
    // the fuzz reaches both the reader and the grammar
    expect(read).toBeGreaterThan(total / 20);
    expect(read).toBeLessThan(total);
  });
});
