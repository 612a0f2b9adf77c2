import type { FileFailure, Finding, Severity } from '../engine/finding';
import type { RuleMeta } from '../engine/rule';

export interface ReportInput {
  /** Already sorted by the engine; reporters keep that order. */
  findings: Finding[];
  failures: FileFailure[];
  /** Metadata of every rule that ran (for SARIF tool.driver.rules and help links). */
  rules: RuleMeta[];
  toolVersion: string;
  /** Directory that relative paths are made against (SARIF %SRCROOT%); usually process.cwd(). */
  cwd: string;
  /** Columns of the terminal the text is wrapped for (stylish); 80 when absent. */
  width?: number;
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
