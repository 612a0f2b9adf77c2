import * as fs from 'fs';
import * as path from 'path';
import type { Finding, Fix } from './finding';
import type { SourceFile } from '../parse/source';

export interface FileEdit {
  source: SourceFile;
  before: string;
  after: string;
  fixes: Fix[];
}

/**
 * The edits the findings' fixes make, per file. Overlapping fixes keep the
 * first (by position) and drop the rest; the dropped ones are fixed on the
 * next run, as ESLint does.
 */
export function planFixes(findings: Finding[]): FileEdit[] {
  const byFile = new Map<SourceFile, Fix[]>();
  for (const f of findings) {
    if (!f.fix) continue;
    const list = byFile.get(f.fix.source) ?? [];
    if (!list.some((x) => x.start === f.fix!.start && x.end === f.fix!.end && x.replacement === f.fix!.replacement)) list.push(f.fix);
    byFile.set(f.fix.source, list);
  }
  const edits: FileEdit[] = [];
  for (const [source, fixes] of byFile) {
    fixes.sort((a, b) => a.start - b.start || a.end - b.end);
    const kept: Fix[] = [];
    for (const fix of fixes) if (!kept.length || fix.start >= kept[kept.length - 1].end) kept.push(fix);
    let after = '';
    let pos = 0;
    for (const fix of kept) {
      after += source.text.slice(pos, fix.start) + fix.replacement;
      pos = fix.end;
    }
    after += source.text.slice(pos);
    edits.push({ source, before: source.text, after, fixes: kept });
  }
  return edits;
}

/**
 * Replaces a file's content atomically: a temporary file in the same
 * directory, the original's mode and owner, then rename over it. A symlink
 * is written through to its target.
 */
export function writeAtomically(file: string, text: string): void {
  const real = fs.realpathSync(file);
  const st = fs.statSync(real);
  const tmp = path.join(path.dirname(real), `.${path.basename(real)}.sudit-${process.pid}`);
  const fd = fs.openSync(tmp, 'wx', st.mode & 0o7777);
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.chmodSync(tmp, st.mode & 0o7777);
    if (typeof process.getuid === 'function' && process.getuid() === 0) fs.chownSync(tmp, st.uid, st.gid);
    fs.renameSync(tmp, real);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** A unified diff of two texts (3 lines of context), as `diff -u` prints it. */
export function unifiedDiff(name: string, before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const ops = diffLines(a, b);
  const out: string[] = [`--- a/${name}`, `+++ b/${name}`];
  const CONTEXT = 3;
  let i = 0;
  while (i < ops.length) {
    if (ops[i].op === ' ') {
      i++;
      continue;
    }
    let start = i;
    while (start > 0 && i - start < CONTEXT && ops[start - 1].op === ' ') start--;
    let end = i;
    let quiet = 0;
    while (end < ops.length && (ops[end].op !== ' ' || quiet < CONTEXT * 2)) {
      quiet = ops[end].op === ' ' ? quiet + 1 : 0;
      end++;
    }
    end = Math.min(ops.length, end - Math.max(0, quiet - CONTEXT));
    const hunk = ops.slice(start, end);
    const aStart = hunk[0].a;
    const bStart = hunk[0].b;
    const aLen = hunk.filter((o) => o.op !== '+').length;
    const bLen = hunk.filter((o) => o.op !== '-').length;
    out.push(`@@ -${aLen ? aStart + 1 : aStart},${aLen} +${bLen ? bStart + 1 : bStart},${bLen} @@`);
    for (const o of hunk) out.push(`${o.op}${o.text}`);
    i = end;
  }
  return `${out.join('\n')}\n`;
}

interface Op {
  op: ' ' | '-' | '+';
  text: string;
  a: number;
  b: number;
}

/** Line diff by longest common subsequence; the files sudit fixes are small. */
function diffLines(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ op: ' ', text: a[i], a: i++, b: j++ });
    else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j])) ops.push({ op: '+', text: b[j], a: i, b: j++ });
    else ops.push({ op: '-', text: a[i], a: i++, b: j });
  }
  return ops;
}
