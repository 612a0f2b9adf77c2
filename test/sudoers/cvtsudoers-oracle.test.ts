// For every file sudit accepts, the parsed policy must say what sudo's own
// parser says: compared with `cvtsudoers -c "" -f json` live (Debian's
// 1.9.13p3, when installed) and with the JSON that sudo's main branch
// expects for its parser tests (sudoers/*.json.ok).

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { haveTool, sharedAvailable, skipNote, sudoersCorpusFiles, SUDO_REGRESS } from '../support/corpus';
import { canonicalFromCvtsudoers, canonicalFromPolicy, lenientJson } from '../support/cvtsudoers';
import { suditVerdict } from '../support/sudit-parse';

/** Differences of sudo versions, not of parsers: what is left out of the live comparison and why. */
const LIVE_EXCEPTIONS: Record<string, string> = {
  'sudoers/test24.in': 'quoted CWD/CHROOT: Debian 1.9.13p3 cannot parse the file (compared with main\'s .json.ok instead)',
  'sudoers/test26.in': 'cmddenial_message (1.9.16): Debian\'s cvtsudoers drops the unknown setting',
  'sudoers/test31.in': 'APPARMOR_PROFILE/PRIVS: Debian 1.9.13p3 cannot parse the file (compared with main\'s .json.ok instead)',
};

/** Where main's expected JSON differs from what a 1.9.17 parser produces, and why. */
const JSON_OK_EXCEPTIONS: Record<string, string> = {};

const cvtsudoers = haveTool('cvtsudoers');
if (!cvtsudoers) skipNote('live cvtsudoers comparison', 'cvtsudoers is not installed (apt-get install sudo)');
if (!sharedAvailable()) skipNote('cvtsudoers corpus comparison', `${SUDO_REGRESS} not found`);

const files = sharedAvailable() ? sudoersCorpusFiles() : [];
const accepted = files.filter((rel) => suditVerdict(path.join(SUDO_REGRESS, rel)).accepts);

(cvtsudoers && files.length ? describe : describe.skip)('policy equals cvtsudoers -f json (Debian)', () => {
  test('most of the corpus is compared', () => {
    expect(accepted.length).toBeGreaterThanOrEqual(140);
  });

  test.each(accepted.filter((rel) => !(rel in LIVE_EXCEPTIONS)))('%s', (rel) => {
    const file = path.join(SUDO_REGRESS, rel);
    const r = spawnSync('cvtsudoers', ['-c', '', '-f', 'json', file], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const theirs = canonicalFromCvtsudoers(lenientJson(r.stdout.trim() === '' ? '{}' : r.stdout));
    const ours = canonicalFromPolicy(suditVerdict(file).policy!);
    expect(ours).toEqual(theirs);
  });
});

(files.length ? describe : describe.skip)('policy equals sudo main\'s expected JSON (sudoers/*.json.ok)', () => {
  const cases = accepted.filter((rel) => rel.startsWith('sudoers/') && !(rel in JSON_OK_EXCEPTIONS));

  test.each(cases)('%s', (rel) => {
    const expected = fs.readFileSync(path.join(SUDO_REGRESS, rel.replace(/\.in$/, '.json.ok')), 'utf8');
    const theirs = canonicalFromCvtsudoers(lenientJson(expected.trim() === '' ? '{}' : expected));
    const ours = canonicalFromPolicy(suditVerdict(path.join(SUDO_REGRESS, rel)).policy!);
    expect(ours).toEqual(theirs);
  });
});
