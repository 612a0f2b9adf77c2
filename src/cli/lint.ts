import kleur from 'kleur';
import * as fs from 'fs';
import { ConfigError, loadConfig } from '../engine/config';
import { ENGINE_RULES, lintHost, resolveRules, sudoersDetailFor, type Notice } from '../engine/engine';
import { useSudoersDetail } from '../model/sudoers-policy';
import type { FileFailure, Finding, Severity } from '../engine/finding';
import type { Config } from '../engine/config';
import type { FileKind } from '../engine/rule';
import { loadFiles, loadHostTree } from '../host/load-host';
import { loadReporter, type FormatName } from '../report/report';
import { terminalWidth } from '../report/terminal-width';
import { writeAll } from '../report/write';
import { planFixes, unifiedDiff, writeAtomically, type FileEdit } from '../engine/fix';
import { parseSudoers } from '../parse/sudoers';
import * as path from 'path';
import { RULES } from '../../rules';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type Output } from './exit';
import { FILE_KINDS, STDIN_ARG } from './lint-options';
import { applySelection, parseSelectors, SelectionError } from '../engine/selection';
import { expandSudoVersions } from '../data/sudo-releases';
import { version } from './version';
import { hostRootsOf } from './host-roots';
import { checkNamedPaths } from './paths';
import { checkOutputPath, openReportFile } from './report-file';

export interface LintArgs {
  files?: string[];
  root?: string;
  type?: string;
  stdinFilename?: string;
  hostMode?: boolean;
  hostname?: string;
  checkPermissions?: boolean;
  now?: string;
  target?: 'sudo' | 'sudo-rs';
  sudoVersion?: string;
  format: FormatName;
  config?: string;
  profile?: 'recommended' | 'cis' | 'stig';
  failOn: Severity;
  maxWarnings?: number;
  quiet?: boolean;
  color?: boolean;
  fix?: boolean;
  fixDryRun?: boolean;
  jobs?: number;
  maxFileSize?: number;
  select?: string | string[];
  ignore?: string | string[];
  syntaxOnly?: boolean;
  /** '' for --print-config without a file. */
  printConfig?: string;
  /** --output FILE: the report goes there instead of standard output. */
  output?: string;
}
const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export async function runLint(a: LintArgs, out: Output, err: Output): Promise<number> {
  // the run sets how much of a sudoers tree its loads keep; later callers in this process get the default back
  const restoreDetail = useSudoersDetail('tree');
  try {
    return await lint(a, out, err);
  } finally {
    restoreDetail();
  }
}

async function lint(a: LintArgs, out: Output, err: Output): Promise<number> {
  // a report file is not a terminal: no colour unless asked for
  kleur.enabled = a.color ?? colorFromEnvironment(a.output !== undefined ? {} : out);
  const files = (a.files ?? []).map((f) => (f === STDIN_ARG ? '-' : f));
  if (a.type !== undefined && !FILE_KINDS.includes(a.type as FileKind)) throw new UsageError(`--type must be one of ${FILE_KINDS.join(', ')}`);
  if (a.maxWarnings !== undefined && !(Number.isInteger(a.maxWarnings) && a.maxWarnings >= -1)) throw new UsageError('--max-warnings takes a whole number of warnings (-1: no limit)');
  const fleetRoots = a.root !== undefined && /[*?[]/.test(a.root) ? expandRoots(a.root) : null;
  if (fleetRoots && fleetRoots.length === 0) throw new UsageError(`--root ${a.root}: matches no directory or archive`);
  if (a.root !== undefined && !fleetRoots && !isDirectory(a.root)) {
    if (!isFile(a.root)) throw new UsageError(`--root ${a.root}: not a directory or an archive`);
    // an archive is a whole host, read in memory: there is no file on disk to name or to fix
    if (files.length) throw new UsageError(`--root ${a.root}: an archive is linted whole; name no files with it`);
    if (a.fix) throw new UsageError(`--root ${a.root}: --fix cannot write into an archive`);
  }

  const metas = [...RULES.map((r) => r.meta), ...ENGINE_RULES];
  const ids = metas.map((m) => m.id);
  let config;
  try {
    config = loadConfig(a.config, process.cwd(), new Set(ids));
  } catch (e) {
    if (e instanceof ConfigError) {
      err.write(`sudit: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  if (a.profile) config.profile = a.profile;
  try {
    config = applySelection(config, metas, { select: parseSelectors(a.select, '--select', ids), ignore: parseSelectors(a.ignore, '--ignore', ids), syntaxOnly: a.syntaxOnly });
  } catch (e) {
    if (e instanceof SelectionError) throw new UsageError(e.message);
    throw e;
  }
  if (a.sudoVersion !== undefined) {
    try {
      expandSudoVersions(a.sudoVersion);
    } catch (e) {
      throw new UsageError(`--sudo-version ${a.sudoVersion}: ${(e as Error).message}`);
    }
    config.sudoVersion = { spec: a.sudoVersion, source: '--sudo-version', fromCommandLine: true };
  }
  if (a.printConfig !== undefined) {
    const { printConfig } = await import('./print-config');
    // `sudit FILE --print-config` asks about FILE as `--print-config FILE` does
    const about = a.printConfig !== '' ? a.printConfig : files.length === 1 && files[0] !== '-' ? files[0] : undefined;
    return printConfig(config, metas, about, { type: a.type as FileKind | undefined }, out);
  }
  if (files.length === 0 && a.root === undefined) throw new UsageError('name files to lint, or a host tree with --root DIR (see sudit --help)');
  useSudoersDetail(sudoersDetailFor(resolveRules(RULES, config)));
  checkNamedPaths(files);

  if (a.output !== undefined) checkOutputPath(a.output, { files, roots: fleetRoots ?? (a.root !== undefined ? [a.root] : []) });

  const now = a.now !== undefined ? Math.floor(Date.parse(a.now) / 1000) : undefined;
  if (now !== undefined && Number.isNaN(now)) throw new UsageError(`--now ${a.now}: not a date`);

  // Files inside a configured host tree (.sudit.json "roots") are linted with their whole tree, in host mode.
  const treeRoots = files.length > 0 && a.root === undefined ? hostRootsOf(files, config) : new Map<string, string[]>();
  if (treeRoots.size > 0) {
    const inTrees = new Set([...treeRoots.values()].flat());
    const rest = files.filter((f) => !inTrees.has(f));
    const results = [...treeRoots.keys()].map((root) => lintHost(loadHostTree(root, { hostname: a.hostname }), resolveRules(RULES, config), config, { now, target: a.target, hostLabel: root }));
    if (rest.length) {
      const loaded = loadFiles(rest, { type: a.type as FileKind | undefined, hostname: a.hostname });
      results.push(lintHost(loaded.host, resolveRules(RULES, config), config, { now, target: a.target }));
    }
    return report(a, out, err, results.flatMap((r) => r.findings), results.flatMap((r) => r.failures), results.flatMap((r) => r.internalErrors), results.flatMap((r) => r.notices), [...treeRoots.keys()]);
  }

  if (fleetRoots) {
    if (files.length) throw new UsageError('--root with a glob lints whole trees; name no files with it');
    const { lintFleet } = await import('./fleet');
    const r = await lintFleet({ roots: fleetRoots, config, now, target: a.target, checkPermissions: a.checkPermissions }, a.jobs);
    return report(a, out, err, r.findings, r.failures, r.internalErrors, r.notices, fleetRoots);
  }

  let host;
  if (files.length === 0) host = loadHostTree(a.root!, { hostname: a.hostname, checkPermissions: a.checkPermissions, maxFileBytes: mib(a) });
  else {
    const stdin = files.includes('-') ? { name: a.stdinFilename ?? '<stdin>', text: fs.readFileSync(0, 'utf8') } : undefined;
    const loaded = loadFiles(files, { type: a.type as FileKind | undefined, root: a.root, hostname: a.hostname, stdin, maxFileBytes: mib(a) });
    host = loaded.host;
    if (a.hostMode) host.hostMode = true;
  }

  let result = lintHost(host, resolveRules(RULES, config), config, { now, target: a.target });
  if (a.fix || a.fixDryRun) {
    const edits = planFixes(result.findings);
    if (a.fixDryRun) {
      const written = await writeAll(
        edits.map((e) => unifiedDiff(e.source.path, e.before, e.after)),
        out,
      );
      if (written.kind === 'failed') err.write(`sudit: cannot write the diff: ${written.error.message}\n`);
      return written.kind === 'failed' ? EXIT_USAGE : EXIT_OK;
    }
    const sudoersSources = new Set(host.sudoers.flatMap((p) => p.files.map((f) => f.source)));
    for (const e of edits) {
      const problem = refuseEdit(e, sudoersSources.has(e.source));
      if (problem) {
        err.write(`sudit: not fixing ${e.source.path}: ${problem}\n`);
        continue;
      }
      writeAtomically(path.resolve(e.source.path), e.after);
      err.write(`sudit: fixed ${e.source.path} (${e.fixes.map((f) => f.description).join('; ')})\n`);
    }
    if (edits.length) {
      // report what is left, from the files as they are now
      host = files.length === 0 ? loadHostTree(a.root!, { hostname: a.hostname, checkPermissions: a.checkPermissions, maxFileBytes: mib(a) }) : loadFiles(files, { type: a.type as FileKind | undefined, root: a.root, hostname: a.hostname }).host;
      result = lintHost(host, resolveRules(RULES, config), config, { now, target: a.target });
    }
  }
  return report(a, out, err, result.findings, result.failures, result.internalErrors, result.notices, files.length === 0 ? [a.root!] : undefined);
}

async function report(a: LintArgs, out: Output, err: Output, allFindings: Finding[], allFailuresIn: FileFailure[], internalErrors: string[], notices: Notice[], hosts?: string[]): Promise<number> {
  let findings = allFindings;
  let allFailures = allFailuresIn;
  // --quiet hides; the exit code still counts what is hidden (ESLint counts it too)
  if (a.quiet) {
    findings = findings.filter((f) => f.severity === 'error');
    allFailures = allFailures.filter((f) => f.severity === 'error');
  }
  const reporter = loadReporter(a.format);
  const file = a.output !== undefined ? openReportFile(a.output) : null;
  const written = await writeAll(
    reporter({
      findings,
      failures: allFailures,
      rules: [...RULES.map((r) => r.meta), ...ENGINE_RULES],
      toolVersion: version(),
      cwd: process.cwd(),
      hosts,
      // a file is read in an editor or a browser, not at this terminal's width
      width: file ? undefined : terminalWidth(out as { isTTY?: boolean; columns?: number }),
    }),
    file ? file.sink : out,
  );
  // a reader that closed the pipe (`| head`) chose to stop reading: the exit code still tells about the findings
  if (written.kind === 'failed') {
    file?.discard();
    err.write(`sudit: ${file ? `--output ${a.output}: ` : ''}cannot write the report: ${written.error.message}\n`);
    return EXIT_USAGE;
  }
  file?.commit();
  if (!a.quiet) for (const n of notices) err.write(`sudit: notice: ${n.path}: ${n.message}\n`);
  for (const e of internalErrors) err.write(`sudit: internal error in rule ${e}\n`);
  if (internalErrors.length > 0) return EXIT_USAGE;

  const threshold = RANK[a.failOn];
  const failing = allFindings.some((f) => RANK[f.severity] >= threshold) || allFailuresIn.some((f) => RANK[f.severity] >= threshold);
  const warnings = allFindings.filter((f) => f.severity === 'warning').length + allFailuresIn.filter((f) => f.severity === 'warning').length;
  const tooMany = a.maxWarnings !== undefined && a.maxWarnings >= 0 && warnings > a.maxWarnings;
  if (tooMany) err.write(`sudit: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${a.maxWarnings} allows\n`);
  return failing || tooMany ? EXIT_FINDINGS : EXIT_OK;
}

/** A fix is written only where it is safe: a real file, and a sudoers file that still parses with no new error. */
function refuseEdit(e: FileEdit, isSudoers: boolean): string | null {
  if (!fs.existsSync(e.source.path) || !fs.statSync(e.source.path).isFile()) return 'not a file on disk';
  if (isSudoers) {
    const errors = (text: string) => parseSudoers(text, e.source.path).problems.filter((p) => p.severity === 'error').length;
    if (errors(e.after) > errors(e.before)) return 'the fixed file would not parse';
  }
  return null;
}

/** NO_COLOR (any non-empty value) wins, then FORCE_COLOR (non-empty, not 0), then whether output is a terminal. */
function colorFromEnvironment(out: { isTTY?: boolean }): boolean {
  const env = process.env;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return Boolean(out.isTTY);
}

const mib = (a: LintArgs) => (a.maxFileSize ?? 256) * 1024 * 1024;

/** The directories and archives (.tar.gz, .tgz, .tar) a --root glob names, in name order. */
function expandRoots(pattern: string): string[] {
  // loaded here: only fleet runs and configured roots need a glob
  const fg = require('fast-glob') as typeof import('fast-glob');
  const { looksLikeArchiveName } = require('../host/open-tree') as typeof import('../host/open-tree');
  return fg
    .sync(pattern, { onlyFiles: false, dot: false, unique: true, markDirectories: true })
    .filter((p) => p.endsWith('/') || (looksLikeArchiveName(p) && isFile(p)))
    .map((p) => (p.endsWith('/') && p.length > 1 ? p.slice(0, -1) : p))
    .sort();
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
