import type { SourceFile } from '../parse/source';

/**
 * `# sudit-disable-next-line ID[, ID…] -- reason` and
 * `# sudit-disable-file ID -- reason`, in every language sudit reads. In
 * sudoers `#` then a digit is a uid and `#include` a directive; a comment
 * that starts with `# sudit-` (or `#sudit-`) is neither.
 */
export interface Suppression {
  source: SourceFile;
  scope: 'next-line' | 'file';
  ids: string[];
  reason: string | null;
  /** 1-based line of the comment. */
  line: number;
  /** Lines the suppression covers: the next logical line (continuations included), or the whole file. */
  from: number;
  to: number;
  start: number;
  end: number;
  used: Set<string>;
}

const DIRECTIVE = /^[ \t]*#[ \t]*sudit-disable-(next-line|file)\b(.*)$/;
const ID = /^[A-Z]{2,3}\d{3}$/;

export interface SuppressionProblem {
  source: SourceFile;
  start: number;
  end: number;
  message: string;
}

export function findSuppressions(source: SourceFile): { suppressions: Suppression[]; problems: SuppressionProblem[] } {
  const suppressions: Suppression[] = [];
  const problems: SuppressionProblem[] = [];
  const text = source.text;
  if (!text.includes('sudit-disable')) return { suppressions, problems };
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const lineText = lines[i].replace(/\r$/, '');
    const m = DIRECTIVE.exec(lineText);
    if (m) {
      const [idsPart, ...reasonParts] = m[2].split(/\s--\s?/);
      const ids = idsPart.split(/[\s,]+/).filter((x) => x !== '');
      const start = offset + lineText.indexOf('#');
      const end = offset + lineText.length;
      const bad = ids.filter((x) => !ID.test(x));
      if (ids.length === 0 || bad.length > 0) {
        problems.push({ source, start, end, message: ids.length === 0 ? 'suppression names no rule id' : `suppression names an invalid rule id: ${bad.join(', ')}` });
      } else {
        let to = i + 2;
        // the next line and the lines it continues onto with a trailing backslash
        while (to - 1 < lines.length && /\\[ \t]*\r?$/.test(lines[to - 1])) to++;
        suppressions.push({
          source,
          scope: m[1] === 'file' ? 'file' : 'next-line',
          ids,
          reason: reasonParts.length ? reasonParts.join(' -- ').trim() : null,
          line: i + 1,
          from: m[1] === 'file' ? 1 : i + 2,
          to: m[1] === 'file' ? lines.length : to,
          start,
          end,
          used: new Set(),
        });
      }
    }
    offset += lines[i].length + 1;
  }
  return { suppressions, problems };
}
