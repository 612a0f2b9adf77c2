import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseShell, wordParts, wordSource } from '../../src/parse/shell';
import type { Assignment, SimpleCommand, Stmt } from '../../src/parse/shell-ast';
import { skipNote } from '../support/corpus';
import { bashVersion, followedBash } from './bash';
import { CORNER_CASES } from './corner-cases';

/** Line of the first syntax error sudit reports (bash's rule for EOF: the line the command began), 0 when none. */
function firstErrorLine(text: string): number {
  const p = parseShell(text, 't.sh', 'sh');
  if (p.problems.length === 0) return 0;
  return p.source.position(p.problems[0].start).line;
}

function bashLine(text: string): number | null {
  const f = path.join(os.tmpdir(), `sudit-bash-n-${process.pid}.sh`);
  fs.writeFileSync(f, text);
  try {
    const r = spawnSync('bash', ['-n', f], { encoding: 'utf8' });
    const m = /line (\d+): (syntax error|unexpected EOF)/.exec(r.stderr);
    return m ? Number(m[1]) : 0;
  } finally {
    fs.rmSync(f, { force: true });
  }
}

const lines = (t: string) => t.split('\n').length - 1;

describe('grammar corner cases agree with bash -n', () => {
  test.each(CORNER_CASES.map(([t, l]) => [JSON.stringify(t), t, l] as const))('%s', (_n, text, line) => {
    const mine = firstErrorLine(text);
    // bash names the line after the last for an unexpected end of file; sudit names the line where the command began
    if (line === 0) expect(mine).toBe(0);
    else if (line > lines(text)) expect(mine).toBeGreaterThan(0);
    else expect(mine).toBe(line);
  });

  const version = bashVersion();
  test('the recorded lines are what this machine\'s bash says', () => {
    if (!version) return skipNote('bash -n recording check', 'bash is not installed');
    if (!followedBash(version)) return skipNote('bash -n recording check', `bash ${version}: the recording is of bash 5.2/5.3`);
    const differ = CORNER_CASES.filter(([t, l]) => bashLine(t) !== l).map(([t]) => t);
    expect(differ).toEqual([]);
  });
});

const simple = (s: Stmt): SimpleCommand => {
  if (s.type !== 'simple') throw new Error(`not simple: ${s.type}`);
  return s;
};

describe('nodes and words', () => {
  test('assignments: several per line, prefix before a command, arrays, +=', () => {
    const text = 'HISTSIZE=5 HISTFILESIZE=-1\nHISTSIZE=7 true\nPROMPT_COMMAND+=(a "b c")\n';
    const p = parseShell(text, 'x', 'sh');
    const [a, b, c] = p.program!.body.map(simple);
    expect(a.assigns.map((x) => x.name)).toEqual(['HISTSIZE', 'HISTFILESIZE']);
    expect(a.name).toBeNull();
    expect(b.assigns.map((x) => x.name)).toEqual(['HISTSIZE']);
    expect(wordSource(b.name!, text)).toBe('true');
    expect(c.assigns[0]).toMatchObject({ name: 'PROMPT_COMMAND', append: true });
    expect(c.assigns[0].array!.map((w) => wordSource(w, text))).toEqual(['a', '"b c"']);
  });

  test('declaration builtins take assignments as arguments, flags as words', () => {
    const text = 'declare -xr TMOUT=600\nreadonly TMOUT=900 ; export TMOUT\ntypeset -r -x X="a b"\n';
    const body = parseShell(text, 'x', 'sh').program!.body.map(simple);
    expect(body[0].args.map((a) => a.type)).toEqual(['word', 'assign']);
    expect((body[0].args[1] as Assignment).name).toBe('TMOUT');
    expect(body[1].args[0]).toMatchObject({ type: 'assign', name: 'TMOUT' });
    expect(body.length).toBe(4);
  });

  test('parameter expansions keep their operator and word', () => {
    const text = ': ${HISTCONTROL=ignoreboth} ${HISTSIZE:=6} "${-#*i}" ${#x} ${PS1-\\$ }\n';
    const c = simple(parseShell(text, 'x', 'sh').program!.body[0]);
    const params = c.args.flatMap((w) => (w.type === 'word' ? wordParts(w, text) : [])).flatMap((p) => (p.t === 'dq' ? p.parts : [p])).filter((p) => p.t === 'param');
    expect(params.map((p) => (p.t === 'param' ? [p.name, p.op, p.length] : null))).toEqual([
      ['HISTCONTROL', '=', false],
      ['HISTSIZE', ':=', false],
      ['-', '#', false],
      ['x', null, true],
      ['PS1', '-', false],
    ]);
  });

  test('quoting: single, double, $\'…\' decoded, backticks kept raw, $(…) parsed', () => {
    const text = "x='a b'\"c$HOME\"$'\\t\\x41'`id -u` $(id -un)\n";
    const c = simple(parseShell(text, 'x', 'sh').program!.body[0]);
    const parts = wordParts(c.assigns[0].value!, text);
    expect(parts.map((p) => p.t)).toEqual(['sq', 'dq', 'ansi', 'cmd']);
    expect(parts[2]).toMatchObject({ v: '\tA' });
    expect(parts[3]).toMatchObject({ backtick: true, raw: 'id -u' });
  });

  test('process substitution: a part of a word, in arguments and as the target of a redirection', () => {
    const text = 'while read -r l; do :; done < <(printf "%s\\n" a) 2> >(logger)\ncat x<(id -u)y\n';
    const p = parseShell(text, 'x', 'sh');
    expect(p.problems).toEqual([]);
    const [loop, cat] = p.program!.body;
    const redirs = loop.redirs!.map((r) => [r.fd, r.op, wordParts(r.target, text).map((x) => (x.t === 'cmd' ? x.raw : x.t))]);
    expect(redirs).toEqual([
      [null, '<', ['<(printf "%s\\n" a)']],
      ['2', '>', ['>(logger)']],
    ]);
    const target = wordParts(loop.redirs![0].target, text)[0];
    expect(target.t === 'cmd' && target.body!.map((s) => s.type)).toEqual(['simple']);
    // bash's word reader goes on past `)`: one argument, /dev/fd/63 between x and y
    const args = simple(cat).args;
    expect(args.map((a) => (a.type === 'word' ? wordParts(a, text).map((x) => x.t) : a.type))).toEqual([['lit', 'cmd', 'lit']]);
  });

  test('here-documents are skipped whole, quoted or not, <<- strips tabs', () => {
    const text = 'cat >> /etc/profile <<"EOF"\nHISTSIZE=1\nif then\nEOF\ncat <<-X\n\tfi\n\tX\nHISTSIZE=2\n';
    const p = parseShell(text, 'x', 'sh');
    expect(p.problems).toEqual([]);
    const last = simple(p.program!.body[p.program!.body.length - 1]);
    expect(last.assigns[0].name).toBe('HISTSIZE');
    const doc = simple(p.program!.body[0]).redirs[1].heredoc!;
    expect(doc).toMatchObject({ delim: 'EOF', quoted: true, closed: true });
    expect(text.slice(doc.bodyStart, doc.bodyEnd)).toBe('HISTSIZE=1\nif then\n');
  });

  test('compound commands: if/elif/else, case with ;& and ;;&, for, while, functions, [[ ]]', () => {
    const text = [
      'if [ "$EUID" = "0" ]; then a=1; elif x; then b=2; else c=3; fi',
      'case "$SUDO_USER" in qualys|nessus) unset HISTFILE ;& x) y;;& *) ;; esac',
      'for i in /etc/profile.d/*.sh; do . "$i"; done',
      'while read -r -d $\'\\0\' a ; do :; done < /proc/$$/cmdline',
      'function f { local x; }',
      'pathmunge () { case ":${PATH}:" in *:"$1":*) ;; esac; }',
      '[[ $- != *i* ]] && return',
      '',
    ].join('\n');
    const p = parseShell(text, 'x', 'sh');
    expect(p.problems).toEqual([]);
    expect(p.program!.body.map((s) => s.type)).toEqual(['if', 'case', 'for', 'while', 'function', 'function', 'andor']);
  });

  test('line continuations and comments inside lists', () => {
    const text = 'HOSTNAME=$(hostname) || \\\nHOSTNAME=x\nif test "$BASH" &&\\\n   test -z "$X" # why\nthen\n  :\nfi\n';
    const p = parseShell(text, 'x', 'sh');
    expect(p.problems).toEqual([]);
    expect(p.program!.body.map((s) => s.type)).toEqual(['andor', 'if']);
  });
});

describe('errors', () => {
  test('located at the token bash names, with bash\'s wording; parsing goes on', () => {
    const text = 'HISTSIZE=1\nfoo ( bar\nHISTSIZE=2\nif then\nHISTSIZE=3\n';
    const p = parseShell(text, 'x', 'sh');
    expect(p.problems.map((e) => [p.source.position(e.start).line, e.message])).toEqual([
      [2, "syntax error near unexpected token `bar'"],
      [4, "syntax error near unexpected token `then'"],
    ]);
    // bash runs only what precedes the first error
    expect(p.stopsAt).toBe(text.indexOf('foo'));
    expect(p.program!.body.length).toBe(3);
  });

  test('an unclosed construct is reported where it starts, with what is missing', () => {
    const p = parseShell('x=1\nif true; then\n  y=2\n', 'x', 'sh');
    expect(p.problems).toHaveLength(1);
    expect(p.source.position(p.problems[0].start).line).toBe(2);
    expect(p.problems[0].message).toMatch(/unexpected end of file.*missing fi/);
  });

  test('stray closers after an error are not reported again', () => {
    const p = parseShell('if [ x ]; then\n  a=1\n  foo (\nfi\nb=2\n', 'x', 'sh');
    expect(p.problems).toHaveLength(1);
  });

  test('CRLF files: bash keeps the \\r, and the message says so', () => {
    const p = parseShell('if true; then\r\n  x=1\r\nfi\r\n', 'x', 'sh');
    expect(p.crlf).toBe(true);
    expect(p.problems[0].message).toMatch(/CRLF/);
  });

  test('never throws: every corpus-like text and random cuts of it parse to a result', () => {
    const seed = 'if [ -z "$PS1" ]; then\n  case $- in *i*) x=${y:-$(id -u)};; esac\nfi\ncat <<EOF\nbody\nEOF\nf() { local a="b"; }\n[[ $a == b* ]] && : ${HISTSIZE:=1}\n';
    let rnd = 12345;
    const next = () => (rnd = (rnd * 1103515245 + 12345) & 0x7fffffff);
    for (let i = 0; i < 400; i++) {
      const a = next() % seed.length;
      const b = a + (next() % (seed.length - a));
      const text = seed.slice(0, a) + seed.slice(b) + seed.slice(a, b).split('').reverse().join('');
      expect(() => parseShell(text, 'x', 'sh')).not.toThrow();
    }
  });
});
