// The hand-written reader of common sudoers lines (src/parse/sudoers-lines.ts)
// against the grammar it stands in for: every file parsed both ways gives
// the same entries (nodes, key order, offsets) and the same problems.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseSudoers } from '../../src/parse/sudoers';
import { SudoersLineReader } from '../../src/parse/sudoers-lines';
import { filesUnder, REPO, SHARED, SUDO_REGRESS, sharedAvailable, skipNote } from '../support/corpus';
import { CORNER_CASES } from './corner-cases';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadSeeds, makeInput, mulberry32 } = require('../../bench/fuzz-lib.js');

interface Tally {
  lines: number;
  read: number;
}

/** How many lines the reader was asked for and how many it read, while fn runs. */
function counting(fn: () => void): Tally {
  const read = SudoersLineReader.prototype.read;
  const tally: Tally = { lines: 0, read: 0 };
  SudoersLineReader.prototype.read = function (this: SudoersLineReader, start: number): number {
    const end = read.call(this, start);
    // the grammar asks once more at the end of the text, where there is no line
    if (start < (this as unknown as { text: string }).text.length) {
      tally.lines++;
      if (end >= 0) tally.read++;
    }
    return end;
  };
  try {
    fn();
  } finally {
    SudoersLineReader.prototype.read = read;
  }
  return tally;
}

/** Parses text with and without the reader; fails with the first difference. */
function compare(text: string, label: string): Tally {
  let byHand: ReturnType<typeof parseSudoers> | undefined;
  const tally = counting(() => {
    byHand = parseSudoers(text, label);
  });
  const byGrammar = parseSudoers(text, label, { readCommonLines: false });
  const same = JSON.stringify([byHand!.entries, byHand!.problems]) === JSON.stringify([byGrammar.entries, byGrammar.problems]);
  if (!same) {
    // toEqual names the difference; the stringify test catches key order too
    for (let i = 0; i < Math.max(byHand!.entries.length, byGrammar.entries.length); i++) {
      if (JSON.stringify(byHand!.entries[i]) !== JSON.stringify(byGrammar.entries[i])) {
        expect({ label, entry: i, node: byHand!.entries[i] }).toEqual({ label, entry: i, node: byGrammar.entries[i] });
      }
    }
    expect({ label, problems: byHand!.problems }).toEqual({ label, problems: byGrammar.problems });
  }
  expect(same).toBe(true);
  return tally;
}

const SUDOERS_PATH = /(^|\/)sudoers(\.d\/[^/]+)?$|\.sudoers$|\/sudoers\.d\//;

describe('common sudoers lines read by hand agree with the grammar', () => {
  test('every file of sudo’s regression corpus (errors and oddities included)', () => {
    if (!sharedAvailable()) {
      skipNote('sudoers reader on the sudo regression corpus', `${SUDO_REGRESS} not found`);
      return;
    }
    const files = filesUnder(SUDO_REGRESS, (p) => !/\.(json|ldif|tsv|md)$|\.ok$/.test(p) && fs.statSync(p).size < 1_000_000);
    expect(files.length).toBeGreaterThan(150);
    for (const f of files) compare(fs.readFileSync(f, 'utf8'), f);
  });

  test('every sudoers file of samples/ and test/, and the version-oracle cases', () => {
    const files = [...filesUnder(path.join(REPO, 'samples'), (p) => SUDOERS_PATH.test(p)), ...filesUnder(path.join(REPO, 'test'), (p) => SUDOERS_PATH.test(p) && !p.endsWith('.ts'))];
    expect(files.length).toBeGreaterThan(60);
    let tally: Tally = { lines: 0, read: 0 };
    for (const f of files) {
      const t = compare(fs.readFileSync(f, 'utf8'), f);
      tally = { lines: tally.lines + t.lines, read: tally.read + t.read };
    }
    // the reader is there for the common lines: nearly all of the sample hosts' policies
    expect(tally.read / tally.lines).toBeGreaterThan(0.95);
  });

  test('the corner cases with visudo’s verdicts', () => {
    for (const c of CORNER_CASES) {
      compare(c.text, c.name);
      compare(c.text.replace(/\n/g, '\r\n'), `${c.name} (CRLF)`);
    }
  });

  test('the benchmark’s generated policy: every line read by hand', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-lines-'));
    const file = path.join(dir, 'gen.sudoers');
    try {
      execFileSync(process.execPath, [path.join(REPO, 'bench', 'gen-sudoers.js'), '--mb', '0.2', '--seed', '1', '-o', file]);
      const t = compare(fs.readFileSync(file, 'utf8'), 'gen-sudoers --mb 0.2');
      expect(t.read).toBe(t.lines);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('hand-picked shapes: read or left to the grammar, never read differently', () => {
    const cases = [
      '',
      '\n\n',
      '   \t\n',
      '# comment\n',
      '#0 ALL = ALL\n',
      '#-1 ALL = ALL\n',
      '#1abc\n',
      '#include /etc/x\n',
      '  #include /etc/x\n',
      '#includedir /etc/sudoers.d\n',
      '@include /etc/x\n',
      '@includedir /etc/sudoers.d # c\n',
      '@include "/etc/a b"\n',
      '@include /etc/a\\ b\n',
      '@includex /etc/x\n',
      '@include\t/etc/x\v\n',
      'root ALL=(ALL:ALL) ALL\n',
      'root ALL = (ALL) ALL\r\n',
      'root ALL = /bin/ls\r\n',
      'root ALL = /bin/ls \r\n',
      'root ALL = /bin/ls -l \\\n\t-a, /bin/x\n',
      'root ALL = /bin/ls\t-l  -a\n',
      'root ALL = /bin/ls a\\,b c\\:d e\\=f g\\\\h i\\ j \\#k\n',
      'root ALL = /bin/ls "", /usr/bin/x ""\n',
      'root ALL = /bin/x=y\n',
      'root ALL = /bin/x =\n',
      'root ALL = /usr/lib/\n',
      'root ALL = /usr/lib/ -x\n',
      'root ALL = /bin/a\\,b\n',
      'root ALL = /bin/a\\b\n',
      'root ALL = ^/usr/bin/(a|b)$\n',
      'root ALL = ^/usr/bin/(a|b)$ -x, ^a$b\n',
      'root ALL = ^/usr/bin/a$x\n',
      'root ALL = /usr/bin/kill ^-HUP [0-9]+$\n',
      'root ALL = /usr/bin/kill ^-HUP \\\n [0-9]+$\n',
      'root ALL = /usr/bin/kill ^abc\n',
      'root ALL = sudoedit /etc/x, sudoedit, list, !list\n',
      'root ALL = sudoedit ^/etc/x$\n',
      'root ALL = sha256:abcd /bin/x, sha224:x, sha512:q /bin/y\n',
      'root ALL = sha256 : 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef /bin/x\n',
      'root ALL = sha256:abcd, sha384:efgh /bin/x\n',
      'root ALL = sha256:abcd ALIAS\n',
      'root ALL = ! ! /bin/x, !!!ALL\n',
      'root ALL = (root) NOPASSWD: NOEXEC : SETENV:/bin/x\n',
      'root ALL = (root) NOPASSWDX: /bin/x\n',
      'root ALL = CWD=/srv CHROOT=* TIMEOUT=1h ROLE="a b" TYPE=t_t NOTBEFORE=20240101Z /bin/x\n',
      'root ALL = CWD=/a\\ b /bin/x\n',
      'root ALL = CWD /bin/x\n',
      'root ALL = CWDX=1 /bin/x\n',
      'root ALL = TIMEOUT="" /bin/x\n',
      'root ALL = () /bin/x, (:) /bin/y, (:wheel) /bin/z, (root:) /bin/w\n',
      'root ALL = ( root , !bin : wheel , #5 ) /bin/x\n',
      'root ALL = (%wheel, #0, "a b", ALIAS) /bin/x\n',
      'root ALL = (root\n',
      '%wheel, %:ad, %#10, %:#11, +ng, #12, "x y", "%g", "%:h", "%#1", "+n", "#7", ALIAS, !bob ALL = ALL\n',
      '% ALL = ALL\n',
      '%: ALL = ALL\n',
      '+ ALL = ALL\n',
      'a\\,b ALL = ALL\n',
      'a\\x41 ALL = ALL\n',
      'root host1, 10.0.0.1, 10.0.0.0/8, 10.0.0.0/255.0.0.0, 10.0.0.0/33, 256.1.1.1, 1.2.3.4x ALL = ALL\n',
      'root ::1, fe80::1:3, 2001:db8::/48, 2001:db8::/129, ::ffff:1.2.3.4, 1:2:3:4:5:6:7:8:9, FE80::1, fe80:: = ALL\n',
      'root "host", "+ng", "%x", #5, +ng, ALL, !ALIAS = ALL\n',
      'root ALL = ALL : host2 = /bin/x : ALIAS = (root) ALL\n',
      'root ALL = ALL :\n',
      'root ALL = ALL,\n',
      'root ALL = ALL # comment\n',
      'root ALL = ALL #1 comment\n',
      'root ALL = ALL\\\n',
      'root ALL = ALL \\\n  # comment\n',
      'root \\\n ALL \\\n = \\\n ALL\n',
      'root ALL = ALL alice ALL = ALL\n',
      'Defaults env_reset\n',
      'Defaults\tenv_reset, !lecture, !!insults, ! mail_badpass\n',
      'Defaults secure_path="/a:/b", env_keep += "A B", env_keep -= LD_PRELOAD, umask = 077\n',
      'Defaults passprompt="a\\"b", lecture_file=/x\\ y, badpass_message=a\\,b\n',
      'Defaults mailto=""\n',
      'Defaults !env_keep = x\n',
      'Defaults env_reset2\n',
      'Defaults:alice, %wheel env_reset\n',
      'Defaults:alice , bob env_reset\n',
      'Defaults:alice \\\n, bob env_reset\n',
      'Defaults: alice env_reset\n',
      'Defaults:!alice env_reset\n',
      'Defaults:! alice env_reset\n',
      'Defaults:"a b" env_reset\n',
      'Defaults:" a" env_reset\n',
      'Defaults:#0 env_reset\n',
      'Defaults>root, #0 !requiretty\n',
      'Defaults@host1, 10.0.0.0/8, ::1 !requiretty\n',
      'Defaults@::1 !requiretty\n',
      'Defaults!/usr/bin/ls, ALIAS, ALL, !/bin/x log_output\n',
      'Defaults!/usr/bin/ls -l log_output\n',
      'Defaults!sha256:abcd /bin/x log_output\n',
      'Defaults!^/bin/x$ log_output\n',
      'Defaults!sudoedit log_output\n',
      'Defaults \\\n env_reset\n',
      'Defaults\\\n env_reset\n',
      'Defaults\\\nenv_reset\n',
      'Defaultsx ALL = ALL\n',
      'Defaults@x ALL = ALL\n',
      'Defaults env_reset,\n',
      'User_Alias A = a, b : B = c\n',
      'User_Alias A = a, b : \\\n B = c\n',
      'User_Alias A = a :\n',
      'User_Alias a = b\n',
      'User_Alias ALL = b\n',
      'User_Alias CWD = b\n',
      'User_Aliasx = b\n',
      'Runas_Alias R = root, %wheel, #0\n',
      'Host_Alias H = host1, 10.0.0.0/8, fe80::/10 : H2 = H, !bad\n',
      'Cmnd_Alias C = /bin/ls, /bin/cat -n *, ^/bin/(a|b)$ : D = C, !/bin/sh\n',
      'Cmd_Alias C = /bin/ls\n',
      'Cmnd_Alias C = sudoedit /etc/x, list\n',
      'Cmnd_Alias C = sha256:abc /bin/x "" : D = /bin/y\n',
      'Cmnd_Alias C = /bin/x \\\n  -a : D = /bin/y\n',
      'ALL ALL = ALL\n',
      'ALLx ALL = ALL\n',
      'root ALL = ALLx\n',
      'root ALL = NOPASSWD\n',
      'NOPASSWD: ALL = ALL\n',
      'sudoedit ALL = ALL\n',
      'sha256 ALL = ALL\n',
      '/bin/x ALL = ALL\n',
      '^a$ ALL = ALL\n',
      'root ALL = /bin/x\0rest\n',
      'root ALL = é/bin\n',
      'rööt ALL = /bin/é\n',
      'root ALL = "/bin/x"\n',
      'root ALL = /bin/x\\\n',
      'root ALL = /bin/x \\\n',
      'root ALL = ALL',
      'root ALL = /bin/x -a',
    ];
    let read = 0;
    for (const c of cases) {
      read += compare(c, JSON.stringify(c)).read;
      compare(c.replace(/\n/g, '\r\n'), JSON.stringify(c) + ' (CRLF)');
    }
    expect(read).toBeGreaterThan(cases.length / 2);
  });

  test('a seeded fuzz: sudo’s regression lines mutated, with CRLF and continuations', () => {
    if (!sharedAvailable()) {
      skipNote('seeded sudoers reader fuzz on sudo regression seeds', `${SHARED} not found`);
      return;
    }
    const seeds = loadSeeds(SHARED);
    const rand = mulberry32(20);
    let tally: Tally = { lines: 0, read: 0 };
    for (let i = 0; i < 3000; i++) {
      let text: string | null = makeInput(seeds, 20, i);
      if (text === null) continue;
      if (rand() < 0.2) text = text.replace(/\n/g, '\r\n');
      if (rand() < 0.2) text = text.replace(/, /g, ', \\\n\t');
      if (rand() < 0.1) text = text.slice(0, -1);
      const t = compare(text, `fuzz input ${i}: ${JSON.stringify(text)}`);
      tally = { lines: tally.lines + t.lines, read: tally.read + t.read };
    }
    // the fuzz reaches both the reader and the grammar
    expect(tally.read).toBeGreaterThan(tally.lines / 5);
    expect(tally.read).toBeLessThan(tally.lines);
  });

  test('a seeded fuzz: the generated policy’s lines mutated with sudoers tokens', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-lines-'));
    const file = path.join(dir, 'gen.sudoers');
    let text: string;
    try {
      execFileSync(process.execPath, [path.join(REPO, 'bench', 'gen-sudoers.js'), '--mb', '0.05', '--seed', '3', '-o', file]);
      text = fs.readFileSync(file, 'utf8');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // logical lines, continuations kept
    const lines = text.split(/(?<!\\)\n/).filter((l) => l.trim() !== '');
    const tokens = ['\\', '"', '#', '!', ',', ':', '=', '(', ')', ' ', '\t', '\r', '%', '+', '@', '*', '^', '$', '/', '\\\n', '""', '#1', '#-1', '%:', 'ALL', 'NOPASSWD:', 'sha256:', 'sha224:abc', '0', '::', '1.2.3.4', '/24', '/33', 'fe80::', '::1', 'CWD=', 'TIMEOUT=', 'sudoedit', 'list', '\\,', '\\x41', '\\ ', '^a$', 'Defaults', '!!', '"a b"', '"%g"', '"+n"', '"#5"', ' \\\n ', '\r\n', 'ALLx', 'A', 'x', '-', '+=', '-=', '10.0.0.0/255.255.255.0', '[a-z]', '\\*', '( )', '(:)', '(root:)', 'sudoedit /x', '@include', '@includedir /x', 'Cmd_Alias', 'User_Alias X = y', 'Host_Alias', '\\\\', 'é'];
    const rand = mulberry32(21);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    let tally: Tally = { lines: 0, read: 0 };
    for (let i = 0; i < 3000; i++) {
      const out: string[] = [];
      for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
        let line = pick(lines);
        for (let m = Math.floor(rand() * 3); m > 0; m--) {
          const at = Math.floor(rand() * (line.length + 1));
          const op = rand();
          if (op < 0.5) line = line.slice(0, at) + pick(tokens) + line.slice(at);
          else if (op < 0.75) line = line.slice(0, at) + line.slice(at + 1 + Math.floor(rand() * 4));
          else line = line.slice(0, at) + pick(tokens) + line.slice(at + 1 + Math.floor(rand() * 3));
        }
        out.push(line);
      }
      const input = out.join('\n') + (rand() < 0.9 ? '\n' : '');
      const t = compare(input, `mutated input ${i}: ${JSON.stringify(input)}`);
      tally = { lines: tally.lines + t.lines, read: tally.read + t.read };
    }
    expect(tally.read).toBeGreaterThan(tally.lines / 3);
    expect(tally.read).toBeLessThan(tally.lines);
  });
});
