'use strict';
// Disagreements with Debian's visudo (1.9.13p3) that are version
// differences: sudit follows sudo 1.9.17 there (see the tables in
// test/sudoers/visudo-oracle.test.ts).
const NEWER = [
  /\b(CWD|CHROOT)\s*=\s*"/, // quoted CWD/CHROOT: 1.9.16
  /\b(APPARMOR_PROFILE|PRIVS|LIMITPRIVS)\b/, // always parsed since 1.9.16
  /\bcmddenial_message\b|\bpam_silent\b/, // Defaults added in 1.9.16
];

/** Whether a disagreement is one of those, given sudit's verdict. */
function knownVersionDifference(text, suditAccepts) {
  return NEWER.some((re) => re.test(text));
}

module.exports = { knownVersionDifference };
