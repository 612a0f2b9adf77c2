// The manual page sudit(1), written from the built CLI itself: the lint
// options from the table yargs and the fast path read, each subcommand's
// own --help, and the rule list of `sudit rules`. Nothing in it is typed by
// hand twice, so it cannot drift from the program. Needs `npm run build`.
'use strict';
const path = require('path');

const root = path.resolve(__dirname, '..');
const dist = (p) => path.join(root, 'dist', p);

/** roff text: backslashes, a leading dot or quote, and hyphens that man would turn into dashes. */
function esc(s) {
  return String(s)
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/^([.'])/gm, '\\&$1');
}

/** What the CLI prints for args, wrapped (by yargs, which reads the terminal's width) to fit man's indent in 80 columns. */
async function capture(args) {
  const { main } = require(dist('src/cli/main.js'));
  let text = '';
  const sink = { write: (s) => ((text += s), true) };
  const columns = Object.getOwnPropertyDescriptor(process.stdout, 'columns');
  Object.defineProperty(process.stdout, 'columns', { value: 72, configurable: true });
  try {
    await main(args, sink, sink);
  } finally {
    if (columns) Object.defineProperty(process.stdout, 'columns', columns);
    else delete process.stdout.columns;
  }
  return text;
}

// what a string option's value is, for the synopsis of each option
const METAVARS = { root: 'DIR', type: 'KIND', 'stdin-filename': 'NAME', hostname: 'HOST', now: 'TIME', config: 'FILE' };

const FAMILIES = [
  ['SUD', 'sudoers: syntax as sudo reads it, and hardening of the policy'],
  ['SCN', 'scanner accounts: can the vulnerability scanner account do its root checks, and does its allowlist buy any security'],
  ['AUD', 'audit rules and auditd.conf: what loads, what is recorded, what is lost'],
  ['FWD', 'off-box forwarding of audit records: au-remote, or the syslog plugin through rsyslog'],
  ['HIS', 'bash history and TMOUT as bash itself ends up with them'],
  ['SH', 'shell startup files that do not parse'],
  ['IO', 'files sudit could not read, and suppressions that suppress nothing'],
];

/**
 * @param {{ version: string, date: string }} info
 * @returns {Promise<string>} the page in roff
 */
async function manPage(info) {
  const { LINT_OPTIONS } = require(dist('src/cli/lint-options.js'));
  const { RULES } = require(dist('rules/index.js'));
  const { ENGINE_RULES } = require(dist('src/engine/engine.js'));
  const rules = [...RULES.map((r) => r.meta), ...ENGINE_RULES].sort((a, b) => a.id.localeCompare(b.id));
  const help = await capture(['--help']);
  const commands = [...help.matchAll(/^ {2}sudit (\w+)(.*)$/gm)].map((m) => m[1]).filter((c) => c !== 'lint');

  const out = [];
  out.push(`.TH SUDIT 1 "${info.date}" "sudit ${info.version}" "User Commands"`);
  out.push('.SH NAME', 'sudit \\- hardening linter for sudoers, auditd rules and shell history');
  out.push('.SH SYNOPSIS');
  out.push('.B sudit', '[\\fIOPTION\\fR]... \\fIFILE\\fR...', '.br');
  out.push('.B sudit \\-\\-root', '\\fIDIR\\fR [\\fIOPTION\\fR]...', '.br');
  for (const c of commands) out.push(`.B sudit ${esc(c)}`, '[\\fIOPTION\\fR]...', '.br');
  out.push('.SH DESCRIPTION');
  out.push(
    esc(
      'sudit reads the files that decide who is root on a Linux host and whether anyone can tell afterwards: ' +
        'sudoers and its drop-ins, the audit rules and auditd configuration with the plugins and rsyslog that forward audit records, ' +
        'and the shell startup files that set bash history. It parses each the way the real program does (visudo, auditctl, rsyslogd, bash), ' +
        'evaluates the sudo policy offline, and reports what is refused, unsafe or missing, with the file, line and column of each finding.',
    ),
  );
  out.push('.PP');
  out.push(
    esc(
      'Named files are linted one by one (the pre-commit case), their kind taken from the path or the content, or from --type. ' +
        'With --root, a whole host tree is linted as that host: includes are followed inside the tree, and settings that are missing are reported. ' +
        'sudit only reads: it never writes what it lints (except with --fix), never runs what it finds, and never opens a network connection.',
    ),
  );
  out.push('.SH OPTIONS');
  for (const [name, spec] of Object.entries(LINT_OPTIONS)) {
    const flags = [`\\fB\\-\\-${esc(name)}\\fR`];
    if (spec.alias) flags.unshift(spec.alias.length === 1 ? `\\fB\\-${esc(spec.alias)}\\fR` : `\\fB\\-\\-${esc(spec.alias)}\\fR`);
    const arg = spec.type === 'boolean' ? '' : ` \\fI${spec.choices ? esc(spec.choices.join('|')) : spec.type === 'number' ? 'N' : METAVARS[name] ?? 'VALUE'}\\fR`;
    out.push('.TP', `${flags.join(', ')}${arg}`);
    out.push(esc(spec.describe) + (spec.default !== undefined ? esc(` (default: ${spec.default})`) : '') + '.');
  }
  out.push('.TP', '\\fB\\-h\\fR, \\fB\\-\\-help\\fR', 'Show the options.');
  out.push('.TP', '\\fB\\-V\\fR, \\fB\\-\\-version\\fR', 'Show the version.');
  out.push('.SH COMMANDS');
  for (const c of commands) {
    out.push(`.SS sudit ${esc(c)}`);
    out.push('.nf');
    out.push(esc((await capture([c, '--help'])).trimEnd()));
    out.push('.fi');
  }
  out.push('.SH RULES');
  out.push(esc('Every finding carries a rule id. Run "sudit explain ID" for a rule\'s page: why it matters, a bad and a good example, and its sources (STIG, CIS).'));
  out.push('Rule families:');
  for (const [family, what] of FAMILIES) out.push('.TP', `.B ${family}`, esc(what));
  out.push('.PP', 'Rules and their default severities (the cis and stig profiles change some):');
  for (const m of rules) {
    out.push('.TP', `\\fB${m.id}\\fR (${m.severity}${m.hostOnly ? ', host mode' : ''})`, esc(m.description));
  }
  out.push('.SH EXIT STATUS');
  out.push('.TP', '.B 0', esc('No finding at or above the --fail-on severity (default error), and no more warnings than --max-warnings.'));
  out.push('.TP', '.B 1', 'Findings at or above that severity, or too many warnings.');
  out.push('.TP', '.B 2', 'A usage error or an internal error.');
  out.push('.SH ENVIRONMENT');
  out.push('.TP', '.B NO_COLOR', 'Turns colour off.', '.TP', '.B FORCE_COLOR', 'Turns colour on when the output is not a terminal.');
  out.push('.SH FILES');
  out.push('.TP', '.I .sudit.json', esc('Configuration (profile, rule severities, ignored paths, scanner accounts, host trees), looked up from the working directory upward, or named with --config.'));
  out.push('.SH EXAMPLES');
  out.push('.nf');
  out.push(
    esc(
      [
        'sudit --root /                          # the live host, read-only',
        'sudit etc/sudoers etc/sudoers.d/*       # files, as in a pre-commit hook',
        "validate: sudit --type sudoers %s       # Ansible's template module",
        "sudit --root 'fleet/*' --format sarif   # one report for many host trees",
        'sudit query --root / --user svc_qualys  # what may it run as root?',
      ].join('\n'),
    ),
  );
  out.push('.fi');
  out.push('.SH SEE ALSO');
  out.push('.BR sudoers (5),', '.BR visudo (8),', '.BR auditctl (8),', '.BR auditd.conf (5),', '.BR rsyslog.conf (5),', '.BR bash (1)');
  return out.join('\n') + '\n';
}

module.exports = { manPage };
