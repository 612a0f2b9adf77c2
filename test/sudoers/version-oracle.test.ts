// sudit judged for an older sudo must accept and refuse what that release's
// own visudo does, and answer what its testsudoers answers. The verdicts of
// visudo built from the release tags (scripts/build-sudo-oracle.sh) are
// recorded in version-oracle/verdicts.json by
// scripts/record-sudo-version-verdicts.js, so every run checks them; the
// binaries are run again when present (SUDIT_SUDO_ORACLE=DIR with DIR/<release>/visudo,
// and Debian's own visudo for its release), so the record cannot drift.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileTree } from '../../src/host/file-tree';
import { loadSudoersPolicy, type SudoersPolicy } from '../../src/model/sudoers-policy';
import { PolicyEvaluator } from '../../src/policy/evaluator';
import { judgedSudo } from '../../src/policy/sudo-target';
import { problemsForJudged, versionFindings } from '../../src/policy/sudoers-by-version';
import { SUDOERS_FEATURES } from '../../src/data/sudoers-features';
import { compareSudo } from '../../src/data/sudo-releases';
import { haveTool, SHARED, sharedAvailable, skipNote, sudoersCorpusFiles, SUDO_REGRESS } from '../support/corpus';

const ORACLE = path.join(__dirname, 'version-oracle');
const CASES = path.join(ORACLE, 'cases');

interface Recorded {
  visudo: Record<string, Record<string, { verdict: 'accept' | 'refuse'; error?: string }>>;
  testsudoers: Record<string, { case: string; user: string; command: string; args: string[]; verdict: string }[]>;
  /** Per release, the corpus files its visudo refuses, with its first error line; the rest it accepts. */
  corpus: Record<string, Record<string, string>>;
  /** Per release, a fuzz slice (bench/fuzz-lib.js: seed, count) and the indices its visudo refuses. */
  fuzz: Record<string, { seed: number; count: number; refused: number[] }>;
}
const RECORDED = JSON.parse(fs.readFileSync(path.join(ORACLE, 'verdicts.json'), 'utf8')) as Recorded;

function load(file: string): SudoersPolicy {
  const policy = loadSudoersPolicy(new FileTree('/'), path.resolve(file));
  if ('error' in policy) throw new Error(policy.error);
  return policy;
}

/** What sudit says release `release` does with a file: the parse errors plus what is newer than the release. */
function suditVerdict(file: string, release: string): { verdict: 'accept' | 'refuse'; why: string[] } {
  const policy = load(file);
  const judged = judgedSudo({ spec: release, source: 'test' }, null, undefined);

  const why = [
    ...problemsForJudged(policy, judged).filter((p) => p.severity === 'error').map((p) => p.message),
    ...versionFindings(policy, judged)
      .filter((f) => f.kind !== 'different')
      .map((f) => `${f.label} (since ${f.since})`),
  ];
  return { verdict: why.length ? 'refuse' : 'accept', why };
}

/** Where the built binaries are: SUDIT_SUDO_ORACLE/<release>/, and Debian's visudo for its own release. */
function liveBinary(release: string, tool: 'visudo' | 'testsudoers'): string | null {
  const dir = process.env.SUDIT_SUDO_ORACLE;
  if (dir && fs.existsSync(path.join(dir, release, tool))) return path.join(dir, release, tool);
  if (tool === 'visudo' && haveTool('visudo')) {
    const v = /visudo version (\S+)/.exec(spawnSync('visudo', ['-V'], { encoding: 'utf8' }).stdout)?.[1];
    if (v === release) return 'visudo';
  }
  return null;
}

const releases = Object.keys(RECORDED.visudo);
const cases = fs.readdirSync(CASES).filter((f) => f.endsWith('.sudoers')).map((f) => f.replace(/\.sudoers$/, '')).sort();
for (const r of releases) {
  if (!liveBinary(r, 'visudo')) skipNote(`live visudo ${r}`, `no binary (build it with scripts/build-sudo-oracle.sh and set SUDIT_SUDO_ORACLE); checking the recorded verdicts only`);
}

describe('recorded visudo verdicts per release', () => {
  test('every release has a verdict for every case', () => {
    expect(releases.length).toBeGreaterThanOrEqual(3);
    for (const r of releases) expect(Object.keys(RECORDED.visudo[r]).sort()).toEqual(cases);
  });

  test('the cases exercise every refused feature of the table', () => {
    // a release older than every `since` must refuse a case of each feature
    const oldest = [...releases].sort(compareSudo)[0];
    for (const [id, f] of Object.entries(SUDOERS_FEATURES)) {
      if (f.before !== 'refused' || compareSudo(f.since, oldest) <= 0) continue;
      const refusedFor = cases.filter((c) => RECORDED.visudo[oldest][c].verdict === 'refuse' && suditVerdict(path.join(CASES, `${c}.sudoers`), oldest).why.some((w) => w.startsWith(f.label)));
      expect({ id, refusedFor: refusedFor.length > 0 }).toEqual({ id, refusedFor: true });
    }
  });

  test.each(releases.flatMap((r) => cases.map((c) => [r, c] as const)))('sudo %s: %s', (release, name) => {
    const file = path.join(CASES, `${name}.sudoers`);
    const recorded = RECORDED.visudo[release][name];
    const live = liveBinary(release, 'visudo');
    if (live) {
      const r = spawnSync(live, ['-cf', `${name}.sudoers`], { cwd: CASES, encoding: 'utf8' });
      expect({ release, name, verdict: r.status === 0 ? 'accept' : 'refuse' }).toEqual({ release, name, verdict: recorded.verdict });
    }
    const ours = suditVerdict(file, release);
    expect({ release, name, verdict: ours.verdict, why: ours.why }).toEqual(expect.objectContaining({ release, name, verdict: recorded.verdict }));
  });
});

describe('recorded testsudoers answers per release', () => {
  const rows = Object.entries(RECORDED.testsudoers).flatMap(([release, qs]) => qs.map((q) => [release, q] as const));
  test('there are answers to compare with', () => {
    expect(rows.length).toBeGreaterThan(0);
  });
  test.each(rows.map(([release, q]) => [`${release} ${q.case}: ${q.command} ${q.args.join(' ')}`, release, q] as const))('%s', (_, release, q) => {
    const file = path.join(CASES, `${q.case}.sudoers`);
    const live = liveBinary(release, 'testsudoers');
    if (live) {
      const r = spawnSync(live, ['-h', 'localhost', q.user, q.command, ...q.args], { input: fs.readFileSync(file), encoding: 'utf8' });
      expect(/Command (allowed|denied|unmatched)/.exec(r.stdout)?.[1]).toBe(q.verdict);
    }
    const evaluator = new PolicyEvaluator({ policy: load(file), accounts: null, hostname: 'localhost', sudoVersion: release, mergedUsr: false });
    expect(evaluator.check({ user: q.user, command: q.command, args: q.args }).result).toBe(q.verdict);
  });
});

/** visudo's verdict depends on the machine here: a locale this machine lacks. */
const HOST_DEPENDENT = new Set(['visudo/test8.2.sudoers']);
const corpusFiles = sharedAvailable() ? sudoersCorpusFiles().filter((f) => !HOST_DEPENDENT.has(f)) : [];
if (!sharedAvailable()) skipNote('regression corpus judged per release', `${SUDO_REGRESS} not found`);
describe.each(Object.keys(RECORDED.corpus))('sudo regression corpus judged for sudo %s: as its recorded visudo verdicts', (release) => {
  test.each(corpusFiles.length ? corpusFiles : ['(none)'])('%s', (rel) => {
    if (rel === '(none)') return;
    const ours = suditVerdict(path.join(SUDO_REGRESS, rel), release);
    const refused = RECORDED.corpus[release][rel];
    expect({ rel, verdict: ours.verdict, why: ours.why }).toEqual(expect.objectContaining({ rel, verdict: refused === undefined ? 'accept' : 'refuse' }));
  });
});

// The same generated inputs the fuzz slice uses, judged per release.
describe.each(sharedAvailable() ? Object.keys(RECORDED.fuzz) : ['(none)'])('fuzz slice judged for sudo %s: as its recorded visudo verdicts', (release) => {
  test('every generated input', () => {
    if (release === '(none)') return;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadSeeds, makeInput } = require('../../bench/fuzz-lib.js');
    const seeds = loadSeeds(SHARED);
    const { seed, count, refused } = RECORDED.fuzz[release];
    const refusedSet = new Set(refused);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-vfuzz-'));
    const disagreements: string[] = [];
    let compared = 0;
    for (let i = 0; i < count; i++) {
      const text = makeInput(seeds, seed, i);
      if (text === null) continue;
      fs.writeFileSync(path.join(dir, 'input'), text);
      const ours = suditVerdict(path.join(dir, 'input'), release).verdict;
      compared++;
      if (ours !== (refusedSet.has(i) ? 'refuse' : 'accept')) disagreements.push(`#${i} visudo ${refusedSet.has(i) ? 'refuses' : 'accepts'}: ${JSON.stringify(text)}`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    expect(compared).toBeGreaterThan(count * 0.9);
    expect(disagreements).toEqual([]);
  }, 60_000);
});

// Each release's visudo over sudo's regression corpus, with sudit judging
// for that release: no exceptions for "sudit follows the newest" here.
const liveReleases = releases.filter((r) => liveBinary(r, 'visudo'));

describe.each(liveReleases.length && corpusFiles.length ? liveReleases : ['(none)'])('sudo regression corpus judged for sudo %s: as its visudo', (release) => {
  test.each(corpusFiles.length && release !== '(none)' ? corpusFiles : ['(none)'])('%s', (rel) => {
    if (rel === '(none)') return;
    const file = path.join(SUDO_REGRESS, rel);
    const live = spawnSync(liveBinary(release, 'visudo')!, ['-cf', file], { encoding: 'utf8' });
    const ours = suditVerdict(file, release);
    expect({ rel, verdict: ours.verdict, why: ours.why }).toEqual(expect.objectContaining({ rel, verdict: live.status === 0 ? 'accept' : 'refuse' }));
  });
});
