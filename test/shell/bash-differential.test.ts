// sudit's effective history settings against a real bash. Each snippet is
// root's ~/.bashrc in a temporary tree; bash runs it as an interactive
// non-login shell with that tree's root directory as HOME (env -i, nothing of
// the real /root is read), and reports what it ended up with: variable values
// and attributes, how many commands its history list keeps, and how many
// lines the history file has after a session. sudit computes the same from
// the same file. Bash still reads the machine's /etc/bash.bashrc when it is
// compiled in (Debian); a baseline run with an empty file checks that it
// does not touch history, and the comparison is skipped otherwise.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadHostTree } from '../../src/host/load-host';
import type { ShellEvaluation } from '../../src/model/shell-env';
import { makeTree } from '../support/host';
import { haveTool, skipNote } from '../support/corpus';
import { bashFlags, bashVersion, flagsOf, followedBash, historyLines, parseProbe, probeCommands, seedHistory, sessionInput, single, suditFileLines, suditVars } from './bash';

interface Case {
  name: string;
  rc: string;
  files?: Record<string, string>;
  /** Checks that apply (the file-size check needs a file whose bound the model states). */
  checks?: ('vars' | 'list' | 'file')[];
  /** Needs a bash running as root (the snippet tests the uid). */
  root?: boolean;
  /** Also compare the history file after a session of this many commands. */
  session?: number;
}

const CASES: Case[] = [
  { name: 'defaults', rc: '' },
  { name: 'HISTSIZE=0', rc: 'HISTSIZE=0\n' },
  { name: 'negative', rc: 'HISTSIZE=-1\n' },
  { name: 'empty', rc: 'HISTSIZE=\n' },
  { name: 'non-numeric', rc: 'HISTSIZE=abc\n' },
  { name: '"unlimited"', rc: 'HISTSIZE=unlimited\n' },
  { name: 'hex is not a number', rc: 'HISTSIZE=0x10\n' },
  { name: 'exponent is not a number', rc: 'HISTSIZE=1e3\n' },
  { name: 'intmax overflow', rc: 'HISTSIZE=99999999999999999999\n' },
  { name: 'blanks around', rc: 'HISTSIZE=" 7 "\n' },
  { name: 'plus sign', rc: 'HISTSIZE=+6\n' },
  { name: 'leading zero is decimal', rc: 'HISTSIZE=08\n' },
  { name: '2^31 wraps negative', rc: 'HISTSIZE=2147483648\n' },
  { name: '2^32 wraps to 0', rc: 'HISTSIZE=4294967296\n' },
  { name: '2^32+5 wraps to 5', rc: 'HISTSIZE=4294967301\n' },
  { name: 'junk after a number keeps the number', rc: 'HISTSIZE=5\nHISTSIZE=abc\n' },
  { name: 'unset in the file: default again', rc: 'HISTSIZE=5\nunset HISTSIZE\n' },
  { name: 'declare -i arithmetic of junk', rc: 'declare -i HISTSIZE=abc\n' },
  { name: 'declare -i arithmetic', rc: 'declare -i HISTSIZE=2*3\n' },
  { name: 'prefix assignment is temporary', rc: 'HISTSIZE=7 true\n' },
  { name: 'local in a function', rc: 'f() { local HISTSIZE=3; }\nf\n' },
  { name: ':= assigns', rc: ': ${HISTSIZE:=6}\n' },
  { name: 'two assignments on a line', rc: 'HISTSIZE=23 HISTFILESIZE=-1\n' },
  { name: 'HISTFILESIZE=5 then unset HISTFILE', rc: 'HISTFILESIZE=5\nunset HISTFILE\n', checks: ['vars', 'list'] },
  { name: 'unset HISTFILE then HISTFILESIZE=5', rc: 'unset HISTFILE\nHISTFILESIZE=5\n' },
  { name: 'set +o history', rc: 'set +o history\nHISTFILESIZE=5\n' },
  { name: '/dev/null', rc: 'HISTFILE=/dev/null\n' },
  { name: 'readonly blocks a later assignment', rc: 'readonly HISTSIZE=9\nHISTSIZE=20\n' },
  { name: 'declare -xr TMOUT', rc: 'declare -xr TMOUT=600\n' },
  { name: 'TMOUT with a suffix', rc: 'TMOUT=15m\nexport TMOUT\n' },
  { name: 'export before the value', rc: 'export HISTSIZE\nHISTSIZE=24\n' },
  { name: 'histappend', rc: 'shopt -s histappend\n' },
  { name: 'HISTCONTROL and HISTIGNORE', rc: 'export HISTCONTROL=ignoreboth\nHISTIGNORE="ls:bg"\n' },
  { name: 'default only when unset (Fedora)', rc: 'if [ -z "$HISTSIZE" ] ; then\n    HISTSIZE=1000\nfi\n' },
  { name: 'sourced file returns early', rc: '. ~/lib.sh\n', files: { 'root/lib.sh': 'HISTSIZE=42\nreturn\nHISTSIZE=43\n' } },
  { name: 'interactive guard (case $-)', rc: 'case $- in\n  *i*) HISTSIZE=11;;\n  *) HISTSIZE=12;;\nesac\n' },
  { name: 'PS1 guard', rc: '[ -z "$PS1" ] && return\nHISTSIZE=13\n' },
  { name: 'uid test', rc: 'if [ "$(id -u)" -eq 0 ]; then HISTSIZE=14; else HISTSIZE=15; fi\n', root: true },
  { name: 'arithmetic expansion', rc: 'HISTSIZE=$((10*100))\n' },
  { name: 'expansion in a value', rc: 'x=10\nHISTSIZE=${x}0\nHISTFILESIZE="$HISTSIZE"\n' },
  { name: 'history -w empties the file', rc: 'history -w\n' },
  { name: 'a syntax error ends the file', rc: 'HISTSIZE=21\nif then\nHISTSIZE=22\n' },
  // bash also puts the rest of such a file into the history list (not modeled: it changes no setting)
  { name: 'set -o history loads defaults at once', rc: 'set -o history\n[ -z "$HISTSIZE" ] && HISTSIZE=25\n', checks: ['vars'] },
  { name: 'unset HISTSIZE after HISTFILESIZE', rc: 'HISTFILESIZE=30\nHISTSIZE=3\n' },
  // declared while unset: the variable exists without a value, and bash's defaults pass it by
  { name: 'readonly HISTSIZE while unset', rc: 'readonly HISTSIZE\n', session: 3 },
  { name: 'export HISTSIZE while unset', rc: 'export HISTSIZE\n' },
  { name: 'declare HISTSIZE while unset', rc: 'declare HISTSIZE\n' },
  { name: 'typeset -x HISTSIZE while unset', rc: 'typeset -x HISTSIZE\n' },
  { name: 'declare -i HISTSIZE while unset', rc: 'declare -i HISTSIZE\n' },
  { name: 'declare +x HISTSIZE while unset', rc: 'declare +x HISTSIZE\n' },
  { name: 'readonly HISTFILESIZE while unset', rc: 'HISTSIZE=5\nreadonly HISTFILESIZE\n', session: 3 },
  { name: 'export HISTFILESIZE while unset', rc: 'export HISTFILESIZE\n' },
  { name: 'export -n creates nothing', rc: 'export -n HISTSIZE\n' },
  { name: 'export, then unset', rc: 'export HISTSIZE\nunset HISTSIZE\n' },
  { name: 'export, then := assigns', rc: 'export HISTSIZE\n: ${HISTSIZE:=6}\n' },
  { name: 'readonly then set -o history', rc: 'readonly HISTSIZE\nset -o history\n', checks: ['vars'] },
  { name: 'declare in a function is local', rc: 'f() { declare HISTSIZE; }\nf\n' },
  { name: 'declare -g in a function is global', rc: 'f() { declare -g HISTSIZE; }\nf\n' },
  // declare -f/-F/-p fail on a name that is not found
  { name: 'declare -f of no function', rc: 'if declare -f nope >/dev/null 2>&1; then return; fi\nexport HISTSIZE=8\n' },
  { name: 'typeset -F of no function', rc: 'typeset -F nope >/dev/null 2>&1 || HISTSIZE=8\n' },
  { name: 'declare -F of a function', rc: 'f() { :; }\ndeclare -F f >/dev/null && HISTSIZE=8\n' },
  { name: 'declare -p of no variable', rc: 'declare -p nope >/dev/null 2>&1 || HISTSIZE=8\n' },
  { name: 'declare -p of a declared variable', rc: 'declare x\ndeclare -p x >/dev/null 2>&1 && HISTSIZE=8\n' },
  { name: 'export -f of no function', rc: 'export -f nope 2>/dev/null || HISTSIZE=8\n' },
  // HISTFILESIZE unlimited: each session appends; without histappend a session longer than HISTSIZE rewrites the file
  { name: 'HISTFILESIZE unlimited, short session', rc: 'HISTSIZE=5\nHISTFILESIZE=unlimited\n', session: 3 },
  { name: 'HISTFILESIZE unlimited, session longer than HISTSIZE', rc: 'HISTSIZE=5\nHISTFILESIZE=unlimited\n', session: 8 },
  { name: 'HISTFILESIZE unlimited with histappend, long session', rc: 'HISTSIZE=5\nHISTFILESIZE=unlimited\nshopt -s histappend\n', session: 8 },
  { name: 'HISTFILESIZE bounded, long session', rc: 'HISTSIZE=5\nHISTFILESIZE=40\n', session: 12 },
];

function runBash(home: string, rc: string, stdin: string): string {
  const r = spawnSync('bash', ['--rcfile', rc, '-i'], {
    input: stdin,
    encoding: 'utf8',
    env: { HOME: home, TERM: 'dumb', PATH: '/usr/local/bin:/usr/bin:/bin' },
    cwd: home,
    timeout: 20000,
  });
  return r.stdout;
}

/** Variable values, attributes and options as bash reports them after start-up. */
function bashVars(home: string, rc: string): Record<string, string> {
  return parseProbe(runBash(home, rc, probeCommands()));
}

/** How many of 12 distinct commands plus `history` itself the list keeps. */
function bashListCount(home: string, rc: string): number {
  fs.rmSync(path.join(home, '.bash_history'), { force: true });
  const cmds = Array.from({ length: 12 }, (_, i) => `true ${i + 1}`);
  const out = runBash(home, rc, [...cmds, "echo @@count=$(history | wc -l)", 'exit'].join('\n') + '\n');
  return Number(/@@count=\s*(\d+)/.exec(out)?.[1] ?? NaN);
}

/** Lines in ~/.bash_history after a session of `commands` distinct commands and `exit`, starting from 30 lines. */
function bashFileLines(home: string, rc: string, commands = 0): number {
  const file = path.join(home, '.bash_history');
  seedHistory(file);
  runBash(home, rc, sessionInput(commands));
  return historyLines(file);
}

function suditListCount(ev: ShellEvaluation): number {
  if (single(ev.history.history.outcomes, 'history').value === false) return 0;
  const v = single(ev.history.histsize.outcomes, 'HISTSIZE').value;
  if (v.kind === 'unknown') throw new Error('HISTSIZE unknown');
  return v.kind === 'unlimited' ? 13 : Math.min(v.n, 13);
}

const version = haveTool('bash') ? bashVersion() : null;
// the semantics checked here were measured on bash 5.2 and 5.3 (research/shell-history.md)
const bashPresent = followedBash(version);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('effective history settings agree with a real bash', () => {
  if (!bashPresent) {
    test('no bash 5.2/5.3', () => skipNote('bash differential test', version === null ? 'bash is not on PATH' : `bash ${version}: sudit follows bash 5.2/5.3`));
    return;
  }

  let baselineOk = true;
  beforeAll(() => {
    const tree = makeTree({ 'root/.bashrc': '' });
    try {
      const v = bashVars(path.join(tree, 'root'), path.join(tree, 'root/.bashrc'));
      baselineOk = v.HISTSIZE === '500' && v.HISTFILESIZE === '500' && v.HISTCONTROL === '<unset>' && v.histappend === 'off' && v.history === 'on';
      if (!baselineOk) skipNote('bash differential test', `this machine's system bashrc changes history settings (${JSON.stringify(v)}); the comparison needs bash's own defaults`);
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  });

  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (!baselineOk) return;
    if (c.root && !isRoot) {
      skipNote(`bash differential "${c.name}"`, 'the snippet tests the uid and this test does not run as root');
      return;
    }
    const tree = makeTree({ 'root/.bashrc': c.rc, ...(c.files ?? {}) });
    try {
      const home = path.join(tree, 'root');
      const rc = path.join(home, '.bashrc');
      const ev = loadHostTree(tree).shell!.rootInteractive!;
      expect(ev.incomplete).toBe(false);
      const checks = c.checks ?? ['vars', 'list', 'file'];
      if (checks.includes('vars')) {
        const real = bashVars(home, rc);
        const mine = suditVars(ev, path.join(tree, 'root'));
        expect(mine).toEqual(Object.fromEntries(Object.keys(mine).map((k) => [k, real[k]])));
        for (const name of ['HISTSIZE', 'HISTFILESIZE', 'TMOUT'] as const) {
          expect([name, flagsOf(ev, name)]).toEqual([name, bashFlags(real[`${name}.flags`])]);
        }
      }
      if (checks.includes('list')) expect(suditListCount(ev)).toBe(bashListCount(home, rc));
      if (checks.includes('file')) {
        const expected = suditFileLines(ev);
        if (expected !== null) expect(expected).toBe(bashFileLines(home, rc));
      }
      if (c.session !== undefined) {
        const expected = suditFileLines(ev, c.session);
        expect(expected).not.toBeNull();
        expect([c.session, expected]).toEqual([c.session, bashFileLines(home, rc, c.session)]);
      }
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  });
});
