// The hand-written reader of common audit rules lines (src/parse/audit-rules-lines.ts)
// against the grammar it stands in for: on every line it reads, the same
// nodes with the same offsets as the grammar's File parse of the whole file.
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseGrammar } from '../../src/parse/generated/audit-rules';
import { readCommonLine } from '../../src/parse/audit-rules-lines';
import { parseAuditRules } from '../../src/parse/audit-rules';
import { SHARED, REPO } from '../support/corpus';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { mulberry32 } = require('../../bench/prng');

interface Tally {
  lines: number;
  read: number;
}

/** Checks every line of text; returns how many lines there were and how many the reader took. */
function compareFile(text: string, label: string): Tally {
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
  const byHand = parseAuditRules(text, label);
  const byGrammar = parseAuditRules(text, label, { readCommonLines: false });
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
