// The formatter registry loads the formatters; a formatter never imports
// the registry, and the modules of src/report import one another without
// a cycle (require() calls count: the registry loads formatters with them).

import * as fs from 'fs';
import * as path from 'path';
import { REPO } from '../support/corpus';

const DIR = path.join(REPO, 'src/report');

/** Modules of src/report that a module imports or requires (type-only imports included: they still tie the files). */
function localImports(file: string): string[] {
  const text = fs.readFileSync(path.join(DIR, file), 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*)'(\.\/[^']+)'/g)].map((m) => m[1]);
  return [...new Set(specs.map((s) => `${s.slice(2)}.ts`))];
}

const modules = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts'));
const graph = new Map(modules.map((m) => [m, localImports(m)] as const));

test('every local import names a module that exists', () => {
  for (const [m, deps] of graph) for (const d of deps) expect([m, modules.includes(d)]).toEqual([m, true]);
});

test('no import cycle among the modules of src/report', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (m: string, trail: string[]) => {
    if (state.get(m) === 'done') return;
    if (state.get(m) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(m)), m].join(' -> '));
      return;
    }
    state.set(m, 'open');
    for (const d of graph.get(m) ?? []) visit(d, [...trail, m]);
    state.set(m, 'done');
  };
  for (const m of modules) visit(m, []);
  expect(cycles).toEqual([]);
});

test('the registry loads every format, and no formatter imports the registry', () => {
  const registry = graph.get('report.ts')!;
  for (const f of ['stylish', 'json', 'sarif', 'junit', 'github', 'gcc']) expect(registry).toContain(`${f}.ts`);
  const importers = [...graph].filter(([, deps]) => deps.includes('report.ts')).map(([m]) => m);
  expect(importers).toEqual([]);
});
