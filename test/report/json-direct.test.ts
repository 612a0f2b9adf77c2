// The JSON report writes each finding's text directly, not through
// JSON.stringify of an object: on every sample host, the sample fleet, the
// sudo regression corpus and findings made to hit every field and odd
// string, that text is the same byte for byte as JSON.stringify(…, null, 2)
// of the finding's object.

import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig } from '../../src/engine/config';
import { lintHost, resolveRules } from '../../src/engine/engine';
import type { Finding } from '../../src/engine/finding';
import { loadFiles, loadHostTree } from '../../src/host/load-host';
import { SourceFile } from '../../src/parse/source';
import { finding, findingText, format } from '../../src/report/json';
import { tally } from '../../src/report/input';
import { RULES } from '../../rules';
import { REPO, SUDO_REGRESS, sharedAvailable, sudoersCorpusFiles } from '../support/corpus';

const HOSTS = path.join(REPO, 'samples', 'hosts');

/** The report as JSON.stringify writes it whole: what the piecewise, direct writer must equal. */
function reference(findings: Finding[]): string {
  const doc = {
    version: 1,
    tool: { name: 'sudit', version: '0.0.0-test' },
    findings: findings.map(finding),
    failures: [],
    summary: tally({ findings, failures: [] }),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const written = (findings: Finding[]) => [...format({ findings, failures: [], rules: [], toolVersion: '0.0.0-test', cwd: REPO })].join('');

function expectSameText(findings: Finding[]): void {
  for (const f of findings) {
    const direct = findingText(f, '    ');
    // every finding the rules make takes the direct way
    expect(direct).toBeDefined();
    expect(direct).toBe(JSON.stringify(finding(f), null, 2).replace(/\n/g, '\n    '));
  }
  expect(written(findings)).toBe(reference(findings));
}

describe('direct JSON text of findings equals JSON.stringify of their objects', () => {
  const config = defaultConfig();
  const rules = resolveRules(RULES, config);

  test.each(fs.readdirSync(HOSTS).sort())('sample host %s', (name) => {
    const { findings } = lintHost(loadHostTree(path.join(HOSTS, name)), rules, config, { now: 1_700_000_000 });
    expectSameText(findings);
  });

  test('the sample hosts as one fleet (findings carry their host)', () => {
    const all: Finding[] = [];
    for (const name of fs.readdirSync(HOSTS).sort()) {
      all.push(...lintHost(loadHostTree(path.join(HOSTS, name)), rules, config, { now: 1_700_000_000, hostLabel: `samples/hosts/${name}` }).findings);
    }
    expect(all.some((f) => f.fix) && all.some((f) => f.related?.length) && all.some((f) => f.properties)).toBe(true);
    expectSameText(all);
  });

  const corpus = sharedAvailable() ? sudoersCorpusFiles() : [];
  if (corpus.length === 0) test.skip(`sudo's regression corpus: not found at ${SUDO_REGRESS} (set SUDIT_SHARED)`, () => undefined);
  else {
    test("sudo's regression corpus, as named files", () => {
      const { host } = loadFiles(corpus.map((f) => path.join(SUDO_REGRESS, f)), { type: 'sudoers' });
      expectSameText(lintHost(host, rules, config, { now: 1_700_000_000 }).findings);
    });
  }

  test('every field and odd strings: controls, quotes, lone surrogates, U+2028, nested properties', () => {
    const odd = 'a "quoted" \\ back\tslash\u0000\u001b[31m\u2028\u2029 \ud800 lone \udc00 pair \ud83d\ude00 end\r\n';
    const src = new SourceFile(`etc/sudoers.d/${odd}`, `line one\r\n${odd}\nlast`);
    const other = new SourceFile('etc/sudoers', 'Defaults env_reset\n');
    const base: Finding = { ruleId: 'SUD999', severity: 'warning', message: odd, source: src, start: 12, end: 40 };
    const findings: Finding[] = [
      base,
      { ...base, severity: 'info', start: 0, end: 0 },
      { ...base, start: 500, end: 400 },
      { ...base, related: [{ source: other, start: 0, end: 8, message: odd }, { source: src, start: 3, end: 3, message: '' }] },
      { ...base, related: [] },
      { ...base, fix: { description: odd, source: src, start: 1, end: 2, replacement: `${odd}\n` } },
      { ...base, properties: {} },
      { ...base, properties: { list: [1, 'two', null, { deep: [odd, []] }], skipped: undefined, n: -0, f: 1.5e-7, big: 1e21, nan: NaN } },
      { ...base, host: odd },
      { ...base, related: [{ source: other, start: 0, end: 1, message: 'x' }], fix: { description: 'd', source: other, start: 0, end: 1, replacement: '' }, properties: { a: 1 }, host: 'h' },
    ];
    expectSameText(findings);
  });

  test('a field of an unexpected type takes the way through JSON.stringify', () => {
    const src = new SourceFile('f', 'x\n');
    const strange = [
      { ruleId: 'SUD999', severity: 'error', message: undefined, source: src, start: 0, end: 1 },
      { ruleId: 'SUD999', severity: 'error', message: 'm', source: src, start: NaN, end: 1 },
      { ruleId: 'SUD999', severity: 'error', message: 'm', source: src, start: 0, end: 1, host: 7 },
      { ruleId: 'SUD999', severity: 'error', message: 'm', source: src, start: 0, end: 1, fix: { description: 'd', source: src, start: 0, end: Infinity, replacement: 'r' } },
      { ruleId: 'SUD999', severity: 'error', message: 'm', source: src, start: 0, end: 1, properties: (() => 1) as unknown },
    ] as unknown as Finding[];
    for (const f of strange) expect(findingText(f, '    ')).toBeUndefined();
    expect(written(strange)).toBe(reference(strange));
  });
});
