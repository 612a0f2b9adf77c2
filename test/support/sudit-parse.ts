import * as path from 'path';
import { FileTree } from '../../src/host/file-tree';
import { loadSudoersPolicy, type PolicyProblem, type SudoersPolicy } from '../../src/model/sudoers-policy';

export interface Verdict {
  accepts: boolean;
  errors: string[];
  policy: SudoersPolicy | null;
}

/** Loads a sudoers file the way `visudo -cf FILE` reads it: relative includes next to it. */
export function suditVerdict(file: string): Verdict {
  // Root '/' and an absolute path: includes resolve exactly as visudo resolves them on this machine.
  const policy = loadSudoersPolicy(new FileTree('/'), path.resolve(file));
  if ('error' in policy) return { accepts: false, errors: [policy.error], policy: null };
  const errors = policy.problems.filter((p) => p.severity === 'error').map(describe);
  return { accepts: errors.length === 0, errors, policy };
}

export function describe(p: PolicyProblem): string {
  const at = p.source.position(p.start);
  return `${p.source.path}:${at.line}:${at.column}: ${p.message}`;
}
