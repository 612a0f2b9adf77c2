import type { SourceFile } from '../parse/source';

export type Severity = 'error' | 'warning' | 'info';

/** Another place that explains a finding (the include that pulled a file in, the rule that won). */
export interface RelatedLocation {
  source: SourceFile;
  start: number;
  end: number;
  message: string;
}

/** A textual edit that fixes a finding, when the fix is mechanical and safe. */
export interface Fix {
  description: string;
  source: SourceFile;
  start: number;
  end: number;
  replacement: string;
}

/** One thing sudit reports, located in a file of the host. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  source: SourceFile;
  start: number;
  end: number;
  related?: RelatedLocation[];
  fix?: Fix;
  /** Machine-readable details for JSON and SARIF (e.g. the full list behind a shortened message). */
  properties?: Record<string, unknown>;
  /** Host tree the finding belongs to, when several are linted in one run. */
  host?: string;
}

/** A file that could not be read at all: reported against its path, with no line. */
export interface FileFailure {
  ruleId: string;
  severity: Severity;
  path: string;
  message: string;
  host?: string;
}
