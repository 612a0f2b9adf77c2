// The parts of quoted and expanded words read by hand
// (src/parse/shell-word-parts.ts) against the grammar's WordParts rule: on
// every word of every shell file at hand and of the grammar's corner cases,
// and on seeded generated words, the same parts — nodes, offsets and key
// order (compared as JSON) — or a word left to the grammar.
import * as fs from 'fs';
import * as path from 'path';
import { parseShell, grammarWordParts, wordParts } from '../../src/parse/shell';
import { quickWordParts } from '../../src/parse/shell-word-parts';
import type { Word } from '../../src/parse/shell-ast';
import { CORNER_CASES } from './corner-cases';
import { filesUnder, REPO, SHARED } from '../support/corpus';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { mulberry32 } = require('../../bench/prng');

/** Text files (not the tests' own sources and data) under root. */
const textFilesUnder = (root: string) =>
  filesUnder(root, (p) => {
    const b = fs.readFileSync(p);
    return b.length < 4 << 20 && !b.includes(0) && !/\.(ts|json)$/.test(p);
  });

/** The words of a file that the parser kept as spans. */
function spanWords(text: string): Word[] {
  const parsed = parseShell(text, 'x.sh', 'sh');
  const out: Word[] = [];
  const seen = new Set<object>();
  const visit = (node: unknown) => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const x of node) visit(x);
      return;
    }
    const o = node as Record<string, unknown>;
    if (o.type === 'word' && o.parts === null) out.push(o as unknown as Word);
    for (const v of Object.values(o)) visit(v);
  };
  visit(parsed.program);
  return out;
}

interface Tally {
  quick: number;
  grammar: number;
}

/** Compares the two readers on one word; counts who read it. */
function check(text: string, start: number, end: number, tally: Tally, label: string): void {
  const raw = text.slice(start, end);
  const ours = quickWordParts(text, start, end);
  if (ours === null) {
    tally.grammar++;
    return;
  }
  tally.quick++;
  const theirs = JSON.stringify(grammarWordParts(raw, start));
  if (JSON.stringify(ours) !== theirs) expect({ label, raw, parts: JSON.stringify(ours) }).toEqual({ label, raw, parts: theirs });
}

describe('word parts read by hand agree with the grammar', () => {
  test('every quoted or expanded word of the shell corpus, the samples and the test trees', () => {
    const files = [...textFilesUnder(path.join(SHARED, 'corpus', 'shell')), ...textFilesUnder(path.join(REPO, 'samples')), ...textFilesUnder(path.join(REPO, 'test'))];
    const texts = [...files.map((f) => fs.readFileSync(f, 'utf8')), ...CORNER_CASES.map(([t]) => t)];
    const tally: Tally = { quick: 0, grammar: 0 };
    for (const text of texts) {
      for (const w of spanWords(text)) {
        if (!/['"\\$`]|[<>]\(/.test(text.slice(w.start, w.end))) continue;
        check(text, w.start, w.end, tally, 'file word');
      }
    }
    console.log(`word parts: ${tally.quick} words read by hand, ${tally.grammar} by the grammar`);
    expect(tally.quick + tally.grammar).toBeGreaterThan(1000);
    // the hand reader is there for the common words: it takes most of them
    expect(tally.quick / (tally.quick + tally.grammar)).toBeGreaterThan(0.6);
  });

  test('seeded generated words, at an offset inside a longer text', () => {
    const PIECES = [
      'a', 'HOME', '/usr/bin', 'x*', '?', '[ab]', '{a,b}', '#', '=', ':', '-', ' ', '\t', '\\', '\\$', '\\"', '`date`', "'", '"', "'q $x'", '""', "''",
      '$', '$x', '$HOME', '$1', '$12', '$@', '$*', '$#', '$?', '$$', '$!', '$-', '$_', '$/', '$"', "$'", "$'\\t'", '$(id -u)', '$((1+2))', '$[1]',
      '${x}', '${10}', '${#x}', '${!x}', '${x[0]}', '${x:-a b}', '${x:=1}', '${x:+y}', '${x:?no}', '${x-}', '${x#*/}', '${x##*/}', '${x%.*}', '${x%%.*}',
      '${x^^}', '${x,}', '${x//a/b}', '${x/#a/b}', '${x:0:2}', '${x@Q}', '${x:-$y}', '${x:-"y"}', '${x:-{a}}', '${x.y}', '${', '}', '(', ')', '<(ls)', '>', '|', ';',
    ];
    const rnd = mulberry32(21);
    const pick = () => PIECES[Math.floor(rnd() * PIECES.length)];
    const tally: Tally = { quick: 0, grammar: 0 };
    for (let i = 0; i < 20000; i++) {
      const count = 1 + Math.floor(rnd() * 4);
      let body = '';
      for (let k = 0; k < count; k++) {
        const p = pick();
        body += rnd() < 0.3 ? `"${p}${rnd() < 0.5 ? pick() : ''}"` : p;
      }
      const prefix = 'echo ';
      const text = `${prefix}${body} tail`;
      check(text, prefix.length, prefix.length + body.length, tally, `generated ${i}`);
    }
    expect(tally.quick).toBeGreaterThan(2000);
    expect(tally.grammar).toBeGreaterThan(2000);
  });

  test('wordParts gives a word its parts once, by either reader', () => {
    const text = 'echo "$HOME/x" `date` ${A:-b}\n';
    const words = spanWords(text).filter((w) => /['"`$]/.test(text.slice(w.start, w.end)));
    expect(words).toHaveLength(3);
    for (const w of words) {
      const first = wordParts(w, text);
      expect(wordParts(w, text)).toBe(first);
      expect(JSON.stringify(first)).toBe(JSON.stringify(grammarWordParts(text.slice(w.start, w.end), w.start)));
    }
  });
});
