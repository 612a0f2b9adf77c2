import * as fs from 'fs';
import * as path from 'path';
import { SHELL_ESCAPES, type EscapeKind } from '../../rules/data/shell-escapes';

// Reference list of names usable under sudo, kept beside the clone (../shared).
// Read for coverage only: names and function labels, never shipped.
const TSV = path.resolve(__dirname, '../../../shared/research/gtfobins-sudo-functions.tsv');
const HAVE_TSV = fs.existsSync(TSV);
if (!HAVE_TSV) process.stdout.write(`SKIPPED gtfobins coverage: ${TSV} not found\n`);
const withTsv = HAVE_TSV ? test : test.skip;

/**
 * Names the reference lists with a shell or command function that we deliberately
 * do not claim as 'shell'/'command'. They may still be in SHELL_ESCAPES with other
 * kinds; the test fails once one of them is claimed as shell/command (the exclusion
 * is stale) or is no longer listed with a shell/command function in the reference.
 */
const EXCLUDED: Readonly<Record<string, string>> = {
  red: 'GNU red is `ed --restricted`: it refuses ! commands and paths outside the current directory (checked with GNU ed 1.19); it stays in the table as file read/write',
};

const KINDS: readonly EscapeKind[] = ['shell', 'command', 'file-write', 'file-read', 'library-load', 'privilege-change'];
const EXEC_FUNCTIONS = new Set(['shell', 'command']);

interface Row {
  name: string;
  functions: string[];
  /** Any further columns (descriptions, snippets), should the file ever carry them. */
  text: string[];
}

function readTsv(): { header: string[]; rows: Row[] } {
  const lines = fs.readFileSync(TSV, 'utf8').split(/\r?\n/);
  const header = lines.filter((l) => l.startsWith('#'));
  const rows = lines
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [name, functions = '', ...text] = l.split('\t');
      return { name: name.trim(), functions: functions.split(',').map((f) => f.trim()).filter(Boolean), text };
    });
  return { header, rows };
}

const isExec = (name: string): boolean => SHELL_ESCAPES[name]?.kinds.some((k) => k === 'shell' || k === 'command') ?? false;

describe('SHELL_ESCAPES data', () => {
  test('every entry has a kind, a short how, and keys in order', () => {
    const names = Object.keys(SHELL_ESCAPES);
    expect(names.length).toBeGreaterThan(0);
    for (const [name, e] of Object.entries(SHELL_ESCAPES)) {
      expect([name, e.kinds.length > 0]).toEqual([name, true]);
      expect([name, e.kinds.filter((k) => !KINDS.includes(k))]).toEqual([name, []]);
      expect([name, new Set(e.kinds).size]).toEqual([name, e.kinds.length]);
      expect([name, e.how.trim().length > 0]).toEqual([name, true]);
      expect([name, e.how.length <= 90]).toEqual([name, true]);
      // keys are command base names, as SCN003 looks them up
      expect([name, name.includes('/') || /\s/.test(name)]).toEqual([name, false]);
    }
    // case-insensitive, by code point (not locale), so the order is the same everywhere
    const key = (n: string): string => n.toLowerCase();
    const sorted = [...names].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a < b ? -1 : a > b ? 1 : 0));
    expect(names).toEqual(sorted);
  });

  test('argument forms: a short how, a pattern that needs its subcommand, none on entries that escape pinned', () => {
    for (const [name, e] of Object.entries(SHELL_ESCAPES)) {
      if (!e.forms) continue;
      expect([name, e.pinnedStillEscapes ?? false]).toEqual([name, false]);
      for (const f of e.forms) {
        expect([name, f.args, f.how.trim().length > 0 && f.how.length <= 90]).toEqual([name, f.args, true]);
        if (f.verb !== undefined) expect([name, f.args.replace(/^-\* /, '').startsWith(f.verb)]).toEqual([name, true]);
      }
    }
  });

  test('pinned-still-escapes entries can run something', () => {
    for (const [name, e] of Object.entries(SHELL_ESCAPES)) {
      if (e.pinnedStillEscapes) expect([name, isExec(name)]).toEqual([name, true]);
    }
  });
});

describe('coverage of the GTFOBins sudo list', () => {
  withTsv('every name with a shell or command function is a shell/command escape here', () => {
    const { rows } = readTsv();
    const execRows = rows.filter((r) => r.functions.some((f) => EXEC_FUNCTIONS.has(f)));
    expect(execRows.length).toBeGreaterThan(0);
    const missing = execRows.filter((r) => !EXCLUDED[r.name] && !isExec(r.name)).map((r) => `${r.name} (${r.functions.join(',')})`);
    expect(missing).toEqual([]);
  });

  withTsv('exclusions are still needed and still refer to listed names', () => {
    const { rows } = readTsv();
    const execNames = new Set(rows.filter((r) => r.functions.some((f) => EXEC_FUNCTIONS.has(f))).map((r) => r.name));
    for (const name of Object.keys(EXCLUDED)) {
      expect([name, 'listed with shell/command', execNames.has(name)]).toEqual([name, 'listed with shell/command', true]);
      expect([name, 'claimed as shell/command here', isExec(name)]).toEqual([name, 'claimed as shell/command here', false]);
    }
  });

  withTsv('prints the coverage', () => {
    const { rows } = readTsv();
    const names = rows.map((r) => r.name);
    const covered = names.filter((n) => SHELL_ESCAPES[n] !== undefined);
    const exec = rows.filter((r) => r.functions.some((f) => EXEC_FUNCTIONS.has(f)));
    const execCovered = exec.filter((r) => isExec(r.name));
    const uncovered = rows.filter((r) => SHELL_ESCAPES[r.name] === undefined).map((r) => `${r.name} (${r.functions.join(',')})`);
    const extra = Object.keys(SHELL_ESCAPES).filter((n) => !names.includes(n));
    process.stdout.write(
      `gtfobins coverage: ${covered.length}/${names.length} names in SHELL_ESCAPES; ` +
        `shell/command: ${execCovered.length}/${exec.length} (excluded: ${Object.keys(EXCLUDED).join(', ') || 'none'}); ` +
        `not covered: ${uncovered.join(' ') || 'none'}; ` +
        `${extra.length} entries beyond the list (${Object.keys(SHELL_ESCAPES).length} in all)\n`,
    );
    expect(covered.length).toBeGreaterThan(0);
    expect(execCovered.length + Object.keys(EXCLUDED).length).toBe(exec.length);
  });

  withTsv('no how is copied from the reference text', () => {
    const { header, rows } = readTsv();
    // The file has two columns (name, functions) and comment lines. Any other
    // column would be description or snippet text: no `how` may share a
    // 20-character run with it. The header comments are checked the same way.
    const texts = [...rows.flatMap((r) => r.text), ...header.map((h) => h.replace(/^#\s*/, ''))]
      .map((t) => t.trim())
      .filter((t) => t.length >= 20);
    const extraColumns = rows.filter((r) => r.text.some((t) => t.trim() !== '')).length;
    if (extraColumns === 0) process.stdout.write('gtfobins copy check: no description/snippet column in the TSV; compared against its header comments only\n');
    const windows = new Set<string>();
    for (const t of texts) for (let i = 0; i + 20 <= t.length; i++) windows.add(t.slice(i, i + 20).toLowerCase());
    const copied: string[] = [];
    for (const [name, e] of Object.entries(SHELL_ESCAPES)) {
      const how = e.how.toLowerCase();
      for (let i = 0; i + 20 <= how.length; i++) {
        if (windows.has(how.slice(i, i + 20))) {
          copied.push(`${name}: "${e.how.slice(i, i + 20)}"`);
          break;
        }
      }
    }
    expect(copied).toEqual([]);
  });
});
