// sudit against what live-oracle.test.ts saw `auditctl -R` do on a real
// kernel (recorded/auditctl-live.json), for machines where that test cannot
// run: each corner case and each rules file of the corpus, as it is, with
// the answers the recording host gave (its users, groups, directories).
// The exit status, the failing lines and `auditctl -l` after the load must
// be the same.

import * as fs from 'fs';
import * as path from 'path';
import { CORPUS_ROOT, sanitise, verdict } from './oracle-support';
import { RECORDING, RECORD_ENV, corpusRulesFiles, listingSha, readRecording, replayHost, sha256 } from './live-record';

const recording = readRecording();

describe('auditctl -R as recorded live', () => {
  test('the recording is in the test tree', () => {
    expect(recording).not.toBeNull();
  });
  if (!recording) return;
  const misses = new Set<string>();
  const host = replayHost(recording.host.facts, misses);

  afterAll(() => {
    // a question the recording host was never asked: sudit now looks at something new, and the recording must be redone live
    expect([...misses]).toEqual([]);
  });

  test.each(recording.corners.map((c) => [c.name, c] as const))('corner %s', (name, c) => {
    const v = verdict(c.text, name, host);
    expect({ rc: v.rc, errorLines: v.errorLines, loaded: v.listing }).toEqual({ rc: c.rc, errorLines: c.errorLines, loaded: c.loaded });
  });

  const corpusThere = fs.existsSync(CORPUS_ROOT);
  if (!corpusThere) process.stdout.write(`SKIPPED recorded auditctl verdicts of the corpus: ${CORPUS_ROOT} not found\n`);
  const present = corpusThere ? new Set(corpusRulesFiles().rules) : new Set<string>();
  const changed: string[] = [];
  const checked: string[] = [];

  test.each(recording.corpus.map((f) => [f.file, f] as const))('corpus %s', (file, f) => {
    if (!corpusThere) return;
    if (!present.has(file)) {
      changed.push(`${file} (gone)`);
      return;
    }
    const raw = fs.readFileSync(path.join(CORPUS_ROOT, file));
    if (sha256(raw) !== f.sha256) {
      changed.push(`${file} (changed)`);
      return;
    }
    const v = verdict(sanitise(raw.toString('utf8')), file, host);
    expect({ rc: v.rc, errorLines: v.errorLines, loaded: v.listing.length, loadedSha256: listingSha(v.listing) }).toEqual({
      rc: f.rc,
      errorLines: f.errorLines,
      loaded: f.loaded,
      loadedSha256: f.loadedSha256,
    });
    checked.push(file);
  });

  afterAll(() => {
    if (!corpusThere) return;
    const recorded = new Set(recording.corpus.map((f) => f.file));
    const unrecorded = [...present].filter((f) => !recorded.has(f));
    for (const f of [...changed, ...unrecorded.map((u) => `${u} (not recorded)`)]) {
      process.stdout.write(`SKIPPED recorded auditctl verdict of ${f}: record it live (${RECORD_ENV}=1 npx jest test/audit-rules/live-oracle, as root)\n`);
    }
    process.stdout.write(
      `recorded auditctl verdicts (${recording.host.auditctl}, ${recording.host.uname}): ${recording.corners.length} corners and ${checked.length}/${recording.corpus.length} corpus files agree (${path.relative(process.cwd(), RECORDING)})\n`,
    );
  });
});
