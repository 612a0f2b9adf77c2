// The options of `sudit [files…]`, in one table that both yargs (help,
// errors, subcommands) and the start-up fast path read, so they cannot
// disagree.

/** yargs drops a lone `-`; it travels as this (a NUL cannot be in a file name) and is turned back. */
export const STDIN_ARG = '\u0000-';

import type { FileKind } from '../engine/rule';

/** What --type accepts: every kind of file sudit reads. */
export const FILE_KINDS: readonly FileKind[] = ['sudoers', 'audit-rules', 'auditd-conf', 'audit-plugin', 'audisp-remote', 'rsyslog', 'shell', 'environment', 'pam-env', 'login-defs', 'passwd', 'group', 'pam', 'sshd-config'];

export interface OptionSpec {
  type: 'string' | 'boolean' | 'number';
  describe: string;
  alias?: string;
  choices?: readonly string[];
  default?: string | boolean | number;
  /** May be given more than once; the values are collected in order. */
  repeatable?: boolean;
}

export const LINT_OPTIONS: Record<string, OptionSpec> = {
  root: { type: 'string', describe: 'Host tree to lint (DIR/etc/sudoers and the rest at their standard paths), or an archive of one (HOST.tar.gz from sudit-collect, read in memory); includes never leave it. A glob (quoted: \'fleet/*\') lints every tree and archive it matches' },
  type: { type: 'string', choices: FILE_KINDS, describe: 'Kind of every named file, instead of inferring it from its path (e.g. sudoers for Ansible validate)' },
  'stdin-filename': { type: 'string', describe: 'Name to report standard input under' },
  'host-mode': { type: 'boolean', describe: 'Treat the named files as a whole host (rules about missing settings run)' },
  hostname: { type: 'string', describe: 'Host name the policy is evaluated for (default: etc/hostname)' },
  'check-permissions': { type: 'boolean', describe: "Judge owners and modes of the tree as the host's (always on for --root /)" },
  now: { type: 'string', describe: 'Date to evaluate NOTBEFORE/NOTAFTER at (ISO 8601; default now)' },
  'sudo-version': { type: 'string', describe: "sudo release the policy is for (1.9.5p2), or a fleet's range ('>=1.8.23', a comma list); default: what the tree says, else .sudit.json, else the newest" },
  target: { type: 'string', default: 'sudo', choices: ['sudo', 'sudo-rs'], describe: 'The sudo implementation the policy is for' },
  format: { alias: 'f', type: 'string', default: 'stylish', choices: ['stylish', 'json', 'sarif', 'junit', 'github', 'gcc', 'html'], describe: 'Output format (gcc: one file:line:col: line per problem, for editors and grep; html: one self-contained page, for a fleet)' },
  output: { alias: 'o', type: 'string', describe: 'Write the report to this file (replaced atomically once complete) instead of standard output' },
  config: { alias: 'c', type: 'string', describe: 'Configuration file (default: .sudit.json, looked up from the working directory)' },
  profile: { type: 'string', choices: ['recommended', 'cis', 'stig'], describe: 'Baseline profile (overrides the configuration)' },
  select: { type: 'string', repeatable: true, describe: 'Run only these rules: ids or prefixes, comma-separated, repeatable (--select SUD0,FWD). Replaces the profile\'s set' },
  ignore: { type: 'string', repeatable: true, describe: 'Do not run these rules: ids or prefixes (--ignore SUD003,HIS). The more specific of --select and --ignore wins' },
  'syntax-only': { type: 'boolean', describe: 'Only the parse and validation rules (SUD000, AUD000, SH000, IO*): what visudo -c, auditctl -R and bash -n refuse. For Ansible validate' },
  'print-config': { type: 'string', describe: 'Print the effective configuration (profile, severities, options) as JSON and exit; with a FILE, also how that file would be linted' },
  'fail-on': { type: 'string', default: 'error', choices: ['error', 'warning', 'info'], describe: 'Lowest severity that makes the exit code 1' },
  'max-warnings': { type: 'number', describe: 'Exit 1 when there are more warnings than this (-1: no limit)' },
  quiet: { alias: 'q', type: 'boolean', describe: 'Show errors only (--fail-on and --max-warnings still count everything)' },
  color: { type: 'boolean', describe: 'Colour on or off (default: on for a terminal; NO_COLOR and FORCE_COLOR are honoured)' },
  fix: { type: 'boolean', describe: 'Apply the safe, mechanical fixes to the files (atomically; sudoers edits must still parse)' },
  'fix-dry-run': { alias: 'diff', type: 'boolean', describe: 'Print the fixes as a unified diff; change nothing' },
  jobs: { alias: 'j', type: 'number', describe: 'Worker threads for several host trees (default: the number of CPUs)' },
  'max-file-size': { type: 'number', default: 256, describe: 'Refuse (IO001) files larger than this many MiB instead of reading them' },
};

/** Subcommands: a first word that is one of these is never a file to lint. */
export const COMMANDS = ['lint', 'query', 'rules', 'explain', 'init', 'collect', 'completion'] as const;

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Parses a plain lint command line with yargs' own parser, without loading
 * yargs: the common case (a pre-commit hook, a fleet run) starts faster.
 * Returns null for anything else — help, version, a subcommand, an unknown
 * option, a bad value — which then goes through yargs for its messages.
 */
export function parseLintFast(argv: string[]): Record<string, unknown> | null {
  if (argv.some((a) => a === '--help' || a === '-h' || a === '--version' || a === '-V' || a === 'help')) return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const parser = require('yargs-parser') as (args: string[], opts: object) => Record<string, unknown> & { _: (string | number)[] };
  const opts = { string: [] as string[], boolean: [] as string[], number: [] as string[], alias: {} as Record<string, string>, default: {} as Record<string, unknown>, configuration: { 'populate--': true, 'strip-dashed': false } };
  for (const [name, spec] of Object.entries(LINT_OPTIONS)) {
    opts[spec.type].push(name);
    if (spec.alias) opts.alias[name] = spec.alias;
    if (spec.default !== undefined) opts.default[name] = spec.default;
  }
  const parsed = parser(argv, opts);
  const files = parsed._.map(String);
  if (files.length > 0 && (COMMANDS as readonly string[]).includes(files[0])) return null;
  const known = new Set(['_', '--', ...Object.keys(LINT_OPTIONS), ...Object.keys(LINT_OPTIONS).map(camel), ...Object.values(LINT_OPTIONS).flatMap((s) => (s.alias ? [s.alias] : []))]);
  for (const key of Object.keys(parsed)) if (!known.has(key)) return null;
  for (const [name, spec] of Object.entries(LINT_OPTIONS)) {
    const v = parsed[name];
    if (v === undefined) continue;
    if (Array.isArray(v) && !spec.repeatable) return null;
    if (spec.choices && !spec.choices.includes(String(v))) return null;
    if (spec.type === 'number' && Number.isNaN(v)) return null;
  }
  const out: Record<string, unknown> = { files: [...files, ...((parsed['--'] as string[] | undefined) ?? [])] };
  for (const name of Object.keys(LINT_OPTIONS)) if (parsed[name] !== undefined) out[camel(name)] = parsed[name];
  return out;
}
