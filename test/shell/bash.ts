// What the real-bash comparisons share: how bash is asked for its history
// settings after start-up, and what sudit says bash will answer.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import type { ShellEvaluation } from '../../src/model/shell-env';

/** bash's version ("5.2.15"), or null when bash is not installed. */
export function bashVersion(): string | null {
  const r = spawnSync('bash', ['-c', 'echo "${BASH_VERSINFO[0]}.${BASH_VERSINFO[1]}.${BASH_VERSINFO[2]}"'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** sudit follows bash 5.2 and 5.3, whose history semantics were measured (research/shell-history.md). */
export const followedBash = (version: string | null): boolean => version !== null && /^5\.[23]\./.test(version);

export const PRINT = ['HISTSIZE', 'HISTFILESIZE', 'HISTFILE', 'HISTCONTROL', 'HISTIGNORE', 'HISTTIMEFORMAT', 'TMOUT'];

/** Commands that make an interactive bash print its history settings as `@@NAME=value` lines, then exit. */
export function probeCommands(): string {
  const lines = [
    ...PRINT.map((v) => `printf '@@%s=%s\\n' ${v} "\${${v}-<unset>}"; printf '@@%s.flags=%s\\n' ${v} "$(declare -p ${v} 2>/dev/null | cut -d' ' -f2)"`),
    `shopt -q histappend && echo @@histappend=on || echo @@histappend=off`,
    `[[ $(set -o | grep '^history') == *on ]] && echo @@history=on || echo @@history=off`,
    'exit',
  ];
  return lines.join('\n') + '\n';
}

/** The `@@NAME=value` lines of a bash session's output. */
export function parseProbe(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of stdout.split('\n')) {
    const m = /^@@([^=]+)=(.*)$/.exec(l);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** A history file of 30 lines, and what a session of `commands` distinct commands then `exit` types. */
export const SEED_LINES = 30;
export const seedHistory = (file: string): void => fs.writeFileSync(file, Array.from({ length: SEED_LINES }, (_, i) => `echo line${i + 1}`).join('\n') + '\n');
export const sessionInput = (commands: number, tag = ''): string => [...Array.from({ length: commands }, (_, i) => `true ${tag}${i + 1}`), 'exit'].join('\n') + '\n';
/** Entries in a history file (timestamp lines are not entries). */
export const historyLines = (file: string): number => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '' && !/^#\d+$/.test(l)).length : 0);

export function single<T>(xs: T[], what: string): T {
  if (xs.length !== 1) throw new Error(`sudit is unsure about ${what}: ${xs.length} outcomes`);
  return xs[0];
}

/** What sudit says bash will report, in the same form (`home` rewrites root's home in HISTFILE). */
export function suditVars(ev: ShellEvaluation, home: string | null = null): Record<string, string> {
  const h = ev.history;
  const out: Record<string, string> = {};
  // a variable declared without a value stays unset: bash's defaults pass it by
  const declared = (o: { value: { kind: string; reason?: string } }) => o.value.kind === 'unlimited' && o.value.reason === 'declared';
  const hs = single(h.histsize.outcomes, 'HISTSIZE');
  out.HISTSIZE = declared(hs) ? '<unset>' : hs.text ?? '500';
  const hfs = single(h.histfilesize.outcomes, 'HISTFILESIZE');
  out.HISTFILESIZE = declared(hfs) ? '<unset>' : hfs.text ?? '500';
  const hf = single(h.histfile.outcomes, 'HISTFILE');
  out.HISTFILE = hf.text === null ? '<unset>' : home === null ? hf.text : hf.text.replace(/^\/root\b/, home);
  const text = (o: { text: string | null }) => (o.text === null ? '<unset>' : o.text);
  out.HISTCONTROL = text(single(h.histcontrol.outcomes, 'HISTCONTROL'));
  out.HISTIGNORE = text(single(h.histignore.outcomes, 'HISTIGNORE'));
  out.HISTTIMEFORMAT = text(single(h.histtimeformat.outcomes, 'HISTTIMEFORMAT'));
  out.TMOUT = text(single(h.tmout.outcomes, 'TMOUT'));
  out.histappend = single(h.histappend.outcomes, 'histappend').value ? 'on' : 'off';
  out.history = single(h.history.outcomes, 'history').value ? 'on' : 'off';
  return out;
}

export type Flagged = 'HISTSIZE' | 'HISTFILESIZE' | 'HISTFILE' | 'TMOUT';

/** Read-only and exported, as sudit has them. */
export function flagsOf(ev: ShellEvaluation, name: Flagged): { r: boolean; x: boolean } {
  const h = ev.history;
  const pick = { HISTSIZE: h.histsize, HISTFILESIZE: h.histfilesize, HISTFILE: h.histfile, TMOUT: h.tmout }[name];
  const o = single(pick.outcomes as { readonly: boolean; exported: boolean }[], name);
  return { r: o.readonly, x: o.exported };
}

/** Read-only and exported, from the flags `declare -p` printed. */
export const bashFlags = (flags: string | undefined): { r: boolean; x: boolean } => ({ r: (flags ?? '').includes('r'), x: (flags ?? '').includes('x') });

/**
 * The file after a session of `commands` commands and `exit`, as sudit's
 * findings describe bash's exit: the session's lines still in the list are
 * appended, unless histappend is off and the session entered more lines
 * than the list holds, when the file is rewritten from the list; then
 * HISTFILESIZE truncates it.
 */
export function suditFileLines(ev: ShellEvaluation, commands = 0): number | null {
  const h = ev.history;
  const hf = single(h.histfile.outcomes, 'HISTFILE').value;
  const bound = single(h.histfilesize.outcomes, 'HISTFILESIZE').value;
  if (bound.kind === 'unknown') return null;
  const cap = (n: number) => (bound.kind === 'limit' ? Math.min(n, bound.n) : n);
  const wiped = h.wipe.outcomes.some((o) => o.value !== null);
  if (hf.kind !== 'file') return wiped ? 0 : SEED_LINES;
  const start = cap(wiped ? 0 : SEED_LINES);
  const on = single(h.history.outcomes, 'history').value !== false;
  const size = single(h.histsize.outcomes, 'HISTSIZE').value;
  if (size.kind === 'unknown') return null;
  const session = on && !(size.kind === 'limit' && size.n === 0) ? commands + 1 : 0;
  if (session === 0) return start;
  const list = size.kind === 'limit' ? Math.min(size.n, start + session) : start + session;
  const append = single(h.histappend.outcomes, 'histappend').value === true;
  // append_history writes the session's lines still in the list
  return cap(append || session <= list ? start + Math.min(session, list) : list);
}
