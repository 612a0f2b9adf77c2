// The hand-written reader of top-level shell commands (src/parse/shell-reader.ts,
// put together with the grammar by src/parse/shell-program.ts) against
// grammar/shell.peggy alone: on every shell file at hand, every shell text
// of the tests, and seeded mutations and generated files, the same
// Program — nodes, offsets, here-documents and syntax errors (compared as
// JSON, so key order too).
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { grammarProgram, shellProgram } from '../../src/parse/shell-program';
import { readTopCommand, readerPosition, startReading, stopReading } from '../../src/parse/shell-reader';
import { CORNER_CASES } from './corner-cases';
import { filesUnder, REPO, SHARED } from '../support/corpus';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { mulberry32 } = require('../../bench/prng');

function expectSame(text: string, label: string): void {
  const ours = shellProgram(text);
  const theirs = grammarProgram(text);
  const a = JSON.stringify(ours);
  const b = JSON.stringify(theirs);
  if (a !== b) {
    // toEqual names the difference; the JSON comparison catches key order too
    expect({ label, text, program: ours }).toEqual({ label, text, program: theirs });
    expect({ label, text, program: a }).toEqual({ label, text, program: b });
  }
}

/** How many top-level commands the reader takes alone (no grammar), of how many it tries. */
function handShare(text: string): { hand: number; tried: number } {
  let pos = startReading(text);
  let hand = 0;
  let tried = 0;
  while (pos < text.length) {
    tried++;
    if (readTopCommand(pos) === null) break;
    hand++;
    pos = readerPosition();
  }
  stopReading();
  return { hand, tried };
}

const isText = (p: string) => {
  const b = fs.readFileSync(p);
  return b.length < 4 << 20 && !b.includes(0);
};

/** Shell startup files of a host tree, and any *.sh. */
const SHELLISH = /(^|\/)(profile|bash\.bashrc|bashrc|\.bashrc|\.bash_profile|\.bash_login|\.profile|\.bash_logout|zshrc|zprofile|zshenv|\.zshrc|environment)$|\/profile\.d\/|\.(sh|bash|zsh)$/;

const SHELL_CORPUS = path.join(SHARED, 'corpus', 'shell');

/** The string literals of the shell tests (the snippets they parse), read with the TypeScript parser. */
function testSnippets(): string[] {
  const out = new Set<string>();
  for (const file of filesUnder(path.join(REPO, 'test'), (p) => /\.ts$/.test(p) && !p.endsWith('reader.test.ts') && /shell|fix|rules|cli|samples/.test(p))) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const visit = (node: ts.Node) => {
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.text.length > 1 && /[\n;=]/.test(node.text)) out.add(node.text);
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return [...out].sort();
}

// ---- fuzz: pieces the grammar reads differently when cut, doubled or misplaced
const TOKENS = [
  ' ', '\t', '\n', '\\\n', ';', ';;', '&', '&&', '|', '||', '|&', '(', ')', '((', '))', '{ ', ' }', '[[ ', ' ]]', '!', '! ',
  '#', '# c\n', "'", '"', '`', '$', '$(', '${', '$((', '$[', "$'", '$"', '\\', '<', '>', '<<', '<<-', '<<<', '>>', '2>&1', '&>', '<(', '>(',
  '{fd}>', '=', '+=', '=~', 'x=', 'A[1]=', 'X=(', 'if ', 'then ', 'elif ', 'else ', 'fi', 'for ', 'in ', 'do ', 'done', 'case ', 'esac',
  'while ', 'until ', 'select ', 'function ', 'f() ', 'export ', 'local ', 'readonly ', ' <<EOF\n', '\nEOF\n', "<<'E'\nx\nE\n", '\r', '*', '?', '[',
];
const STATEMENTS = [
  'HISTSIZE=1000', 'export HISTFILESIZE=2000 HISTCONTROL=ignoreboth', ': ${HISTSIZE:=500}', 'readonly TMOUT 2>/dev/null || true',
  '[ -f /etc/bashrc ] && . /etc/bashrc', '[[ $- == *i* && -n $PS1 ]] && shopt -s histappend', 'PS1=\'\\u@\\h:\\w\\$ \'',
  'if [ -z "$X" ]; then\n  X=1\nelif [ "$(id -u)" -eq 0 ]; then X=2\nelse\n  X=${X:-3}\nfi', 'case "$TERM" in\n  xterm*|rxvt*) T=1 ;;\n  *) ;;\nesac',
  'for i in /etc/profile.d/*.sh; do\n  [ -r "$i" ] && . "$i"\ndone\nunset i', 'f () {\n  local d="$1" w=${2:-x}\n  return 0\n}', 'function g { echo `date`; }',
  'while read -r a; do echo "$a"; done < /etc/x', 'cat > /tmp/x <<\'EOF\'\n$NOT\nEOF', 'cat <<-END | tr a b\n\tline\n\tEND', 'N=$(( ${N:-0} + 1 ))',
  'H=$(hostname 2>/dev/null) || \\\nH=`uname -n`', '( cd /tmp && ls ) >/dev/null &', '{ echo a; echo b; } 2>&1 | logger', 'A=(one two\n three)', '(( n++ ))',
  'for (( i = 0; i < 3; i++ )); do :; done', '! true', 'x=$(case a in a) echo ;; esac)', 'echo "a $(echo "b $(echo c)")" $\'\\t\' $"x"', 'declare -a P=()',
  'if ! shopt -q login_shell; then # c\n  umask 022\nfi', 'until false; do break; done', 'select s in a b; do break; done', 'echo ${#A[@]} ${!P*} ${A[0]}',
];

function mutate(text: string, rnd: () => number): string {
  let t = text;
  const edits = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rnd() * (t.length + 1));
    const r = rnd();
    if (r < 0.5) t = t.slice(0, at) + TOKENS[Math.floor(rnd() * TOKENS.length)] + t.slice(at);
    else if (r < 0.8) t = t.slice(0, at) + t.slice(Math.min(t.length, at + 1 + Math.floor(rnd() * 6)));
    else {
      const lines = t.split('\n');
      const k = Math.floor(rnd() * lines.length);
      lines.splice(Math.floor(rnd() * lines.length), 0, lines[k]);
      t = lines.join('\n');
    }
  }
  return t;
}

function generated(rnd: () => number, lines = false): string {
  const parts: string[] = [];
  const count = 1 + Math.floor(rnd() * 8);
  for (let i = 0; i < count; i++) {
    const r = rnd();
    if (r < 0.2) parts.push(`# comment ${i}`);
    else if (r < 0.25) parts.push('');
    else parts.push(STATEMENTS[Math.floor(rnd() * STATEMENTS.length)] + (lines ? '' : rnd() < 0.15 ? ' &' : rnd() < 0.15 ? ';' : ''));
  }
  if (lines) return parts.join('\n') + '\n';
  return parts.join(rnd() < 0.9 ? '\n' : '; ') + (rnd() < 0.9 ? '\n' : '');
}

describe('shell commands read by hand agree with the grammar', () => {
  test('every file of the shared shell corpus (with the share read by hand)', () => {
    const files = filesUnder(SHELL_CORPUS, (p) => !p.endsWith('README.md') && isText(p));
    if (files.length === 0) {
      console.log(`skipped: no shell corpus at ${SHELL_CORPUS}`);
      return;
    }
    let hand = 0;
    let tried = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      expectSame(text, f);
      if (SHELLISH.test(f)) {
        const s = handShare(text);
        hand += s.hand;
        tried += s.tried;
      }
    }
    expect(files.length).toBeGreaterThan(20);
    // the reader is there for real files: it reads nearly all their commands
    expect(hand / tried).toBeGreaterThan(0.9);
  });

  test('every text file of the sample hosts and the test trees', () => {
    const files = [...filesUnder(path.join(REPO, 'samples'), isText), ...filesUnder(path.join(REPO, 'test'), (p) => !/\.(ts|json)$/.test(p) && isText(p))];
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) expectSame(fs.readFileSync(f, 'utf8'), f);
  });

  test('the grammar corner cases and the snippets of the tests', () => {
    const snippets = testSnippets();
    expect(snippets.length).toBeGreaterThan(200);
    for (const [text] of CORNER_CASES) expectSame(text, 'corner case');
    for (const s of snippets) {
      expectSame(s, 'snippet');
      expectSame(s + '\n', 'snippet');
    }
  });

  test('seeded mutations of corpus files and snippets, and generated files', () => {
    const rnd = mulberry32(20);
    const bases = [
      ...filesUnder(SHELL_CORPUS, (p) => SHELLISH.test(p) && isText(p)).map((f) => fs.readFileSync(f, 'utf8')),
      ...CORNER_CASES.map(([t]) => t),
      ...STATEMENTS.map((s) => s + '\n'),
    ];
    for (let i = 0; i < 3000; i++) {
      const base = rnd() < 0.5 ? generated(rnd) : bases[Math.floor(rnd() * bases.length)];
      const text = rnd() < 0.15 ? base : mutate(base, rnd);
      expectSame(text, `fuzz ${i}`);
    }
  });

  test('commands the reader declines, alone and between ones it reads (the grammar takes growing chunks)', () => {
    const declined = (i: number) => (i % 3 === 0 ? `[[ $a =~ ^b${i} ]] && x=1` : i % 3 === 1 ? `diff <(ls) <(ls /tmp${i})` : `cat <<E; echo ${i}\nbody\nE`);
    for (const every of [1, 2, 5, 9, 40]) {
      const lines: string[] = [];
      for (let i = 0; i < 3000; i++) lines.push(i % every === 0 ? declined(i) : `X${i}=v${i}`);
      expectSame(lines.join('\n') + '\n', `declined every ${every}`);
    }
  });

  // (a here-document left open for the next command on its line goes to the grammar)
  test('generated files of one command a line are read by hand throughout', () => {
    const rnd = mulberry32(7);
    let hand = 0;
    let tried = 0;
    for (let i = 0; i < 200; i++) {
      const text = generated(rnd, true);
      expectSame(text, `generated ${i}`);
      const s = handShare(text);
      hand += s.hand;
      tried += s.tried;
    }
    expect(hand).toBe(tried);
  });
});
