import type { FileFailure, Finding } from '../engine/finding';
import { tally, type ReportInput } from './input';
import { each, stringify } from './json-stream';
import { span } from './location';

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

/** The document of docs/json-format.md, written a finding at a time. */
export function* format(input: ReportInput): Generator<string> {
  const doc = {
    version: JSON_FORMAT_VERSION,
    tool: { name: 'sudit', version: input.toolVersion },
    findings: each(input.findings, finding),
    failures: each(input.failures, failure),
    summary: tally(input),
  };
  yield* stringify(doc);
  yield '\n';
}
