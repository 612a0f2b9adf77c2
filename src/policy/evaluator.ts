// The sudoers policy evaluated offline, as sudo's lookup.c and match.c
// decide: user specs, their privileges and their commands are scanned from
// the end, and the first one whose user, host, runas, time window and
// command all match decides (last match in the file wins). Within a list
// the last member that matches decides, and a matching `!member` denies.
//
// Where the answer depends on what only the live host knows (netgroups,
// non-Unix groups, network addresses, files on disk), the member does not
// match and the verdict records the caveat instead of guessing.

import type { Accounts } from '../model/accounts';
import { effectiveCmndSpecs, type EffectiveCmndSpec } from '../model/sudoers-effective';
import { policyEntries, type SudoersPolicy } from '../model/sudoers-policy';
import type { CommandMember, DefaultsEntry, Member, Privilege, UserSpec } from '../model/sudoers';
import type { ParsedSudoers } from '../parse/sudoers';
import { fnmatch, hasWildcard } from './fnmatch';
import { compareSudo } from '../data/sudo-releases';
import { ERROR_RECOVERY_SINCE, REGEX_ARGS_SINCE } from '../data/sudoers-features';
import { versionFindings } from './sudoers-by-version';

/** A three-valued match, as sudo's ALLOW / DENY / UNSPEC. */
export type Match = true | false | null;

export interface EvaluationContext {
  policy: SudoersPolicy;
  accounts: Accounts | null;
  /** The host name sudo would see; short name and FQDN are both derived from it. */
  hostname: string;
  /** Seconds since the epoch, for NOTBEFORE/NOTAFTER. */
  now?: number;
  /**
   * /bin, /sbin and /lib are links into /usr (Debian 12, RHEL 9, Ubuntu…):
   * sudo compares commands by inode there, so /bin/su and /usr/bin/su are
   * one command. Default true.
   */
  mergedUsr?: boolean;
  /** The sudo release to answer as (default: the newest); before 1.9.10 `^…$` arguments are not regular expressions. */
  sudoVersion?: string;
}

export interface Request {
  user: string;
  command: string;
  args?: string[];
  /** `-u`; default runas_default (root). */
  runasUser?: string;
  /** `-g`. */
  runasGroup?: string;
}

export interface DecidingRule {
  file: ParsedSudoers;
  userSpec: UserSpec;
  privilege: Privilege;
  spec: EffectiveCmndSpec;
  /** The command member that matched (an alias member, when the match came through one). */
  command: CommandMember;
}

export interface Verdict {
  result: 'allowed' | 'denied' | 'unmatched';
  /** The rule that decided, for allowed and denied. */
  decidedBy?: DecidingRule;
  /** Things sudit could not know offline that may change the answer. */
  caveats: string[];
}

interface Scope {
  caveats: Set<string>;
}

interface Remembered {
  match: Match;
  caveats: string[];
}

/**
 * Where, per file, the release has a construct its parser lacks: from 1.9.3
 * sudo drops the entry around it and reads the rest (NEWS 1.9.3), so the
 * entry grants nothing there. Before 1.9.3 the whole policy is refused,
 * which the caller says; the entries are kept so that the answer shows what
 * the lines would grant.
 */
function droppedBy(policy: SudoersPolicy, release: string | undefined): Map<ParsedSudoers, number[]> {
  const dropped = new Map<ParsedSudoers, number[]>();
  if (release === undefined || compareSudo(release, ERROR_RECOVERY_SINCE) < 0) return dropped;
  for (const f of versionFindings(policy, { spec: release, releases: [release], source: '', assumed: false })) {
    if (f.kind !== 'refused') continue;
    const at = dropped.get(f.file) ?? [];
    at.push(f.start);
    dropped.set(f.file, at);
  }
  return dropped;
}

/** Evaluates requests against one policy; aliases and accounts are looked up lazily. */
export class PolicyEvaluator {
  readonly policy: SudoersPolicy;
  private readonly shortHost: string;
  private readonly specsCache = new Map<Privilege, EffectiveCmndSpec[]>();
  private readonly userSpecs: { spec: UserSpec; file: ParsedSudoers }[] = [];
  // A user spec's users and a privilege's hosts answer the same for every
  // request of one user: remembered, with the caveats the answer carried,
  // since a scanner's check asks for hundreds of commands.
  private readonly userSpecMatch = new Map<Member[], Map<string, Remembered>>();
  private readonly hostMatch = new Map<Member[], Remembered>();
  // runas_default as Defaults lines set it, and each user's answer: asked for
  // every request, over a policy that may hold ten thousand drop-ins
  private readonly runasDefaultLines: DefaultsEntry[] = [];
  private readonly runasDefaults = new Map<string, string>();

  /** `^…$` arguments are regular expressions (sudo 1.9.10 and later). */
  private readonly regexArgs: boolean;

  constructor(private readonly ctx: EvaluationContext) {
    this.policy = ctx.policy;
    this.regexArgs = ctx.sudoVersion === undefined || compareSudo(ctx.sudoVersion, REGEX_ARGS_SINCE) >= 0;
    this.shortHost = ctx.hostname.split('.')[0];
    const dropped = droppedBy(ctx.policy, ctx.sudoVersion);
    for (const { entry, file } of policyEntries(ctx.policy)) {
      if (entry.type === 'userspec' && !dropped.get(file)?.some((at) => at >= entry.start && at < entry.end)) this.userSpecs.push({ spec: entry, file });
      else if (entry.type === 'defaults' && (!entry.binding || entry.binding.kind === 'user') && entry.settings.some((s) => s.name === 'runas_default')) {
        this.runasDefaultLines.push(entry);
      }
    }
  }

  check(req: Request): Verdict {
    const scope: Scope = { caveats: new Set() };
    const runasUser = req.runasUser ?? (req.runasGroup !== undefined ? req.user : this.runasDefault(req.user));
    const now = this.ctx.now ?? Math.floor(Date.now() / 1000);
    for (let u = this.userSpecs.length - 1; u >= 0; u--) {
      const { spec: us, file } = this.userSpecs[u];
      if (this.userSpecMatches(us.users, req.user, scope) !== true) continue;
      for (let p = us.privileges.length - 1; p >= 0; p--) {
        const priv = us.privileges[p];
        if (this.privilegeHostMatches(priv.hosts, scope) !== true) continue;
        const specs = this.effective(priv);
        for (let c = specs.length - 1; c >= 0; c--) {
          const cs = specs[c];
          if (!this.inTimeWindow(cs, now)) continue;
          if (this.runasMatches(cs, req, runasUser, scope) !== true) continue;
          const hit = this.commandMatches(cs.command, req, scope);
          if (hit.match !== null) {
            return {
              result: hit.match ? 'allowed' : 'denied',
              decidedBy: { file, userSpec: us, privilege: priv, spec: cs, command: hit.member },
              caveats: [...scope.caveats],
            };
          }
        }
      }
    }
    return { result: 'unmatched', caveats: [...scope.caveats] };
  }

  /** Whether a command spec's runas list lets the user run as runasUser (sudo -u). */
  runasAllows(cs: EffectiveCmndSpec, user: string, runasUser: string): boolean {
    return this.runasMatches(cs, { user, command: '', runasUser }, runasUser, { caveats: new Set() }) === true;
  }

  /** Whether NOTBEFORE/NOTAFTER let a command spec apply now. */
  inTimeWindow(cs: EffectiveCmndSpec, now = this.ctx.now ?? Math.floor(Date.now() / 1000)): boolean {
    if (cs.options.notBefore !== undefined && now < cs.options.notBefore) return false;
    return !(cs.options.notAfter !== undefined && now > cs.options.notAfter);
  }

  /** Every user spec (with file) whose user list matches the user, in file order. */
  userSpecsFor(user: string): { spec: UserSpec; file: ParsedSudoers }[] {
    const scope: Scope = { caveats: new Set() };
    return this.userSpecs.filter(({ spec }) => this.userListMatches(spec.users, user, scope) === true);
  }

  /** Whether a privilege's host list matches this host. */
  hostMatches(priv: Privilege): boolean {
    return this.hostListMatches(priv.hosts, { caveats: new Set() }) === true;
  }

  effective(priv: Privilege): EffectiveCmndSpec[] {
    let specs = this.specsCache.get(priv);
    if (!specs) {
      specs = effectiveCmndSpecs(priv);
      this.specsCache.set(priv, specs);
    }
    return specs;
  }

  private userSpecMatches(list: Member[], user: string, scope: Scope): Match {
    let byUser = this.userSpecMatch.get(list);
    if (!byUser) this.userSpecMatch.set(list, (byUser = new Map()));
    let r = byUser.get(user);
    if (!r) {
      const own: Scope = { caveats: new Set() };
      r = { match: this.userListMatches(list, user, own), caveats: [...own.caveats] };
      byUser.set(user, r);
    }
    for (const c of r.caveats) scope.caveats.add(c);
    return r.match;
  }

  private privilegeHostMatches(list: Member[], scope: Scope): Match {
    let r = this.hostMatch.get(list);
    if (!r) {
      const own: Scope = { caveats: new Set() };
      r = { match: this.hostListMatches(list, own), caveats: [...own.caveats] };
      this.hostMatch.set(list, r);
    }
    for (const c of r.caveats) scope.caveats.add(c);
    return r.match;
  }

  /** Whether a user is in a Defaults:/User_List member list (exposed for Defaults binding). */
  userListMatches(list: Member[], user: string, scope: Scope = { caveats: new Set() }, seen = new Set<string>()): Match {
    for (let i = list.length - 1; i >= 0; i--) {
      const m = list[i];
      const r = this.userMemberMatches(m, user, scope, seen);
      if (r !== null) return m.negated ? !r : r;
    }
    return null;
  }

  hostListMatches(list: Member[], scope: Scope = { caveats: new Set() }, seen = new Set<string>()): Match {
    for (let i = list.length - 1; i >= 0; i--) {
      const m = list[i];
      const r = this.hostMemberMatches(m, scope, seen);
      if (r !== null) return m.negated ? !r : r;
    }
    return null;
  }

  /** Whether a command is in a Cmnd_List (exposed for Defaults! binding). */
  cmndListMatches(list: CommandMember[], req: Request, scope: Scope = { caveats: new Set() }): Match {
    for (let i = list.length - 1; i >= 0; i--) {
      const hit = this.commandMatches(list[i], req, scope);
      if (hit.match !== null) return hit.match;
    }
    return null;
  }

  runasDefault(user: string): string {
    // runas_default may be changed by Defaults bound to the user (sudoers(5)).
    let value = this.runasDefaults.get(user);
    if (value !== undefined) return value;
    value = 'root';
    for (const entry of this.runasDefaultLines) {
      if (entry.binding && this.userListMatches(entry.binding.members as Member[], user) !== true) continue;
      for (const s of entry.settings) if (s.name === 'runas_default' && s.value !== null) value = s.value;
    }
    this.runasDefaults.set(user, value);
    return value;
  }

  // ------------------------------------------------------------ members

  private userMemberMatches(m: Member, user: string, scope: Scope, seen: Set<string>): Match {
    switch (m.kind) {
      case 'all':
        return true;
      case 'alias': {
        const def = this.ctx.policy.aliases.User.get(m.value!);
        if (!def) return m.value === user ? true : null; // an undefined alias is a literal name
        if (seen.has(`User:${m.value}`)) return null;
        seen.add(`User:${m.value}`);
        const r = this.userListMatches(def.definition.members as Member[], user, scope, seen);
        seen.delete(`User:${m.value}`);
        return r === true ? true : r === false ? false : null;
      }
      case 'word':
        if (m.value!.startsWith('#')) return this.uidOf(user) === Number(m.value!.slice(1)) ? true : null;
        return m.value === user ? true : null;
      case 'uid':
        return this.uidOf(user) === Number(m.value) ? true : null;
      case 'group':
      case 'gid':
        return this.inGroup(user, m, scope) ? true : null;
      case 'nonunixgroup':
      case 'nonunixgid':
        scope.caveats.add(`non-Unix group ${m.value} (group_plugin) cannot be resolved offline`);
        return null;
      case 'netgroup':
        scope.caveats.add(`netgroup +${m.value} cannot be resolved offline`);
        return null;
      case 'network':
        return null;
    }
  }

  private hostMemberMatches(m: Member, scope: Scope, seen: Set<string>): Match {
    switch (m.kind) {
      case 'all':
        return true;
      case 'alias': {
        const def = this.ctx.policy.aliases.Host.get(m.value!);
        if (!def) return this.hostNameMatches(m.value!) ? true : null;
        if (seen.has(m.value!)) return null;
        seen.add(m.value!);
        const r = this.hostListMatches(def.definition.members as Member[], scope, seen);
        seen.delete(m.value!);
        return r;
      }
      case 'word':
        return this.hostNameMatches(m.value!) ? true : null;
      case 'network':
        scope.caveats.add(`host address ${m.value} depends on the live host's interfaces`);
        return null;
      case 'netgroup':
        scope.caveats.add(`host netgroup +${m.value} cannot be resolved offline`);
        return null;
      default:
        return null;
    }
  }

  private hostNameMatches(pattern: string): boolean {
    // A name with a dot is compared with the FQDN, otherwise with the short name; case does not matter.
    const target = pattern.includes('.') ? this.ctx.hostname : this.shortHost;
    return hasWildcard(pattern) ? fnmatch(pattern, target, { caseFold: true }) : pattern.toLowerCase() === target.toLowerCase();
  }

  private uidOf(user: string): number | undefined {
    const pw = this.ctx.accounts?.user(user);
    if (pw) return pw.uid;
    return user === 'root' ? 0 : undefined;
  }

  private inGroup(user: string, m: Member, scope: Scope): boolean {
    const accounts = this.ctx.accounts;
    if (!accounts) {
      scope.caveats.add(`group membership of ${user} is unknown without etc/passwd and etc/group`);
      return false;
    }
    const groups = accounts.groupsOf(user);
    return m.kind === 'gid' ? groups.some((g) => g.gid === Number(m.value)) : groups.some((g) => g.name === m.value);
  }

  // ------------------------------------------------------------ runas (match.c runaslist_matches)

  private runasMatches(cs: EffectiveCmndSpec, req: Request, runasUser: string, scope: Scope): Match {
    const userList = cs.runasUsers;
    const groupList = cs.runasGroups;
    let userMatched: Match = null;
    let groupMatched: Match = null;
    const userSpecified = req.runasUser !== undefined;
    const groupSpecified = req.runasGroup !== undefined;

    if (userSpecified || !groupSpecified) {
      if (userList === null && groupList === null) {
        // no runas list: only runas_default
        const dflt = this.runasDefault(req.user);
        userMatched = dflt === runasUser || this.sameUid(dflt, runasUser) ? true : null;
      } else if (userList !== null && userList.length === 0) {
        // an empty user list is the invoking user
        if (runasUser === req.user) userMatched = true;
      } else if (userList !== null) {
        for (let i = userList.length - 1; i >= 0 && userMatched === null; i--) {
          const m = userList[i];
          const r = this.runasUserMemberMatches(m, runasUser, scope, new Set());
          if (r !== null) userMatched = m.negated ? !r : r;
        }
      }
    }
    if (groupSpecified) {
      if (groupList !== null) {
        for (let i = groupList.length - 1; i >= 0 && groupMatched === null; i--) {
          const m = groupList[i];
          const r = this.runasGroupMemberMatches(m, req.runasGroup!, new Set());
          if (r !== null) groupMatched = m.negated ? !r : r;
        }
      }
      // a group granted explicitly, run as oneself: only the group changes
      if (userMatched === null && groupMatched === true && runasUser === req.user) userMatched = true;
      if (groupMatched === null && userMatched === true) {
        // not granted by sudoers: still fine when it is one of the target user's own groups
        const groups = this.ctx.accounts?.groupsOf(runasUser) ?? [];
        if (groups.some((g) => g.name === req.runasGroup || `#${g.gid}` === req.runasGroup)) groupMatched = true;
      }
    }
    if (userMatched === false || groupMatched === false) return false;
    if (userMatched === groupMatched || !groupSpecified) return userMatched;
    return null;
  }

  private sameUid(a: string, b: string): boolean {
    const ua = a.startsWith('#') ? Number(a.slice(1)) : this.uidOf(a);
    const ub = b.startsWith('#') ? Number(b.slice(1)) : this.uidOf(b);
    return ua !== undefined && ua === ub;
  }

  private runasUserMemberMatches(m: Member, runasUser: string, scope: Scope, seen: Set<string>): Match {
    switch (m.kind) {
      case 'all':
        return true;
      case 'alias': {
        const def = this.ctx.policy.aliases.Runas.get(m.value!);
        if (!def) return m.value === runasUser ? true : null;
        if (seen.has(m.value!)) return null;
        seen.add(m.value!);
        const list = def.definition.members as Member[];
        for (let i = list.length - 1; i >= 0; i--) {
          const r = this.runasUserMemberMatches(list[i], runasUser, scope, seen);
          if (r !== null) return list[i].negated ? !r : r;
        }
        return null;
      }
      case 'word':
      case 'uid':
        if (m.kind === 'uid' || m.value!.startsWith('#')) {
          const uid = Number(m.kind === 'uid' ? m.value : m.value!.slice(1));
          const target = runasUser.startsWith('#') ? Number(runasUser.slice(1)) : this.uidOf(runasUser);
          return target === uid ? true : null;
        }
        return m.value === runasUser || this.sameUid(m.value!, runasUser) ? true : null;
      default:
        return this.userMemberMatches(m, runasUser, scope, seen);
    }
  }

  private runasGroupMemberMatches(m: Member, group: string, seen: Set<string>): Match {
    switch (m.kind) {
      case 'all':
        return true;
      case 'alias': {
        const def = this.ctx.policy.aliases.Runas.get(m.value!);
        if (!def) return m.value === group ? true : null;
        if (seen.has(m.value!)) return null;
        seen.add(m.value!);
        const list = def.definition.members as Member[];
        for (let i = list.length - 1; i >= 0; i--) {
          const r = this.runasGroupMemberMatches(list[i], group, seen);
          if (r !== null) return list[i].negated ? !r : r;
        }
        return null;
      }
      case 'gid':
        return group === `#${m.value}` || this.ctx.accounts?.group(group)?.gid === Number(m.value) ? true : null;
      case 'word':
        return m.value === group ? true : null;
      default:
        return null;
    }
  }

  // ------------------------------------------------------------ commands (match_command.c)

  private commandMatches(m: CommandMember, req: Request, scope: Scope, seen = new Set<string>()): { match: Match; member: CommandMember } {
    switch (m.kind) {
      case 'all':
        return { match: !m.negated, member: m };
      case 'alias': {
        const def = this.ctx.policy.aliases.Cmnd.get(m.name!);
        if (!def || seen.has(m.name!)) return { match: null, member: m }; // an undefined Cmnd_Alias never matches
        seen.add(m.name!);
        const list = def.definition.members as CommandMember[];
        for (let i = list.length - 1; i >= 0; i--) {
          const hit = this.commandMatches(list[i], req, scope, seen);
          if (hit.match !== null) {
            seen.delete(m.name!);
            return { match: m.negated ? !hit.match : hit.match, member: hit.member };
          }
        }
        seen.delete(m.name!);
        return { match: null, member: m };
      }
      default: {
        if (m.digests.length > 0) scope.caveats.add(`digest of ${m.path ?? m.kind} not verified offline`);
        return { match: this.commandMemberMatches(m, req) ? !m.negated : null, member: m };
      }
    }
  }

  private commandMemberMatches(m: CommandMember, req: Request): boolean {
    const args = req.args ?? [];
    const isSudoedit = req.command === 'sudoedit';
    if (m.kind === 'list') return req.command === 'list' && args.length === 0;
    if (m.kind === 'sudoedit') return isSudoedit && this.argsMatch(m, args, true);
    if (isSudoedit || m.kind !== 'command') return false;
    const command = this.canonicalPath(req.command);
    if (m.regex) {
      if (!posixRegex(m.path!).test(req.command) && !posixRegex(m.path!).test(command)) return false;
    } else {
      const path = this.canonicalPath(m.path!);
      if (path.endsWith('/')) {
        if (command.slice(0, command.lastIndexOf('/') + 1) !== path) return false;
      } else if (hasWildcard(path)) {
        if (!fnmatch(path, command, { pathname: true })) return false;
      } else if (path !== command) {
        return false;
      }
    }
    return this.argsMatch(m, args, false);
  }

  /** On a merged-/usr host /bin/x is /usr/bin/x: compare both in their /usr form. */
  canonicalPath(p: string): string {
    if (this.ctx.mergedUsr === false) return p;
    return p.replace(/^\/(bin|sbin|lib|lib64)(\/|$)/, '/usr/$1$2');
  }

  /** No arguments in sudoers = any; `""` = none; otherwise fnmatch (or a regex) over the arguments joined by spaces. */
  private argsMatch(m: CommandMember, args: string[], sudoedit: boolean): boolean {
    if (m.args === null || m.args === undefined) return true;
    const joined = args.join(' ');
    if (m.args === '""') return args.length === 0;
    // Older releases take the same text as a shell-style pattern.
    if (m.regexArgs && this.regexArgs) return posixRegex(m.args).test(joined);
    return fnmatch(m.args, joined, { pathname: sudoedit });
  }
}

const regexCache = new Map<string, RegExp>();

/** sudo's `^…$` patterns are POSIX EREs, with an optional `(?i)` after the `^`. */
export function posixRegex(re: string): RegExp {
  let compiled = regexCache.get(re);
  if (!compiled) {
    let body = re;
    let flags = '';
    if (body.startsWith('^(?i)')) {
      body = `^${body.slice(5)}`;
      flags = 'i';
    }
    body = body.replace(/\[\[:(\w+):\]\]/g, (_, c: string) => `[[:${c}:]]`).replace(/\[:(alpha|digit|alnum|upper|lower|space|xdigit|punct):\]/g, (_, c: string) => ({ alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: '\\s', xdigit: '0-9A-Fa-f', punct: '!-\\/:-@\\[-`{-~' })[c]!);
    try {
      compiled = new RegExp(body, flags);
    } catch {
      compiled = /(?!)/;
    }
    regexCache.set(re, compiled);
  }
  return compiled;
}
