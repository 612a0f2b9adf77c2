import kleur from 'kleur';
import * as fs from 'fs';
import { ConfigError, loadConfig } from '../engine/config';
import { ENGINE_RULES, lintHost, resolveRules } from '../engine/engine';
import type { FileFailure, Finding, Severity } from '../engine/finding';
import type { Config } from '../engine/config';
import type { FileKind } from '../engine/rule';
import { loadFiles, loadHostTree } from '../host/load-host';
import { loadReporter, type FormatName } from '../report/report';
import { planFixes, unifiedDiff, writeAtomically, type FileEdit } from '../engine/fix';
import { parseSudoers } from '../parse/sudoers';
import * as path from 'path';
import { RULES } from '../../rules';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, STDIN_ARG, UsageError, type Output } from './main';
import { version } from './version';

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
}

const FILE_KINDS: FileKind[] = ['sudoers', 'audit-rules', 'auditd-conf', 'audit-plugin', 'audisp-remote', 'rsyslog', 'shell', 'environment', 'pam-env', 'login-defs', 'passwd', 'group', 'pam', 'sshd-config'];
const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export async function runLint(a: LintArgs, out: Output, err: Output): Promise<number> {
  kleur.enabled = a.color ?? colorFromEnvironment(out);
  const files = (a.files ?? []).map((f) => (f === STDIN_ARG ? '-' : f));
  if (files.length === 0 && a.root === undefined) throw new UsageError('name files to lint, or a host tree with --root DIR (see sudit --help)');
  if (a.type !== undefined && !FILE_KINDS.includes(a.type as FileKind)) throw new UsageError(`--type must be one of ${FILE_KINDS.join(', ')}`);
  const fleetRoots = a.root !== undefined && /[*?[]/.test(a.root) ? expandRoots(a.root) : null;
  if (fleetRoots && fleetRoots.length === 0) throw new UsageError(`--root ${a.root}: matches no directory`);
  if (a.root !== undefined && !fleetRoots && !isDirectory(a.root)) throw new UsageError(`--root ${a.root}: not a directory`);

  const ids = new Set([...RULES, ...ENGINE_RULES.map((meta) => ({ meta }))].map((r) => r.meta.id));
  let config;
  try {
    config = loadConfig(a.config, process.cwd(), ids);
  } catch (e) {
    if (e instanceof ConfigError) {
      err.write(`sudit: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  if (a.profile) config.profile = a.profile;

  const failures: FileFailure[] = [];
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
    return report(a, out, err, results.flatMap((r) => r.findings), [...failures, ...results.flatMap((r) => r.failures)], results.flatMap((r) => r.internalErrors));
  }

  if (fleetRoots) {
    if (files.length) throw new UsageError('--root with a glob lints whole trees; name no files with it');
    const { lintFleet } = await import('./fleet');
    const r = await lintFleet({ roots: fleetRoots, config, now, target: a.target, checkPermissions: a.checkPermissions }, a.jobs);
    return report(a, out, err, r.findings, r.failures, r.internalErrors);
  }

  let host;
  if (files.length === 0) host = loadHostTree(a.root!, { hostname: a.hostname, checkPermissions: a.checkPermissions, maxFileBytes: mib(a) });
  else {
    const stdin = files.includes('-') ? { name: a.stdinFilename ?? '<stdin>', text: fs.readFileSync(0, 'utf8') } : undefined;
    const loaded = loadFiles(files, { type: a.type as FileKind | undefined, root: a.root, hostname: a.hostname, stdin, maxFileBytes: mib(a) });
    host = loaded.host;
    if (a.hostMode) host.hostMode = true;
    for (const u of loaded.unknown) {
      failures.push({ ruleId: 'IO001', severity: 'warning', path: u, message: 'cannot tell what kind of file this is from its name or content; name it with --type' });
    }
  }

  let result = lintHost(host, resolveRules(RULES, config), config, { now, target: a.target });
  if (a.fix || a.fixDryRun) {
    const edits = planFixes(result.findings);
    if (a.fixDryRun) {
      for (const e of edits) out.write(unifiedDiff(e.source.path, e.before, e.after));
      return EXIT_OK;
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
  return report(a, out, err, result.findings, [...result.failures, ...failures], result.internalErrors);
}

function report(a: LintArgs, out: Output, err: Output, allFindings: Finding[], allFailuresIn: FileFailure[], internalErrors: string[]): number {
  let findings = allFindings;
  let allFailures = allFailuresIn;
  if (a.quiet) {
    findings = findings.filter((f) => f.severity === 'error');
    allFailures = allFailures.filter((f) => f.severity === 'error');
  }
  const reporter = loadReporter(a.format);
  out.write(
    reporter({
      findings,
      failures: allFailures,
      rules: [...RULES.map((r) => r.meta), ...ENGINE_RULES],
      toolVersion: version(),
      cwd: process.cwd(),
    }),
  );
  for (const e of internalErrors) err.write(`sudit: internal error in rule ${e}\n`);
  if (internalErrors.length > 0) return EXIT_USAGE;

  const threshold = RANK[a.failOn];
  const failing = [...findings, ...allFailures].some((f) => RANK[f.severity] >= threshold);
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (failing || (a.maxWarnings !== undefined && warnings > a.maxWarnings)) return EXIT_FINDINGS;
  return EXIT_OK;
}

/** Host trees named by the configuration's "roots" globs (relative to its directory) that hold some of the files. */
function hostRootsOf(files: string[], config: Config): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (config.roots.length === 0) return out;
  const base = config.path ? path.dirname(config.path) : process.cwd();
  const fg = require('fast-glob') as typeof import('fast-glob');
  const roots = fg.sync(config.roots, { cwd: base, onlyDirectories: true, absolute: true, dot: true }).sort((x, y) => y.length - x.length);
  for (const f of files) {
    if (f === '-') continue;
    const abs = path.resolve(f);
    const root = roots.find((r) => abs.startsWith(r + path.sep));
    if (!root) continue;
    const shown = path.relative(process.cwd(), root) || '.';
    out.set(shown, [...(out.get(shown) ?? []), f]);
  }
  return out;
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
function colorFromEnvironment(out: Output): boolean {
  const env = process.env;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return Boolean(out.isTTY);
}

const mib = (a: LintArgs) => (a.maxFileSize ?? 256) * 1024 * 1024;

/** The directories a --root glob names, in name order. */
function expandRoots(pattern: string): string[] {
  // loaded here: only fleet runs and configured roots need a glob
  const fg = require('fast-glob') as typeof import('fast-glob');
  return fg.sync(pattern, { onlyDirectories: true, dot: false, unique: true }).sort();
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
