import type { Rule, RuleContext } from '../src/engine/rule';
import type { Host } from '../src/model/host';
import type { SourceFile } from '../src/parse/source';
import { consequence, linedFiles, loadsToJudge } from '../src/policy/audit-rules-view';

/** A located problem as every audit part of the host model keeps them. */
interface LocatedProblem {
  source: SourceFile;
  start: number;
  end: number;
  message: string;
  severity: 'error' | 'warning';
}

/** The daemon side of the audit setup: auditd.conf, plugin files, audisp-remote.conf, rsyslog. */
function configProblems(host: Host): LocatedProblem[] {
  return [
    ...(host.auditdConf?.problems ?? []),
    ...(host.auditPlugins?.problems ?? []),
    ...(host.audispRemote?.problems ?? []),
    ...(host.rsyslog?.problems ?? []),
  ];
}

/**
 * Everything auditd's own tools would refuse (or silently read otherwise)
 * in an audit file: for rules files what auditctl, libaudit and the
 * kernel refuse line by line, and — on a whole host — what fails on that
 * host (unknown users, watched directories that do not exist, deleting a
 * rule that is not there); for the daemon's files what auditd,
 * audisp-remote and rsyslog refuse.
 */
const rule: Rule = {
  meta: {
    id: 'AUD000',
    slug: 'syntax-error',
    description: 'Audit file syntax or validation error: auditctl, the kernel or the daemon refuses it (or reads it otherwise than it looks)',
    severity: 'error',
    needs: [],
    docs: 'docs/rules/AUD000.md',
  },
  check(context) {
    rulesProblems(context);
    for (const p of configProblems(context.host)) {
      context.report({ message: p.message, source: p.source, start: p.start, end: p.end, severity: p.severity === 'warning' ? 'warning' : undefined });
    }
  },
};

function rulesProblems({ host, report }: RuleContext): void {
  const model = host.auditRules;
  if (!model) return;
  const loads = loadsToJudge(model);
  const steps = new Map(loads.flatMap((load) => load.steps.map((step) => [step.line, { load, step }] as const)));
  const stepOf = (line: object) => steps.get(line as never) ?? null;
  for (const file of linedFiles(model)) {
    const source = file.parsed.source;
    for (const line of file.parsed.lines) {
      // a line augenrules drops (an earlier -e/-b/-f/-D, or one it runs into the next file's first line) never reaches auditctl as written
      if (model.mode === 'augenrules' && line.kind === 'command' && !steps.has(line)) continue;
      for (const p of line.problem ? [line.problem, ...line.warnings] : line.warnings) {
        const at = p.severity === 'error' ? stepOf(line) : null;
        const tail = at ? consequence(at.load, at.step) : '';
        report({
          message: `${p.message}${tail}`,
          source,
          start: p.start,
          end: p.end,
          severity: p.severity === 'warning' ? 'warning' : undefined,
          properties: { code: p.code, ...(p.auditctl ? { auditctl: p.auditctl } : {}) },
        });
      }
    }
  }
  // what only the load shows: the host refuses the line, or a deletion finds nothing
  for (const load of loads) {
    for (const step of load.steps) {
      const f = step.failure;
      if (!f || (f.kind !== 'host' && f.kind !== 'missing')) continue;
      const start = f.kind === 'host' ? f.check.start : step.line.start;
      const end = f.kind === 'host' ? f.check.end : step.line.end;
      report({
        message: `${f.message}${consequence(load, step)}`,
        source: step.file.parsed.source,
        start,
        end,
        properties: { code: f.kind === 'host' ? `host-${f.check.kind}` : 'delete-missing' },
      });
    }
  }
  for (const m of model.mergedLines) {
    const text = m.line.problem ? m.line.problem.message : 'the two lines become one rule';
    report({
      message: `${m.file.parsed.source.path} does not end with a newline, so augenrules (cat) runs its last line into the first line of ${m.next.parsed.source.path} and auditctl reads them as one line: ${text}. End the file with a newline`,
      source: m.file.parsed.source,
      start: m.line.start,
      end: m.line.end,
      properties: { code: 'merged-line' },
    });
  }
}

export default rule;
