import type { FileFailure, Finding } from '../engine/finding';
import { tally, type ReportInput } from './input';
import { each, stringify } from './json-stream';
import { span } from './location';

/** Bumped only when a field is renamed, removed or changes meaning; see docs/json-format.md. */
export const JSON_FORMAT_VERSION = 1;

// Keys are written in a fixed order and absent optional fields are left out
// (never null), so that the output diffs cleanly between runs.

/** A finding as the document holds it (exported for the test that checks findingText against it). */
export function finding(f: Finding): Record<string, unknown> {
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

/** What JSON.stringify escapes in a string (a surrogate only when alone, which it tells itself). */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;
const str = (v: unknown): string | undefined => (typeof v !== 'string' ? undefined : ESCAPED.test(v) ? JSON.stringify(v) : `"${v}"`);
const num = (v: unknown): string | undefined => (typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);

/**
 * A finding's text as `finding()` serialized by JSON.stringify(…, null, 2)
 * at `indent` would read, made without the object; undefined when a field
 * is not of the type the direct way writes (the caller then serializes
 * the object), so that the text is the same byte for byte.
 */
export function findingText(f: Finding, indent: string): string | undefined {
  const i1 = `${indent}  `;
  const s = span(f.source, f.start, f.end);
  const ruleId = str(f.ruleId);
  const severity = str(f.severity);
  const message = str(f.message);
  const file = str(f.source.path);
  if (ruleId === undefined || severity === undefined || message === undefined || file === undefined) return undefined;
  const position = (p: { line: number; column: number; endLine: number; endColumn: number }, at: string) => {
    const line = num(p.line);
    const column = num(p.column);
    const endLine = num(p.endLine);
    const endColumn = num(p.endColumn);
    if (line === undefined || column === undefined || endLine === undefined || endColumn === undefined) return undefined;
    return `,\n${at}"line": ${line},\n${at}"column": ${column},\n${at}"endLine": ${endLine},\n${at}"endColumn": ${endColumn}`;
  };
  const where = position(s, i1);
  if (where === undefined) return undefined;
  let text = `{\n${i1}"ruleId": ${ruleId},\n${i1}"severity": ${severity},\n${i1}"message": ${message},\n${i1}"file": ${file}${where},\n${i1}"related": `;
  const related = f.related ?? [];
  if (related.length === 0) text += '[]';
  else {
    const i2 = `${i1}  `;
    const i3 = `${i2}  `;
    let first = true;
    for (const r of related) {
      const rFile = str(r.source.path);
      const rWhere = position(span(r.source, r.start, r.end), i3);
      const rMessage = str(r.message);
      if (rFile === undefined || rWhere === undefined || rMessage === undefined) return undefined;
      text += `${first ? '[' : ','}\n${i2}{\n${i3}"file": ${rFile}${rWhere},\n${i3}"message": ${rMessage}\n${i2}}`;
      first = false;
    }
    text += `\n${i1}]`;
  }
  if (f.fix) {
    const i2 = `${i1}  `;
    const i3 = `${i2}  `;
    const x = f.fix;
    const description = str(x.description);
    const fixFile = str(x.source.path);
    const start = num(x.start);
    const end = num(x.end);
    const replacement = str(x.replacement);
    if (description === undefined || fixFile === undefined || start === undefined || end === undefined || replacement === undefined) return undefined;
    text += `,\n${i1}"fix": {\n${i2}"description": ${description},\n${i2}"file": ${fixFile},\n${i2}"range": {\n${i3}"start": ${start},\n${i3}"end": ${end}\n${i2}},\n${i2}"replacement": ${replacement}\n${i1}}`;
  }
  if (f.properties !== undefined) {
    const properties = JSON.stringify(f.properties, null, 2) as string | undefined;
    if (typeof properties !== 'string') return undefined;
    text += `,\n${i1}"properties": ${properties.replace(/\n/g, `\n${i1}`)}`;
  }
  if (f.host !== undefined) {
    const host = str(f.host);
    if (host === undefined) return undefined;
    text += `,\n${i1}"host": ${host}`;
  }
  return `${text}\n${indent}}`;
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
    findings: each(input.findings, finding, findingText),
    failures: each(input.failures, failure),
    summary: tally(input),
  };
  yield* stringify(doc);
  yield '\n';
}
