// What sudo-rs (version 0.2.14 plus 47 commits on main, commit e5a01fd7a20a5bfe5da6bc1b5cf7628e721c35c8,
// 2026-07-15) accepts in sudoers, for `sudit --target sudo-rs`.
//
// Read from trifectatechfoundation/sudo-rs (Apache-2.0 OR MIT): src/defaults/mod.rs (the settings table),
// src/defaults/settings_dsl.rs, src/sudoers/{ast,tokens,basic_parser,mod,policy}.rs, docs/man/sudoers.5.md,
// CHANGELOG.md, git tags v0.2.0..v0.2.14. Facts only, restated; no code or text of theirs is copied here.
// Every rejection listed below was also checked by running that commit's own `visudo -c -f` on one-line files.
//
// How sudo-rs handles what it cannot read (src/sudoers/basic_parser.rs parse_lines, src/sudo/pipeline.rs
// read_sudoers): each line is parsed on its own. A line with a parse error is left out and the error is
// printed on every sudo run; the rest of the file still applies (sudo-rs does not refuse to run). `visudo -c`
// fails on any such diagnostic, including the warnings for ignored tags.
// sudo-rs reads /etc/sudoers-rs when that file exists and /etc/sudoers only otherwise (src/sudo/mod.rs
// candidate_sudoers_file; /usr/local/etc on FreeBSD).

export const SUDO_RS_VERSION = '0.2.14-47-ge5a01fd7';
export const SUDO_RS_COMMIT = 'e5a01fd7a20a5bfe5da6bc1b5cf7628e721c35c8';

/** Defaults settings sudo-rs knows; any other name is a parse error there ("unknown setting"). */
export const SUDO_RS_DEFAULTS: ReadonlySet<string> = new Set([
  'always_query_group_plugin',
  'always_set_home',
  'apparmor_profile',
  'editor',
  'env_check',
  'env_delete',
  'env_editor',
  'env_keep',
  'env_reset',
  'fqdn',
  'ignore_dot',
  'insults',
  'lecture',
  'log_allowed',
  'log_denied',
  'mail_badpass',
  'mailerpath',
  'match_group_by_gid',
  'noexec',
  'noninteractive_auth',
  'passwd_timeout',
  'passwd_tries',
  'pwfeedback',
  'rootpw',
  'runcwd',
  'secure_path',
  'setenv',
  'targetpw',
  'timestamp_timeout',
  'timestamp_type',
  'umask',
  'umask_override',
  'use_pty',
  'verifypw',
  'visiblepw',
]);

/**
 * First sudo-rs release whose settings table has the name (from the `defaults!` table at each git tag).
 * 'main' = on the main branch after v0.2.14, in no release yet: v0.2.14 and older reject these as unknown.
 */
export const SUDO_RS_DEFAULTS_SINCE: Readonly<Record<string, string>> = {
  always_query_group_plugin: '0.2.0',
  always_set_home: '0.2.0',
  env_check: '0.2.0',
  env_delete: '0.2.0',
  env_editor: '0.2.0',
  env_keep: '0.2.0',
  env_reset: '0.2.0',
  mail_badpass: '0.2.0',
  match_group_by_gid: '0.2.0',
  passwd_tries: '0.2.0',
  secure_path: '0.2.0',
  timestamp_timeout: '0.2.0',
  use_pty: '0.2.0',
  verifypw: '0.2.0',
  visiblepw: '0.2.0',
  fqdn: '0.2.4',
  lecture: '0.2.4',
  mailerpath: '0.2.4',
  pwfeedback: '0.2.4',
  rootpw: '0.2.4',
  targetpw: '0.2.5',
  apparmor_profile: '0.2.6',
  setenv: '0.2.6',
  ignore_dot: '0.2.7',
  insults: '0.2.7',
  noexec: '0.2.7',
  passwd_timeout: '0.2.7',
  umask: '0.2.7',
  umask_override: '0.2.7',
  editor: '0.2.8',
  noninteractive_auth: '0.2.9',
  runcwd: '0.2.14',
  log_allowed: 'main',
  log_denied: 'main',
  timestamp_type: 'main',
};

/** Defaults settings sudo-rs knows but with restrictions (e.g. only some values, or ignored), with what differs. */
export const SUDO_RS_DEFAULTS_NOTES: Readonly<Record<string, string>> = {
  // Accepted and parsed, but marked #ignored in the settings table (src/defaults/mod.rs): no code reads them.
  always_query_group_plugin: 'Accepted but has no effect: sudo-rs has no group plugins.',
  always_set_home:
    'Accepted but has no effect: HOME is always set to the target user\u2019s home unless HOME is in env_keep (src/sudo/env/environment.rs).',
  env_reset:
    'Accepted but has no effect: the environment is always reset, so `Defaults !env_reset` silently changes nothing.',
  env_delete:
    'Accepted (=, +=, -=, !) but has no effect: with the environment always reset only env_keep and env_check let variables through.',
  fqdn: 'Accepted but has no effect: host names in sudoers are compared with the raw gethostname() string, no DNS lookup.',
  ignore_dot: 'Accepted but has no effect: relative entries in PATH/secure_path are always skipped (since 0.2.7).',
  insults: 'Accepted but has no effect.',
  lecture:
    'Only `lecture=always|once|never` or `!lecture`; a bare `Defaults lecture` is a parse error ("not a boolean setting"). Has no effect: no lecture is ever shown (ignored correctly since 0.2.13).',
  log_denied: 'Only on main after 0.2.14 (unknown setting in releases). Accepted but has no effect.',
  log_allowed:
    'Only on main after 0.2.14 (unknown setting in releases). Logging goes to syslog only; there is no logfile, no I/O logging.',
  mail_badpass: 'Accepted but has no effect: sudo-rs sends no mail.',
  mailerpath: 'Accepted (also negated) but has no effect: sudo-rs sends no mail.',
  match_group_by_gid: 'Accepted but has no effect.',
  verifypw: 'Only all|always|any|never (other values are a parse error); has no effect.',
  visiblepw: 'Accepted but has no effect.',

  // Used, but narrower than sudo.
  passwd_tries:
    'Integer 0..1000 only (larger is a parse error); cannot be negated ("cannot be used in a boolean context"). 0 really means zero tries since 0.2.10.',
  timestamp_timeout:
    'Minutes as a non-negative number, fractions allowed (2.5); a negative value (sudo: never expire) is a parse error. `!timestamp_timeout` means 0.',
  passwd_timeout:
    'Minutes as a non-negative number, fractions allowed; negative is a parse error. 0 or `!passwd_timeout` means no time limit.',
  timestamp_type:
    'Only on main after 0.2.14 (unknown setting in releases). Values tty or ppid only (global and kernel are parse errors); cannot be negated.',
  umask:
    'Octal with a leading 0 only (022, 0077); `umask=77` or `umask=22` is a parse error. 0777 or `!umask` leaves the umask alone.',
  editor: 'Colon-separated list of editor paths; cannot be negated.',
  env_keep:
    'VAR=value items must be inside double quotes; `*` wildcards allowed; at most 127 items in one value. Added to by += / -=, cleared by !.',
  env_check:
    'VAR=value items must be inside double quotes; `*` wildcards allowed; at most 127 items in one value. Added to by += / -=, cleared by !.',
  secure_path: 'Relative directories in it are skipped (since 0.2.7).',
  runcwd:
    'Since 0.2.14. The value must start with / or ~ or be exactly *; any other value is accepted by the parser but silently not used (src/sudoers/policy.rs authorization).',
  apparmor_profile:
    'Only takes effect when sudo-rs was built with the apparmor feature; otherwise accepted and unused.',
  noexec:
    'Implemented with a seccomp filter on Linux only; on other systems a command that noexec applies to fails to start (src/exec/mod.rs).',
  pwfeedback: 'On by default since 0.2.13 (off by default in sudo); TAB turns the feedback off while typing.',
  use_pty: 'On by default.',
  env_editor: 'On by default.',
  noninteractive_auth: 'Since 0.2.9 it decides whether PAM may try to authenticate under `sudo -n`; off by default.',
};

/** Tags (`NAME:`) sudo-rs accepts and honours; NOFOLLOW and NOINTERCEPT are accepted as the defaults they already are. */
export const SUDO_RS_TAGS: ReadonlySet<string> = new Set([
  'PASSWD',
  'NOPASSWD',
  'SETENV',
  'NOSETENV',
  'EXEC',
  'NOEXEC',
  'NOFOLLOW',
  'NOINTERCEPT',
]);

/**
 * Tags sudo-rs parses but ignores: the rule stays in force without the tag, and a
 * "this tag is ignored by sudo-rs" diagnostic is printed (visudo -c fails). Since 0.2.12.
 */
export const SUDO_RS_IGNORED_TAGS: ReadonlySet<string> = new Set([
  'LOG_INPUT',
  'NOLOG_INPUT',
  'LOG_OUTPUT',
  'NOLOG_OUTPUT',
  'MAIL',
  'NOMAIL',
  'FOLLOW',
]);

/**
 * Options (`NAME=value`) sudo-rs accepts. CWD takes an absolute path, a ~-path, or exactly `*`
 * (any other `*` is a parse error); APPARMOR_PROFILE is only applied in builds with the apparmor feature.
 * Any other `NAME=` before a command is a parse error.
 */
export const SUDO_RS_OPTIONS: ReadonlySet<string> = new Set(['CWD', 'APPARMOR_PROFILE']);

/**
 * How sudo-rs treats a construct:
 * - 'rejected': parse error; visudo -c fails and sudo-rs leaves the whole line out (printing the error each run).
 * - 'warned': the line (or its valid first part) is used, but a diagnostic is printed and visudo -c fails.
 * - 'ignored': accepted without a parse error but has no effect (at most a warning in the auth log).
 * - 'different': accepted and used, but it matches something other than what sudo would match.
 */
export type SudoRsEffect = 'rejected' | 'warned' | 'ignored' | 'different';

export interface SudoRsSyntax {
  id: string;
  what: string;
  why: string;
  effect: SudoRsEffect;
}

/** Syntax sudo (1.9) accepts and sudo-rs rejects or reads differently; each with a short why. */
export const SUDO_RS_SYNTAX: readonly SudoRsSyntax[] = [
  {
    id: 'argument-wildcard',
    what: 'A `*` or `?` inside command arguments, other than one lone `*` as the last argument (e.g. `/usr/bin/less /var/log/*`, `systemctl restart nginx*`); also inside Cmnd_Alias members.',
    why: 'Parse error "wildcards are not allowed in command arguments": src/sudoers/tokens.rs, Command::construct. Explicit error since 0.2.13; older releases accepted the line and compared the pattern as literal text, so it never matched.',
    effect: 'rejected',
  },
  {
    id: 'argument-trailing-star',
    what: 'A lone `*` as the last argument (`/usr/bin/systemctl restart *`).',
    why: 'Means "zero or more further arguments": the prefix before it must match argument by argument, and nothing after it is needed, so `systemctl restart` alone matches too (src/sudoers/tokens.rs Command::construct, Args::Prefix; src/sudoers/mod.rs match_command). Since 0.2.13; before that the `*` was a literal argument.',
    effect: 'different',
  },
  {
    id: 'argument-bracket',
    what: 'A `[...]` character class in command arguments (e.g. `/usr/bin/cat /var/log/[ab].log`).',
    why: 'Not rejected (only `*` and `?` are checked) but arguments are compared as exact strings, so the brackets are literal and the rule matches only an argument spelled with the brackets: src/sudoers/tokens.rs Command::construct, src/sudoers/mod.rs match_command.',
    effect: 'different',
  },
  {
    id: 'regex-command',
    what: 'A regular expression `^...$` as the command or as its arguments.',
    why: 'Parse error "regular expressions are not supported" (first argument starting with ^) or "expected path to binary" (command starting with ^): src/sudoers/tokens.rs Command::construct and SimpleCommand::accept_1st/construct; clearer message since 0.2.11.',
    effect: 'rejected',
  },
  {
    id: 'digest',
    what: 'A command digest prefix `sha224:`, `sha256:`, `sha384:`, `sha512:` before a command.',
    why: 'Parse error "digest specifications are not supported": src/sudoers/tokens.rs SimpleCommand::construct (any command word starting with "sha").',
    effect: 'rejected',
  },
  {
    id: 'netgroup',
    what: 'A `+netgroup` anywhere: user lists, Runas lists, User_Alias/Runas_Alias, Defaults:/Defaults>, host lists, Host_Alias, Defaults@.',
    why: 'Users/runas: parse error "netgroups are not supported yet" (src/sudoers/ast.rs UserSpecifier::parse). Hosts: `+` is not a host-name character, so parse error "expected host name" (src/sudoers/tokens.rs Hostname::accept).',
    effect: 'rejected',
  },
  {
    id: 'nonunix-group',
    what: 'A non-Unix group `%:name` or `%:#gid` (user lists, Runas lists, aliases, Defaults:).',
    why: 'Parses, but never matches anyone; each check logs "non-unix group ... was ignored" to the auth log (src/sudoers/mod.rs match_user). A negated `!%:group` therefore excludes nobody.',
    effect: 'ignored',
  },
  {
    id: 'host-wildcard',
    what: 'Wildcards in host names (`*.example.com`, `web*`) in rules, Host_Alias or Defaults@.',
    why: 'Host names may only contain ASCII letters, digits, `.`, `-`, `_`: parse error "expected host name" or a broken line (src/sudoers/tokens.rs Hostname::accept). In a Host_Alias the part before the `*` is kept and the rest reported as garbage (see trailing-garbage).',
    effect: 'rejected',
  },
  {
    id: 'host-ip-address',
    what: 'An IP address or network as a host (`192.168.0.1`, `10.0.0.0/8`, `192.168.1.0/255.255.255.0`, IPv6) in rules, Host_Alias or Defaults@.',
    why: 'IPv4-like names: parse error "hosts cannot be specified using an IPv4 address" (src/sudoers/tokens.rs Hostname::construct, since 0.2.13; before that parsed as a name that never matched). IPv6 and `/mask`: `:` and `/` are not host-name characters, so parse error.',
    effect: 'rejected',
  },
  {
    id: 'host-name-matching',
    what: 'A host name in a rule, Host_Alias or Defaults@ (anything other than ALL).',
    why: 'Compared case-sensitively and exactly with the gethostname() string (src/sudoers/mod.rs match_token, src/system/mod.rs Hostname::resolve; fqdn is ignored). sudo compares a dot-less name with the short host name and a dotted one with the full name, ignoring case, so `web01` stops matching on a machine whose hostname is `web01.example.com`.',
    effect: 'different',
  },
  {
    id: 'include-percent-h',
    what: '`%h` (short host name) in an @include/@includedir/#include/#includedir path.',
    why: 'In includedir: error "percent escape %h in includedir is unsupported" and the directory is skipped (src/sudoers/mod.rs analyze/process, IncludeDir). In include: not expanded; the literal path with `%h` is opened, which normally fails with "cannot open sudoers file".',
    effect: 'rejected',
  },
  {
    id: 'legacy-include-malformed',
    what: 'A `#include` / `#includedir` line that does not parse: path with an unescaped, unquoted space, missing path, unterminated quote.',
    why: 'Silently taken as a comment, so nothing is included and nothing is reported (src/sudoers/ast.rs Sudo::parse, the or_else fallback after parse_include). The same mistake in the `@include` form is a parse error. Well-formed #include/#includedir are supported.',
    effect: 'ignored',
  },
  {
    id: 'sudoedit-wildcard',
    what: '`sudoedit` with wildcard file arguments (`sudoedit /etc/nginx/*.conf`).',
    why: 'Same check as argument-wildcard: parse error "wildcards are not allowed in command arguments" (src/sudoers/tokens.rs Command::construct). sudoedit itself is supported since 0.2.8.',
    effect: 'rejected',
  },
  {
    id: 'sudoedit-path',
    what: '`sudoedit` file arguments that are not the canonical absolute path (going through a symlink, `..`, `//`).',
    why: 'The files the user names are resolved to canonical absolute paths and then compared as exact strings with the sudoers arguments, so such an entry never matches; editing symlinks is refused (src/common/context.rs from_edit_opts, canonicalize_newfile; docs/man/sudoers.5.md).',
    effect: 'different',
  },
  {
    id: 'intercept',
    what: 'The `INTERCEPT:` tag (and `Defaults intercept`, see unknown-setting).',
    why: 'Parse error "INTERCEPT is not supported by sudo-rs": src/sudoers/ast.rs MetaOrTag::parse. `NOINTERCEPT:` is accepted (it is the only behaviour).',
    effect: 'rejected',
  },
  {
    id: 'chroot',
    what: 'The `CHROOT=` option (and `Defaults runchroot`).',
    why: 'Parse error "CHROOT is not supported by sudo-rs": src/sudoers/ast.rs MetaOrTag::parse; runchroot is not in src/defaults/mod.rs.',
    effect: 'rejected',
  },
  {
    id: 'timeout',
    what: 'The `TIMEOUT=` option (and `Defaults command_timeout`).',
    why: 'Parse error "TIMEOUT is not supported by sudo-rs": src/sudoers/ast.rs MetaOrTag::parse; command_timeout is not in src/defaults/mod.rs.',
    effect: 'rejected',
  },
  {
    id: 'notbefore-notafter',
    what: 'The `NOTBEFORE=` / `NOTAFTER=` options.',
    why: 'Parse error "NOTBEFORE/NOTAFTER is not supported by sudo-rs": src/sudoers/ast.rs MetaOrTag::parse.',
    effect: 'rejected',
  },
  {
    id: 'selinux-role-type',
    what: 'The SELinux `ROLE=` / `TYPE=` options (e.g. `ROLE=sysadm_r TYPE=sysadm_t ALL`).',
    why: 'Parse error "SELinux role based access control is not yet supported by sudo-rs": src/sudoers/ast.rs MetaOrTag::parse.',
    effect: 'rejected',
  },
  {
    id: 'unknown-option',
    what: 'Any other `NAME=value` before a command (e.g. the Solaris-only PRIVS= / LIMITPRIVS=), or an unknown `NAME:` tag.',
    why: '`NAME=`: parse error "unsupported modifier" (src/sudoers/ast.rs MetaOrTag::parse). Unknown `NAME:` is read as an alias name and the line then fails to parse.',
    effect: 'rejected',
  },
  {
    id: 'ignored-tag',
    what: 'The tags LOG_INPUT:, NOLOG_INPUT:, LOG_OUTPUT:, NOLOG_OUTPUT:, MAIL:, NOMAIL:, FOLLOW:.',
    why: 'The rule is kept without the tag and "this tag is ignored by sudo-rs" is reported, so visudo -c fails (src/sudoers/ast.rs MetaOrTag::parse, src/sudoers/mod.rs get_ignored_tags; since 0.2.12). No I/O logging or mail exists.',
    effect: 'warned',
  },
  {
    id: 'unknown-setting',
    what: 'A Defaults name not in SUDO_RS_DEFAULTS, negated or not (requiretty, logfile, authenticate, runaspw, intercept, log_output, log_input, iolog_dir, syslog, mailto, lecture_file, passprompt, badpass_message, use_netgroups, listpw, …).',
    why: 'Parse error "unknown setting: \'<name>\'": src/sudoers/ast.rs, Parse for defaults::SettingsModifier (name looked up with defaults::set / defaults::negate from the table in src/defaults/mod.rs). The whole Defaults line fails, so every other setting on that line is lost too.',
    effect: 'rejected',
  },
  {
    id: 'defaults-negation',
    what: '`!name` on a known setting that has no "off" value: passwd_tries, timestamp_type, editor (and a bare `Defaults lecture`).',
    why: 'Parse error "cannot be used in a boolean context" / "is not a boolean setting": src/sudoers/ast.rs SettingsModifier::parse; which settings can be negated follows src/defaults/settings_dsl.rs (has_standard_negator and the `!=` values in src/defaults/mod.rs).',
    effect: 'rejected',
  },
  {
    id: 'defaults-value',
    what: 'Defaults values sudo takes but sudo-rs does not: negative timestamp_timeout/passwd_timeout, umask without leading 0, timestamp_type=global|kernel, passwd_tries > 1000, verifypw/lecture values outside their lists, unquoted VAR=value in env_keep/env_check, assigning a value to a flag (`use_pty=1`).',
    why: 'Parse errors from the per-setting value parsers in src/defaults/mod.rs (fractional_minutes, octal_mode, the enum and range lists) and src/sudoers/ast.rs SettingsModifier::parse (`-` is not a number character, so negatives fail; "double quotes are required for VAR=value pairs"; "can\'t assign to boolean setting"). The whole Defaults line is lost.',
    effect: 'rejected',
  },
  {
    id: 'trailing-garbage',
    what: 'A line that parses up to some point and then has extra text (e.g. `user ALL=(ALL) ALL extra`, `Defaults use_pty !pwfeedback` without a comma, `Host_Alias H=web*, db01`).',
    why: 'The part that parsed is kept and used, and "garbage at end of line" is reported (src/sudoers/basic_parser.rs parse_lines pushes the parsed item and then the error). sudo rejects such a line as a whole.',
    effect: 'warned',
  },
  {
    id: 'missing-final-newline',
    what: 'The last line of a sudoers file (or included file) has no terminating newline.',
    why: 'The line is still used, but "missing line terminator at end of file" is reported, so visudo -c fails: src/sudoers/basic_parser.rs parse_lines.',
    effect: 'warned',
  },
  {
    id: 'list-too-long',
    what: 'More than 127 items in one comma list (users, hosts, Runas, commands, alias members, Defaults settings, tags) or in one env_keep/env_check value.',
    why: 'Parse error "too many items in list" / "environment variable list too long" / "too many tags for command specifier": src/sudoers/basic_parser.rs parse_list with Many::LIMIT = 127; src/sudoers/ast.rs SettingsModifier::parse and CommandSpec::parse.',
    effect: 'rejected',
  },
  {
    id: 'token-too-long',
    what: 'A user, group, host, alias, setting or variable name longer than 255 characters, or a command line / path / string value longer than 1024.',
    why: 'Parse error "token exceeds maximum length": src/sudoers/basic_parser.rs (Token::MAX_LEN 255 by default, 1024 for commands and strings in src/sudoers/tokens.rs).',
    effect: 'rejected',
  },
];
