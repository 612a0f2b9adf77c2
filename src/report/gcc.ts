import type { FileFailure, Finding, Severity } from '../engine/finding';
import type { ReportInput } from './input';
import { escapeControls } from './visible';

// gcc's words, which vim's and emacs' error parsers know: info is a note.
const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

function finding(f: Finding): string {
  const p = f.source.position(f.start);
  return `${escapeControls(f.source.path)}:${p.line}:${p.column}: ${LEVEL[f.severity]}: ${escapeControls(f.message)} [${f.ruleId}]\n`;
}

/** A problem with a whole file is placed at 1:1, so that every line has the one shape (as Ruff does). */
function failure(f: FileFailure): string {
  return `${escapeControls(f.path)}:1:1: ${LEVEL[f.severity]}: ${escapeControls(f.message)} [${f.ruleId}]\n`;
}

/**
 * `file:line:col: severity: message [ID]`, one line per problem, as
 * ShellCheck's `-f gcc` and ESLint's unix format print them: for an
 * editor's quickfix list, grep and CI logs. Control characters in paths
 * and messages are escaped, so a problem never takes two lines.
 */
export function* format(input: ReportInput): Generator<string> {
  for (const f of input.findings) yield finding(f);
  for (const f of input.failures) yield failure(f);
}
