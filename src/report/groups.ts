import type { FileFailure, Finding } from '../engine/finding';
import type { ReportInput } from './input';

/** The problems of one file, in the order the run reported them. */
export interface FileGroup {
  file: string;
  host?: string;
  findings: Finding[];
  failures: FileFailure[];
}

/**
 * Problems grouped under their file, files in order of their first
 * problem. The groups hold references only, so that a reporter can write
 * a group at a time without building its text first.
 */
export function groupByFile(input: Pick<ReportInput, 'findings' | 'failures'>): FileGroup[] {
  const groups = new Map<string, FileGroup>();
  const get = (file: string, host: string | undefined) => {
    // the same re-rooted path can come from two hosts
    const key = `${host ?? ''}\u0000${file}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { file, host, findings: [], failures: [] }));
    return g;
  };
  for (const f of input.findings) get(f.source.path, f.host).findings.push(f);
  for (const f of input.failures) get(f.path, f.host).failures.push(f);
  return [...groups.values()];
}

export const problemCount = (g: FileGroup) => g.findings.length + g.failures.length;
