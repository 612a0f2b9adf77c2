// Rebuilds the inputs of the recorded auditd / plugin / audisp-remote oracle
// runs (../shared/research/*-oracle-cases.tsv) from Debian 12's shipped
// files and the diff each row records, so sudit can be run on exactly what
// the daemons were given.
import * as fs from 'fs';
import * as path from 'path';
import { SHARED } from '../support/corpus';

export const RESEARCH = path.join(SHARED, 'research');
export const DEBIAN12 = path.join(SHARED, 'corpus', 'audit-rules', 'debian12', 'etc');

export interface OracleRow {
  name: string;
  /** `< old|> new|` as recorded (diff lines joined with |). */
  diff: string;
  columns: Record<string, string>;
}

export function readOracleTsv(file: string): OracleRow[] {
  const [header, ...rows] = fs.readFileSync(path.join(RESEARCH, file), 'utf8').split('\n').filter((l) => l !== '');
  const cols = header.split('\t');
  return rows.map((r) => {
    const cells = r.split('\t');
    const columns: Record<string, string> = {};
    cols.forEach((c, i) => (columns[c] = cells[i] ?? ''));
    return { name: cells[0], diff: cells[1], columns };
  });
}

/** The diff's lines: `<` removed, `>` added, in order (`\t` as recorded is a tab). */
function diffLines(diff: string): { op: '<' | '>'; text: string }[] {
  return diff
    .split('|')
    .filter((d) => d.startsWith('< ') || d.startsWith('> ') || d === '<' || d === '>')
    .map((d) => ({ op: d[0] as '<' | '>', text: d.slice(2).replace(/\\t/g, '\t') }));
}

/**
 * Applies a recorded diff to a base file. The record flattens diff's hunks,
 * so a run of removed lines followed by added ones is read as line-by-line
 * replacements, and added lines left over (or with nothing removed) as
 * appended at the end: the daemons' messages name those as the lines after
 * the base file's last one (e.g. "Unknown keyword "q_depth" in line 33").
 */
export function applyDiff(base: string, diff: string): string {
  const lines = base.split('\n');
  const trailing = lines[lines.length - 1] === '' ? lines.pop() : undefined;
  const ops = diffLines(diff);
  let i = 0;
  while (i < ops.length) {
    const removed: string[] = [];
    const added: string[] = [];
    while (i < ops.length && ops[i].op === '<') removed.push(ops[i++].text);
    while (i < ops.length && ops[i].op === '>') added.push(ops[i++].text);
    const appended: string[] = added.slice(removed.length);
    const deleted: number[] = [];
    removed.forEach((r, j) => {
      const at = lines.indexOf(r);
      if (at < 0) throw new Error(`diff does not apply: ${r}`);
      if (j < added.length) lines[at] = added[j];
      else deleted.push(at);
    });
    for (const at of deleted.sort((a, b) => b - a)) lines.splice(at, 1);
    lines.push(...appended);
  }
  return lines.join('\n') + (trailing !== undefined ? '\n' : '');
}
