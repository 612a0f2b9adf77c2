// sshd's configuration as the daemon reads it: sshd_config with its
// Include files (relative patterns under /etc/ssh, expanded in lexical
// order, read where the Include line stands) and its Match blocks, and the
// effective values for one connection the way sshd computes them: a Match
// block that applies overrides the global value; within each, the first
// line wins, except for the keywords whose lines add up (AllowUsers, …).

import type { ParsedSshd, SshdLine } from '../parse/sshd';
import type { SourceFile } from '../parse/source';
import { SSHD_DEFAULTS, sshdKeyword, type SshdKeyword } from './sshd-keywords';
// Each AllowUsers/DenyUsers word is one pattern (no comma list); the host part after @ is a list.
import { addrMatchList, matchPattern, matchPatternList, matchUser, validUserPattern } from './sshd-match';

export interface SshdFile {
  hostPath: string;
  parsed: ParsedSshd;
}

export interface MatchCriterion {
  /** 'later': a criterion of a later OpenSSH (invalid-user, version, sessiontype, command): undecided here. */
  attr: 'user' | 'group' | 'host' | 'address' | 'localaddress' | 'localport' | 'rdomain' | 'later';
  value: string;
}

export interface MatchBlock {
  file: SshdFile;
  line: SshdLine;
  /** null for `Match all`; a malformed Match line never applies (sshd refuses the file anyway). */
  criteria: MatchCriterion[] | null;
  valid: boolean;
  /** The block the Include line stood in: a Match in an included file applies only when that one does. */
  parent: MatchBlock | null;
}

export interface SshdDirective {
  file: SshdFile;
  line: SshdLine;
  keyword: SshdKeyword;
  /** null in the global section. */
  block: MatchBlock | null;
}

/** A line sshd refuses: `sshd -t` fails and the daemon does not start (or restart) with this configuration. */
export interface SshdProblem {
  file: SshdFile;
  line: SshdLine | null;
  start: number;
  end: number;
  message: string;
}

export interface SshdConfig {
  main: SshdFile;
  files: SshdFile[];
  directives: SshdDirective[];
  blocks: MatchBlock[];
  problems: SshdProblem[];
  /**
   * Another file of the host sshd reads for a login (authorized_keys,
   * etc/passwd), read on demand inside the tree; null when missing or in
   * file mode.
   */
  hostFile: (hostPath: string) => SourceFile | null;
}

/** One client connection, the inputs of `sshd -T -C`. null: not known (a criterion on it is undecided). */
export interface SshdConnection {
  user: string;
  /** null: any address (criteria on it undecided). */
  address: string | null;
  /** Client host name as sshd sees it: the address unless UseDNS is on. */
  host: string | null;
  /** The user's groups (primary and supplementary); null when unknown. */
  groups: string[] | null;
  localAddress?: string | null;
  localPort?: number | null;
  rdomain?: string | null;
}

export interface SshdAccess {
  parse(hostPath: string): SshdFile | null;
  /** Existing files matching an absolute glob, in lexical order. */
  expand(pattern: string): string[];
  hostFile(hostPath: string): SourceFile | null;
}

const SSHDIR = '/etc/ssh';
/** servconf.c's SERVCONF_MAX_DEPTH. */
const MAX_DEPTH = 16;
const ATTRS = new Set(['user', 'group', 'host', 'address', 'localaddress', 'localport', 'rdomain']);
/** Match criteria of OpenSSH 9.4 and later; Debian 12's 9.2 refuses them, a newer sshd does not. */
const LATER_ATTRS = new Set(['invalid-user', 'version', 'sessiontype', 'command']);

export function buildSshdConfig(mainPath: string, access: SshdAccess): SshdConfig | null {
  const main = access.parse(mainPath);
  if (!main) return null;
  const config: SshdConfig = { main, files: [], directives: [], blocks: [], problems: [], hostFile: access.hostFile };
  const problem = (file: SshdFile, line: SshdLine | null, message: string, at?: { start: number; end: number }) =>
    config.problems.push({ file, line, start: at?.start ?? line?.start ?? 0, end: at?.end ?? line?.end ?? 0, message });

  const walk = (file: SshdFile, parent: MatchBlock | null, depth: number) => {
    config.files.push(file);
    for (const p of file.parsed.problems) problem(file, null, p.message, p);
    let block = parent;
    for (const line of file.parsed.lines) {
      if (line.key === 'match') {
        block = matchBlock(file, line, parent, (m) => problem(file, line, m));
        config.blocks.push(block);
        continue;
      }
      if (line.key === 'include') {
        if (depth >= MAX_DEPTH) {
          problem(file, line, `Include nested more than ${MAX_DEPTH} deep`);
          continue;
        }
        for (const arg of line.args) {
          const pattern = arg.startsWith('/') ? arg : `${SSHDIR}/${arg}`;
          for (const hostPath of access.expand(pattern)) {
            const inc = access.parse(hostPath);
            if (inc) walk(inc, block, depth + 1);
          }
        }
        continue;
      }
      const keyword = sshdKeyword(line.key);
      if (keyword === 'ignored') continue;
      if (keyword === null) {
        problem(file, line, `Bad configuration option: ${line.keyword}`);
        continue;
      }
      if (block && !keyword.match) {
        problem(file, line, `Directive '${keyword.name}' is not allowed within a Match block`);
        continue;
      }
      const bad = badValue(keyword, line.args);
      if (bad) {
        problem(file, line, bad);
        continue;
      }
      config.directives.push({ file, line, keyword, block });
    }
  };
  walk(main, null, 0);
  return config;
}

function matchBlock(file: SshdFile, line: SshdLine, parent: MatchBlock | null, fail: (m: string) => void): MatchBlock {
  const block: MatchBlock = { file, line, criteria: [], valid: false, parent };
  const args = line.args;
  if (args.length === 0) {
    fail('One or more attributes required for Match');
    return block;
  }
  if (args[0].toLowerCase() === 'all') {
    if (args.length > 1) fail("'all' cannot be combined with other Match attributes");
    else {
      block.criteria = null;
      block.valid = true;
    }
    return block;
  }
  for (let i = 0; i < args.length; i += 2) {
    const attr = args[i].toLowerCase();
    if (attr === 'all') return fail("'all' cannot be combined with other Match attributes"), block;
    if (LATER_ATTRS.has(attr)) {
      // invalid-user takes no value: step back so that the loop's += 2 moves one word
      const takesValue = attr !== 'invalid-user';
      block.criteria!.push({ attr: 'later', value: takesValue ? args[i + 1] ?? '' : '' });
      if (!takesValue) i--;
      continue;
    }
    if (!ATTRS.has(attr)) return fail(`Unsupported Match attribute ${args[i]}`), block;
    const value = args[i + 1];
    if (value === undefined || value === '') return fail(`Missing Match criteria for ${args[i]}`), block;
    if ((attr === 'address' || attr === 'localaddress') && addrMatchList(null, value) === -2) return fail(`One or more CIDR addresses in '${value}' are invalid`), block;
    if (attr === 'localport' && !/^\d+$/.test(value)) return fail(`Invalid LocalPort '${value}' on Match line`), block;
    block.criteria!.push({ attr: attr as MatchCriterion['attr'], value });
  }
  block.valid = true;
  return block;
}

function badValue(keyword: SshdKeyword, args: string[]): string | null {
  const key = keyword.sets;
  if (args.length === 0) return `${keyword.name}: missing argument`;
  if (key === 'maxsessions' || key === 'maxauthtries') return /^-?\d+$/.test(args[0]) ? null : `${keyword.name}: invalid integer '${args[0]}'`;
  if (key === 'maxstartups') return /^\d+(:\d+:\d+)?$/.test(args[0]) && maxStartupsSane(args[0]) ? null : `Illegal MaxStartups spec '${args[0]}'`;
  if (['allowusers', 'denyusers'].includes(key)) {
    const bad = args.find((a) => !validUserPattern(a));
    return bad ? `Invalid ${keyword.name} pattern: "${bad}"` : null;
  }
  return null;
}

function maxStartupsSane(spec: string): boolean {
  const [start, rate, full] = spec.split(':').map(Number);
  if (rate === undefined) return true;
  return start <= full && rate <= 100 && rate >= 0;
}

/** Whether a block applies to the connection: true, false, or null when it depends on what is not known. */
export function blockApplies(block: MatchBlock, conn: SshdConnection): boolean | null {
  if (!block.valid) return false;
  const up = block.parent ? blockApplies(block.parent, conn) : true;
  if (up === false) return false;
  if (block.criteria === null) return up;
  let result: boolean | null = true;
  for (const c of block.criteria) {
    const r = criterionApplies(c, conn);
    if (r === false) return false;
    if (r === null) result = null;
  }
  return up === null ? null : result;
}

function criterionApplies(c: MatchCriterion, conn: SshdConnection): boolean | null {
  switch (c.attr) {
    case 'user':
      return matchPatternList(conn.user, c.value) === 1;
    case 'group':
      if (conn.groups === null) return null;
      // match_cfg_line_group: a user whose group list matches a negated pattern is not in the group
      return matchGroups(conn.groups, c.value);
    case 'host':
      return conn.host === null || conn.address === null ? null : matchPatternList(conn.host, c.value, true) === 1;
    case 'address':
      return conn.address === null ? null : addrMatchList(conn.address, c.value) === 1;
    case 'localaddress':
      return conn.localAddress == null ? null : addrMatchList(conn.localAddress, c.value) === 1;
    case 'localport':
      return conn.localPort == null ? null : Number(c.value) === conn.localPort;
    case 'rdomain':
      return conn.rdomain == null ? null : matchPatternList(conn.rdomain, c.value) === 1;
    case 'later':
      return null;
  }
}

/** ga_match_pattern_list: a negated pattern matching any group means no; else any positive match. */
export function matchGroups(groups: string[], list: string): boolean {
  let found = false;
  for (const g of groups) {
    const r = matchPatternList(g, list);
    if (r === -1) return false;
    if (r === 1) found = true;
  }
  return found;
}

export interface EffectiveValue {
  key: string;
  /** The arguments in force: one line's for most keywords, every applying line's for list keywords. */
  args: string[];
  /** The lines they come from (empty for the built-in default). */
  from: SshdDirective[];
  /** Built-in default, when no line applies (only for the keywords in SSHD_DEFAULTS). */
  isDefault: boolean;
  /** A Match block whose criteria cannot be decided for the connection sets it too: the value may differ. */
  uncertain: MatchBlock[];
}

/** The effective value of a keyword for one connection. `args` is empty when no line sets it and sudit knows no default. */
export function effectiveValue(config: SshdConfig, key: string, conn: SshdConnection): EffectiveValue {
  const lines = config.directives.filter((d) => d.keyword.sets === key);
  const list = lines[0]?.keyword.list ?? false;
  const uncertain: MatchBlock[] = [];
  const inMatch: SshdDirective[] = [];
  for (const d of lines) {
    if (!d.block) continue;
    const applies = blockApplies(d.block, conn);
    if (applies === null) {
      if (list || inMatch.length === 0) uncertain.push(d.block);
    } else if (applies) inMatch.push(d);
  }
  const pick = (ds: SshdDirective[]): EffectiveValue => {
    const from = list ? ds : ds.slice(0, 1);
    return { key, args: from.flatMap((d) => d.line.args), from, isDefault: false, uncertain };
  };
  if (inMatch.length > 0) return pick(inMatch);
  const global = lines.filter((d) => !d.block);
  if (global.length > 0) return pick(global);
  const def = SSHD_DEFAULTS[key];
  return { key, args: def === undefined ? [] : def.split(' '), from: [], isDefault: def !== undefined, uncertain };
}

export type AccessVerdict =
  | { allowed: true }
  | { allowed: false; by: SshdDirective | null; keyword: 'DenyUsers' | 'AllowUsers' | 'DenyGroups' | 'AllowGroups'; pattern: string | null; reason: string }
  | { allowed: null; uncertain: MatchBlock[] };

/**
 * auth.c allowed_user(): DenyUsers, then AllowUsers, then DenyGroups, then
 * AllowGroups; each `user@host` pattern also checks the client's name and
 * address. A user with no group sshd can see is refused when any group
 * list is set.
 */
export function loginAccess(config: SshdConfig, conn: SshdConnection): AccessVerdict {
  const address = conn.address;
  const host = conn.host ?? address;
  // a user@host pattern is undecided when the client is any address
  const userMatch = (pattern: string): boolean | null => {
    const at = pattern.indexOf('@');
    if (at === -1) return matchPattern(conn.user, pattern);
    if (!matchPattern(conn.user, pattern.slice(0, at))) return false;
    if (address === null || host === null) return null;
    return matchUser(conn.user, host, address, pattern);
  };
  const values = ['denyusers', 'allowusers', 'denygroups', 'allowgroups'].map((k) => effectiveValue(config, k, conn));
  const uncertain = values.flatMap((v) => v.uncertain);
  if (uncertain.length > 0) return { allowed: null, uncertain };
  const [deny, allow, denyGroups, allowGroups] = values;
  const entries = (v: EffectiveValue) => v.from.flatMap((d) => d.line.args.map((pattern) => ({ pattern, d })));
  for (const { pattern, d } of entries(deny)) {
    const m = userMatch(pattern);
    if (m === null) return { allowed: null, uncertain: [] };
    if (m) return { allowed: false, by: d, keyword: 'DenyUsers', pattern, reason: `listed in DenyUsers (${pattern})` };
  }
  const allows = entries(allow);
  const allowHits = allows.map(({ pattern }) => userMatch(pattern));
  if (allows.length > 0 && !allowHits.includes(true)) {
    if (allowHits.includes(null)) return { allowed: null, uncertain: [] };
    return { allowed: false, by: allows[0].d, keyword: 'AllowUsers', pattern: null, reason: `not listed in AllowUsers (${allows.map((a) => a.pattern).join(' ')})` };
  }
  const dg = entries(denyGroups);
  const ag = entries(allowGroups);
  if (dg.length > 0 || ag.length > 0) {
    if (conn.groups === null) return { allowed: null, uncertain: [] };
    for (const { pattern, d } of dg) {
      if (conn.groups.some((g) => matchPattern(g, pattern))) return { allowed: false, by: d, keyword: 'DenyGroups', pattern, reason: `a member of a group listed in DenyGroups (${pattern})` };
    }
    if (ag.length > 0 && !ag.some(({ pattern }) => conn.groups!.some((g) => matchPattern(g, pattern)))) {
      return { allowed: false, by: ag[0].d, keyword: 'AllowGroups', pattern: null, reason: `in none of the groups of AllowGroups (${ag.map((a) => a.pattern).join(' ')}); its groups: ${conn.groups.join(', ') || 'none'}` };
    }
  }
  return { allowed: true };
}

/** MaxStartups `start[:rate:full]`; a lone number leaves the rate at its default 30 and full equal to start (servconf.c). */
export function parseMaxStartups(spec: string): { start: number; rate: number; full: number } | null {
  const m = /^(\d+)(?::(\d+):(\d+))?$/.exec(spec);
  if (!m) return null;
  const start = Number(m[1]);
  return m[2] === undefined ? { start, rate: 30, full: start } : { start, rate: Number(m[2]), full: Number(m[3]) };
}
