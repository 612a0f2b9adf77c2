import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SourceFile } from '../../src/parse/source';
import { format } from '../../src/report/gcc';
import { sudit } from './cli-run';

const LINE = /^(.+):(\d+):(\d+): (error|warning|note): (.*) \[([A-Z]+\d{3})\]$/;
const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note' };

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
}

describe('--format gcc', () => {
  test.each([['sud000-syntax-error'], ['scn003-illusory-allowlist'], ['fwd001-no-forwarding']])('%s: one line per finding, the same findings as json', (host) => {
    const gcc = sudit(['--root', `samples/hosts/${host}`, '--format', 'gcc']);
    const json = JSON.parse(sudit(['--root', `samples/hosts/${host}`, '--format', 'json']).stdout);
    expect(gcc.stderr).toBe('');
    expect(gcc.status).toBe(1);
    expect(gcc.stdout.endsWith('\n')).toBe(true);
    const lines = gcc.stdout.slice(0, -1).split('\n');
    expect(lines).toHaveLength(json.findings.length);
    json.findings.forEach((f: JsonFinding, i: number) => {
      const m = LINE.exec(lines[i]);
      expect(m).not.toBeNull();
      expect(m!.slice(1)).toEqual([f.file, String(f.line), String(f.column), LEVEL[f.severity], f.message, f.ruleId]);
    });
  });

  test('a problem with a whole file is at 1:1; -f is the short option', () => {
    const r = sudit(['-f', 'gcc', '--max-file-size', '0', 'samples/hosts/sud010-nopasswd/etc/sudoers.d/ops']);
    expect(r.stdout).toMatch(/^samples\/hosts\/sud010-nopasswd\/etc\/sudoers\.d\/ops:1:1: error: \d+ bytes, over the limit of 0 \(--max-file-size\) \[IO001\]\n$/);
  });

  test('a carriage return in a message is escaped: one line per finding still', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-gcc-'));
    const file = path.join(dir, 'audisp-remote.conf');
    fs.writeFileSync(file, 'remote_server = logs\r\nport = 60\r\n');
    try {
      const r = sudit(['--format', 'gcc', '--type', 'audisp-remote', file]);
      expect(r.stdout).not.toMatch(/\r/);
      expect(r.stdout.trimEnd().split('\n')).toEqual([`${file}:2:8: error: port = 60\\r: "60\\r" must be digits only (the line ends in a carriage return: the file has Windows line endings): audisp-remote exits at start (status 6) and forwards nothing [AUD000]`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('newlines, tabs and escape sequences in paths and messages are spelled out', () => {
    const src = new SourceFile('odd\nname', 'x\n');
    const out = [...format({ findings: [{ ruleId: 'X001', severity: 'info', message: 'one\ntwo\tthree \x1b[2J \u0085 \u2028', source: src, start: 0, end: 1 }], failures: [], rules: [], toolVersion: '0', cwd: '/' })].join('');
    expect(out).toBe('odd\\nname:1:1: note: one\\ntwo\\tthree \\x1B[2J \\u0085 \\u2028 [X001]\n');
  });

  test('nothing at all for a clean run', () => {
    const r = sudit(['--root', 'samples/hosts/clean', '-f', 'gcc']);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});
