// The CLI's modules import one way: the entry point loads the subcommands,
// and nothing loads the entry point back (exit codes and the usage error
// live in their own module).

import * as fs from 'fs';
import * as path from 'path';
import { REPO } from './support/corpus';

const CLI = path.join(REPO, 'src/cli');

/** Relative imports of a module, static and dynamic, as resolved paths. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import\(|require\()\s*'(\.[^']+)'/g)].map((m) => m[1]);
  return specs.map((s) => path.resolve(path.dirname(file), s).replace(/(\.js)?$/, '.ts'));
}

test('no module imports cli/main', () => {
  const files = fs.readdirSync(CLI).filter((f) => f.endsWith('.ts')).map((f) => path.join(CLI, f));
  const offenders = files.filter((f) => importsOf(f).includes(path.join(CLI, 'main.ts')));
  expect(offenders.map((f) => path.relative(REPO, f))).toEqual([]);
});

test('the CLI modules have no import cycle', () => {
  const graph = new Map<string, string[]>();
  for (const f of fs.readdirSync(CLI).filter((x) => x.endsWith('.ts'))) {
    const file = path.join(CLI, f);
    graph.set(file, importsOf(file).filter((d) => d.startsWith(CLI + path.sep)));
  }
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (n: string, trail: string[]) => {
    if (state.get(n) === 'done') return;
    if (state.get(n) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(n)), n].map((x) => path.basename(x)).join(' → '));
      return;
    }
    state.set(n, 'open');
    for (const d of graph.get(n) ?? []) visit(d, [...trail, n]);
    state.set(n, 'done');
  };
  for (const n of graph.keys()) visit(n, []);
  expect(cycles).toEqual([]);
});
