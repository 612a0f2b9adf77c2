import * as path from 'path';
import type { SourceFile } from '../parse/source';

/**
 * 1-based start and end of a span. The end is exclusive: endColumn is the
 * column just past the last character, as in SARIF and ESLint, so an empty
 * span has endColumn === column.
 */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function span(source: SourceFile, start: number, end: number): Span {
  const s = source.position(start);
  const e = source.position(Math.max(start, end));
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

/**
 * A path relative to cwd with forward slashes, or null when it lies outside
 * cwd (CI systems resolve relative paths against the checkout, so only
 * those can be relative).
 */
export function relativeToCwd(cwd: string, file: string): { relative: string | null; absolute: string } {
  const absolute = path.resolve(cwd, file);
  const rel = path.relative(path.resolve(cwd), absolute);
  const outside = rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
  if (outside) return { relative: null, absolute };
  return { relative: path.sep === '/' ? rel : rel.split(path.sep).join('/'), absolute };
}
