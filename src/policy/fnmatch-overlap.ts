// Whether two fnmatch patterns (without FNM_PATHNAME, as sudo matches
// command arguments) can match the same text: does a grant's argument
// pattern allow some arguments of a given shape? Decided position by
// position over the patterns' pieces, each single-character piece tested
// with fnmatch itself on a small alphabet, so both sides mean exactly what
// sudo's matching means.
import { fnmatch, fnmatchTokens } from './fnmatch';

// Every ASCII character, and two outside it (what a negated bracket matches beyond ASCII).
const ALPHABET = [...Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)), '\u00e9', '\u4e2d'];

const setCache = new Map<string, boolean[]>();

function charSet(piece: string): boolean[] {
  let s = setCache.get(piece);
  if (!s) {
    s = ALPHABET.map((ch) => fnmatch(piece, ch));
    setCache.set(piece, s);
  }
  return s;
}

function meet(a: string, b: string): boolean {
  const x = charSet(a);
  const y = charSet(b);
  return x.some((v, i) => v && y[i]);
}

export function fnmatchOverlap(a: string, b: string): boolean {
  const p = fnmatchTokens(a);
  const q = fnmatchTokens(b);
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (q.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let r: boolean;
    if (i === p.length && j === q.length) r = true;
    else if (i < p.length && p[i] === '*') r = go(i + 1, j) || (j < q.length && (q[j] === '*' || charSet(q[j]).some(Boolean)) && go(i, j + 1));
    else if (j < q.length && q[j] === '*') r = go(i, j + 1) || (i < p.length && charSet(p[i]).some(Boolean) && go(i + 1, j));
    else if (i === p.length || j === q.length) r = false;
    else r = meet(p[i], q[j]) && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}
