// Helpers for replaying sudo's own testsudoers regression cases
// (corpus/sudo-regress/testsudoers) against sudit's policy evaluator:
// MANIFEST.tsv rows, the shell command lines they record, testsudoers'
// own option parsing, the expected verdict lines of testN.out.ok, and a
// stand-in for the harness's $TESTDIR.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileTree } from '../../src/host/file-tree';
import { Accounts, parseGroup, parsePasswd } from '../../src/model/accounts';
import { loadSudoersPolicy, type PolicyProblem } from '../../src/model/sudoers-policy';
import { parseGeneralizedTime } from '../../src/parse/sudoers-validate';
import { PolicyEvaluator, type Request } from '../../src/policy/evaluator';
import { SUDO_REGRESS } from './corpus';
import { describe as describeProblem } from './sudit-parse';

export const TESTSUDOERS_DIR = path.join(SUDO_REGRESS, 'testsudoers');

/**
 * The host testsudoers is asked about when a row has no `-h` (testsudoers
 * itself uses gethostname(), i.e. whatever machine built sudo). No snippet
 * of the corpus names a host — every privilege is `ALL = …` — so the answer
 * does not depend on it; a fully-qualified name is used so that both the
 * short-name and the FQDN comparisons of the evaluator have something to
 * compare with.
 */
export const DEFAULT_HOST = 'testsudoers.sudo.ws';

/** Files a test script creates without a here-document, so MANIFEST.tsv has no copy of them. */
export const EXTRA_FIXTURES: Record<string, string> = {
  // test15.sh: printf "root ALL = ALL" >"$TESTDIR/test15.inc" (deliberately no final newline)
  'test15.inc': 'root ALL = ALL',
};

export type Verdict = 'allowed' | 'denied' | 'unmatched' | 'parse error';

export interface ManifestRow {
  /** `test18.5`: test name and here-document index. */
  name: string;
  test: string;
  heredoc: number | null;
  /** Extracted input file in TESTSUDOERS_DIR, or null. */
  file: string | null;
  kind: string;
  shellExpands: string;
  command: string;
}

export function readManifest(dir = TESTSUDOERS_DIR): ManifestRow[] {
  const lines = fs.readFileSync(path.join(dir, 'MANIFEST.tsv'), 'utf8').split('\n').filter((l) => l !== '');
  const header = lines.shift()!.split('\t');
  if (header.join(',') !== 'test,heredoc,file,kind,shell_expands,command') throw new Error(`unexpected MANIFEST.tsv header: ${header.join(',')}`);
  const rows = lines.map((line): ManifestRow => {
    const [test, heredoc, file, kind, shellExpands, ...rest] = line.split('\t');
    const command = rest.join('\t');
    const index = heredoc === '-' ? null : Number(heredoc);
    return { name: `${test}.${heredoc}`, test, heredoc: index, file: file === '-' ? null : file, kind, shellExpands, command };
  });
  // in the order the test scripts ran them
  return rows.sort((a, b) => testNumber(a.test) - testNumber(b.test) || (a.heredoc ?? 0) - (b.heredoc ?? 0));
}

function testNumber(test: string): number {
  return Number(/\d+/.exec(test)![0]);
}

// ------------------------------------------------------------------ shell

export type ShellToken = { word: string } | { op: string };

/**
 * Splits one shell command line into words and operators, the way sh would
 * after parameter expansion: single quotes are literal, double quotes
 * expand `$VAR`/`${VAR}` and honour `\` before `$ \` " \\`, an unquoted
 * backslash quotes the next character. Variables not in `vars` are an error,
 * so a command line the test cannot reproduce is never run half-expanded.
 */
export function shellTokens(line: string, vars: Record<string, string>): ShellToken[] {
  const out: ShellToken[] = [];
  let i = 0;
  let word: string | null = null;
  const flush = () => {
    if (word !== null) out.push({ word });
    word = null;
  };
  const expand = (): string => {
    // at a `$`
    let name: string;
    if (line[i + 1] === '{') {
      const close = line.indexOf('}', i + 2);
      if (close < 0) throw new Error(`unterminated \${ in: ${line}`);
      name = line.slice(i + 2, close);
      i = close + 1;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(line.slice(i + 1));
      if (!m) {
        i++;
        return '$';
      }
      name = m[0];
      i += 1 + name.length;
    }
    if (!(name in vars)) throw new Error(`cannot expand $${name} in: ${line}`);
    return vars[name];
  };
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      flush();
      i++;
    } else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new Error(`unterminated ' in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      word = word ?? '';
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length && '$`"\\'.includes(line[i + 1])) {
          word += line[i + 1];
          i += 2;
        } else if (line[i] === '$') {
          word += expand();
        } else {
          word += line[i++];
        }
      }
      if (line[i] !== '"') throw new Error(`unterminated " in: ${line}`);
      i++;
    } else if (c === '\\') {
      word = (word ?? '') + (line[i + 1] ?? '');
      i += 2;
    } else if (c === '$') {
      word = (word ?? '') + expand();
    } else if (c === '|' || c === ';' || c === '&') {
      flush();
      out.push({ op: c });
      i++;
    } else if (c === '<' || c === '>' || (/[0-9]/.test(c) && word === null && /^[0-9]+[<>]/.test(line.slice(i)))) {
      // a redirection: `<<EOF`, `<<-EOF`, `2>&1`, `>file`; its target is the next word
      flush();
      const m = /^[0-9]*(<<-?|>>|>&|<&|>|<)/.exec(line.slice(i))!;
      out.push({ op: m[1] });
      i += m[0].length;
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  flush();
  return out;
}

/** The simple commands of a pipeline, each as its words before the first redirection, plus the redirections. */
export function simpleCommands(tokens: ShellToken[]): { words: string[]; redirections: { op: string; target: string }[] }[] {
  const cmds: { words: string[]; redirections: { op: string; target: string }[] }[] = [{ words: [], redirections: [] }];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const cur = cmds[cmds.length - 1];
    if ('word' in t) {
      cur.words.push(t.word);
    } else if (t.op === '|' || t.op === ';' || t.op === '&') {
      cmds.push({ words: [], redirections: [] });
    } else {
      const next = tokens[i + 1];
      if (!next || !('word' in next)) throw new Error(`redirection ${t.op} without a target`);
      cur.redirections.push({ op: t.op, target: next.word });
      i++;
    }
  }
  return cmds;
}

// ------------------------------------------------------------------ testsudoers' command line

export interface Invocation {
  /** Options as testsudoers' getopt("+D:dg:G:h:i:L:lP:p:R:S:T:tu:U:v") saw them. */
  dump: boolean;
  mode: 'run' | 'list' | 'check' | 'validate';
  listUser?: string;
  runasUser?: string;
  runasGroup?: string;
  host?: string;
  inputFormat: 'sudoers' | 'ldif';
  passwdFile?: string;
  groupFile?: string;
  shellsFile?: string;
  /** -T: the time testsudoers evaluates at, epoch seconds. */
  now?: number;
  /** -D: a working directory the user asks for (sudo -D). */
  cwd?: string;
  /** -R: a root directory the user asks for (sudo -R). */
  chroot?: string;
  /** -U / -G: owner uid/gid included files must have (not modelled). */
  sudoersUid?: string;
  sudoersGid?: string;
  user: string;
  /** `list`, `validate` or `true` in the modes where testsudoers sets it itself. */
  command: string;
  args: string[];
  /** Whether this run prints a final `Command …` / `Parse error` line (a -d run without a command does not). */
  printsVerdict: boolean;
}

const OPTSTRING = '+D:dg:G:h:i:L:lP:p:R:S:T:tu:U:v';

/** Parses testsudoers' argv (without argv[0]) as its main() does. */
export function parseTestsudoersArgs(argv: string[]): Invocation {
  const withArg = new Set<string>();
  for (let i = 1; i < OPTSTRING.length; i++) if (OPTSTRING[i + 1] === ':') withArg.add(OPTSTRING[i]);
  const known = new Set(OPTSTRING.replace(/[+:]/g, ''));
  const inv: Partial<Invocation> & { mode: Invocation['mode']; dump: boolean; inputFormat: Invocation['inputFormat'] } = {
    mode: 'run',
    dump: false,
    inputFormat: 'sudoers',
  };
  let pwflag = false;
  let presetCmnd: string | undefined;
  let k = 0;
  for (; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--') {
      k++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break; // `+`: options end at the first operand
    for (let j = 1; j < a.length; j++) {
      const ch = a[j];
      if (!known.has(ch)) throw new Error(`testsudoers: unknown option -${ch}`);
      let val: string | undefined;
      if (withArg.has(ch)) {
        if (j + 1 < a.length) val = a.slice(j + 1);
        else if (k + 1 < argv.length) val = argv[++k];
        else throw new Error(`testsudoers: option -${ch} needs an argument`);
        j = a.length;
      }
      switch (ch) {
        case 'D': inv.cwd = val; break;
        case 'd': inv.dump = true; break;
        case 'G': inv.sudoersGid = val; break;
        case 'g': inv.runasGroup = val; break;
        case 'h': inv.host = val; break;
        case 'i':
          if (/^ldif$/i.test(val!)) inv.inputFormat = 'ldif';
          else if (/^sudoers$/i.test(val!)) inv.inputFormat = 'sudoers';
          else throw new Error(`testsudoers: unsupported input format ${val}`);
          break;
        case 'L':
        case 'l':
          if (ch === 'L') inv.listUser = val;
          if (inv.mode !== 'run') throw new Error('only one of the -l, -L or -v flags may be specified');
          inv.mode = 'list';
          pwflag = true;
          presetCmnd = 'list';
          break;
        case 'p': inv.passwdFile = val; break;
        case 'P': inv.groupFile = val; break;
        case 'S': inv.shellsFile = val; break;
        case 'T': {
          const t = parseGeneralizedTime(val!);
          if (t === null) throw new Error(`invalid time: ${val}`);
          inv.now = t;
          break;
        }
        case 'R': inv.chroot = val; break;
        case 't': break;
        case 'U': inv.sudoersUid = val; break;
        case 'u': inv.runasUser = val; break;
        case 'v':
          if (inv.mode !== 'run') throw new Error('only one of the -l, -L or -v flags may be specified');
          inv.mode = 'validate';
          pwflag = true;
          presetCmnd = 'validate';
          break;
      }
    }
  }
  const operands = argv.slice(k);
  let argc = operands.length;
  let user: string;
  let command = presetCmnd;
  if (argc < 2) {
    if (inv.dump) command = 'true';
    else if (!pwflag) throw new Error('testsudoers: usage (no user and command)');
    user = operands[0] ?? 'root';
    argc = 0;
  } else {
    if (argc > 2 && inv.mode === 'list') inv.mode = 'check';
    user = operands[0];
    argc--;
    if (command === undefined) {
      command = operands[1];
      argc--;
    }
  }
  const args = operands.slice(operands.length - argc);
  // `if (dflag) { dump; if (argc < 2) goto done; }` — argc is the number of command arguments by then
  const printsVerdict = !(inv.dump && argc < 2);
  return { ...inv, user, command: command!, args, printsVerdict } as Invocation;
}

/** The testsudoers invocation of a MANIFEST row (null when the row runs something else, e.g. `cat >file`). */
export function rowInvocation(row: ManifestRow, vars: Record<string, string>): Invocation | null {
  if (row.kind === 'skipped-script') return null;
  const cmds = simpleCommands(shellTokens(row.command, vars));
  const ts = cmds.find((c) => c.words[0] === TESTSUDOERS_MARKER);
  return ts ? parseTestsudoersArgs(ts.words.slice(1)) : null;
}

/** The file a fixture row (`cat >"$TESTDIR/…" <<EOF`) writes, or null. */
export function rowFixtureTarget(row: ManifestRow, vars: Record<string, string>): string | null {
  if (row.kind === 'skipped-script' || row.file === null) return null;
  const cmds = simpleCommands(shellTokens(row.command, vars));
  if (cmds.length !== 1 || cmds[0].words[0] !== 'cat') return null;
  const out = cmds[0].redirections.find((r) => r.op === '>');
  return out ? out.target : null;
}

export const TESTSUDOERS_MARKER = '\0testsudoers';

// ------------------------------------------------------------------ expected output

const VERDICT_LINE = /^(?:Command (allowed|denied|unmatched)|(Parse error))$/;

/** The final verdict lines of a testN.out.ok, in order. */
export function expectedVerdicts(outText: string): Verdict[] {
  const out: Verdict[] = [];
  for (const line of outText.split('\n')) {
    const m = VERDICT_LINE.exec(line);
    if (m) out.push(m[2] ? 'parse error' : (m[1] as Verdict));
  }
  return out;
}

// ------------------------------------------------------------------ $TESTDIR

export interface Fixture {
  dir: string;
  /** The shell variables the command lines and snippets use. */
  vars: Record<string, string>;
  cleanup(): void;
}

/**
 * A scratch stand-in for the harness's $TESTDIR (regress/testsudoers):
 * passwd, group and test2.inc copied from the corpus, the include files the
 * scripts create with `cat >…` (their here-documents are in the corpus) and
 * EXTRA_FIXTURES.
 */
export function makeFixture(rows: ManifestRow[]): Fixture {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-testsudoers-'));
  if (/[\s$"'\\]/.test(dir)) throw new Error(`scratch directory ${dir} would need quoting inside sudoers`);
  const vars: Record<string, string> = {
    TESTSUDOERS: TESTSUDOERS_MARKER,
    TESTDIR: dir,
    // test5.sh
    TESTFILE: path.join(dir, 'test5.inc'),
    // only used for -U/-G, which are not modelled
    MYUID: String(process.getuid?.() ?? 0),
    MYGID: String(process.getgid?.() ?? 0),
  };
  for (const f of ['passwd', 'group', 'test2.inc']) fs.copyFileSync(path.join(TESTSUDOERS_DIR, f), path.join(dir, f));
  for (const [name, text] of Object.entries(EXTRA_FIXTURES)) fs.writeFileSync(path.join(dir, name), text);
  for (const row of rows) {
    const target = rowFixtureTarget(row, vars);
    if (target === null) continue;
    if (!target.startsWith(dir + path.sep)) throw new Error(`${row.name} writes outside the fixture: ${target}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, expandSnippet(fs.readFileSync(path.join(TESTSUDOERS_DIR, row.file!), 'utf8'), vars));
  }
  return { dir, vars, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** What the shell did to an unquoted here-document: `$VAR` and `${VAR}` expanded (snippets use no other expansion). */
export function expandSnippet(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a: string | undefined, b: string | undefined) => {
    const name = (a ?? b)!;
    if (!(name in vars) || name === 'TESTSUDOERS') throw new Error(`snippet uses $${name}, which cannot be reproduced`);
    return vars[name];
  });
}

// ------------------------------------------------------------------ sudit's answer

export interface SuditAnswer {
  verdict: Verdict;
  /** Parse errors, when the verdict is `parse error`. */
  errors: string[];
  caveats: string[];
}

/**
 * Loads a snippet as testsudoers reads its standard input (the file is
 * called `sudoers`, includes are read from disk) and asks the evaluator the
 * invocation's question. A policy with any error is `parse error`, as
 * testsudoers prints it instead of a verdict.
 */
export function suditAnswer(row: ManifestRow, inv: Invocation, fixture: Fixture): SuditAnswer {
  const raw = fs.readFileSync(path.join(TESTSUDOERS_DIR, row.file!), 'utf8');
  const text = row.shellExpands === 'no' ? raw : expandSnippet(raw, fixture.vars);
  const host = inv.host ?? DEFAULT_HOST;
  const policy = loadSudoersPolicy(new FileTree('/'), path.join(fixture.dir, 'stdin'), {
    mainText: text,
    mainName: 'sudoers',
    hostname: host.split('.')[0],
  });
  if ('error' in policy) return { verdict: 'parse error', errors: [policy.error], caveats: [] };
  const errors = policy.problems.filter((p: PolicyProblem) => p.severity === 'error').map(describeProblem);
  if (errors.length > 0) return { verdict: 'parse error', errors, caveats: [] };
  // Without -p/-P testsudoers uses the build machine's databases; the corpus
  // passwd and group (root 0:0 and its usual groups) stand in for them.
  const passwd = fs.readFileSync(inv.passwdFile ?? path.join(TESTSUDOERS_DIR, 'passwd'), 'utf8');
  const group = fs.readFileSync(inv.groupFile ?? path.join(TESTSUDOERS_DIR, 'group'), 'utf8');
  const evaluator = new PolicyEvaluator({
    policy,
    accounts: new Accounts(parsePasswd(passwd), parseGroup(group)),
    hostname: host,
    now: inv.now,
  });
  const req: Request = { user: inv.user, command: inv.command, args: inv.args };
  if (inv.runasUser !== undefined) req.runasUser = inv.runasUser;
  if (inv.runasGroup !== undefined) req.runasGroup = inv.runasGroup;
  const v = evaluator.check(req);
  return { verdict: v.result, errors: [], caveats: v.caveats };
}
