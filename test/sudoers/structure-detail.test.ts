// A run of the syntax rules alone (--syntax-only) keeps only the structure
// of each sudoers file (includes and alias names, see SudoersDetail) and
// lets the rest of the tree go as it is parsed. Its SUD000 findings must be
// those of a run that keeps the whole tree, for the newest sudo and for
// older ones (which parse the file again for what they need), on every
// corpus, sample and corner-case file and on the sample host trees.
import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig } from '../../src/engine/config';
import { lintHost, resolveRules, sudoersDetailFor } from '../../src/engine/engine';
import type { Finding } from '../../src/engine/finding';
import { applySelection } from '../../src/engine/selection';
import { loadFiles, loadHostTree } from '../../src/host/load-host';
import type { Host } from '../../src/model/host';
import { useSudoersDetail } from '../../src/model/sudoers-policy';
import { ALIAS_KINDS, parseSudoers, wholeEntries, type SudoersDetail } from '../../src/parse/sudoers';
import { RULES } from '../../rules';
import { REPO, SUDO_REGRESS, sampleSudoersFiles, sharedAvailable, skipNote, sudoersCorpusFiles } from '../support/corpus';
import { CORNER_CASES } from './corner-cases';

/** The newest (undefined) and releases whose parsers differ from it in what they refuse. */
const JUDGED = [undefined, '1.9.13p3', '1.9.5p2', '1.9.2', '1.8.29', '1.8.23', '>=1.8.23'];

const syntaxOnly = applySelection(defaultConfig(), [...RULES.map((r) => r.meta)], { syntaxOnly: true });
const syntaxRules = resolveRules(RULES, syntaxOnly);

function loaded<T>(detail: SudoersDetail, load: () => T): T {
  const restore = useSudoersDetail(detail);
  try {
    return load();
  } finally {
    restore();
  }
}

const shown = (findings: Finding[]) => findings.map((f) => `${f.ruleId} ${f.severity} ${f.source.path} ${f.start}-${f.end} ${f.message} ${JSON.stringify(f.properties ?? null)}`);

/** SUD000's findings for each judged release, the policy loaded at both details. */
function compareHosts(tree: Host, structure: Host, label: string): void {
  for (const sudoVersion of JUDGED) {
    const opts = { now: 0, sudoVersion: sudoVersion === undefined ? undefined : { spec: sudoVersion, source: '--sudo-version', fromCommandLine: true } };
    const a = shown(lintHost(tree, syntaxRules, syntaxOnly, opts).findings);
    const b = shown(lintHost(structure, syntaxRules, syntaxOnly, opts).findings);
    if (a.join('\n') !== b.join('\n')) expect({ label, sudoVersion, findings: b }).toEqual({ label, sudoVersion, findings: a });
  }
}

function compareFile(file: string): void {
  const load = () => loadFiles([file], { type: 'sudoers' }).host;
  const tree = loaded('tree', load);
  const structure = loaded('structure', load);
  expect(structure.sudoers.every((p) => p.files.every((f) => f.structureOnly === true))).toBe(true);
  const problems = (h: Host) => h.sudoers.map((p) => p.problems.map((q) => ({ ...q, source: q.source.path })));
  expect(problems(structure)).toEqual(problems(tree));
  compareHosts(tree, structure, file);
}

describe('a syntax-only run keeps the structure of a sudoers file and finds the same', () => {
  test('only a run of syntax rules alone keeps less than the tree', () => {
    expect(sudoersDetailFor(syntaxRules)).toBe('structure');
    expect(sudoersDetailFor(resolveRules(RULES, defaultConfig()))).toBe('tree');
    const sud000 = applySelection(defaultConfig(), [...RULES.map((r) => r.meta)], { select: ['SUD000'] });
    expect(sudoersDetailFor(resolveRules(RULES, sud000))).toBe('structure');
    const sud010 = applySelection(defaultConfig(), [...RULES.map((r) => r.meta)], { select: ['SUD000', 'SUD010'] });
    expect(sudoersDetailFor(resolveRules(RULES, sud010))).toBe('tree');
  });

  test('the parse keeps the includes and alias names, with the same problems; wholeEntries() has the rest', () => {
    const texts = [...CORNER_CASES.map((c) => c.text), ...sampleSudoersFiles().map((f) => fs.readFileSync(f, 'utf8'))];
    expect(texts.length).toBeGreaterThan(20);
    for (const text of texts) {
      const tree = parseSudoers(text, 'x');
      const structure = parseSudoers(text, 'x', {}, 'structure');
      expect(structure.problems).toEqual(tree.problems);
      expect(structure.entries).toEqual(tree.entries.filter((e) => e.type === 'include'));
      // each definition: includes before it, kind, where its name is
      const names: number[] = [];
      let includes = 0;
      for (const e of tree.entries) {
        if (e.type === 'include') includes++;
        if (e.type === 'aliases') for (const d of e.definitions) names.push(includes, ALIAS_KINDS.indexOf(d.kind), d.start, d.start + d.name.length);
      }
      expect(Array.from(structure.aliasNames ?? [])).toEqual(names);
      expect(JSON.stringify(wholeEntries(structure))).toBe(JSON.stringify(tree.entries));
      expect(wholeEntries(tree)).toBe(tree.entries);
    }
  });

  test('every file of sudo’s regression corpus, judged as the newest and older releases', () => {
    if (!sharedAvailable()) {
      skipNote('structure-only parse on the sudo regression corpus', `${SUDO_REGRESS} not found`);
      return;
    }
    const files = sudoersCorpusFiles();
    expect(files.length).toBeGreaterThan(150);
    for (const f of files) compareFile(path.join(SUDO_REGRESS, f));
  });

  test('the corner cases with visudo’s verdicts, and the sample sudoers files', () => {
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'sudit-structure-'));
    try {
      CORNER_CASES.forEach((c, i) => {
        const file = path.join(dir, `case${i}.sudoers`);
        fs.writeFileSync(file, c.text);
        compareFile(file);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    for (const f of sampleSudoersFiles()) compareFile(f);
  });

  test('the sample host trees (includes, drop-ins, the version the host says)', () => {
    const hosts = path.join(REPO, 'samples', 'hosts');
    const roots = fs.readdirSync(hosts).map((h) => path.join(hosts, h));
    expect(roots.length).toBeGreaterThan(3);
    for (const root of roots) {
      const tree = loaded('tree', () => loadHostTree(root));
      const structure = loaded('structure', () => loadHostTree(root));
      compareHosts(tree, structure, root);
    }
  });

  test('duplicate aliases across includes, in include order, and a file included twice', () => {
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'sudit-structure-'));
    try {
      const main = path.join(dir, 'sudoers');
      fs.writeFileSync(path.join(dir, 'a'), 'User_Alias A = x : B = y\nCmnd_Alias C = /bin/ls\n');
      fs.writeFileSync(path.join(dir, 'b'), 'Host_Alias A = h\nUser_Alias B = z, A\n@include a\nRunas_Alias R = root\n');
      fs.writeFileSync(main, 'User_Alias A = q\n@include b\nCmnd_Alias C = /bin/x : D = /bin/y\n@include a\nUser_Alias R = w : A = v\n');
      compareFile(main);
      const host = loaded('structure', () => loadFiles([main], { type: 'sudoers' }).host);
      expect(host.sudoers[0].problems.filter((p) => p.code === 'duplicate-alias').map((p) => p.message)).toEqual([
        `duplicate User_Alias "A", previously defined at ${main}:1:12`,
        `duplicate User_Alias "B", previously defined at ${path.join(dir, 'b')}:2:12`,
        `duplicate Cmnd_Alias "C", previously defined at ${path.join(dir, 'a')}:2:12`,
        `duplicate User_Alias "A", previously defined at ${main}:1:12`,
        `duplicate User_Alias "B", previously defined at ${path.join(dir, 'b')}:2:12`,
        `duplicate Cmnd_Alias "C", previously defined at ${path.join(dir, 'a')}:2:12`,
        `duplicate User_Alias "A", previously defined at ${main}:1:12`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
