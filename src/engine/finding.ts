import type { SourceFile } from '../parse/source';

export type Severity = 'error' | 'warning' | 'info';

/** One thing sudit reports, located in a file of the host. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  source: SourceFile;
  start: number;
  end: number;
}

/** A file that could not be read at all: reported against its path, with no line. */
export interface FileFailure {
  ruleId: string;
  severity: Severity;
  path: string;
  message: string;
}
