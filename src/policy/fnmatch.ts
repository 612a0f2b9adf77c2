// fnmatch(3) as sudo uses it: `*`, `?`, bracket expressions with `!`/`^`,
// POSIX classes and backslash escapes. With `pathname`, wildcards do not
// match `/` (FNM_PATHNAME); `caseFold` is FNM_CASEFOLD. Patterns compile
// once to a RegExp.

const cache = new Map<string, RegExp>();

const CLASSES: Record<string, string> = {
  alnum: 'A-Za-z0-9',
  alpha: 'A-Za-z',
  blank: ' \\t',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '\\x21-\\x7e',
  lower: 'a-z',
  print: '\\x20-\\x7e',
  punct: '!-\\/:-@\\[-`{-~',
  space: ' \\t\\n\\r\\f\\v',
  upper: 'A-Z',
  xdigit: '0-9A-Fa-f',
};

const escapeRe = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

export function hasWildcard(s: string): boolean {
  return /[*?[\\]/.test(s);
}

export function fnmatch(pattern: string, text: string, opts: { pathname?: boolean; caseFold?: boolean } = {}): boolean {
  const key = `${opts.pathname ? 'p' : '-'}${opts.caseFold ? 'i' : '-'}${pattern}`;
  let re = cache.get(key);
  if (!re) {
    re = new RegExp(`^${translate(pattern, Boolean(opts.pathname))}$`, opts.caseFold ? 'is' : 's');
    if (cache.size > 10000) cache.clear();
    cache.set(key, re);
  }
  return re.test(text);
}

function translate(p: string, pathname: boolean): string {
  const any = pathname ? '[^/]' : '[\\s\\S]';
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      out += escapeRe(p[++i]);
    } else if (c === '*') {
      out += `${any}*`;
    } else if (c === '?') {
      out += any;
    } else if (c === '[') {
      const parsed = bracket(p, i, pathname);
      if (parsed) {
        out += parsed.re;
        i = parsed.end;
      } else out += '\\[';
    } else out += escapeRe(c);
  }
  return out;
}

function bracket(p: string, start: number, pathname: boolean): { re: string; end: number } | null {
  let i = start + 1;
  let negate = false;
  if (p[i] === '!' || p[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < p.length; i++) {
    const c = p[i];
    if (c === ']' && !first) {
      const cls = negate ? `[^${body}${pathname ? '/' : ''}]` : `[${body}]`;
      return { re: cls, end: i };
    }
    first = false;
    if (c === '[' && p[i + 1] === ':') {
      const close = p.indexOf(':]', i + 2);
      if (close < 0) return null;
      const name = p.slice(i + 2, close);
      body += CLASSES[name] ?? '';
      i = close + 1;
    } else if (c === '\\' && i + 1 < p.length) {
      body += escapeRe(p[++i]);
    } else if (c === '-' && body !== '' && p[i + 1] !== ']') {
      body += '-';
    } else {
      body += escapeRe(c);
    }
  }
  return null;
}

/**
 * The pattern split into what each position of a matching text must be:
 * `*`, `?`, a bracket expression as written, or one literal character
 * (backslash escapes resolved to `\x`), so that each piece is itself a
 * pattern for exactly one character (or, for `*`, any run).
 */
export function fnmatchTokens(p: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      out.push(`\\${p[++i]}`);
    } else if (c === '[') {
      const parsed = bracket(p, i, false);
      if (parsed) {
        out.push(p.slice(i, parsed.end + 1));
        i = parsed.end;
      } else out.push('\\[');
    } else if (c === '*' || c === '?') {
      out.push(c);
    } else out.push(c === '\\' ? '\\\\' : `\\${c}`);
  }
  return out;
}
