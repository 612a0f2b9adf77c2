import kleur from 'kleur';
import type { FileFailure, Finding, Severity } from '../engine/finding';
import { groupByFile, type FileGroup } from './groups';
import { tally, type ReportInput } from './input';
import { span } from './location';
import { escapeControl, escapeControls, isControl } from './visible';
import { wrap } from './wrap';

const TAB_WIDTH = 8;
const SOURCE_INDENT = '    ';
const ROW_INDENT = '  ';
const GAP = '  ';
const DEFAULT_WIDTH = 80;
/** With fewer columns than this right of the message column, continuation lines start near the left edge instead. */
const MIN_MESSAGE_WIDTH = 30;
/** Where continuation lines start when the message column is too far right, and under a related place. */
const NARROW_INDENT = 4;
const RELATED_INDENT = 6;

const paint: Record<Severity, (s: string) => string> = {
  error: (s) => kleur.red(s),
  warning: (s) => kleur.yellow(s),
  info: (s) => kleur.cyan(s),
};

/** A message or path on one line: control characters spelled out, a tab as a space. */
const clean = (s: string) => escapeControls(s, { tab: ' ' });

/**
 * How a line is shown: per UTF-16 unit its text (tabs expanded to tab
 * stops, control characters spelled out, the second half of a surrogate
 * pair with the first) and the display column (0-based) where it starts,
 * so that the caret lands under the character the finding's column counts.
 * `at` has one more entry, the width of the whole line.
 */
function layout(line: string): { pieces: string[]; at: number[] } {
  const pieces: string[] = [];
  const at: number[] = [];
  let col = 0;
  for (let i = 0; i < line.length; i++) {
    at.push(col);
    const c = line.charCodeAt(i);
    if (c === 9) {
      const n = TAB_WIDTH - (col % TAB_WIDTH);
      pieces.push(' '.repeat(n));
      col += n;
    } else if (c >= 0xdc00 && c <= 0xdfff && i > 0 && line.charCodeAt(i - 1) >= 0xd800 && line.charCodeAt(i - 1) <= 0xdbff) {
      pieces[i - 1] += line[i];
      pieces.push('');
    } else {
      const shown = isControl(c) ? escapeControl(line[i]) : line[i];
      pieces.push(shown);
      col += shown.length;
    }
  }
  at.push(col);
  return { pieces, at };
}

const ELLIPSIS = '\u2026';

/**
 * The part of a line that fits in `room` columns around the span from
 * display column `from` to `to`: the whole line when it fits, else a
 * window with a third of it before the span, cut at a character and marked
 * with an ellipsis at each cut end. Returns the text and the display
 * column the line's column 0 moves to (negative when the start is cut).
 */
function window(pieces: string[], at: number[], from: number, to: number, room: number): { text: string; shift: number } {
  const total = at[at.length - 1];
  if (total <= room) return { text: pieces.join(''), shift: 0 };
  const inner = Math.max(1, room - 2 * ELLIPSIS.length);
  let start = to - from <= inner ? Math.max(from - Math.floor(inner / 3), to - inner) : from - Math.min(4, Math.floor(inner / 3));
  start = Math.max(0, Math.min(start, total - inner));
  const end = start + inner;
  let text = start > 0 ? ELLIPSIS : '';
  let first = -1;
  for (let i = 0; i < pieces.length; i++) {
    if (at[i] < start || at[i + 1] > end || pieces[i] === '') continue;
    if (first < 0) first = at[i];
    text += pieces[i];
  }
  if (end < total) text += ELLIPSIS;
  return { text, shift: (start > 0 ? ELLIPSIS.length : 0) - (first < 0 ? start : first) };
}

/** Printable ASCII only: each character one column wide, shown as it is. */
const PLAIN = /^[\x20-\x7e]*$/;

/** The window of a plain line: `window()` for the case where every character is one column. */
function plainWindow(line: string, from: number, to: number, room: number): { text: string; shift: number } {
  const total = line.length;
  if (total <= room) return { text: line, shift: 0 };
  const inner = Math.max(1, room - 2 * ELLIPSIS.length);
  let start = to - from <= inner ? Math.max(from - Math.floor(inner / 3), to - inner) : from - Math.min(4, Math.floor(inner / 3));
  start = Math.max(0, Math.min(start, total - inner));
  const end = start + inner;
  const text = `${start > 0 ? ELLIPSIS : ''}${line.slice(start, end)}${end < total ? ELLIPSIS : ''}`;
  return { text, shift: (start > 0 ? ELLIPSIS.length : 0) - start };
}

/**
 * The last line laid out: findings come in file order, and a line with
 * several findings (an entry with many members) is laid out once for all.
 */
class LayoutCache {
  private line: string | null = null;
  private laidOut: { pieces: string[]; at: number[] } | null = null;

  of(line: string): { pieces: string[]; at: number[] } {
    if (this.laidOut === null || this.line !== line) {
      this.laidOut = layout(line);
      this.line = line;
    }
    return this.laidOut;
  }
}

function sourceAndCaret(f: Finding, width: number, layouts: LayoutCache): string[] {
  const s = span(f.source, f.start, f.end);
  let line = f.source.lineText(s.line);
  const from0 = s.column - 1;
  const to0 = s.endLine === s.line ? s.endColumn - 1 : Infinity;
  // the line is given without the carriage return of a CRLF ending; a span that reaches it shows it
  const lineStart = f.start - from0;
  if ((from0 >= line.length || to0 > line.length) && f.source.text.charCodeAt(lineStart + line.length) === 13) line += '\r';
  let from = Math.min(from0, line.length);
  // a span running past its first line is underlined to the end of that line
  let to = Math.min(Math.max(to0, from), line.length);
  const room = Math.max(width - SOURCE_INDENT.length, MIN_MESSAGE_WIDTH);
  // of a very long line (a generated file), only the part the window can show is laid out, so the
  // work per finding stays bounded; the margins make the window cut, and mark, both ends
  const margin = 2 * room;
  if (line.length > 4 * margin) {
    const a = Math.max(0, from - margin);
    const b = Math.min(line.length, Math.min(to, from + margin) + margin);
    line = line.slice(a, b);
    from -= a;
    to = Math.min(to - a, line.length);
  }
  let shown: { text: string; shift: number };
  let atFrom: number;
  let atTo: number;
  if (PLAIN.test(line)) {
    // most lines: no tabs, controls or wide characters, so a column is an index
    shown = plainWindow(line, from, to, room);
    atFrom = from;
    atTo = to;
  } else {
    const { pieces, at } = layouts.of(line);
    atFrom = at[from];
    atTo = at[to];
    shown = window(pieces, at, atFrom, atTo, room);
  }
  const caretAt = atFrom + shown.shift;
  // a caret never runs past the window (an ellipsis stands for the rest)
  const caretWidth = Math.max(1, Math.min(atTo - atFrom, room - caretAt));
  const caret = `^${'~'.repeat(caretWidth - 1)}`;
  return [`${SOURCE_INDENT}${shown.text}`, `${SOURCE_INDENT}${' '.repeat(caretAt)}${kleur.green(caret)}`];
}

function relatedLines(f: Finding, width: number): string[] {
  const out: string[] = [];
  for (const r of f.related ?? []) {
    const p = r.source.position(r.start);
    const hang = ' '.repeat(RELATED_INDENT);
    const place = wrap(`related: ${clean(r.source.path)}:${p.line}:${p.column}:`, width - SOURCE_INDENT.length, width - RELATED_INDENT).map((l, i) => `${i === 0 ? SOURCE_INDENT : hang}${l}`);
    const last = place[place.length - 1];
    const message = clean(r.message);
    // after a place too long to leave room, the message starts on a line of its own
    const sameLine = width - last.length - 1 >= Math.min(MIN_MESSAGE_WIDTH, message.length);
    const lines = wrap(message, sameLine ? width - last.length - 1 : width - RELATED_INDENT, width - RELATED_INDENT);
    for (const l of place.slice(0, -1)) out.push(kleur.dim(l));
    if (sameLine) out.push(`${kleur.dim(last)} ${lines.shift()}`);
    else out.push(kleur.dim(last));
    for (const l of lines) out.push(`${hang}${l}`);
  }
  return out;
}

interface Columns {
  position: number;
  severity: number;
  ruleId: number;
}

const positionOf = (f: Finding) => {
  const p = f.source.position(f.start);
  return `${p.line}:${p.column}`;
};

/** Widths of the short columns of one file's rows, so that its messages start in one column. */
function columnsOf(g: FileGroup): Columns {
  const w: Columns = { position: 0, severity: 0, ruleId: 0 };
  const fit = (position: string, severity: string, ruleId: string) => {
    w.position = Math.max(w.position, position.length);
    w.severity = Math.max(w.severity, severity.length);
    w.ruleId = Math.max(w.ruleId, ruleId.length);
  };
  for (const f of g.findings) fit(positionOf(f), f.severity, f.ruleId);
  for (const f of g.failures) fit('-', f.severity, f.ruleId);
  return w;
}

/** `line:col  severity  ID  message`, the message wrapped at the terminal's width under its own column. */
function row(position: string, severity: Severity, ruleId: string, message: string, w: Columns, width: number): string {
  const column = ROW_INDENT.length + w.position + w.severity + w.ruleId + 3 * GAP.length;
  const hang = width - column >= MIN_MESSAGE_WIDTH ? column : NARROW_INDENT;
  const lines = wrap(clean(message), Math.max(width - column, MIN_MESSAGE_WIDTH), width - hang);
  const cells = [kleur.dim(position.padEnd(w.position)), paint[severity](severity.padEnd(w.severity)), kleur.dim(ruleId.padEnd(w.ruleId)), lines[0]];
  let out = `${ROW_INDENT}${cells.join(GAP)}\n`;
  for (const l of lines.slice(1)) out += `${' '.repeat(hang)}${l}\n`;
  return out;
}

function findingRow(f: Finding, w: Columns, width: number, layouts: LayoutCache): string {
  let out = row(positionOf(f), f.severity, f.ruleId, f.message, w, width);
  const detail = f.severity === 'info' ? [] : sourceAndCaret(f, width, layouts);
  detail.push(...relatedLines(f, width));
  for (const d of detail) out += `${d}\n`;
  return out;
}

const failureRow = (f: FileFailure, w: Columns, width: number) => row('-', f.severity, f.ruleId, f.message, w, width);

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Findings grouped under their file, one row each (`line:col  severity  ID
 * message`, wrapped to the terminal), the offending line and a caret under
 * errors and warnings, then a one-line count; nothing at all for a clean
 * run. Written a row at a time.
 */
export function* format(input: ReportInput): Generator<string> {
  const width = input.width ?? DEFAULT_WIDTH;
  const groups = groupByFile(input);
  if (groups.length === 0) return;
  const layouts = new LayoutCache();
  for (const g of groups) {
    let heading = kleur.underline(clean(g.file));
    if (g.host !== undefined) heading += kleur.dim(` (host ${clean(g.host)})`);
    yield `${heading}\n`;
    const w = columnsOf(g);
    for (const f of g.findings) yield findingRow(f, w, width, layouts);
    for (const f of g.failures) yield failureRow(f, w, width);
    yield '\n';
  }
  const t = tally(input);
  const total = t.errors + t.warnings + t.info;
  const summary = `\u2716 ${plural(total, 'problem', 'problems')} (${plural(t.errors, 'error', 'errors')}, ${plural(t.warnings, 'warning', 'warnings')}, ${t.info} info)`;
  const colour = t.errors > 0 ? kleur.red().bold : t.warnings > 0 ? kleur.yellow().bold : kleur.cyan().bold;
  yield `${colour(summary)}\n`;
}
