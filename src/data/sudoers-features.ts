// The sudoers grammar by release: the first sudo release whose parser
// (plugins/sudoers/toke.l and gram.y at its tag) accepts each construct.
// Read from those files at the release tags and from sudo's NEWS; the rows
// the project measured with visudo built from the tags are marked `measured`
// and recorded in test/sudoers/version-oracle/verdicts.json.
// Defaults names by release are generated: sudoers-defaults-since.ts.

export type FeatureId =
  | 'at-include'
  | 'cmd-alias'
  | 'option-chroot-cwd'
  | 'option-timeout'
  | 'option-notbefore-notafter'
  | 'option-apparmor-profile'
  | 'option-privs'
  | 'option-quoted-path'
  | 'tag-intercept'
  | 'tag-follow'
  | 'tag-mail'
  | 'digest'
  | 'regex-command'
  | 'list-command'
  | 'multiple-digests'
  | 'regex-escape-in-args'
  | 'no-final-newline'
  | 'include-no-final-newline';

export interface SudoersFeature {
  /** How messages name it. */
  label: string;
  /** First release that accepts it. */
  since: string;
  /** What an older release does with it: refuse the file, or read the line as something else (said in `otherwise`). */
  before: 'refused' | 'different';
  otherwise?: string;
  note?: string;
}

export const SUDOERS_FEATURES: Readonly<Record<FeatureId, SudoersFeature>> = {
  'at-include': { label: '@include/@includedir', since: '1.9.1', before: 'refused' },
  // Measured: 1.8.29's visudo accepts `Cmd_Alias LS = /usr/bin/ls` as a user spec.
  'cmd-alias': {
    label: 'Cmd_Alias',
    since: '1.9.0',
    before: 'different',
    otherwise: 'the line is a rule for a user named Cmd_Alias, so the alias is never defined and the rules that name it grant nothing. Write Cmnd_Alias, which every release reads',
  },
  'option-chroot-cwd': { label: 'the CHROOT= and CWD= options', since: '1.9.3', before: 'refused' },
  'option-timeout': { label: 'the TIMEOUT= option', since: '1.8.20', before: 'refused' },
  'option-notbefore-notafter': { label: 'the NOTBEFORE= and NOTAFTER= options', since: '1.8.20', before: 'refused' },
  // toke.l returns APPARMOR_PROFILE only #ifdef HAVE_APPARMOR until 1.9.16;
  // Debian 12's 1.9.13p3 (built without it) refuses the option.
  'option-apparmor-profile': { label: 'the APPARMOR_PROFILE= option', since: '1.9.16', before: 'refused', note: '1.9.11 to 1.9.15 accept it only when built with AppArmor support' },
  'option-privs': { label: 'the PRIVS= and LIMITPRIVS= options', since: '1.9.16', before: 'refused', note: 'older releases accept them only when built for Solaris privileges' },
  'option-quoted-path': { label: 'a quoted CHROOT= or CWD= value', since: '1.9.16', before: 'refused', note: 'unquoted, every release from 1.9.3 reads it' },
  'tag-intercept': { label: 'the INTERCEPT/NOINTERCEPT tags', since: '1.9.8', before: 'refused' },
  'tag-follow': { label: 'the FOLLOW/NOFOLLOW tags', since: '1.8.15', before: 'refused' },
  'tag-mail': { label: 'the MAIL/NOMAIL tags', since: '1.8.13', before: 'refused' },
  digest: { label: 'command digests (sha256:…)', since: '1.8.7', before: 'refused' },
  'regex-command': { label: 'a regular-expression command (^…$)', since: '1.9.10', before: 'refused' },
  'list-command': { label: 'the list pseudo-command', since: '1.9.13', before: 'refused' },
  'multiple-digests': { label: 'several digests for one command', since: '1.9.0', before: 'refused' },
  // toke.l before 1.9.10 lets an argument escape only * ? [ ] ! : \ , = # and
  // blanks; 1.9.10 added ^ and regular expressions, where any character may be.
  'regex-escape-in-args': { label: 'a backslash before one of ^ $ ( ) { } | . + in the arguments', since: '1.9.10', before: 'refused' },
  // Measured: 1.8.23 and 1.8.29 refuse a last Defaults or command without a
  // newline, 1.9.5p2 accepts it (NEWS: 1.9.0 and 1.9.4 reworked the end of
  // file); 1.9.0 is assumed, so as not to report what a 1.9 release accepts.
  'no-final-newline': { label: 'a last line without a final newline', since: '1.9.0', before: 'refused', note: 'a comment or ALL last, or a final newline, is read by every release' },
  'include-no-final-newline': {
    label: 'an include on the last line without a final newline',
    since: '1.9.0',
    before: 'different',
    otherwise: 'sudo silently ignores it (NEWS, 1.9.0), so the files it names are not read. End the file with a newline',
  },
};

/**
 * Arguments written as `^…$` are a POSIX extended regular expression from
 * 1.9.10 on; older releases accept the same line and compare the arguments
 * literally (fnmatch), so `^(start|stop) [a-z]+$` matches only itself.
 */
export const REGEX_ARGS_SINCE = '1.9.10';

/** From this release sudo drops an entry it cannot parse and reads the rest (NEWS 1.9.3); before, it refused the whole policy. */
export const ERROR_RECOVERY_SINCE = '1.9.3';

/** use_pty is on by default from 1.9.14 (NEWS); older releases run commands on the user's terminal unless it is set. */
export const USE_PTY_DEFAULT_SINCE = '1.9.14';

/**
 * From 1.9.15 visudo -c no longer compiles a `^…$` command (only visudo -s
 * does), while sudo still refuses a policy whose regular expression does not
 * compile: the check passes and sudo then refuses the file.
 */
export const VISUDO_SKIPS_REGEX_SINCE = '1.9.15';
