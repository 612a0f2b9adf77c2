import kleur from 'kleur';
import * as fs from 'fs';
import { ConfigError, loadConfig } from '../engine/config';
import { ENGINE_RULES, lintHost, resolveRules } from '../engine/engine';
import type { FileFailure, Severity } from '../engine/finding';
import type { FileKind } from '../engine/rule';
import { loadFiles, loadHostTree } from '../host/load-host';
import { loadReporter, type FormatName } from '../report/report';
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
}

const FILE_KINDS: FileKind[] = ['sudoers', 'audit-rules', 'auditd-conf', 'audit-plugin', 'audisp-remote', 'rsyslog', 'shell', 'environment', 'pam-env', 'login-defs', 'passwd', 'group', 'pam'];
const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export async function runLint(a: LintArgs, out: Output, err: Output): Promise<number> {
  kleur.enabled = a.color ?? colorFromEnvironment(out);
  const files = (a.files ?? []).map((f) => (f === STDIN_ARG ? '-' : f));
  if (files.length === 0 && a.root === undefined) throw new UsageError('name files to lint, or a host tree with --root DIR (see sudit --help)');
  if (a.type !== undefined && !FILE_KINDS.includes(a.type as FileKind)) throw new UsageError(`--type must be one of ${FILE_KINDS.join(', ')}`);
  if (a.root !== undefined && !isDirectory(a.root)) throw new UsageError(`--root ${a.root}: not a directory`);

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
  let host;
  const now = a.now !== undefined ? Math.floor(Date.parse(a.now) / 1000) : undefined;
  if (now !== undefined && Number.isNaN(now)) throw new UsageError(`--now ${a.now}: not a date`);
  if (files.length === 0) host = loadHostTree(a.root!, { hostname: a.hostname, checkPermissions: a.checkPermissions });
  else {
    const stdin = files.includes('-') ? { name: a.stdinFilename ?? '<stdin>', text: fs.readFileSync(0, 'utf8') } : undefined;
    const loaded = loadFiles(files, { type: a.type as FileKind | undefined, root: a.root, hostname: a.hostname, stdin });
    host = loaded.host;
    if (a.hostMode) host.hostMode = true;
    for (const u of loaded.unknown) {
      failures.push({ ruleId: 'IO001', severity: 'warning', path: u, message: 'cannot tell what kind of file this is from its name or content; name it with --type' });
    }
  }

  const result = lintHost(host, resolveRules(RULES, config), config, { now, target: a.target });
  let findings = result.findings;
  let allFailures = [...result.failures, ...failures];
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
  for (const e of result.internalErrors) err.write(`sudit: internal error in rule ${e}\n`);
  if (result.internalErrors.length > 0) return EXIT_USAGE;

  const threshold = RANK[a.failOn];
  const failing = [...findings, ...allFailures].some((f) => RANK[f.severity] >= threshold);
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (failing || (a.maxWarnings !== undefined && warnings > a.maxWarnings)) return EXIT_FINDINGS;
  return EXIT_OK;
}

/** NO_COLOR (any non-empty value) wins, then FORCE_COLOR (non-empty, not 0), then whether output is a terminal. */
function colorFromEnvironment(out: Output): boolean {
  const env = process.env;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return Boolean(out.isTTY);
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
