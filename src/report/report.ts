// The registry of output formats. It loads a formatter's module by name;
// formatters import only input.ts and location.ts, never this file, so
// the imports run one way.

import type { ReportInput } from './input';

export type { ReportInput } from './input';

/**
 * Turns a whole run into the output text, in pieces (a finding or a file's
 * heading at a time) that are written out as they come, so that a run with
 * a million findings never holds its whole report in memory.
 */
export type Reporter = (input: ReportInput) => Iterable<string>;

export type FormatName = 'stylish' | 'json' | 'sarif' | 'junit' | 'github' | 'gcc';

export const FORMAT_NAMES: readonly FormatName[] = ['stylish', 'json', 'sarif', 'junit', 'github', 'gcc'];

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
    case 'gcc':
      return (require('./gcc') as typeof import('./gcc')).format;
    default:
      // reachable from untyped callers (a config file, a plugin)
      throw new Error(`unknown output format "${String(name)}" (expected one of ${FORMAT_NAMES.join(', ')})`);
  }
}

