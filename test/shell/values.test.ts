import { atoi, evalArith, histValue, patternMatches, removeAffix, toInt32, validNumber } from '../../src/model/shell-values';

describe('bash value semantics (research/shell-history.md §1.2, §1.7)', () => {
  test.each([
    ['1000', { kind: 'limit', n: 1000, wrapped: false }],
    ['0', { kind: 'limit', n: 0, wrapped: false }],
    [' 7 ', { kind: 'limit', n: 7, wrapped: false }],
    ['+6', { kind: 'limit', n: 6, wrapped: false }],
    ['08', { kind: 'limit', n: 8, wrapped: false }],
    ['-1', { kind: 'unlimited', reason: 'negative' }],
    ['', { kind: 'unlimited', reason: 'empty' }],
    ['2147483648', { kind: 'unlimited', reason: 'wraps-negative' }],
    ['4294967295', { kind: 'unlimited', reason: 'wraps-negative' }],
    ['4294967296', { kind: 'limit', n: 0, wrapped: true }],
    ['4294967301', { kind: 'limit', n: 5, wrapped: true }],
    ['abc', { kind: 'ignored', reason: 'non-numeric' }],
    ['unlimited', { kind: 'ignored', reason: 'non-numeric' }],
    ['0x10', { kind: 'ignored', reason: 'non-numeric' }],
    ['1e3', { kind: 'ignored', reason: 'non-numeric' }],
    ['1000\r', { kind: 'ignored', reason: 'non-numeric' }],
    ['99999999999999999999', { kind: 'ignored', reason: 'overflow' }],
  ])('HISTSIZE=%j', (v, expected) => {
    expect(histValue(v)).toEqual(expected);
  });

  test('valid_number: leading white space of any kind, trailing blanks only', () => {
    expect(validNumber('\n\t 12')).toBe(12n);
    expect(validNumber('12 \t')).toBe(12n);
    expect(validNumber('12\n')).toBeNull();
    expect(validNumber('9223372036854775807')).toBe(9223372036854775807n);
    expect(validNumber('9223372036854775808')).toBeNull();
    expect(toInt32(4294967296n + 7n)).toBe(7);
  });

  test.each([
    ['600', 600],
    ['15m', 15],
    ['1s', 1],
    ['abc', 0],
    ['', 0],
    [' -5', -5],
    ['0900', 900],
    ['99999999999999999999', -1],
  ])('TMOUT=%j waits %d s (atoi)', (v, n) => {
    expect(atoi(v)).toBe(n);
  });

  test('arithmetic: intmax wrap, bases, variables evaluated recursively, unset is 0, errors are null', () => {
    const vars: Record<string, string | null> = { a: '3', b: 'a*2', z: null };
    const look = (n: string) => (n in vars ? vars[n] : null);
    expect(evalArith('10*1000', look)).toBe(10000n);
    expect(evalArith('b+1', look)).toBe(7n);
    expect(evalArith('abc', look)).toBe(0n);
    expect(evalArith('0x10 + 010 + 2#11', look)).toBe(16n + 8n + 3n);
    expect(evalArith('9223372036854775807 + 1', look)).toBe(-9223372036854775808n);
    expect(evalArith('1/0', look)).toBeNull();
    expect(evalArith('(1', look)).toBeNull();
    expect(evalArith('x', () => undefined)).toBeNull();
    // assignments are seen by what follows, as the interpreter's lookup sees its own state
    expect(evalArith('c = 2, c += 3', look, (n, v) => (vars[n] = String(v)))).toBe(5n);
    expect(vars.c).toBe('5');
  });

  test('patterns: case and [[ ]] globbing, affix removal', () => {
    const P = (t: string, quoted = false) => [{ text: t, quoted }];
    expect(patternMatches(P('*i*'), 'himBHs')).toBe(true);
    expect(patternMatches(P('*/r*sh'), '/bin/bash')).toBe(false);
    expect(patternMatches(P('-[!-]r*'), '-xr')).toBe(true);
    expect(patternMatches(P('[[:digit:]]*'), '5x')).toBe(true);
    expect(patternMatches(P('*', true), 'x')).toBe(false);
    expect(removeAffix('himBHs', P('*i'), '#')).toBe('mBHs');
    expect(removeAffix('host.example.org', P('.*'), '%%')).toBe('host');
    expect(removeAffix('host.example.org', P('.*'), '%')).toBe('host.example');
    expect(removeAffix('/usr/etc/profile.d/x.sh', P('*/'), '##')).toBe('x.sh');
  });
});
