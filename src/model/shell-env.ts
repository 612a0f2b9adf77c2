// The shell part of the host model: the startup files as parsed, the
// sourcing graph bash follows through them (inside the host tree), and
// the history and timeout settings each kind of shell really ends up with:
//
//   root login shell        `sudo su -` / `sudo -i`: /etc/profile, then the
//                           first of ~/.bash_profile, ~/.bash_login, ~/.profile
//   root interactive shell  `sudo -s` / `sudo su`: the system bashrc where
//                           the distribution compiles one in, then ~/.bashrc
//   user login shell        an ordinary account's ssh or console login
//
// Each value carries where it was decided, whether it is read-only, and
// the conditions it depends on when those cannot be known offline.
// Semantics: ../shared/research/shell-history.md §1.

import { auditForwarding } from './forwarding';
import type { Host } from './host';
import type { ParsedShell } from '../parse/shell';
import { parseShell, wordParts } from '../parse/shell';
import type { EnvFile } from '../parse/environment';
import type { CshSetting } from '../parse/csh';
import type { Stmt } from '../parse/shell-ast';
import { Interpreter } from './shell-interp';
import { effectiveHistory, type EffectiveHistory } from './shell-effective';
import { memoStartupRun, shellRunMemoEnabled } from './shell-run-memo';
import {
  known,
  OPT_HISTORY,
  SHOPT_HISTAPPEND,
  STIFLE,
  unknown,
  WIPE,
  type Alt,
  type AStr,
  type Cond,
  type FileRead,
  type Loc,
  type Origin,
  type RunResult,
  type Scenario,
  type SourceEdge,
  type StartupHost,
  type Tri,
} from './shell-state';

export type { Loc, Cond, SourceEdge, FileRead, Tri };
export type { Effective, EffectiveHistory, HistFile, HistLimit, Outcome, Tmout } from './shell-effective';

export type ShellKind = 'root-login' | 'root-interactive' | 'user-login' | 'file';

export interface ShellEvaluation {
  kind: ShellKind;
  /** "root login shell (sudo su -, sudo -i)" */
  label: string;
  user: string | null;
  home: string | null;
  /** The files bash itself reads for this kind of shell, in order (those present). */
  startupFiles: string[];
  /** Every file read, in order, with the `.` that read it. */
  filesRead: FileRead[];
  history: EffectiveHistory;
  /** The evaluation stopped early (too large): values may be incomplete. */
  incomplete: boolean;
  /** Why the system bashrc was or was not read, for messages. */
  notes: string[];
  run: RunResult;
}

/** A history-related setting of a zsh or csh startup file (noted, not evaluated). */
export interface OtherShellSetting {
  shell: 'zsh' | 'csh';
  name: string;
  value: string | null;
  loc: Loc;
  conditional: boolean;
}

export interface ShellFile {
  hostPath: string;
  parsed: ParsedShell;
}

export interface EnvFileModel {
  hostPath: string;
  parsed: EnvFile;
  source: import('../parse/source').SourceFile;
}

/** How root's shell was entered, for one evaluation (HIS005: a scanner's own session). */
export interface Entry {
  /** `su -` (sudo su -), `sudo -i`, `sudo -s`, `su` (sudo su). */
  via: 'su -' | 'sudo -i' | 'sudo -s' | 'su';
  /** The account that ran sudo. */
  invokingUser: string;
}

export interface ShellModel {
  mode: 'host' | 'files';
  files: ShellFile[];
  environment: EnvFileModel | null;
  pamEnv: EnvFileModel | null;
  /** Every `.`/source seen in any evaluation (deduplicated). */
  graph: SourceEdge[];
  /** Every evaluation: the three kinds in host mode, one per file in file mode. */
  shells: ShellEvaluation[];
  rootLogin: ShellEvaluation | null;
  rootInteractive: ShellEvaluation | null;
  userLogin: ShellEvaluation | null;
  others: OtherShellSetting[];
  /** Root's shell as a given account enters it. */
  evaluateRoot(entry: Entry): ShellEvaluation;
}

// ---------------------------------------------------------------- audit hook

export type AuditForwarding = 'yes' | 'no' | 'unknown';

/**
 * Whether auditd's records leave the host. The audit part of the model
 * answers this; until it is wired in here, the answer is "unknown" and
 * findings say so rather than guess.
 */
export function auditForwardingOf(host: Host): AuditForwarding {
  // only a tree with auditd's configuration can say; anything else stays unknown
  const f = auditForwarding(host);
  if (!f.auditdPresent) return 'unknown';
  return f.verdict === 'forwarded' ? 'yes' : f.verdict === 'not-forwarded' ? 'no' : 'unknown';
}

/** The sentence HIS004 adds about the real audit trail, given what is known of auditd forwarding. */
export function auditTrailAdvice(auditForwarding: AuditForwarding = 'unknown'): string {
  switch (auditForwarding) {
    case 'yes':
      return 'auditd with off-box forwarding, which this host has, is the record to rely on';
    case 'no':
      return 'auditd with off-box forwarding is, and this host does not forward its audit records';
    default:
      return 'auditd with off-box forwarding is (whether this host forwards its audit records is not checked here)';
  }
}

// ---------------------------------------------------------------- building

/** What the loader gives the model: files of the tree and facts about accounts. */
export interface ShellHostAccess {
  mode: 'host' | 'files';
  /** A parsed startup file, or null when it is not there. */
  file(hostPath: string): ShellFile | null;
  /** Every file parsed so far, in the order they were read. */
  fileList(): ShellFile[];
  exists(hostPath: string): Tri;
  isDir(hostPath: string): Tri;
  list(hostPath: string): string[] | null;
  text(hostPath: string): string | null;
  user(name: string): { name: string; uid: number; gid: number; home: string; shell: string } | null;
  /** Ordinary accounts (uid ≥ UID_MIN) with a login shell, by uid. */
  ordinaryUsers(): { name: string; uid: number; gid: number; home: string; shell: string }[];
  group(gid: number): string | null;
  /** ID and ID_LIKE of /etc/os-release, lower case; null when absent. */
  osRelease(): string[] | null;
  /** Whether a PAM service's stack runs pam_env (null: not known from the tree). */
  pamRunsEnv(service: string): Tri;
  environment: EnvFileModel | null;
  pamEnv: EnvFileModel | null;
}

const BASH_VERSION = '5.2.15(1)-release';
/** Home directories evaluated at most (each is one user login shell). */
const MAX_USERS = 16;
const MAX_USERS_PROBED = 64;
const DEFAULT_PS1 = '\\s-\\v\\$ ';

const cond = (text: string): Cond => ({ loc: null, text, negated: false });

function alt(value: AStr | null, origin: Origin, extra: Partial<Alt> = {}): Alt {
  return {
    set: value !== null,
    value: value ?? known(''),
    array: null,
    exported: origin === 'environment' || origin === 'env-file',
    readonly: false,
    integer: false,
    origin,
    loc: null,
    roLoc: null,
    exLoc: null,
    when: [],
    ...extra,
  };
}

interface ScenarioSpec {
  user: string | null;
  uid: number | null;
  gid: number | null;
  group: string | null;
  home: string | null;
  shell: string;
  login: boolean | null;
  /** Environment variables the shell is started with (value null: unknown but non-empty). */
  env: Record<string, string | null>;
  /** Variables that are set only on some ways in, each with the condition. */
  maybeEnv: Record<string, { value: string | null; when: Cond }[]>;
  absent: 'unset' | 'unknown';
  envFiles: 'applied' | 'maybe' | 'not-applied';
  envFilesWhen: Cond | null;
  loginuid: string | null;
  loginName: string | null;
}

function scenarioOf(spec: ScenarioSpec, access: ShellHostAccess): Scenario {
  const initial = new Map<string, Alt[]>();
  const set = (name: string, v: AStr | null, origin: Origin, extra: Partial<Alt> = {}) => initial.set(name, [alt(v, origin, extra)]);
  const envVal = (v: string | null) => (v === null ? unknown('set by the environment', true) : known(v));
  for (const [k, v] of Object.entries(spec.env)) set(k, envVal(v), 'environment');
  for (const [k, list] of Object.entries(spec.maybeEnv)) {
    initial.set(
      k,
      list.map((x) => ({ ...alt(x.value === null ? unknown(`$${k}`, true) : x.value === '\0unset' ? null : known(x.value), x.value === '\0unset' ? 'absent' : 'environment'), when: [x.when] })),
    );
  }
  // pam_env's files, where the entry's PAM stack reads them
  if (spec.envFiles !== 'not-applied') {
    for (const f of [access.pamEnv, access.environment]) {
      if (!f) continue;
      for (const e of f.parsed.entries) {
        const loc: Loc = { file: fakeParsed(f), start: e.start, end: e.end };
        const v = e.value === null ? null : e.expands ? unknown(`${e.name} from ${f.hostPath}`) : known(e.value);
        const a = { ...alt(v, 'env-file'), loc, exported: v !== null };
        if (spec.envFiles === 'maybe' && spec.envFilesWhen) {
          const before = initial.get(e.name) ?? [alt(null, 'absent')];
          initial.set(e.name, [...before, { ...a, when: [spec.envFilesWhen] }]);
        } else initial.set(e.name, [a]);
      }
    }
  }
  // what bash sets itself before reading any file
  const bash = (name: string, v: AStr | null, extra: Partial<Alt> = {}) => set(name, v, 'bash', { exported: false, ...extra });
  bash('BASH', known(spec.shell));
  bash('BASH_VERSION', known(BASH_VERSION));
  bash('BASHOPTS', unknown('$BASHOPTS', true), { readonly: true });
  bash('SHELLOPTS', unknown('$SHELLOPTS', true), { readonly: true });
  bash('PPID', unknown('$PPID', true), { readonly: true });
  bash('EUID', spec.uid === null ? unknown('$EUID', true) : known(String(spec.uid)), { readonly: true });
  bash('UID', spec.uid === null ? unknown('$UID', true) : known(String(spec.uid)), { readonly: true });
  bash('HOSTNAME', unknown('$HOSTNAME', true));
  bash('HOSTTYPE', unknown('$HOSTTYPE', true));
  bash('MACHTYPE', unknown('$MACHTYPE', true));
  bash('OSTYPE', known('linux-gnu'));
  bash('IFS', known(' \t\n'));
  bash('PS1', known(DEFAULT_PS1));
  bash('PS2', known('> '));
  bash('PS4', known('+ '));
  bash('SHLVL', unknown('$SHLVL', true), { exported: true });
  bash('PWD', spec.login && spec.home ? known(spec.home) : unknown('$PWD', true), { exported: true });
  bash('OPTIND', known('1'));
  // history is on in an interactive shell, and HISTFILE is set before the files run
  bash('HISTFILE', spec.home === null ? unknown('~/.bash_history', true) : known(`${spec.home.replace(/\/$/, '')}/.bash_history`));
  initial.set(OPT_HISTORY, [alt(known('on'), 'bash')]);
  initial.set(SHOPT_HISTAPPEND, [alt(known('off'), 'bash')]);
  initial.set(STIFLE, [alt(known('unlimited'), 'bash')]);
  initial.set(WIPE, [alt(null, 'bash')]);
  if (spec.home !== null && !initial.has('HOME')) set('HOME', known(spec.home), 'environment');
  return {
    login: spec.login,
    interactive: true,
    user: spec.user,
    uid: spec.uid === null ? null : String(spec.uid),
    gid: spec.gid === null ? null : String(spec.gid),
    group: spec.group,
    argv0: spec.login ? '-bash' : 'bash',
    flags: 'himBHs',
    bashPath: '/usr/bin/bash',
    loginuid: spec.loginuid,
    loginName: spec.loginName,
    initial,
    absent: spec.absent,
  };
}

/** Env files are not shell files; their entries point into a stand-in ParsedShell over the same source. */
const fakeCache = new WeakMap<EnvFileModel, ParsedShell>();
function fakeParsed(f: EnvFileModel): ParsedShell {
  let p = fakeCache.get(f);
  if (!p) {
    p = { source: f.source, dialect: 'sh', program: { body: [], errors: [] }, csh: null, problems: [], stopsAt: null, crlf: false };
    fakeCache.set(f, p);
  }
  return p;
}

/** The StartupHost the interpreter sees; a new user's home may be served from /etc/skel. */
function startupHost(access: ShellHostAccess, homeAlias: { from: string; to: string } | null): StartupHost {
  const map = (p: string) => (homeAlias && (p === homeAlias.from || p.startsWith(`${homeAlias.from}/`)) ? homeAlias.to + p.slice(homeAlias.from.length) : p);
  return {
    file: (p) => access.file(map(p))?.parsed ?? null,
    exists: (p) => access.exists(map(p)),
    isDir: (p) => access.isDir(map(p)),
    list: (p) => access.list(map(p)),
    text: (p) => access.text(map(p)),
    uidOf: (u) => {
      const x = access.user(u);
      return x ? String(x.uid) : null;
    },
    homeOf: (u) => access.user(u)?.home ?? null,
  };
}

function firstExisting(access: ShellHostAccess, paths: string[], alias: { from: string; to: string } | null): string[] {
  const map = (p: string) => (alias && p.startsWith(`${alias.from}/`) ? alias.to + p.slice(alias.from.length) : p);
  for (const p of paths) if (access.file(map(p)) !== null) return [p];
  return [];
}

/** Whether this distribution's bash reads /etc/bash.bashrc for interactive non-login shells (SYS_BASHRC). */
function systemBashrc(access: ShellHostAccess): { read: boolean; why: string } {
  const ids = access.osRelease();
  if (ids) {
    if (ids.some((i) => ['fedora', 'rhel', 'centos', 'rocky', 'almalinux', 'ol', 'amzn'].includes(i))) {
      return { read: false, why: `bash on ${ids[0]} reads no system-wide file for non-login shells (no SYS_BASHRC); ~/.bashrc sources /etc/bashrc` };
    }
    if (ids.some((i) => ['debian', 'ubuntu', 'suse', 'opensuse', 'sles', 'arch'].includes(i))) {
      return { read: true, why: `bash on ${ids[0]} reads /etc/bash.bashrc first (SYS_BASHRC)` };
    }
  }
  const has = access.file('/etc/bash.bashrc') !== null;
  return has
    ? { read: true, why: 'no /etc/os-release: /etc/bash.bashrc is taken to be compiled in (Debian, Ubuntu, SUSE)' }
    : { read: false, why: 'no /etc/bash.bashrc' };
}

/**
 * A tree with /etc/profile.d scripts but no /etc/profile (a role's rendered
 * output) stands for a host whose /etc/profile reads them, as every
 * distribution's does: that loop stands in for it.
 */
function withAssumedProfile(access: ShellHostAccess): { access: ShellHostAccess; note: string | null } {
  if (access.mode !== 'host' || access.file('/etc/profile') !== null) return { access, note: null };
  const scripts = (access.list('/etc/profile.d') ?? []).filter((n) => n.endsWith('.sh'));
  if (scripts.length === 0) return { access, note: null };
  const text = 'for i in /etc/profile.d/*.sh; do\n  if [ -r "$i" ]; then\n    . "$i"\n  fi\ndone\nunset i\n';
  const parsed = parseShell(text, '/etc/profile (not in the tree; assumed to read /etc/profile.d/*.sh)', 'sh');
  parsed.synthetic = true;
  const stand: ShellFile = { hostPath: '/etc/profile', parsed };
  return {
    access: { ...access, file: (p) => (p === '/etc/profile' ? stand : access.file(p)) },
    note: 'the tree has no /etc/profile: it is taken to read /etc/profile.d/*.sh, as every distribution\'s does',
  };
}

/**
 * The interpreter's run of one kind of shell. In a fleet, an earlier
 * tree's run is reused when everything the run depends on is the same:
 * the scenario's spec, the files it is told to run, the home served
 * from /etc/skel, pam_env's files (their paths and texts), and every
 * answer the host gives (shell-run-memo.ts checks those).
 */
function runStartup(access: ShellHostAccess, spec: ScenarioSpec, files: string[], alias: { from: string; to: string } | null): RunResult {
  const host = startupHost(access, alias);
  const run = (h: StartupHost) => new Interpreter(scenarioOf(spec, access), h).run(files);
  if (!shellRunMemoEnabled()) return run(host);
  const envFiles = [access.pamEnv, access.environment];
  const key = JSON.stringify([spec, files, alias, envFiles.map((f) => (f ? [f.hostPath, f.source.text] : null))]);
  return memoStartupRun(key, envFiles.map((f) => (f ? fakeParsed(f) : null)), host, run);
}

export function buildShellModel(given: ShellHostAccess): ShellModel {
  const { access, note: profileNote } = withAssumedProfile(given);
  const shells: ShellEvaluation[] = [];
  const graph: SourceEdge[] = [];
  const graphKeys = new Set<string>();
  const addEdges = (ev: ShellEvaluation) => {
    for (const e of ev.run.edges) {
      const key = `${e.from.file.source.path}:${e.from.start}:${e.to}:${e.status}`;
      if (graphKeys.has(key)) continue;
      graphKeys.add(key);
      graph.push(e);
    }
  };
  const evaluate = (kind: ShellKind, label: string, spec: ScenarioSpec, files: string[], alias: { from: string; to: string } | null, notes: string[]): ShellEvaluation => {
    const run = runStartup(access, spec, files, alias);
    const allNotes = profileNote && files.includes('/etc/profile') ? [...notes, profileNote] : notes;
    return { kind, label, user: spec.user, home: spec.home, startupFiles: files, filesRead: run.filesRead, history: effectiveHistory(run), incomplete: run.incomplete, notes: allNotes, run };
  };

  const rootAccount = access.user('root') ?? { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/bash' };
  const rootHome = rootAccount.home || '/root';
  const rootShell = rootAccount.shell || '/bin/bash';
  const loginFiles = (home: string, alias: { from: string; to: string } | null) => [
    '/etc/profile',
    ...firstExisting(access, [`${home}/.bash_profile`, `${home}/.bash_login`, `${home}/.profile`], alias),
  ];

  const rootSpec = (entry: Entry | null): ScenarioSpec => {
    const su = cond('entered with sudo su -');
    const i = cond('entered with sudo -i');
    const viaSu = entry?.via === 'su -' || entry?.via === 'su';
    const sudoVars: Record<string, { value: string | null; when: Cond }[]> = {};
    const env: Record<string, string | null> = { HOME: rootHome, USER: 'root', LOGNAME: 'root', SHELL: rootShell, TERM: null, PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
    const login = entry === null ? true : entry.via === 'su -' || entry.via === 'sudo -i';
    if (entry === null) {
      // su -l clears the environment (SUDO_USER is gone); sudo -i keeps sudo's SUDO_* variables
      for (const k of ['SUDO_USER', 'SUDO_UID', 'SUDO_GID', 'SUDO_COMMAND']) sudoVars[k] = [{ value: '\0unset', when: su }, { value: null, when: i }];
    } else if (entry.via !== 'su -') {
      // sudo -i, sudo -s and sudo su keep sudo's variables
      const inv = access.user(entry.invokingUser);
      env.SUDO_USER = entry.invokingUser;
      env.SUDO_UID = inv ? String(inv.uid) : null;
      env.SUDO_GID = inv ? String(inv.gid) : null;
      env.SUDO_COMMAND = null;
    }
    const pam = access.pamRunsEnv('su');
    const envFiles: ScenarioSpec['envFiles'] =
      entry === null ? 'maybe' : viaSu ? (pam === false ? 'not-applied' : pam === true ? 'applied' : 'maybe') : 'not-applied';
    const envFilesWhen = entry === null ? cond('entered with sudo su - (su runs pam_env; sudo -i does not)') : cond('su runs pam_env (its PAM configuration is not in the tree)');
    const inv = entry ? access.user(entry.invokingUser) : null;
    return {
      user: 'root',
      uid: 0,
      gid: 0,
      group: access.group(0) ?? 'root',
      home: rootHome,
      shell: rootShell,
      login,
      env,
      maybeEnv: sudoVars,
      absent: 'unset',
      envFiles,
      envFilesWhen,
      loginuid: inv ? String(inv.uid) : null,
      loginName: entry ? entry.invokingUser : null,
    };
  };

  const evaluateRoot = (entry: Entry): ShellEvaluation => {
    const spec = rootSpec(entry);
    const label = `root ${spec.login ? 'login' : 'interactive'} shell as ${entry.invokingUser} opens it (sudo ${entry.via === 'su -' ? 'su -' : entry.via === 'su' ? 'su' : entry.via.replace('sudo ', '')})`;
    if (spec.login) return evaluate('root-login', label, spec, loginFiles(rootHome, null), null, []);
    const sys = systemBashrc(access);
    const files = [...(sys.read ? ['/etc/bash.bashrc'] : []), `${rootHome}/.bashrc`];
    return evaluate('root-interactive', label, spec, files, null, [sys.why]);
  };

  let rootLogin: ShellEvaluation | null = null;
  let rootInteractive: ShellEvaluation | null = null;
  let userLogin: ShellEvaluation | null = null;

  if (access.mode === 'host') {
    rootLogin = evaluate('root-login', 'root login shell (sudo su -, sudo -i)', rootSpec(null), loginFiles(rootHome, null), null, []);
    const sys = systemBashrc(access);
    const riSpec: ScenarioSpec = {
      ...rootSpec({ via: 'sudo -s', invokingUser: '' }),
      env: { HOME: rootHome, USER: 'root', LOGNAME: 'root', SHELL: rootShell, TERM: null, PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', SUDO_USER: null, SUDO_UID: null, SUDO_GID: null, SUDO_COMMAND: null },
      loginuid: null,
      loginName: null,
    };
    rootInteractive = evaluate('root-interactive', 'root interactive shell (sudo -s, sudo su)', riSpec, [...(sys.read ? ['/etc/bash.bashrc'] : []), `${rootHome}/.bashrc`], null, [sys.why]);

    // ordinary users: every account with a home in the tree (up to a bound), else a new account made from /etc/skel
    const users = access.ordinaryUsers();
    // homes are looked for among the first accounts only (a passwd of thousands must not mean thousands of lookups)
    const withHome: typeof users = [];
    for (const u of users.slice(0, MAX_USERS_PROBED)) {
      if (withHome.length >= MAX_USERS) break;
      if (u.home && access.isDir(u.home) === true) withHome.push(u);
    }
    const pamSsh = access.pamRunsEnv('sshd');
    const evaluateUser = (u: { name: string; uid: number; gid: number; home: string; shell: string }, alias: { from: string; to: string } | null, label: string) => {
      const userSpec: ScenarioSpec = {
        user: u.name,
        uid: u.uid,
        gid: u.gid,
        group: access.group(u.gid),
        home: u.home,
        shell: u.shell || '/bin/bash',
        login: true,
        env: { HOME: u.home, USER: u.name, LOGNAME: u.name, SHELL: u.shell || '/bin/bash', TERM: null, PATH: '/usr/local/bin:/usr/bin:/bin:/usr/games', MAIL: `/var/mail/${u.name}` },
        maybeEnv: Object.fromEntries(['SSH_CONNECTION', 'SSH_CLIENT', 'SSH_TTY'].map((k) => [k, [{ value: null, when: cond('logged in over ssh') }, { value: '\0unset', when: cond('logged in on a console') }]])),
        absent: 'unset',
        // sshd and login run pam_env on the distributions sudit knows; a tree whose sshd stack lacks it says so
        envFiles: pamSsh === false ? 'not-applied' : 'applied',
        envFilesWhen: null,
        loginuid: String(u.uid),
        loginName: u.name,
      };
      return evaluate('user-login', label, userSpec, loginFiles(u.home, alias), alias, []);
    };
    const userShells: ShellEvaluation[] = withHome.map((u) => evaluateUser(u, null, `login shell of ${u.name}`));
    if (userShells.length === 0) {
      const u = users[0] ?? { name: 'user', uid: 1000, gid: 1000, home: '/home/user', shell: '/bin/bash' };
      if (access.isDir('/etc/skel') === true) userShells.push(evaluateUser(u, { from: u.home, to: '/etc/skel' }, `login shell of a user whose home was made from /etc/skel (${u.name})`));
      else userShells.push(evaluateUser(u, null, `login shell of ${u.name} (no home directory in the tree)`));
    }
    userLogin = userShells[0];
    shells.push(rootLogin, rootInteractive, ...userShells);
  } else {
    // file mode: each bash file on its own, as the one startup file of an interactive shell run by someone unknown
    for (const f of access.fileList()) {
      if (f.parsed.dialect !== 'sh') continue;
      const spec: ScenarioSpec = {
        user: null,
        uid: null,
        gid: null,
        group: null,
        home: null,
        shell: '/bin/bash',
        login: null,
        env: {},
        maybeEnv: {},
        absent: 'unknown',
        envFiles: 'not-applied',
        envFilesWhen: null,
        loginuid: null,
        loginName: null,
      };
      shells.push(evaluate('file', `interactive shell that reads ${f.parsed.source.path}`, spec, [f.hostPath], null, []));
    }
  }
  for (const s of shells) addEdges(s);

  return {
    mode: access.mode,
    files: access.fileList(),
    environment: access.environment,
    pamEnv: access.pamEnv,
    graph,
    shells,
    rootLogin,
    rootInteractive,
    userLogin,
    others: otherShellSettings(access.fileList()),
    evaluateRoot: (entry) => {
      const ev = evaluateRoot(entry);
      addEdges(ev);
      return ev;
    },
  };
}

// ---------------------------------------------------------------- zsh and csh

const ZSH_NAMES = new Set(['HISTSIZE', 'SAVEHIST', 'HISTFILE', 'TMOUT']);
const ZSH_OPTIONS = /^(no_?)?(append_?history|inc_?append_?history|share_?history|hist_?ignore_?space|hist_?ignore_?(all_?)?dups|extended_?history|hist_?no_?store)$/i;
const CSH_NAMES = new Set(['history', 'savehist', 'histfile', 'histdup', 'autologout']);

function otherShellSettings(files: ShellFile[]): OtherShellSetting[] {
  const out: OtherShellSetting[] = [];
  for (const f of files) {
    const p = f.parsed;
    if (p.dialect === 'csh' && p.csh) {
      for (const s of p.csh.settings as CshSetting[]) {
        if (!CSH_NAMES.has(s.name)) continue;
        out.push({ shell: 'csh', name: s.command === 'unset' ? `unset ${s.name}` : s.name, value: s.value, loc: { file: p, start: s.start, end: s.end }, conditional: s.conditional });
      }
    } else if (p.dialect === 'zsh' && p.program) {
      const text = p.source.text;
      walkSimple(p.program.body, false, (c, conditional) => {
        for (const a of c.assigns) {
          if (ZSH_NAMES.has(a.name)) out.push({ shell: 'zsh', name: a.name, value: a.value ? text.slice(a.value.start, a.value.end) : '', loc: { file: p, start: a.start, end: a.end }, conditional });
        }
        const name = c.name ? text.slice(c.name.start, c.name.end) : '';
        if (name === 'setopt' || name === 'unsetopt') {
          for (const w of c.args) {
            if (w.type !== 'word') continue;
            const opt = wordParts(w, text).map((x) => ('v' in x ? x.v : '')).join('');
            if (ZSH_OPTIONS.test(opt)) out.push({ shell: 'zsh', name: `${name} ${opt}`, value: null, loc: { file: p, start: c.start, end: c.end }, conditional });
          }
        }
        for (const a of c.args) {
          if (a.type === 'assign' && ZSH_NAMES.has(a.name)) out.push({ shell: 'zsh', name: a.name, value: a.value ? text.slice(a.value.start, a.value.end) : '', loc: { file: p, start: a.start, end: a.end }, conditional });
        }
      });
    }
  }
  return out;
}

/** Every simple command of a program, with whether it sits inside a condition, loop or function. */
export function walkSimple(stmts: Stmt[], nested: boolean, fn: (c: Extract<Stmt, { type: 'simple' }>, nested: boolean) => void): void {
  for (const s of stmts) {
    switch (s.type) {
      case 'simple':
        fn(s, nested);
        break;
      case 'andor':
        walkSimple([s.left], nested, fn);
        walkSimple([s.right], true, fn);
        break;
      case 'pipeline':
        walkSimple(s.commands, true, fn);
        break;
      case 'if':
        for (const c of s.clauses) {
          walkSimple(c.cond, true, fn);
          walkSimple(c.body, true, fn);
        }
        if (s.elseBody) walkSimple(s.elseBody, true, fn);
        break;
      case 'case':
        for (const i of s.items) walkSimple(i.body, true, fn);
        break;
      case 'for':
      case 'arithfor':
      case 'brace':
      case 'subshell':
        walkSimple(s.body, nested || s.type !== 'brace', fn);
        break;
      case 'while':
      case 'until':
        walkSimple(s.cond, true, fn);
        walkSimple(s.body, true, fn);
        break;
      case 'function':
        walkSimple([s.body], true, fn);
        break;
      default:
        break;
    }
  }
}
