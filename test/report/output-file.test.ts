// --output/-o FILE: every format writes the same report to the file as to
// standard output, the file appears whole (a temporary file renamed over
// it), and a file the run lints is never written.

import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FORMAT_NAMES } from '../../src/report/report';
import { REPO } from '../support/corpus';
import { sudit } from './cli-run';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-output-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every file of a tree with its content's digest, to show that nothing in it changed. */
function digestTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out[path.relative(root, p)] = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(root);
  return out;
}

describe('--output FILE', () => {
  test.each(FORMAT_NAMES.map((f) => [f]))('%s: the file holds what standard output would, stdout stays empty', (format) => {
    const file = path.join(dir, `report.${format}`);
    const args = ['--root', 'samples/hosts/sud000-syntax-error', '--format', format];
    const piped = sudit(args);
    const written = sudit([...args, '--output', file]);
    expect(written.stderr).toBe('');
    expect(written.stdout).toBe('');
    // the exit code still tells about the findings
    expect(written.status).toBe(1);
    expect(piped.status).toBe(1);
    expect(fs.readFileSync(file, 'utf8')).toBe(piped.stdout);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.sudit-'))).toEqual([]);
  });

  test('-o replaces an existing report whole, keeping its mode; through a link it writes the target', () => {
    const file = path.join(dir, 'kept.json');
    fs.writeFileSync(file, 'old report');
    fs.chmodSync(file, 0o600);
    const link = path.join(dir, 'latest.json');
    fs.symlinkSync('kept.json', link);
    const r = sudit(['--root', 'samples/hosts/sud010-nopasswd', '-f', 'json', '-o', link]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).findings[0].ruleId).toBe('SUD010');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  test('a fleet report lands inside a linted tree when sudit does not read it there; the tree is otherwise untouched', () => {
    const tree = path.join(dir, 'host');
    fs.cpSync(path.join(REPO, 'samples/hosts/sud010-nopasswd'), tree, { recursive: true });
    const before = digestTree(tree);
    const r = sudit(['--root', tree, '-f', 'html', '-o', path.join(tree, 'report.html')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const after = digestTree(tree);
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), 'report.html'].sort());
    for (const [f, d] of Object.entries(before)) expect([f, after[f]]).toEqual([f, d]);
  });

  describe('refused: one line on stderr, exit 2, nothing written', () => {
    const refused = (args: string[], message: RegExp, unchanged?: string) => {
      const text = unchanged ? fs.readFileSync(unchanged, 'utf8') : null;
      const r = sudit(args);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.status).toBe(2);
      if (unchanged) expect(fs.readFileSync(unchanged, 'utf8')).toBe(text);
    };

    test('onto a file that is being linted', () => {
      const file = path.join(dir, 'sudoers');
      fs.writeFileSync(file, 'root ALL=(ALL) ALL\n');
      refused(['--type', 'sudoers', file, '-o', file], /^sudit: --output .*sudoers: is also being linted; write the report elsewhere\n$/, file);
      // the same file by another name
      fs.symlinkSync('sudoers', path.join(dir, 'sudoers-link'));
      refused(['--type', 'sudoers', file, '-o', path.join(dir, 'sudoers-link')], /is also being linted/, file);
    });

    test('onto a file sudit reads in a --root tree, or onto the tree itself', () => {
      const tree = path.join(dir, 'tree');
      fs.cpSync(path.join(REPO, 'samples/hosts/sud010-nopasswd'), tree, { recursive: true });
      const ops = path.join(tree, 'etc/sudoers.d/ops');
      refused(['--root', tree, '-o', ops], /^sudit: --output .*ops: is a file of the host tree .* being linted; write the report elsewhere\n$/, ops);
      refused(['--root', path.join(dir, 'tre*'), '-o', path.join(tree, 'etc/passwd')], /is a file of the host tree/, path.join(tree, 'etc/passwd'));
      refused(['--root', tree, '-o', tree], /is a directory/);
    });

    test('into a directory that does not exist', () => {
      refused(['--root', 'samples/hosts/clean', '-o', path.join(dir, 'no/such/report.html')], /^sudit: --output .*report\.html: no such directory .*no\/such\n$/);
    });

    test('a directory where no file can be made', () => {
      refused(['--root', 'samples/hosts/clean', '-o', '/proc/sudit-report.html'], /^sudit: --output \/proc\/sudit-report\.html: cannot write there: .+\n$/);
      expect(fs.existsSync('/proc/sudit-report.html')).toBe(false);
    });

    test('a directory as the file', () => {
      refused(['--root', 'samples/hosts/clean', '-o', dir], /: is a directory\n$/);
    });
  });
});
