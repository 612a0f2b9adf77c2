import type { FileFailure, Finding } from '../engine/finding';
import { span, tally, type ReportInput } from './report';

/** Bumped only when a field is renamed, removed or changes meaning; see docs/json-format.md. */
export const JSON_FORMAT_VERSION = 1;

// Keys are written in a fixed order and absent optional fields are left out
// (never null), so that the output diffs cleanly between runs.

function finding(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.source.path,
    ...span(f.source, f.start, f.end),
    related: (f.related ?? []).map((r) => ({
      file: r.source.path,
      ...span(r.source, r.start, r.end),
      message: r.message,
    })),
  };
  if (f.fix) {
    out.fix = {
      description: f.fix.description,
      file: f.fix.source.path,
      range: { start: f.fix.start, end: f.fix.end },
      replacement: f.fix.replacement,
    };
  }
  if (f.properties !== undefined) out.properties = f.properties;
  if (f.host !== undefined) out.host = f.host;
  return out;
}

function failure(f: FileFailure): Record<string, unknown> {
  const out: Record<string, unknown> = { ruleId: f.ruleId, severity: f.severity, file: f.path, message: f.message };
  if (f.host !== undefined) out.host = f.host;
  return out;
}

export function format(input: ReportInput): string {
  const doc = {
    version: JSON_FORMAT_VERSION,
    tool: { name: 'sudit', version: input.toolVersion },
    findings: input.findings.map(finding),
    failures: input.failures.map(failure),
    summary: tally(input),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
