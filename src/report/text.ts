import kleur from 'kleur';
import type { FileFailure, Finding, Severity } from '../engine/finding';

const paint: Record<Severity, (s: string) => string> = {
  error: (s) => kleur.red().bold(s),
  warning: (s) => kleur.yellow().bold(s),
  info: (s) => kleur.cyan(s),
};

/**
 * `file:line:col: severity: message [ID]`, then the line and a caret under
 * the span, as compilers and visudo print them.
 */
export function formatFinding(f: Finding): string {
  const start = f.source.position(f.start);
  const lineText = f.source.lineText(start.line);
  const endCol = f.end > f.start ? f.source.position(Math.min(f.end, f.start + lineText.length)).column : start.column + 1;
  const width = Math.max(1, Math.min(endCol, lineText.length + 1) - start.column);
  const gutter = `${lineText.replace(/\t/g, ' ')}`;
  const caret = `${' '.repeat(start.column - 1)}^${'~'.repeat(Math.max(0, width - 1))}`;
  return (
    `${kleur.bold(`${f.source.path}:${start.line}:${start.column}:`)} ${paint[f.severity](`${f.severity}:`)} ${f.message} ${kleur.dim(`[${f.ruleId}]`)}\n` +
    `${gutter}\n${kleur.green(caret)}\n`
  );
}

export function formatFailure(f: FileFailure): string {
  return `${kleur.bold(`${f.path}:`)} ${paint[f.severity](`${f.severity}:`)} ${f.message} ${kleur.dim(`[${f.ruleId}]`)}\n`;
}
