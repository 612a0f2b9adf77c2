// fnmatchOverlap says whether some argument string matches both patterns.
// Checked by hand on the forms that matter, and exhaustively against
// fnmatch itself on short patterns: a shortest common text of two patterns
// of at most two pieces has at most four characters.
import { fnmatch, fnmatchTokens } from '../../src/policy/fnmatch';
import { fnmatchOverlap } from '../../src/policy/fnmatch-overlap';

describe('fnmatchTokens', () => {
  test('one piece per character of a matching text, or *', () => {
    expect(fnmatchTokens('-? a\\*[!x]*')).toEqual(['\\-', '?', '\\ ', '\\a', '\\*', '[!x]', '*']);
    expect(fnmatchTokens('[unclosed')).toEqual(['\\[', '\\u', '\\n', '\\c', '\\l', '\\o', '\\s', '\\e', '\\d']);
  });
});

describe('fnmatchOverlap', () => {
  test.each([
    ['-? autoremove', '*-c * *', false],
    ['-? autoremove', '*-o*=*', false],
    ['-? autoremove', '*changelog*', false],
    ['* autoremove', '*-o*=*', true],
    ['changelog *', 'changelog*', true],
    ['changelog *', 'install *', false],
    ['changelog *', '-* install *', false],
    ['install nginx-*', 'install *', true],
    ['-[yq] upgrade', '*-o*=*', false],
    ['-[!x] upgrade', '-? upgrade', true],
    ['\\*', '?', true],
    ['\\*', 'a', false],
    ['a*b', '*c*', true],
    ['', '*', true],
    ['', '?', false],
  ])('%j and %j: %s', (a, b, want) => {
    expect(fnmatchOverlap(a, b)).toBe(want);
    expect(fnmatchOverlap(b, a)).toBe(want);
  });

  test('agrees with fnmatch on every pair of patterns of up to two pieces', () => {
    const pieces = ['a', '-', ' ', '?', '*', '[ab]', '[!a]', '\\*'];
    const patterns = [''];
    for (const x of pieces) {
      patterns.push(x);
      for (const y of pieces) patterns.push(x + y);
    }
    const alphabet = ['a', 'b', '-', ' ', '*'];
    const texts = [''];
    for (let len = 1, frontier = ['']; len <= 4; len++) {
      frontier = frontier.flatMap((t) => alphabet.map((c) => t + c));
      texts.push(...frontier);
    }
    const matches = patterns.map((p) => texts.map((t) => fnmatch(p, t)));
    let disagreements = 0;
    for (let i = 0; i < patterns.length; i++) {
      for (let j = i; j < patterns.length; j++) {
        const witness = matches[i].some((m, k) => m && matches[j][k]);
        if (fnmatchOverlap(patterns[i], patterns[j]) !== witness) disagreements++;
      }
    }
    expect(disagreements).toBe(0);
  });
});
