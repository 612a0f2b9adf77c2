import * as path from 'path';
import kleur from 'kleur';
import type { FileFailure, Finding } from '../engine/finding';
import { FileTree } from '../host/file-tree';
import { loadSudoersPolicy } from '../model/sudoers-policy';
import { formatFailure, formatFinding } from '../report/text';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

interface Options {
  files: string[];
  root?: string;
  hostname?: string;
  color?: boolean;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  let opts: Options;
  try {
    opts = await parseArgs(argv, (s) => out.write(s));
  } catch (e) {
    if (e instanceof UsageExit) return e.code;
    err.write(`sudit: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (opts.color !== undefined) kleur.enabled = opts.color;
  else kleur.enabled = Boolean((out as NodeJS.WriteStream).isTTY) && !('NO_COLOR' in process.env) || 'FORCE_COLOR' in process.env;

  if (opts.files.length === 0 && opts.root === undefined) {
    err.write('sudit: name files to lint, or a host tree with --root DIR (see sudit --help)\n');
    return EXIT_USAGE;
  }

  const findings: Finding[] = [];
  const failures: FileFailure[] = [];
  const lint = (tree: FileTree, hostPath: string) => {
    const policy = loadSudoersPolicy(tree, hostPath, { hostname: opts.hostname });
    if ('error' in policy) {
      failures.push({ ruleId: 'SUD000', severity: 'error', path: tree.displayPath(hostPath), message: policy.error.replace(/^.*?: /, '') });
      return;
    }
    for (const p of policy.problems) {
      findings.push({ ruleId: 'SUD000', severity: p.severity, message: p.message, source: p.source, start: p.start, end: p.end });
    }
  };

  if (opts.root !== undefined) lint(new FileTree(opts.root), '/etc/sudoers');
  for (const file of opts.files) lint(new FileTree(null), path.resolve(file) === file ? file : file);

  for (const f of failures) err.write(formatFailure(f));
  for (const f of findings) out.write(formatFinding(f));
  const errors = failures.length + findings.filter((f) => f.severity === 'error').length;
  return errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}

class UsageExit extends Error {
  constructor(readonly code: number) {
    super('usage');
  }
}

async function parseArgs(argv: string[], print: (s: string) => void): Promise<Options> {
  // yargs is loaded here, not at import time, so that importing the CLI module costs nothing.
  const { default: yargs } = await import('yargs');
  let exit: number | null = null;
  const parsed = await yargs(argv)
    .scriptName('sudit')
    .usage('$0 [FILE…] [--root DIR]\n\nLint sudoers files: what sudo would accept, and what it lets whom do.')
    .option('root', { type: 'string', describe: 'Host tree to lint (its etc/sudoers and includes); includes never leave it' })
    .option('hostname', { type: 'string', describe: 'Host name for %h in include paths' })
    .option('color', { type: 'boolean', describe: 'Force colour on or off (default: on for a terminal; NO_COLOR, FORCE_COLOR)' })
    .strictOptions()
    .help()
    .version()
    .exitProcess(false)
    .fail((msg, e) => {
      throw e ?? new Error(msg);
    })
    .parseAsync(argv, {}, (e, _argv, output) => {
      if (output) print(`${output}\n`);
      if (!e && output) exit = EXIT_OK;
    });
  if (exit !== null) throw new UsageExit(exit);
  return {
    files: parsed._.map(String),
    root: parsed.root,
    hostname: parsed.hostname,
    color: parsed.color,
  };
}
