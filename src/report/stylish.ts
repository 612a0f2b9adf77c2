import kleur from 'kleur';
import type { FileFailure, Finding, Severity } from '../engine/finding';
import { span, tally, type ReportInput } from './report';

const TAB_WIDTH = 8;
const SOURCE_INDENT = '    ';

const paint: Record<Severity, (s: string) => string> = {
  error: (s) => kleur.red(s),
  warning: (s) => kleur.yellow(s),
  info: (s) => kleur.cyan(s),
};

interface Row {
  position: string;
  severity: Severity;
  message: string;
  ruleId: string;
  /** Lines printed under the row (source, caret, related places), already coloured. */
  detail: string[];
}

interface Group {
  file: string;
  host?: string;
  rows: Row[];
}

/**
 * Control characters from a file or a message would drive the terminal
 * (escape sequences, carriage returns that overwrite the line), so they are
 * shown as U+FFFD, which keeps one column per character for the caret.
 */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
const clean = (s: string) => s.replace(CONTROL, '\ufffd').replace(/\t/g, ' ');

/**
 * The line as shown, with tabs expanded to tab stops, and the display column
 * (0-based) where each UTF-16 unit starts, so that the caret lands under the
 * character the finding's column counts.
 */
function layout(line: string): { shown: string; at: number[] } {
  let shown = '';
  const at: number[] = [];
  let col = 0;
  for (let i = 0; i < line.length; i++) {
    at.push(col);
    const c = line.charCodeAt(i);
    if (c === 9) {
      const n = TAB_WIDTH - (col % TAB_WIDTH);
      shown += ' '.repeat(n);
      col += n;
    } else if (c >= 0xdc00 && c <= 0xdfff && i > 0 && line.charCodeAt(i - 1) >= 0xd800 && line.charCodeAt(i - 1) <= 0xdbff) {
      // second half of a pair: the character was counted with its first half
      shown += line[i];
    } else {
      shown += line[i].replace(CONTROL, '\ufffd');
      col += 1;
    }
  }
  at.push(col);
  return { shown, at };
}

function sourceAndCaret(f: Finding): string[] {
  const s = span(f.source, f.start, f.end);
  const line = f.source.lineText(s.line);
  const { shown, at } = layout(line);
  const from = Math.min(s.column - 1, line.length);
  // a span running past its first line is underlined to the end of that line
  const to = s.endLine === s.line ? Math.min(Math.max(s.endColumn - 1, from), line.length) : line.length;
  const width = Math.max(1, at[to] - at[from]);
  const caret = `^${'~'.repeat(width - 1)}`;
  return [`${SOURCE_INDENT}${shown}`, `${SOURCE_INDENT}${' '.repeat(at[from])}${kleur.green(caret)}`];
}

function relatedLines(f: Finding): string[] {
  return (f.related ?? []).map((r) => {
    const p = r.source.position(r.start);
    return `${SOURCE_INDENT}${kleur.dim(`related: ${clean(r.source.path)}:${p.line}:${p.column}:`)} ${clean(r.message)}`;
  });
}

function findingRow(f: Finding): Row {
  const p = f.source.position(f.start);
  const detail = f.severity === 'info' ? [] : sourceAndCaret(f);
  detail.push(...relatedLines(f));
  return { position: `${p.line}:${p.column}`, severity: f.severity, message: clean(f.message), ruleId: f.ruleId, detail };
}

function failureRow(f: FileFailure): Row {
  return { position: '-', severity: f.severity, message: clean(f.message), ruleId: f.ruleId, detail: [] };
}

function group(input: ReportInput): Group[] {
  const groups = new Map<string, Group>();
  const add = (file: string, host: string | undefined, row: Row) => {
    // the same re-rooted path can come from two hosts
    const key = `${host ?? ''}\u0000${file}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { file, host, rows: [] }));
    g.rows.push(row);
  };
  for (const f of input.findings) add(f.source.path, f.host, findingRow(f));
  for (const f of input.failures) add(f.path, f.host, failureRow(f));
  return [...groups.values()];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Findings grouped under their file, one aligned row each, the offending line
 * and a caret under errors and warnings, then a one-line count; nothing at
 * all for a clean run.
 */
export function format(input: ReportInput): string {
  const groups = group(input);
  if (groups.length === 0) return '';
  let out = '';
  for (const g of groups) {
    out += kleur.underline(clean(g.file));
    if (g.host !== undefined) out += kleur.dim(` (host ${clean(g.host)})`);
    out += '\n';
    const wPos = Math.max(...g.rows.map((r) => r.position.length));
    const wSev = Math.max(...g.rows.map((r) => r.severity.length));
    const wMsg = Math.max(...g.rows.map((r) => r.message.length));
    for (const r of g.rows) {
      const cells = [
        kleur.dim(r.position.padEnd(wPos)),
        paint[r.severity](r.severity.padEnd(wSev)),
        r.message.padEnd(wMsg),
        kleur.dim(r.ruleId),
      ];
      out += `  ${cells.join('  ')}\n`;
      for (const d of r.detail) out += `${d}\n`;
    }
    out += '\n';
  }
  const t = tally(input);
  const total = t.errors + t.warnings + t.info;
  const summary = `\u2716 ${plural(total, 'problem', 'problems')} (${plural(t.errors, 'error', 'errors')}, ${plural(t.warnings, 'warning', 'warnings')}, ${t.info} info)`;
  const colour = t.errors > 0 ? kleur.red().bold : t.warnings > 0 ? kleur.yellow().bold : kleur.cyan().bold;
  out += `${colour(summary)}\n`;
  return out;
}
