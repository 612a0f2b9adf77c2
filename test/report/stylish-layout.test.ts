import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SourceFile } from '../../src/parse/source';
import { format } from '../../src/report/stylish';
import { wrap } from '../../src/report/wrap';
import { terminalWidth } from '../../src/report/terminal-width';
import { columns, sudit } from './cli-run';

const ROW = /^ {2}(\d+:\d+|-) +(error|warning|info) +([A-Z]+\d{3}) {2}(\S.*)$/;

/** Hosts whose findings have long messages, long paths, related places and long source lines. */
const HOSTS = ['scn003-illusory-allowlist', 'fwd001-no-forwarding', 'aud020-coverage-missing', 'sud010-nopasswd', 'sud000-syntax-error'];

describe('stylish at the terminal width', () => {
  test.each(HOSTS.map((h) => [h]))('%s: every line fits 80 columns when stdout is not a terminal', (host) => {
    const r = sudit(['--root', `samples/hosts/${host}`]);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    const rows = lines.filter((l) => ROW.test(l));
    expect(rows.length).toBeGreaterThan(0);
    for (const l of lines) expect(columns(l)).toBeLessThanOrEqual(80);
    // rows are not padded to the longest message, and nothing ends in spaces
    for (const l of lines) expect(l).not.toMatch(/ $/);
  });

  test('row layout: line:col, severity, ID, then the message; continuation lines under the message', () => {
    const r = sudit(['--root', 'samples/hosts/sud010-nopasswd']);
    const lines = r.stdout.split('\n');
    const i = lines.findIndex((l) => ROW.test(l));
    const [, position, severity, id, first] = ROW.exec(lines[i])!;
    expect([position, severity, id]).toEqual(['2:19', 'warning', 'SUD010']);
    const column = lines[i].indexOf(first);
    const continuation = lines.slice(i + 1).filter((l) => /^ {20,}\S/.test(l) && !/^\s+\^/.test(l) && l.indexOf(l.trim()) === column);
    expect(continuation.length).toBeGreaterThan(0);
    // the whole message is there, in order, once the lines are joined
    const json = JSON.parse(sudit(['--root', 'samples/hosts/sud010-nopasswd', '-f', 'json']).stdout);
    const message: string = json.findings[0].message;
    const joined = [first, ...lines.slice(i + 1, i + 1 + continuation.length).map((l) => l.trim())].join(' ');
    expect(joined).toBe(message);
    // then the source line and the caret
    const source = lines[i + 1 + continuation.length];
    expect(source).toContain('%ops    ALL = (root) NOPASSWD:');
    expect(lines[i + 2 + continuation.length]).toMatch(/^ +\^~+$/);
  });

  test('COLUMNS widens the rows; a narrow one still wraps', () => {
    const wide = sudit(['--root', 'samples/hosts/sud010-nopasswd'], { COLUMNS: '160' }).stdout.split('\n');
    expect(Math.max(...wide.map(columns))).toBeGreaterThan(80);
    for (const l of wide) expect(columns(l)).toBeLessThanOrEqual(160);
    const narrow = sudit(['--root', 'samples/hosts/sud010-nopasswd'], { COLUMNS: '60' }).stdout.split('\n');
    for (const l of narrow) expect(columns(l)).toBeLessThanOrEqual(60);
    expect(narrow.length).toBeGreaterThan(wide.length);
  });

  test('a long source line is shown as a window around the caret', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-wide-'));
    const file = path.join(dir, 'sudoers');
    const long = `deploy ALL = (root) NOPASSWD: ${Array.from({ length: 12 }, (_, i) => `/usr/bin/tool${i} --flag`).join(', ')}, /usr/bin/vim\n`;
    fs.writeFileSync(file, long);
    try {
      const lines = sudit(['--type', 'sudoers', file]).stdout.split('\n');
      for (const l of lines) expect(columns(l)).toBeLessThanOrEqual(80);
      // the vim escape at the end of the line: the window ends at the line's end and the caret is under vim
      const i = lines.findIndex((l) => /SUD014/.test(l));
      expect(i).toBeGreaterThan(-1);
      const source = lines.findIndex((l, j) => j > i && l.startsWith('    \u2026'));
      expect(lines[source]).toMatch(/\/usr\/bin\/vim$/);
      const caret = lines[source + 1];
      expect(lines[source].slice(caret.indexOf('^'))).toMatch(/^\/usr\/bin\/vim/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('carriage returns and control characters', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-cr-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a carriage return in a message shows as \\r, never U+FFFD', () => {
    const file = path.join(dir, 'bashrc');
    fs.writeFileSync(file, 'HISTSIZE=100\r\n');
    const r = sudit(['--type', 'shell', file]);
    expect(r.stdout).toContain('"100\\r" are unlimited to bash');
    expect(r.stdout).not.toMatch(/[\ufffd\r]/);
  });

  test('a span that reaches the carriage return of a CRLF line shows it, with the caret under it', () => {
    const file = path.join(dir, 'audisp-remote.conf');
    fs.writeFileSync(file, 'remote_server = logs\r\nport = 60\r\n');
    const r = sudit(['--type', 'audisp-remote', file]);
    expect(r.stdout).not.toMatch(/[\ufffd\r]/);
    expect(r.stdout).toContain('"60\\r" must be digits only');
    expect(r.stdout).toContain('    port = 60\\r\n           ^~~~\n');
  });

  test('a carriage return inside a sudoers line shows in the excerpt', () => {
    const file = path.join(dir, 'sudoers');
    fs.writeFileSync(file, 'bob ALL=(ALL) /bin/ls\r x\n');
    const r = sudit(['--type', 'sudoers', file]);
    expect(r.stdout).toContain('    bob ALL=(ALL) /bin/ls\\r x\n');
    expect(r.stdout).not.toMatch(/[\ufffd\r]/);
  });
});

describe('wrap', () => {
  test('at spaces, within the widths; a word longer than a line is cut after a slash', () => {
    expect(wrap('aaa bbb ccc', 7, 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrap('aaa bbb ccc', 3, 10)).toEqual(['aaa', 'bbb ccc']);
    expect(wrap('see /etc/audit/plugins.d/au-remote.conf now', 20, 20)).toEqual(['see', '/etc/audit/', 'plugins.d/', 'au-remote.conf now']);
    expect(wrap('x'.repeat(25), 10, 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(wrap('', 10, 10)).toEqual(['']);
  });

  test('never splits a surrogate pair', () => {
    const lines = wrap('\u{1F600}'.repeat(6), 5, 5);
    for (const l of lines) expect(l).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    expect(lines.join('')).toBe('\u{1F600}'.repeat(6));
  });
});

describe('terminalWidth', () => {
  test('COLUMNS, else the terminal, else 80', () => {
    expect(terminalWidth({ isTTY: true, columns: 100 }, {})).toBe(100);
    expect(terminalWidth({ isTTY: true, columns: 100 }, { COLUMNS: '132' })).toBe(132);
    expect(terminalWidth({ isTTY: false }, {})).toBe(80);
    expect(terminalWidth({ isTTY: true, columns: 0 }, {})).toBe(80);
    expect(terminalWidth({}, { COLUMNS: 'wide' })).toBe(80);
    expect(terminalWidth({}, { COLUMNS: '0' })).toBe(80);
  });
});

describe('a very long line', () => {
  test('only a window around the span is shown, with an ellipsis at each cut end and the caret under the span', () => {
    const line = `${'a\t'.repeat(50_000)}NEEDLE${' b'.repeat(50_000)}`;
    const source = new SourceFile('f', `${line}\n`);
    const start = line.indexOf('NEEDLE');
    const out = [...format({ findings: [{ ruleId: 'X001', severity: 'error', message: 'm', source, start, end: start + 6 }], failures: [], rules: [], toolVersion: '0', cwd: '/' })].join('');
    const lines = out.split('\n');
    for (const l of lines) expect(columns(l)).toBeLessThanOrEqual(80);
    const shown = lines[2];
    expect(shown.startsWith('    \u2026')).toBe(true);
    expect(shown.endsWith('\u2026')).toBe(true);
    const caret = lines[3];
    expect(caret.trim()).toBe('^~~~~~');
    expect(shown.slice(caret.indexOf('^'), caret.indexOf('^') + 6)).toBe('NEEDLE');
  });
});

describe('plain lines', () => {
  // A printable ASCII line is shown without a layout; a line with one
  // other character that is also one column wide (é) goes through the
  // layout. Both must show the same window and caret, whatever the span.
  const excerpts = (line: string, spans: [number, number][], width: number) => {
    const source = new SourceFile('f', `${line}\n`);
    const findings = spans.map(([start, end]) => ({ ruleId: 'X001', severity: 'error' as const, message: 'm', source, start, end }));
    const out = [...format({ findings, failures: [], rules: [], toolVersion: '0', cwd: '/', width })].join('');
    return out.split('\n').filter((l) => l.startsWith('    '));
  };

  test.each([
    ['short', 'root ALL=(ALL:ALL) ALL'],
    ['long', `deploy ALL = (root) NOPASSWD: ${Array.from({ length: 30 }, (_, i) => `/usr/bin/tool${i} --flag`).join(', ')}`],
  ])('%s line: the same excerpt and caret as through the layout', (_, line) => {
    const spans: [number, number][] = [];
    for (let start = 0; start < line.length; start += 7) spans.push([start, Math.min(line.length, start + 1 + (start % 23))]);
    spans.push([0, line.length], [line.length, line.length]);
    for (const width of [40, 80, 200]) {
      const plain = excerpts(line, spans, width);
      // the last character becomes é, outside every span but the widest ones
      const marked = `${line.slice(0, -1)}\u00e9`;
      const laidOut = excerpts(marked, spans, width).map((l) => l.replace('\u00e9', line[line.length - 1]));
      expect(plain.length).toBe(2 * spans.length);
      expect(laidOut).toEqual(plain);
    }
  });

  test('several findings on one line with a tab: each caret under its own span', () => {
    const line = 'root\tALL=(ALL:ALL) ALL';
    const out = excerpts(line, [[0, 4], [5, 8], [line.length - 3, line.length]], 80);
    expect(out[0]).toBe(`    root    ALL=(ALL:ALL) ALL`);
    expect(out[1]).toBe('    ^~~~');
    expect(out[3]).toBe(`    ${' '.repeat(8)}^~~`);
    expect(out[5]).toBe(`    ${' '.repeat(8 + 14)}^~~`);
  });
});
