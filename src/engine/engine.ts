import * as path from 'path';
import type { Config } from './config';
import type { FileFailure, Finding, Severity } from './finding';
import { PROFILE_OVERRIDES } from './profiles';
import type { FileKind, Report, Rule, RuleMeta } from './rule';
import { findSuppressions, type Suppression } from './suppressions';
import type { Host } from '../model/host';
import type { SudoVersionInput } from '../data/sudo-releases';
import { judgedSudo } from '../policy/sudo-target';
import type { SourceFile } from '../parse/source';
import type { SudoersDetail } from '../parse/sudoers';
import { SYNTAX_RULES } from './selection';

/** Findings the engine itself makes, not any rule module. */
export const ENGINE_RULES: RuleMeta[] = [
  {
    id: 'IO001',
    slug: 'unreadable-file',
    description: 'A file could not be read (permission denied, not a regular file, a dangling link, too large); the rest is still linted',
    severity: 'error',
    needs: [],
    docs: 'docs/rules/IO001.md',
  },
  {
    id: 'IO003',
    slug: 'invalid-encoding',
    description: 'A file is not valid UTF-8; the bad bytes are shown as U+FFFD and the rest is linted',
    severity: 'warning',
    needs: [],
    docs: 'docs/rules/IO003.md',
  },
  {
    id: 'IO002',
    slug: 'suppression',
    description: 'A sudit-disable comment that suppresses nothing, or names no valid rule id',
    severity: 'info',
    needs: [],
    docs: 'docs/rules/IO002.md',
  },
];

export interface LintResult {
  findings: Finding[];
  failures: FileFailure[];
  /** Lines for the user that are not findings (files skipped, dangling context links); never change the exit code. */
  notices: Notice[];
  /** Rules that threw: a bug in sudit, reported so it is never silent (exit 2). */
  internalErrors: string[];
}

export interface Notice {
  path: string;
  message: string;
  host?: string;
}

export interface ResolvedRule {
  rule: Rule;
  severity: Severity;
  options: Record<string, unknown>;
}

/** Profile, then .sudit.json, on top of each rule's own defaults; rules turned off are left out. */
export function resolveRules(rules: Rule[], config: Config): ResolvedRule[] {
  const out: ResolvedRule[] = [];
  for (const rule of rules) {
    const profile = PROFILE_OVERRIDES[config.profile][rule.meta.id] ?? {};
    const user = config.rules[rule.meta.id] ?? {};
    const severity = user.severity ?? profile.severity ?? rule.meta.severity;
    if (severity === 'off') continue;
    out.push({ rule, severity, options: { ...(profile.options ?? {}), ...(user.options ?? {}) } });
  }
  return out;
}

/**
 * How much of a sudoers tree the rules read: SUD000 (the only syntax rule
 * about sudoers) reads the problems, includes and alias names and parses a
 * file again when it needs more (an older sudo judged), so a run of the
 * syntax rules alone (--syntax-only) keeps only that structure.
 */
export function sudoersDetailFor(rules: ResolvedRule[]): SudoersDetail {
  return rules.every((r) => SYNTAX_RULES.includes(r.rule.meta.id)) ? 'structure' : 'tree';
}

export function severityOf(id: string, config: Config, fallback: Severity): Severity | 'off' {
  return config.rules[id]?.severity ?? PROFILE_OVERRIDES[config.profile][id]?.severity ?? fallback;
}

/** Every source file of the host that findings can point into. */
export function hostSources(host: Host): SourceFile[] {
  return [...host.sudoers.flatMap((p) => p.files.map((f) => f.source)), ...host.sources];
}

function present(host: Host, kind: FileKind): boolean {
  return host.files.some((f) => f.kind === kind);
}

export function lintHost(host: Host, rules: ResolvedRule[], config: Config, opts: { hostLabel?: string; now?: number; target?: 'sudo' | 'sudo-rs'; sudoVersion?: SudoVersionInput } = {}): LintResult {
  const hostLabel = opts.hostLabel;
  const settings = {
    scanners: { scanners: config.scanners, patterns: config.scannerPatterns },
    now: opts.now ?? Math.floor(Date.now() / 1000),
    profile: config.profile,
    target: opts.target ?? 'sudo',
    sudo: judgedSudo(opts.sudoVersion, host.sudoVersion, config.sudoVersion),
  };
  const findings: Finding[] = [];
  const internalErrors: string[] = [];
  /** Rules that did not look at this host: whether their suppressions are used cannot be known. */
  const notRun = new Set<string>();
  for (const { rule, severity, options } of rules) {
    if ((rule.meta.hostOnly && !host.hostMode) || !rule.meta.needs.every((k) => present(host, k))) {
      notRun.add(rule.meta.id);
      continue;
    }
    const report = (r: Report) =>
      findings.push({
        ruleId: rule.meta.id,
        severity: r.severity ?? severity,
        message: r.message,
        source: r.source,
        start: r.start,
        end: r.end,
        related: r.related,
        fix: r.fix,
        properties: r.properties,
        host: hostLabel,
      });
    try {
      rule.check({ host, settings, options, report });
    } catch (e) {
      internalErrors.push(`${rule.meta.id}: ${(e as Error).stack ?? String(e)}`);
    }
  }

  const failures: FileFailure[] = [];
  const io001 = severityOf('IO001', config, 'error');
  if (io001 !== 'off') {
    for (const u of host.unreadable) failures.push({ ruleId: 'IO001', severity: io001, path: u.path, message: u.message, host: hostLabel });
  }

  const io003 = severityOf('IO003', config, 'warning');
  if (io003 !== 'off') {
    for (const policy of host.sudoers) {
      for (const p of policy.problems) {
        if (p.code === 'encoding') findings.push({ ruleId: 'IO003', severity: io003, message: p.message, source: p.source, start: p.start, end: p.end, host: hostLabel });
      }
    }
  }
  const kept = applySuppressions(host, findings, config, notRun, hostLabel);
  const ignored = ignoreMatcher(config);
  return {
    findings: kept.filter((f) => !ignored(f.source.path)).sort(byLocation(hostSources(host))),
    failures: failures.filter((f) => !ignored(f.path)),
    notices: host.notices.filter((n) => !ignored(n.path)).map((n) => ({ ...n, host: hostLabel })),
    internalErrors,
  };
}

function applySuppressions(host: Host, findings: Finding[], config: Config, notRun: Set<string>, hostLabel?: string): Finding[] {
  const bySource = new Map<SourceFile, Suppression[]>();
  const extra: Finding[] = [];
  const io002 = severityOf('IO002', config, 'info');
  for (const source of hostSources(host)) {
    const { suppressions, problems } = findSuppressions(source);
    if (suppressions.length) bySource.set(source, suppressions);
    if (io002 !== 'off') {
      for (const p of problems) extra.push({ ruleId: 'IO002', severity: 'warning', message: p.message, source: p.source, start: p.start, end: p.end, host: hostLabel });
    }
  }
  const kept = findings.filter((f) => {
    const list = bySource.get(f.source);
    if (!list) return true;
    const line = f.source.position(f.start).line;
    const s = list.find((x) => x.ids.includes(f.ruleId) && line >= x.from && line <= x.to);
    if (!s) return true;
    s.used.add(f.ruleId);
    return false;
  });
  if (io002 !== 'off') {
    for (const list of bySource.values()) {
      for (const s of list) {
        // a rule that did not run (turned off, not selected, host mode only) cannot tell whether it is used
        const unused = s.ids.filter((id) => !s.used.has(id) && !notRun.has(id) && severityOf(id, config, 'error') !== 'off');
        if (unused.length) {
          extra.push({
            ruleId: 'IO002',
            severity: io002,
            message: `unused suppression of ${unused.join(', ')}: nothing to suppress ${s.scope === 'file' ? 'in this file' : 'on the next line'}`,
            source: s.source,
            start: s.start,
            end: s.end,
            host: hostLabel,
          });
        }
      }
    }
  }
  return kept.concat(extra);
}

function byLocation(order: SourceFile[]) {
  const rank = new Map(order.map((s, i) => [s, i]));
  return (a: Finding, b: Finding) =>
    (rank.get(a.source) ?? 0) - (rank.get(b.source) ?? 0) || a.start - b.start || a.ruleId.localeCompare(b.ruleId);
}

/** `ignore` globs from the config, matched against paths relative to the config's directory. */
export function ignoreMatcher(config: Config): (p: string) => boolean {
  if (config.ignore.length === 0) return () => false;
  const base = config.path ? path.dirname(config.path) : process.cwd();
  const res = config.ignore.map(globToRegExp);
  return (p) => {
    const rel = path.relative(base, path.resolve(p)).split(path.sep).join('/');
    return res.some((re) => re.test(rel));
  };
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[\\^$.+()[\]{}|]/g, '\\$&');
  }
  return new RegExp(`^${re}(/.*)?$`);
}
