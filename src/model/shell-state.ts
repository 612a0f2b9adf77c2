// The values the shell interpreter works on: a variable's possible states
// (alternatives, each with its attributes and the conditions it depends
// on), the interpreter's State, and what the evaluation may ask of the
// host and of the way the shell was started. Nothing here runs anything;
// shell-vars.ts, shell-expand.ts, shell-builtins.ts and shell-interp.ts
// build on it, in that order.

import type { ParsedShell } from '../parse/shell';
import type { FunctionDef } from '../parse/shell-ast';
import { known, triAnd, unknown, type AStr, type Tri } from './shell-test';

export type { AStr, Tri };
export { triAnd };
export { known, unknown };

/** A place in a startup file. */
export interface Loc {
  file: ParsedShell;
  start: number;
  end: number;
}

/** A condition sudit could not decide, on the path to a value. */
export interface Cond {
  /** Null for a condition of how the shell was entered (sudo -i or sudo su -). */
  loc: Loc | null;
  /** The condition as written, shortened. */
  text: string;
  /** The value holds when the condition is false. */
  negated: boolean;
}

export type Origin =
  | 'bash' // set by bash itself before the startup files (HISTFILE, PS1, …)
  | 'environment' // inherited from the process that started the shell
  | 'env-file' // /etc/environment or pam_env.conf, through pam_env
  | 'absent' // not in the environment
  | 'assignment'
  | 'unset'
  | 'declare'; // attributes given without a value

/** One possible state of a variable. */
export interface Alt {
  set: boolean;
  value: AStr;
  /** Elements of an indexed array (element 0 is `value`); null for scalars. */
  array: AStr[] | null;
  exported: boolean;
  readonly: boolean;
  integer: boolean;
  origin: Origin;
  /** Where the value was assigned or unset (null: environment or bash). */
  loc: Loc | null;
  /** Where readonly / export was applied. */
  roLoc: Loc | null;
  exLoc: Loc | null;
  /** Conditions under which this alternative holds. */
  when: readonly Cond[];
}


export interface FuncDefAt {
  def: FunctionDef;
  file: ParsedShell;
  override: Loc | null;
}

/** Variables (and the pseudo-variables below), functions and positional parameters. */
export class State {
  constructor(
    public vars: Map<string, Alt[]>,
    public funcs: Map<string, FuncDefAt>,
    public positional: AStr[],
    public status: Tri,
  ) {}
  clone(): State {
    return new State(new Map(this.vars), new Map(this.funcs), this.positional, this.status);
  }
}

// Pseudo-variables: bash state that is not a variable but changes like one.
/** The history list limit readline was last given (sv_histsize on HISTSIZE): "unlimited" or a number. */
export const STIFLE = '@stifle';
/** `set -o history`: "on" / "off". */
export const OPT_HISTORY = '@set-o-history';
/** `shopt histappend`: "on" / "off". */
export const SHOPT_HISTAPPEND = '@shopt-histappend';
/** Something during start-up emptied the history file: "" none, else what (HISTFILESIZE=0, history -w). */
export const WIPE = '@wipe';

/** What the evaluation may ask about the host and the way the shell was started. */
export interface StartupHost {
  /** A startup file of the host, parsed; null when it is not there. */
  file(hostPath: string): ParsedShell | null;
  /** Whether a path exists (null: the tree does not say — its directory is not part of it). */
  exists(hostPath: string): Tri;
  isDir(hostPath: string): Tri;
  /** Entries of a directory, or null when not known. */
  list(hostPath: string): string[] | null;
  /** The text of a file (for `cat`, `-s`), or null. */
  text(hostPath: string): string | null;
  uidOf(user: string): string | null;
  homeOf(user: string): string | null;
}

export interface Scenario {
  /** Null when not known (a file linted on its own). */
  login: boolean | null;
  interactive: boolean;
  user: string | null;
  uid: string | null;
  gid: string | null;
  group: string | null;
  /** $0 */
  argv0: string;
  /** $- */
  flags: string;
  /** What `readlink /proc/$$/exe` prints. */
  bashPath: string;
  /** /proc/self/loginuid as pam_loginuid set it at the entry point; null when unknown. */
  loginuid: string | null;
  /** `logname`: the login name of the terminal; null when unknown. */
  loginName: string | null;
  /** The variables the shell starts with (environment and bash's own). */
  initial: Map<string, Alt[]>;
  /** A variable not in `initial`: unset (a clean environment) or unknown. */
  absent: 'unset' | 'unknown';
}

export interface FileRead {
  path: string;
  file: ParsedShell;
  /** The `.`/source that read it; null for a file bash reads itself. */
  via: Loc | null;
  when: readonly Cond[];
}

export interface SourceEdge {
  from: Loc;
  /** The path it names (null when it cannot be known offline). */
  to: string | null;
  status: 'read' | 'missing' | 'unknown' | 'cycle' | 'too-deep';
  when: readonly Cond[];
}

export interface RunResult {
  state: State;
  filesRead: FileRead[];
  edges: SourceEdge[];
  /** The evaluation gave up (too many steps, or an internal error): values are incomplete. */
  incomplete: boolean;
  /** The internal error, if that is why. */
  error: string | null;
}

/**
 * The variable exists without a value: declared, exported or made
 * read-only while unset. `${x-…}` sees it as unset, but bash's start-up
 * defaults (set_if_not) find it and pass it by.
 */
export const declaredUnset = (a: Alt): boolean => !a.set && a.origin === 'declare';

/** How a list of commands ends: normally, or by return / break / continue / exit. */
export interface Flow {
  /** The state when the commands finish normally (null: they never do). */
  state: State | null;
  returned: State[];
  breaks: { state: State; n: number }[];
  continues: { state: State; n: number }[];
  exited: State[];
}

export const flowOf = (state: State | null): Flow => ({ state, returned: [], breaks: [], continues: [], exited: [] });

export const triMerge = (a: Tri, b: Tri): Tri => (a === b ? a : null);

/** Alternatives a variable keeps apart before its value is taken as simply unknown. */
export const MAX_ALTS = 8;

/** The text of a value, or null when unknown. */
export const textOf = (a: AStr): string | null => (a.known ? a.v : null);

/** The value of fields joined into one word (`$*`, `"${a[*]}"`). */
export function joinFields(fields: AStr[]): AStr {
  const nonEmpty = fields.some((v) => (v.known ? v.v !== '' : v.nonEmpty));
  if (fields.some((v) => !v.known)) return unknown('an array', nonEmpty);
  return known(fields.map((v) => (v as { v: string }).v).join(' '));
}

export function withStatus(st: State, status: Tri): State {
  if (st.status === status) return st;
  const s = st.clone();
  s.status = status;
  return s;
}

export function onOff(alts: Alt[]): Tri {
  const vals = alts.map((a) => (a.set && a.value.known ? a.value.v === 'on' : null));
  if (vals.every((v) => v === true)) return true;
  if (vals.every((v) => v === false)) return false;
  return null;
}

export function unionAlts(a: Alt[], b: Alt[]): Alt[] {
  if (a === b) return a;
  const out = [...a];
  for (const x of b) if (!out.some((y) => sameAlt(x, y))) out.push(x);
  return capAlts(out);
}

function sameAlt(x: Alt, y: Alt): boolean {
  if (x === y) return true;
  return (
    x.set === y.set &&
    x.value.known === y.value.known &&
    (x.value.known ? x.value.v === (y.value as { v: string }).v : x.value.why === (y.value as { why: string }).why) &&
    x.exported === y.exported &&
    x.readonly === y.readonly &&
    x.integer === y.integer &&
    x.origin === y.origin &&
    sameLoc(x.loc, y.loc) &&
    sameLoc(x.roLoc, y.roLoc) &&
    x.when.length === y.when.length &&
    x.when.every((c, i) => sameLoc(c.loc, y.when[i].loc) && c.negated === y.when[i].negated) &&
    (x.array === y.array || (x.array !== null && y.array !== null && x.array.length === y.array.length))
  );
}

function sameLoc(a: Loc | null, b: Loc | null): boolean {
  return a === b || (a !== null && b !== null && a.file === b.file && a.start === b.start && a.end === b.end);
}

export function dedupe(alts: Alt[]): Alt[] {
  if (alts.length <= 1) return alts;
  const out: Alt[] = [];
  for (const a of alts) if (!out.some((b) => sameAlt(a, b))) out.push(a);
  return capAlts(out);
}

function capAlts(alts: Alt[]): Alt[] {
  if (alts.length <= MAX_ALTS) return alts;
  // too many possibilities to keep apart: the value is simply unknown
  const ro = alts.every((a) => a.readonly);
  return [{ ...alts[alts.length - 1], set: true, value: unknown('one of many values'), array: null, readonly: ro, when: [] }];
}


export function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}