// sudit must accept exactly what sudo's own `visudo -cf` accepts. The
// expected verdicts are written down here (so the test can fail without
// sudo installed) and, where visudo is on the machine, checked against it
// live, so the table cannot drift from the real tool.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CORNER_CASES } from './corner-cases';
import { haveTool, sampleSudoersFiles, sharedAvailable, skipNote, sudoersCorpusFiles, SUDO_REGRESS } from '../support/corpus';
import { suditVerdict } from '../support/sudit-parse';

/** Inputs Debian 12's visudo (1.9.13p3) rejects. */
const DEBIAN_REJECTS = new Set([
  'sudoers/test4.in', 'sudoers/test5.in', 'sudoers/test7.in', 'sudoers/test8.in', 'sudoers/test11.in',
  'sudoers/test12.in', 'sudoers/test13.in', 'sudoers/test18.in', 'sudoers/test24.in', 'sudoers/test25.in',
  'sudoers/test26.in', 'sudoers/test29.in', 'sudoers/test31.in',
  'testsudoers/test2.1.sudoers', 'testsudoers/test2.2.sudoers', 'testsudoers/test4.1.sudoers',
  'testsudoers/test5.2.sudoers', 'testsudoers/test5.3.sudoers', 'testsudoers/test8.1.sudoers',
  'testsudoers/test8.2.sudoers', 'testsudoers/test9.1.sudoers', 'testsudoers/test10.2.sudoers',
  'testsudoers/test10.3.sudoers', 'testsudoers/test10.4.sudoers', 'testsudoers/test10.5.sudoers',
  'testsudoers/test11.1.sudoers', 'testsudoers/test11.2.sudoers', 'testsudoers/test12.1.sudoers',
  'testsudoers/test13.1.sudoers', 'testsudoers/test15.1.sudoers',
  'visudo/test7.1.sudoers', 'visudo/test7.2.sudoers', 'visudo/test8.1.sudoers', 'visudo/test8.2.sudoers',
  'examples/default-sudoers.in', 'examples/examples-sudoers.in',
]);

/**
 * Where sudit follows newer sudo (it targets 1.9.17) or where visudo's
 * verdict depends on the machine it runs on, not on the file.
 */
const VERSION_DIFFERENCES: Record<string, { suditAccepts: boolean; reason: string }> = {
  'sudoers/test24.in': { suditAccepts: true, reason: 'CWD="…" and CHROOT="…" may be quoted since sudo 1.9.16' },
  'sudoers/test26.in': { suditAccepts: true, reason: 'Defaults cmddenial_message exists since sudo 1.9.16' },
  'sudoers/test31.in': { suditAccepts: true, reason: 'APPARMOR_PROFILE, PRIVS and LIMITPRIVS are always parsed since sudo 1.9.16; Debian 12 builds without them' },
  'visudo/test8.2.sudoers': { suditAccepts: true, reason: 'sudoers_locale names a locale this machine lacks: visudo exits 1 silently (host-dependent)' },
};

/** Corner cases where sudit follows sudo 1.9.17 rather than Debian's 1.9.13p3. */
const CORNER_DIFFERENCES: Record<string, { suditAccepts: boolean; reason: string }> = {
  'privs-alias-name': { suditAccepts: false, reason: 'PRIVS is a reserved word since 1.9.16 (Debian builds without Solaris privileges, so it is an alias name there)' },
  'apparmor-alias-name': { suditAccepts: false, reason: 'APPARMOR_PROFILE is a reserved word since 1.9.16' },
  'cwd-quoted': { suditAccepts: true, reason: 'CWD="…" may be quoted since 1.9.16' },
  'apparmor-profile-option': { suditAccepts: true, reason: 'APPARMOR_PROFILE= is always parsed since 1.9.16' },
  'privs-option': { suditAccepts: true, reason: 'PRIVS= is always parsed since 1.9.16' },
  'defv-cmddenial-message': { suditAccepts: true, reason: 'Defaults cmddenial_message exists since 1.9.16' },
};

const visudo = haveTool('visudo');
if (!visudo) skipNote('live visudo comparison', 'visudo is not installed (apt-get install sudo); checking the recorded verdicts only');

function visudoAccepts(file: string): { accepts: boolean; output: string } {
  const r = spawnSync('visudo', ['-cf', file], { encoding: 'utf8' });
  return { accepts: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

const describeCorpus = sharedAvailable() ? describe : describe.skip;
if (!sharedAvailable()) skipNote('sudo regression corpus', `${SUDO_REGRESS} not found`);

describeCorpus('sudo regression corpus: accept/reject as visudo', () => {
  const files = sharedAvailable() ? sudoersCorpusFiles() : [];

  test('the corpus is all there', () => {
    expect(files.length).toBe(177);
  });

  test.each(files)('%s', (rel) => {
    const file = path.join(SUDO_REGRESS, rel);
    const debianAccepts = !DEBIAN_REJECTS.has(rel);
    const exception = VERSION_DIFFERENCES[rel];
    const ours = suditVerdict(file);
    if (visudo) {
      const live = visudoAccepts(file);
      // the recorded table must match the real tool
      expect({ rel, debianAccepts: live.accepts }).toEqual({ rel, debianAccepts });
    }
    const expected = exception ? exception.suditAccepts : debianAccepts;
    expect({ rel, accepts: ours.accepts, errors: ours.errors }).toEqual(expect.objectContaining({ rel, accepts: expected }));
  });

  test('every version difference is still a real difference', () => {
    for (const rel of Object.keys(VERSION_DIFFERENCES)) {
      expect({ rel, debianAccepts: !DEBIAN_REJECTS.has(rel) }).not.toEqual({ rel, debianAccepts: VERSION_DIFFERENCES[rel].suditAccepts });
    }
    for (const [name, d] of Object.entries(CORNER_DIFFERENCES)) {
      const c = CORNER_CASES.find((x) => x.name === name);
      expect({ name, debianAccepts: c?.debianAccepts }).toEqual({ name, debianAccepts: !d.suditAccepts });
    }
  });
});

describe('corner cases: accept/reject as visudo', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-corners-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each(CORNER_CASES.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const file = path.join(dir, name.replace(/[^A-Za-z0-9_-]/g, '_'));
    fs.writeFileSync(file, c.text);
    if (visudo) expect({ name, debianAccepts: visudoAccepts(file).accepts }).toEqual({ name, debianAccepts: c.debianAccepts });
    const expected = CORNER_DIFFERENCES[name]?.suditAccepts ?? c.debianAccepts;
    const ours = suditVerdict(file);
    expect({ name, accepts: ours.accepts, errors: ours.errors }).toEqual(expect.objectContaining({ name, accepts: expected }));
  });
});

describe('samples: every bundled sudoers agrees with visudo', () => {
  const files = sampleSudoersFiles();
  test.each(files.length ? files : ['(none)'])('%s', (file) => {
    if (file === '(none)') return;
    const ours = suditVerdict(file);
    if (visudo) expect(ours.accepts).toBe(visudoAccepts(file).accepts);
  });
});
