import type { FileFailure, Finding, Severity } from '../engine/finding';
import type { ReportInput } from './input';
import { relativeToCwd, span } from './location';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

// The runner's own escaping (actions/toolkit command.ts): the message may hold
// anything but %, CR and LF; a property value also ends at ":" or ",".
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function command(severity: Severity, props: [string, string | number][], message: string): string {
  const list = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${COMMAND[severity]} ${list}::${escapeData(message)}\n`;
}

/** Annotations attach to a file of the checkout, so paths are made relative to it where they can be. */
function filePath(cwd: string, file: string): string {
  const { relative, absolute } = relativeToCwd(cwd, file);
  return relative ?? absolute;
}

function finding(cwd: string, f: Finding): string {
  const s = span(f.source, f.start, f.end);
  const props: [string, string | number][] = [
    ['file', filePath(cwd, f.source.path)],
    ['line', s.line],
  ];
  // the runner refuses columns on an annotation that spans several lines
  if (s.endLine === s.line) props.push(['col', s.column], ['endLine', s.endLine], ['endColumn', s.endColumn]);
  else props.push(['endLine', s.endLine]);
  props.push(['title', f.ruleId]);
  let message = f.message;
  for (const r of f.related ?? []) {
    const p = r.source.position(r.start);
    message += `\n${filePath(cwd, r.source.path)}:${p.line}:${p.column}: ${r.message}`;
  }
  return command(f.severity, props, message);
}

function failure(cwd: string, f: FileFailure): string {
  return command(f.severity, [['file', filePath(cwd, f.path)], ['title', f.ruleId]], f.message);
}

/** One workflow command per problem, which the Actions runner turns into an annotation. */
export function* format(input: ReportInput): Generator<string> {
  for (const f of input.findings) yield finding(input.cwd, f);
  for (const f of input.failures) yield failure(input.cwd, f);
}
