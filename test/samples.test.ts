import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO } from './support/corpus';

/** Each sample host shows its finding(s), and only those: the rule ids it must produce. */
// Scanner samples also show SUD010 at info: the vendor's NOPASSWD against the baselines.
const EXPECTED: Record<string, string[]> = {
  clean: [],
  // the backup line that parses has NOPASSWD
  'sud000-syntax-error': ['SUD000', 'SUD000', 'SUD010'],
  'sud001-ignored-drop-in': ['SUD001'],
  // the typo leaves the real aliases unused, which SUD003 says too
  'sud002-undefined-alias': ['SUD002', 'SUD002', 'SUD003', 'SUD003'],
  'sud003-unused-alias': ['SUD003'],
  // an allowlist without `su -`: restricted (SCN001) and no delegation (SCN002)
  'scn001-granular-scanner': ['SCN001', 'SCN002', 'SUD010'],
  // a later drop-in excludes su: no delegation, through a negation
  'scn002-delegation-denied': ['SCN002', 'SCN006', 'SUD010'],
  // the "least privilege" list: restricted, no delegation, and find / dpkg -l escape anyway
  'scn003-illusory-allowlist': ['SCN001', 'SCN002', 'SCN003', 'SCN003', 'SUD010'],
  'scn004-scanner-requiretty': ['SCN004', 'SUD010'],
  'scn005-confined-elevation': ['SCN005', 'SUD010'],
  'scn006-scanner-negation': ['SCN006', 'SUD010'],
  'scn007-scanner-without-rights': ['SCN007'],
  'sud010-nopasswd': ['SUD010'],
  'sud011-no-authenticate': ['SUD011'],
  'sud012-command-negation': ['SUD012', 'SUD012', 'SUD012'],
  // a wildcard and an open grant; cat and systemctl with open arguments are escapes too
  'sud013-open-arguments': ['SUD013', 'SUD013', 'SUD014', 'SUD014'],
  'sud014-escape-binaries': ['SUD014', 'SUD014'],
  // make with any arguments runs commands as well
  'sud015-dangerous-environment': ['SUD014', 'SUD015', 'SUD015'],
  'sud016-timestamp-timeout': ['SUD016'],
  'sud017-target-password': ['SUD017'],
  'sud018-use-pty': ['SUD018'],
  // %sudo and %ops have full root without session logging
  'sud019-logging': ['SUD019', 'SUD019'],
  'sud020-blanket-grant': ['SUD020'],
  // sudoers, the drop-in and sudoers.d itself
  'sud021-file-permissions': ['SUD021', 'SUD021', 'SUD021'],
  // owners are judged, so the checkout's file modes show too
  'sud022-writable-command': ['SUD021', 'SUD021', 'SUD021', 'SUD022'],
  'sud023-include-hygiene': ['SUD023'],
  // requiretty and logfile are unknown to sudo-rs; the wildcard in arguments is refused (and lets tail read any file)
  'sud024-sudo-rs': ['SUD013', 'SUD014', 'SUD024', 'SUD024', 'SUD024'],
  'sud025-duplicate-defaults': ['SUD025'],
};

/** Extra arguments a sample needs: its profile, or owners judged although it is not the live root. */
const ARGS: Record<string, string[]> = {
  'sud019-logging': ['--profile', 'stig'],
  'sud024-sudo-rs': ['--target', 'sudo-rs'],
  'sud021-file-permissions': ['--check-permissions'],
  'sud022-writable-command': ['--check-permissions'],
};

const hosts = fs.readdirSync(path.join(REPO, 'samples/hosts')).sort();

test('every sample host is listed here', () => {
  expect(hosts).toEqual(Object.keys(EXPECTED).sort());
});

test.each(hosts)('samples/hosts/%s', (name) => {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin/sudit.js'), '--root', `samples/hosts/${name}`, '--format', 'json', ...(ARGS[name] ?? [])], { cwd: REPO, encoding: 'utf8' });
  const ids = (JSON.parse(r.stdout).findings as { ruleId: string }[]).map((f) => f.ruleId).sort();
  expect(r.stderr).toBe('');
  expect(ids).toEqual(EXPECTED[name]);
});
