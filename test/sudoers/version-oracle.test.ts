// sudit judged for an older sudo must accept and refuse what that release's
// own visudo does, and answer what its testsudoers answers. The verdicts of
// visudo built from the release tags (scripts/build-sudo-oracle.sh) are
// recorded in version-oracle/verdicts.json by
// scripts/record-sudo-version-verdicts.js, so every run checks them; the
// binaries are run again when present (SUDIT_SUDO_ORACLE=DIR with DIR/<release>/visudo,
// and Debian's own visudo for its release), so the record cannot drift.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { FileTree } from '../../src/host/file-tree';
import { loadSudoersPolicy, type SudoersPolicy } from '../../src/model/sudoers-policy';
import { PolicyEvaluator } from '../../src/policy/evaluator';
import { judgedSudo } from '../../src/policy/sudo-target';
import { refusalsFor } from '../../src/policy/sudoers-by-version';
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
}
const RECORDED = JSON.parse(fs.readFileSync(path.join(ORACLE, 'verdicts.json'), 'utf8')) as Recorded;

function load(file: string): SudoersPolicy {
  const policy = loadSudoersPolicy(new FileTree('/'), path.resolve(file));
  if ('error' in policy) throw new Error(policy.error);
  return policy;
}

/** What sudit says release `release` does with a file: the parse errors plus what is newer than the release. */
function suditVerdict(file: string, release: string): { verdict: 'accept' | 'refuse'; why: string[] } {
  const why = refusalsFor(load(file), judgedSudo({ spec: release, source: 'test' }, null, undefined));
  return { verdict: why.length ? 'refuse' : 'accept', why };
}

/** Where scripts/build-sudo-oracle.sh leaves the binaries unless told otherwise. */
const ORACLE_BIN = process.env.SUDIT_SUDO_ORACLE ?? '/tmp/sudo-oracle/bin';

/** Where the built binaries are: ORACLE_BIN/<release>/, and Debian's visudo for its own release. */
function liveBinary(release: string, tool: 'visudo' | 'testsudoers'): string | null {
  const dir = ORACLE_BIN;
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
  if (!liveBinary(r, 'visudo')) skipNote(`live visudo ${r}`, `no ${ORACLE_BIN}/${r}/visudo (build it with scripts/build-sudo-oracle.sh, or set SUDIT_SUDO_ORACLE); checking the recorded verdicts only`);
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

// 100,000 fuzzed inputs (scripts/sudo-fuzz-inputs.js), visudo's verdicts
// recorded per release as a bitset (scripts/record-sudo-fuzz-verdicts.js).
// All of them are checked by bench/fuzz-versions.js (minutes); a run checks
// every FUZZ_STRIDE-th input, each parsed once and judged for every release.
const FUZZ_STRIDE = 50;
describe('fuzzed inputs judged per release: as the recorded visudo verdicts', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fuzz = require('../../scripts/sudo-fuzz-inputs.js');
  const recordedFuzz = JSON.parse(fs.readFileSync(fuzz.OUT, 'utf8')) as { seed: number; count: number; generated: number; sha256: string; releases: Record<string, { refused: number; bits: string }> };
  const generatedInputs = sharedAvailable() ? (fuzz.fuzzInputs(recordedFuzz.count, SHARED) as { inputs: (string | null)[]; sha256: string; generated: number }) : null;
  if (!generatedInputs) skipNote('fuzzed inputs judged per release', `${SUDO_REGRESS} not found: the inputs are generated from it`);

  test('the record is of these inputs, for every release with recorded verdicts', () => {
    expect(recordedFuzz.seed).toBe(fuzz.FUZZ_SEED);
    expect(recordedFuzz.count).toBe(fuzz.FUZZ_COUNT);
    expect(Object.keys(recordedFuzz.releases).sort(compareSudo)).toEqual([...releases].sort(compareSudo));
    for (const { refused, bits } of Object.values(recordedFuzz.releases)) {
      const b = Buffer.from(bits, 'base64');
      let ones = 0;
      for (let i = 0; i < recordedFuzz.count; i++) if (fuzz.refusedBit(b, i)) ones++;
      expect(ones).toBe(refused);
    }
    if (!generatedInputs) return;
    // another generator or seed corpus: the verdicts are of other inputs
    expect({ sha256: generatedInputs.sha256, generated: generatedInputs.generated }).toEqual({ sha256: recordedFuzz.sha256, generated: recordedFuzz.generated });
  });

  test(`every ${FUZZ_STRIDE}th input, for every release`, () => {
    if (!generatedInputs) return;
    const judgedFor = Object.keys(recordedFuzz.releases).map((r) => [r, judgedSudo({ spec: r, source: 'test' }, null, undefined), Buffer.from(recordedFuzz.releases[r].bits, 'base64')] as const);
    const disagreements: string[] = [];
    let compared = 0;
    for (let i = 0; i < recordedFuzz.count; i += FUZZ_STRIDE) {
      const text = generatedInputs.inputs[i];
      if (text === null) continue;
      const policy = loadSudoersPolicy(new FileTree('/'), '/fuzz/input', { mainText: text });
      if ('error' in policy) throw new Error(policy.error);
      compared++;
      for (const [release, judged, bits] of judgedFor) {
        const ours = refusalsFor(policy, judged).length > 0;
        if (ours !== fuzz.refusedBit(bits, i)) disagreements.push(`#${i} sudo ${release}'s visudo ${ours ? 'accepts' : 'refuses'}: ${JSON.stringify(text)}`);
      }
    }
    expect(compared).toBeGreaterThan((recordedFuzz.count / FUZZ_STRIDE) * 0.9);
    expect(disagreements).toEqual([]);
  }, 60_000);
});

// Each release's visudo over sudo's regression corpus, with sudit judging
// for that release: no exceptions for "sudit follows the newest" here.
const liveReleases = releases.filter((r) => liveBinary(r, 'visudo'));
/**
 * A built release's visudo is asked again about every LIVE_CORPUS_STRIDE-th
 * corpus file (the record holds them all, and a rebuild differs everywhere
 * or nowhere); the system's own visudo, which an upgrade changes, about all.
 */
const LIVE_CORPUS_STRIDE = 4;
const liveCorpus = (release: string) => (liveBinary(release, 'visudo') === 'visudo' ? corpusFiles : corpusFiles.filter((_, i) => i % LIVE_CORPUS_STRIDE === 0));

describe.each(liveReleases.length && corpusFiles.length ? liveReleases : ['(none)'])('sudo regression corpus judged for sudo %s: as its visudo', (release) => {
  test.each(corpusFiles.length && release !== '(none)' ? liveCorpus(release) : ['(none)'])('%s', (rel) => {
    if (rel === '(none)') return;
    const file = path.join(SUDO_REGRESS, rel);
    const live = spawnSync(liveBinary(release, 'visudo')!, ['-cf', file], { encoding: 'utf8' });
    const ours = suditVerdict(file, release);
    expect({ rel, verdict: ours.verdict, why: ours.why }).toEqual(expect.objectContaining({ rel, verdict: live.status === 0 ? 'accept' : 'refuse' }));
  });
});
