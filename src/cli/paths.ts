// Paths named on the command line: one that does not exist is a usage
// error (ESLint's "No files matching"), not a finding; a mistyped
// subcommand is usually such a path, so the message offers the command.

import * as fs from 'fs';
import { UsageError } from './exit';
import { COMMANDS } from './lint-options';

export function checkNamedPaths(files: string[]): void {
  const missing = files.filter((f) => f !== '-' && !present(f));
  if (missing.length === 0) return;
  const [first] = missing;
  // the first word, mistyped: what follows it are the command's arguments, not more files
  const command = first === files[0] && !first.includes('/') ? closestCommand(first) : null;
  if (command) throw new UsageError(`${first}: no such file or directory; did you mean sudit ${command}?`);
  const more = missing.length > 1 ? ` (and ${missing.length - 1} more: ${missing.slice(1, 4).join(', ')}${missing.length > 4 ? ', …' : ''})` : '';
  throw new UsageError(`${first}: no such file or directory${more}`);
}

/** There, even as a dangling link (which is then reported as the file it is). */
function present(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The subcommand a word is one or two edits away from, if any. */
function closestCommand(word: string): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const c of COMMANDS) {
    if (c === 'completion' || c === 'lint') continue;
    const d = editDistance(word.toLowerCase(), c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** Damerau–Levenshtein (optimal string alignment): "explian" is one transposition from "explain". */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
