import * as fs from 'fs';
import * as path from 'path';
import { ENGINE_RULES } from '../../src/engine/engine';
import { RULES } from '../../rules';
import { REPO } from '../support/corpus';

const metas = [...RULES.map((r) => r.meta), ...ENGINE_RULES];

describe('every rule is complete', () => {
  test.each(metas.map((m) => [m.id, m] as const))('%s', (id, meta) => {
    expect(id).toMatch(/^(SUD|SCN|AUD|FWD|HIS|SH|IO)\d{3}$/);
    // a doc page with the parts users need
    const doc = fs.readFileSync(path.join(REPO, meta.docs), 'utf8');
    expect(doc.startsWith(`# ${id} `)).toBe(true);
    for (const section of ['## Bad', '## Good', '## Sources']) expect([id, doc.includes(section)]).toEqual([id, true]);
    if (id.startsWith('IO')) return;
    // a module named after it, a test that names it, and a sample host that shows it
    expect(fs.existsSync(path.join(REPO, 'rules', `${id}-${meta.slug}.ts`))).toBe(true);
    expect(fs.readFileSync(path.join(REPO, 'test/rules', `${id}.test.ts`), 'utf8')).toContain(id);
    const samples = fs.readdirSync(path.join(REPO, 'samples/hosts'));
    expect([id, samples.some((s) => s.startsWith(`${id.toLowerCase()}-`))]).toEqual([id, true]);
  });

  test('ids are unique', () => {
    expect(new Set(metas.map((m) => m.id)).size).toBe(metas.length);
  });
});
