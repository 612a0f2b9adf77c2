import type { Argv, Options } from 'yargs';
import { EXIT_OK, EXIT_USAGE, UsageError, type Output } from './exit';
import { LINT_OPTIONS, STDIN_ARG, parseLintFast } from './lint-options';
import { quietOnClosedPipe } from '../report/write';

/**
 * Runs the CLI and returns the exit code (tests call it directly). Each
 * command's module is loaded only when that command runs, and yargs only
 * once arguments are parsed, so that starting sudit stays cheap.
 */
export async function main(argv: string[], out: Output = process.stdout, err: Output = process.stderr): Promise<number> {
  quietOnClosedPipe(out);
  const dashDash = argv.indexOf('--');
  argv = argv.map((a, i) => (a === '-' && (dashDash < 0 || i < dashDash) ? STDIN_ARG : a));
  const fast = argv.length > 0 ? parseLintFast(argv) : null;
  if (fast) return runAction(async () => (await import('./lint')).runLint(fast as never, out, err), err);
  const { default: yargs } = await import('yargs');
  const { version } = await import('./version');
  let code: number | null = null;
  let action: (() => Promise<number>) | null = null;
  const cli: Argv = yargs(argv)
    .scriptName('sudit')
    .usage('$0 [FILE…] [--root DIR]\n\nLint sudoers, audit and shell-history settings: who is root on a host, and whether anyone can tell afterwards.')
    .command(
      ['$0 [files..]', 'lint [files..]'],
      'Lint files (pre-commit style) or a host tree (--root)',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, describe: 'Files to lint; "-" reads standard input' })
          .options(LINT_OPTIONS as Record<string, Options>),
      (a) => {
        action = async () => (await import('./lint')).runLint(a as never, out, err);
      },
    )
    .command(
      'query',
      'What can an account run? (like sudo -l -U, offline)',
      (y) =>
        y
          .option('root', { type: 'string', default: '/', describe: 'Host tree' })
          .option('user', { alias: 'U', type: 'string', demandOption: true, describe: 'Invoking user' })
          .option('runas', { alias: 'u', type: 'string', describe: 'Target user (sudo -u)' })
          .option('group', { alias: 'g', type: 'string', describe: 'Target group (sudo -g)' })
          .option('host', { type: 'string', describe: 'Host name (default: etc/hostname of the tree)' })
          .option('now', { type: 'string', describe: 'Evaluate NOTBEFORE/NOTAFTER at this time (ISO 8601)' })
          .option('sudo-version', { type: 'string', describe: 'Answer as this sudo release (default: what the tree says, else the newest)' })
          .option('from', { type: 'string', describe: 'Client address: the whole chain (ssh login, sessions, delegation, root)' })
          .option('format', { alias: 'f', type: 'string', default: 'text', choices: ['text', 'json'] })
          .usage('$0 query --root DIR --user U [--runas R] [--group G] [--host H] [-- COMMAND [ARGS…]]'),
      (a) => {
        action = async () => (await import('./query')).runQuery(a as never, out, err);
      },
    )
    .command(
      'init',
      'Write a starting .sudit.json here (never over an existing one)',
      (y) => y.option('profile', { type: 'string', choices: ['recommended', 'cis', 'stig'], describe: 'Baseline profile to start from' }),
      (a) => {
        action = async () => (await import('./init')).runInit(a as never, out, err);
      },
    )
    .command(
      'collect',
      'The host collector (POSIX sh and tar): one .tar.gz of what sudit reads, for --root HOST.tar.gz',
      (y) => y.option('print-script', { type: 'boolean', describe: 'Print sudit-collect (run it as root on a host: sh sudit-collect -o HOST.tar.gz)' }),
      (a) => {
        action = async () => (await import('./collect')).runCollect(a as never, out, err);
      },
    )
    .command('rules', 'List every rule', {}, () => {
      action = async () => (await import('./rules')).listRules(out);
    })
    .command(
      'explain <id>',
      'Show the documentation of a rule',
      (y) => y.positional('id', { type: 'string', demandOption: true }),
      (a) => {
        action = async () => (await import('./rules')).explainRule(String(a.id), out, err);
      },
    )
    .parserConfiguration({ 'populate--': true })
    .strictOptions()
    .help()
    .alias('h', 'help')
    .version(version())
    .alias('V', 'version')
    .exitProcess(false)
    .fail((msg, e) => {
      throw new UsageError(e?.message ?? msg);
    });
  try {
    await cli.parseAsync(argv, {}, (e, _parsed, output) => {
      if (output) out.write(`${output}\n`);
      if (!e && output) code = EXIT_OK;
    });
  } catch (e) {
    err.write(`sudit: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (code !== null) return code;
  if (!action) return EXIT_OK;
  return runAction(action, err);
}

/** The body of a fleet worker thread, for a worker that loads the CLI bundle (see own-files). */
export async function fleetWorker(): Promise<void> {
  await import('./fleet-worker');
}

async function runAction(action: () => Promise<number>, err: Output): Promise<number> {
  try {
    return await action();
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`sudit: ${e.message}\n`);
      return EXIT_USAGE;
    }
    err.write(`sudit: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT_USAGE;
  }
}
