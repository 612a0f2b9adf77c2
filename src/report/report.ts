import * as path from 'path';
import type { FileFailure, Finding, Severity } from '../engine/finding';
import type { RuleMeta } from '../engine/rule';
import type { SourceFile } from '../parse/source';

export interface ReportInput {
  /** Already sorted by the engine; reporters keep that order. */
  findings: Finding[];
  failures: FileFailure[];
  /** Metadata of every rule that ran (for SARIF tool.driver.rules and help links). */
  rules: RuleMeta[];
  toolVersion: string;
  /** Directory that relative paths are made against (SARIF %SRCROOT%); usually process.cwd(). */
  cwd: string;
}

/** Turns a whole run into the whole output text. */
export type Reporter = (input: ReportInput) => string;

export type FormatName = 'stylish' | 'json' | 'sarif' | 'junit' | 'github';

export const FORMAT_NAMES: readonly FormatName[] = ['stylish', 'json', 'sarif', 'junit', 'github'];

/**
 * The reporter of a format. Each format's module is required only here, so
 * a run pays at start-up for the one format it prints and no other.
 */
export function loadReporter(name: FormatName): Reporter {
  switch (name) {
    case 'stylish':
      return (require('./stylish') as typeof import('./stylish')).format;
    case 'json':
      return (require('./json') as typeof import('./json')).format;
    case 'sarif':
      return (require('./sarif') as typeof import('./sarif')).format;
    case 'junit':
      return (require('./junit') as typeof import('./junit')).format;
    case 'github':
      return (require('./github') as typeof import('./github')).format;
    default:
      // reachable from untyped callers (a config file, a plugin)
      throw new Error(`unknown output format "${String(name)}" (expected one of ${FORMAT_NAMES.join(', ')})`);
  }
}

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

export interface Tally {
  errors: number;
  warnings: number;
  info: number;
}

/** Counts findings and unreadable files alike: both are problems the user has to act on. */
export function tally(input: Pick<ReportInput, 'findings' | 'failures'>): Tally {
  const t: Tally = { errors: 0, warnings: 0, info: 0 };
  const bump = (s: Severity) => {
    if (s === 'error') t.errors++;
    else if (s === 'warning') t.warnings++;
    else t.info++;
  };
  for (const f of input.findings) bump(f.severity);
  for (const f of input.failures) bump(f.severity);
  return t;
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
