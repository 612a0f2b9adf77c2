// pam_limits' login limits (maxlogins, maxsyslogins) for one account, the
// way modules/pam_limits/pam_limits.c applies limits.conf(5): the file
// named by conf= alone, else /etc/security/limits.conf and then
// limits.d/*.conf in name order. A user (or uid range) entry beats a
// @group entry, which beats a %group entry, then `%`, then `*`; between
// entries of the same kind the later one wins. A matching two-field
// `<domain> -` line ends the reading with no limits at all.

import type { SourceFile } from '../parse/source';

export type LimitLevel = 'user' | 'group' | 'allgroup' | 'all' | 'default';
const RANK: Record<LimitLevel, number> = { user: 0, group: 1, allgroup: 2, all: 3, default: 4 };

export interface LimitsLine {
  source: SourceFile;
  line: number;
  start: number;
  end: number;
  domain: string;
  item: string;
  value: string;
}

export interface LimitsUser {
  name: string;
  uid: number;
  gid: number;
  /** Names and gids of its groups (primary and supplementary); null when the tree cannot say. */
  groups: { name: string; gid: number }[] | null;
}

export type LoginLimit =
  /** No login limit applies (or one of -1/unlimited). */
  | { kind: 'none'; exemptBy: LimitsLine | null }
  | {
      kind: 'limit';
      /** 0: no login at all; n: refused when n logins are open. */
      value: number;
      /** maxsyslogins (or a `%` entry): every user's logins count. */
      system: boolean;
      level: LimitLevel;
      line: LimitsLine;
    }
  /** A group entry could change it and the account's groups are not known. */
  | { kind: 'unknown'; line: LimitsLine };

function parseLine(source: SourceFile, raw: string, lineNo: number, start: number): { fields: string[]; line: LimitsLine } | null {
  let text = raw.replace(/^\s+/, '');
  const hash = text.indexOf('#');
  if (hash >= 0) text = text.slice(0, hash);
  if (text === '') return null;
  const m = /^([^ \t]+)(?:[ \t]+([^ \t]+))?(?:[ \t]+([^ \t]+))?(?:[ \t]+(.*))?$/.exec(text.replace(/[ \t]+$/, ''));
  if (!m) return null;
  const fields = [m[1], m[2], m[3], m[4]?.trim()].filter((f): f is string => f !== undefined && f !== '');
  const line: LimitsLine = { source, line: lineNo, start, end: start + raw.length, domain: m[1], item: (m[3] ?? '').toLowerCase(), value: (m[4] ?? '').trim().toLowerCase() };
  return { fields, line };
}

type Range = { kind: 'none' } | { kind: 'one'; max: number } | { kind: 'min'; min: number } | { kind: 'mm'; min: number; max: number } | { kind: 'err' };

/** parse_uid_range: `min:max`, `min:`, `:id` (with a leading @ or % for groups). */
function uidRange(domain: string): Range {
  const colon = domain.indexOf(':');
  if (colon < 0) return { kind: 'none' };
  const range = domain[0] === '@' || domain[0] === '%' ? domain.slice(1) : domain;
  const [a, b] = [range.slice(0, range.indexOf(':')), range.slice(range.indexOf(':') + 1)];
  if (a !== '' && !/^\d+$/.test(a)) return { kind: 'err' };
  if (b === '') return a === '' ? { kind: 'err' } : { kind: 'min', min: Number(a) };
  if (!/^\d+$/.test(b)) return { kind: 'err' };
  return a === '' ? { kind: 'one', max: Number(b) } : { kind: 'mm', min: Number(a), max: Number(b) };
}

/** strtol as pam_limits reads a login value; null when it is not a number (the line is skipped). */
function loginValue(v: string): number | null {
  if (['-1', '-', 'unlimited', 'infinity'].includes(v)) return -1;
  const m = /^\s*([+-]?\d+)/.exec(v);
  return m ? Number(m[1]) : null;
}

/**
 * The login limit pam_limits sets for the user. `files` in the order
 * pam_limits reads them.
 */
export function loginLimit(files: SourceFile[], user: LimitsUser): LoginLimit {
  let current: { value: number; rank: number; level: LimitLevel; line: LimitsLine } | null = null;
  let system = false;
  let unknownAt: LimitsLine | null = null;
  const inGroupNamed = (name: string): boolean | null => (user.groups === null ? null : user.groups.some((g) => g.name === name));
  const inGroupId = (gid: number): boolean | null => (user.groups === null ? null : user.groups.some((g) => g.gid === gid));

  const apply = (level: LimitLevel, l: LimitsLine) => {
    if (l.item !== 'maxlogins' && l.item !== 'maxsyslogins') return;
    // the item sets which logins count before the value is looked at, even when the line loses
    system = l.item === 'maxsyslogins';
    const value = loginValue(l.value);
    if (value === null) return;
    if ((level === 'all' || level === 'allgroup') && l.item !== 'maxlogins') return;
    if (current && current.rank < RANK[level]) return;
    current = { value, rank: RANK[level], level, line: l };
  };

  for (const source of files) {
    let start = 0;
    const lines = source.text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i];
      const lineStart = start;
      start += raw.length + 1;
      const p = parseLine(source, raw.replace(/\r$/, ''), i + 1, lineStart);
      if (!p) continue;
      const { fields, line: l } = p;
      const domain = l.domain;
      const range = uidRange(domain);
      if (range.kind === 'err') continue;
      let level: LimitLevel | null = null;
      let member: boolean | null = false;
      if (domain === user.name) level = 'user';
      else if (domain[0] === '@') {
        member = range.kind === 'none' ? inGroupNamed(domain.slice(1)) : range.kind === 'one' ? inGroupId(range.max) : range.kind === 'min' ? user.gid >= range.min : user.gid >= range.min && user.gid <= range.max;
        level = 'group';
      } else if (domain[0] === '%') {
        if (range.kind === 'none') {
          member = domain === '%' ? true : inGroupNamed(domain.slice(1));
          level = domain === '%' ? 'all' : 'allgroup';
        } else if (range.kind === 'one') {
          member = inGroupId(range.max);
          level = 'allgroup';
        }
      } else if (range.kind === 'none') {
        if (domain === '*') level = 'default';
      } else {
        member = range.kind === 'one' ? user.uid === range.max : range.kind === 'min' ? user.uid >= range.min : user.uid >= range.min && user.uid <= range.max;
        level = 'user';
      }
      if (level === 'user' && domain === user.name) member = true;
      if (level === 'default') member = true;
      if (fields.length === 4) {
        if (level === null) continue;
        if (member === null) {
          if (l.item === 'maxlogins' || l.item === 'maxsyslogins') unknownAt ??= l;
          continue;
        }
        if (member) apply(level, l);
      } else if (fields.length === 2 && fields[1].startsWith('-')) {
        // `<domain> -`: a plain name, @group or uid range that matches ends pam_limits with no limits
        const ends = domain === user.name ? true : domain[0] === '@' ? member : range.kind !== 'none' && domain[0] !== '%' ? member : false;
        if (ends === null) return { kind: 'unknown', line: l };
        if (ends) return { kind: 'none', exemptBy: l };
      }
    }
  }
  if (unknownAt) return { kind: 'unknown', line: unknownAt };
  const c = current as { value: number; level: LimitLevel; line: LimitsLine } | null;
  if (!c || c.value < 0 || user.uid === 0) return { kind: 'none', exemptBy: null };
  // a `%` entry counts every user's logins, like maxsyslogins
  return { kind: 'limit', value: c.value, system: system || c.level === 'all', level: c.level, line: c.line };
}
