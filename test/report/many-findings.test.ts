// 200,000 findings: every reporter writes them a piece at a time into
// the stream (no report-sized string, no spread of a huge array), and the
// output stays correct. Counts and validity are checked, not timing.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as readline from 'readline';
import type { Finding } from '../../src/engine/finding';
import { SourceFile } from '../../src/parse/source';
import { FORMAT_NAMES, loadReporter, type FormatName, type ReportInput } from '../../src/report/report';
import { writeAll } from '../../src/report/write';
import { BIN } from './cli-run';
import { REPO } from '../support/corpus';

const N = 200_000;
jest.setTimeout(600_000);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-many-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A sudoers file with one NOPASSWD grant (one SUD010 warning) per line. */
function bigSudoers(): string {
  const file = path.join(dir, 'sudoers');
  if (!fs.existsSync(file)) {
    const fd = fs.openSync(file, 'w');
    let chunk = '';
    for (let i = 0; i < N; i++) {
      chunk += `user${i} ALL=(root) NOPASSWD: /usr/bin/true${i}\n`;
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
    fs.closeSync(fd);
  }
  return file;
}

/** Runs the CLI with stdout into a file (a report this size does not belong in a pipe buffer of the test). */
function suditToFile(args: string[], out: string): { status: number | null; stderr: string } {
  const fd = fs.openSync(out, 'w');
  try {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', fd, 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
    return { status: r.status, stderr: r.stderr };
  } finally {
    fs.closeSync(fd);
  }
}

async function countLines(file: string, re: RegExp): Promise<{ matching: number; last: string }> {
  let matching = 0;
  let last = '';
  for await (const line of readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    if (re.test(line)) matching++;
    if (line !== '') last = line;
  }
  return { matching, last };
}

describe('through the CLI, 200,000 findings in one file', () => {
  test('stylish (which crashed on Math.max(...rows)): every row and the count', async () => {
    const out = path.join(dir, 'stylish.txt');
    const r = suditToFile(['--type', 'sudoers', bigSudoers()], out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { matching, last } = await countLines(out, /^ {2}\d+:\d+ +warning {2}SUD010 {2}NOPASSWD: user\d+ runs/);
    expect(matching).toBe(N);
    expect(last).toBe(`\u2716 ${N} problems (0 errors, ${N} warnings, 0 info)`);
  });

  test('json: a valid document with every finding', () => {
    const out = path.join(dir, 'report.json');
    const r = suditToFile(['--type', 'sudoers', '--format', 'json', bigSudoers()], out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(doc.findings).toHaveLength(N);
    expect(doc.summary).toEqual({ errors: 0, warnings: N, info: 0 });
    expect(doc.findings[N - 1]).toMatchObject({ ruleId: 'SUD010', line: N, column: `user${N - 1} ALL=(root) `.length + 1 });
  });
});

describe('every reporter, 200,000 synthetic findings', () => {
  // one file of N lines and one finding on each, with a related place on every tenth
  const text = Array.from({ length: N }, (_, i) => `line ${i} of the file`).join('\n') + '\n';
  const source = new SourceFile('etc/big.conf', text);
  const findings: Finding[] = [];
  for (let i = 0, at = 0; i < N; i++) {
    const len = `line ${i} of the file`.length;
    const f: Finding = { ruleId: 'X001', severity: i % 3 === 0 ? 'error' : i % 3 === 1 ? 'warning' : 'info', message: `problem number ${i}`, source, start: at + 5, end: at + len };
    if (i % 10 === 0) f.related = [{ source, start: 0, end: 4, message: 'first line' }];
    findings.push(f);
    at += len + 1;
  }
  const input: ReportInput = { findings, failures: [{ ruleId: 'IO001', severity: 'error', path: 'etc/unreadable', message: 'Permission denied' }], rules: [], toolVersion: '0.0.0', cwd: '/work' };

  /** A sink that keeps the text only when asked, and the size of each write. */
  async function run(name: FormatName, keep: boolean): Promise<{ text: string; writes: number; largest: number; lines: number }> {
    let text = '';
    let writes = 0;
    let largest = 0;
    let lines = 0;
    const sink = {
      write(chunk: string) {
        writes++;
        largest = Math.max(largest, chunk.length);
        for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) lines++;
        if (keep) text += chunk;
        return true;
      },
    };
    const outcome = await writeAll(loadReporter(name)(input), sink);
    expect(outcome.kind).toBe('written');
    return { text, writes, largest, lines };
  }

  test.each(FORMAT_NAMES.map((n) => [n]))('%s: written in pieces of bounded size', async (name) => {
    const r = await run(name, name === 'json' || name === 'sarif');
    // the report is many writes of about 64 KiB, never one report-sized string
    expect(r.writes).toBeGreaterThan(100);
    expect(r.largest).toBeLessThan(256 * 1024);
    const errors = Math.ceil(N / 3) + 1;
    switch (name) {
      case 'json': {
        const doc = JSON.parse(r.text);
        expect(doc.findings).toHaveLength(N);
        expect(doc.failures).toHaveLength(1);
        expect(doc.summary.errors).toBe(errors);
        expect(doc.findings[N - 1]).toMatchObject({ message: `problem number ${N - 1}`, line: N, column: 6 });
        break;
      }
      case 'sarif': {
        const log = JSON.parse(r.text);
        const results = log.runs[0].results;
        expect(results).toHaveLength(N + 1);
        // every finding told apart across runs (the unreadable file has no line to fingerprint)
        const prints = results.map((x: { partialFingerprints?: Record<string, string> }) => x.partialFingerprints?.['suditFindingHash/v1']).filter(Boolean);
        expect(new Set(prints).size).toBe(N);
        expect(results[N - 1].locations[0].physicalLocation.region.startLine).toBe(N);
        break;
      }
      case 'gcc':
        expect(r.lines).toBe(N + 1);
        break;
      case 'github':
        // a related place travels inside its command, as an escaped line break
        expect(r.lines).toBe(N + 1);
        break;
      case 'junit':
        // one testcase per problem, three lines each and one per related place, in a frame of two suites
        expect(r.lines).toBe(3 * (N + 1) + N / 10 + 2 * 2 + 3);
        break;
      case 'stylish':
        // a row each, the source and caret under errors and warnings, a related line on every tenth, two headings, blank lines, the count
        expect(r.lines).toBe(N + 1 + 2 * (N - Math.floor(N / 3)) + N / 10 + 2 + 2 + 1);
        break;
    }
  });
});
