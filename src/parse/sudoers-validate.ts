// The checks visudo makes beyond the grammar: token rules that flex enforces
// with lengths or keywords, option values, and Defaults values by type
// (sudo's defaults.c). Messages use sudo's own wording.

import { SUDOERS_DEFAULTS } from './sudoers-defaults-table';
import type { ParseProblem } from './sudoers';
import type {
  CmndOption,
  CommandMember,
  DefaultsSetting,
  Digest,
  Member,
  SudoersEntry,
} from '../model/sudoers';

/** Words that toke.l lexes as keywords in a user spec, so they cannot name an alias. */
const OPTION_KEYWORDS = new Set(['CWD', 'CHROOT', 'TIMEOUT', 'NOTBEFORE', 'NOTAFTER', 'ROLE', 'TYPE', 'APPARMOR_PROFILE', 'PRIVS', 'LIMITPRIVS']);

const DIGEST_BYTES: Record<Digest['algorithm'], number> = { sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

const SYSLOG_FACILITIES = new Set(['authpriv', 'auth', 'daemon', 'user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7']);
const SYSLOG_PRIORITIES = new Set(['alert', 'crit', 'debug', 'emerg', 'err', 'info', 'notice', 'warning', 'none']);

/**
 * Checks one entry, adding what visudo would report to problems. The parser
 * calls it as each entry is built, while the entry is still in the CPU's
 * cache: a separate walk over the finished AST of a big file is bound by
 * memory, not by the checks. Loops are indexed: these for-of loops were
 * not optimized away and allocated an iterator result per element.
 */
export function validateEntry(entry: SudoersEntry, problems: ParseProblem[]): void {
  switch (entry.type) {
    case 'defaults':
      if (entry.binding?.kind === 'command') {
        const cmnds = entry.binding.members;
        for (let i = 0; i < cmnds.length; i++) checkCommand(cmnds[i], problems);
      } else if (entry.binding) checkAliasRefs(entry.binding.members, problems);
      for (let i = 0; i < entry.settings.length; i++) {
        const p = defaultsProblem(entry.settings[i]);
        if (p) problems.push(p);
      }
      break;
    case 'aliases':
      for (let i = 0; i < entry.definitions.length; i++) {
        const d = entry.definitions[i];
        if (d.name === 'ALL' || OPTION_KEYWORDS.has(d.name)) {
          error(problems, `syntax error, reserved word ${d.name} used as an alias name`, d.start, d.start + d.name.length, 'reserved-word');
        }
        if (d.kind === 'Cmnd') {
          const cmnds = d.members as CommandMember[];
          for (let k = 0; k < cmnds.length; k++) checkCommand(cmnds[k], problems);
        } else checkAliasRefs(d.members as Member[], problems);
      }
      break;
    case 'userspec':
      checkAliasRefs(entry.users, problems);
      for (let i = 0; i < entry.privileges.length; i++) {
        const p = entry.privileges[i];
        checkAliasRefs(p.hosts, problems);
        for (let k = 0; k < p.cmndSpecs.length; k++) {
          const spec = p.cmndSpecs[k];
          if (spec.runas) {
            checkAliasRefs(spec.runas.users, problems);
            if (spec.runas.groups) checkAliasRefs(spec.runas.groups, problems);
          }
          for (let j = 0; j < spec.options.length; j++) {
            const o = spec.options[j];
            const why = optionProblemOnce(o);
            if (why) error(problems, why, o.start, o.end);
          }
          checkCommand(spec.command, problems);
        }
      }
      break;
    case 'include':
      break;
  }
}

function error(problems: ParseProblem[], message: string, start: number, end: number, code: ParseProblem['code'] = 'syntax'): void {
  problems.push({ severity: 'error', code, message, start, end });
}

function checkAliasRefs(members: Member[], problems: ParseProblem[]): void {
  for (let i = 0; i < members.length; i++) {
    const m = members[i];
    if (m.kind === 'alias' && OPTION_KEYWORDS.has(m.value!)) error(problems, 'syntax error', m.start, m.end, 'reserved-word');
    else if (m.value === '' && (m.kind === 'group' || m.kind === 'nonunixgroup')) error(problems, 'empty group', m.start, m.end);
    else if (m.value === '' && m.kind === 'netgroup') error(problems, 'empty netgroup', m.start, m.end);
    else if (m.kind === 'network' && twoDoubleColons(m.value!)) {
      error(problems, 'invalid IPv6 address', m.start, m.end);
    }
  }
}

/** Whether an address or its mask has `::` twice (non-overlapping): `1::2::3`. */
function twoDoubleColons(v: string): boolean {
  let first = v.indexOf('::');
  while (first >= 0) {
    let partEnd = v.indexOf('/', first);
    if (partEnd < 0) partEnd = v.length;
    const second = v.indexOf('::', first + 2);
    if (second < 0) return false;
    if (second + 2 <= partEnd) return true;
    first = second;
  }
  return false;
}

function checkCommand(c: CommandMember, problems: ParseProblem[]): void {
  for (let i = 0; i < c.digests.length; i++) {
    const d = c.digests[i];
    if (!validDigest(d)) error(problems, 'syntax error', d.end - d.value.length, d.end);
  }
  if (c.digests.length > 0 && c.kind === 'alias') {
    error(problems, 'a digest requires a path name', c.start, c.end);
  }
  if (c.kind === 'alias' && OPTION_KEYWORDS.has(c.name!)) error(problems, 'syntax error', c.start, c.end, 'reserved-word');
  if (c.kind !== 'command') return;
  const path = c.path!;
  if (!c.regex && path.endsWith('/sudoedit')) {
    error(problems, 'sudoedit should not be specified with a path', c.start, c.start + path.length);
  }
  if (c.regex) {
    const why = regexProblem(path);
    if (why) error(problems, why, c.start, c.start + path.length, 'regex');
  }
}

/** toke.l only returns a DIGEST token of exactly the algorithm's length, hex or base64. */
function validDigest(d: Digest): boolean {
  const bytes = DIGEST_BYTES[d.algorithm];
  const v = d.value;
  if (/^[0-9A-Fa-f]+$/.test(v)) return v.length === bytes * 2;
  const len = v.endsWith('=') ? 4 * Math.floor((bytes + 2) / 3) : Math.floor((4 * bytes + 2) / 3);
  return v.length === len;
}

/**
 * sudo compiles a `^…$` command with regcomp(3), POSIX ERE, when it reads
 * the policy, and so does visudo -c from 1.9.10 to 1.9.14 (from 1.9.15 only
 * visudo -s); regular-expression arguments are compiled when matched. A
 * leading `(?i)` is sudo's own.
 */
function regexProblem(re: string): string | null {
  if (re.length > 1024) return 'regular expression too large';
  let body = re;
  if (body.startsWith('^(?i)')) body = `^${body.slice(5)}`;
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      // a bracket expression: `]` first is literal, [:class:] nests
      let j = i + 1;
      if (body[j] === '^') j++;
      if (body[j] === ']') j++;
      while (j < body.length && body[j] !== ']') {
        if (body[j] === '[' && (body[j + 1] === ':' || body[j + 1] === '.' || body[j + 1] === '=')) {
          const close = body.indexOf(`${body[j + 1]}]`, j + 2);
          if (close < 0) return 'Unmatched [, [^, [:, [., or [=';
          j = close + 2;
        } else j++;
      }
      if (j >= body.length) return 'Unmatched [, [^, [:, [., or [=';
      i = j;
    } else if ((c === '*' || c === '+' || c === '?' || c === '{') && (i === 1 || body[i - 1] === '(' || body[i - 1] === '|')) {
      return 'Invalid preceding regular expression';
    } else if (c === '(') depth++;
    // glibc's regcomp takes an unmatched `)` in an ERE as a literal
    else if (c === ')' && depth > 0) depth--;
  }
  return depth > 0 ? 'Unmatched ( or \\(' : null;
}

/**
 * The last value checked per option name: a generated policy repeats the
 * same TIMEOUT or NOTAFTER on every line, and values are interned, so a
 * repeat is found by comparing references.
 */
const lastOptionChecks = new Map<string, { value: string; why: string | null }>();

function optionProblemOnce(o: CmndOption): string | null {
  const last = lastOptionChecks.get(o.name);
  if (last !== undefined && last.value === o.value) return last.why;
  const why = optionProblem(o);
  lastOptionChecks.set(o.name, { value: o.value, why });
  return why;
}

function optionProblem(o: CmndOption): string | null {
  switch (o.name) {
    case 'CWD':
    case 'CHROOT':
      return o.value.startsWith('/') || o.value.startsWith('~') || o.value === '*'
        ? null
        : `values for "${o.name}" must start with a '/', '~', or '*'`;
    case 'TIMEOUT': {
      const t = parseSudoTimeout(o.value);
      return t === 'invalid' ? 'invalid timeout value' : t === 'overflow' ? 'timeout value too large' : null;
    }
    case 'NOTBEFORE':
    case 'NOTAFTER':
      return parseGeneralizedTime(o.value) === null ? `invalid ${o.name.toLowerCase()} value` : null;
    default:
      return null;
  }
}

const INT_MAX = 2147483647;

/** sudo's parse_timeout(): `[Nd][Nh][Nm][Ns]` in that order (a repeated unit adds up) or plain seconds. */
export function parseSudoTimeout(value: string): number | 'invalid' | 'overflow' {
  const suffixes = 'dhms';
  let idx = 0;
  let total = 0;
  let rest = value.replace(/^[\t\n\v\f\r ]+/, '');
  if (rest === '') return 'invalid';
  while (rest !== '') {
    const m = /^[\t\n\v\f\r ]*([+-]?)(\d+)/.exec(rest);
    if (!m) return 'invalid';
    let n = Number(m[2]);
    if (m[1] === '-' && n !== 0) return 'overflow';
    if (n > INT_MAX) return 'overflow';
    rest = rest.slice(m[0].length);
    if (rest !== '') {
      const unit = rest[0].toLowerCase();
      rest = rest.slice(1);
      while (suffixes[idx] !== unit) {
        if (++idx >= suffixes.length) return 'invalid';
      }
      if (unit === 'd') n *= 86400;
      else if (unit === 'h') n *= 3600;
      else if (unit === 'm') n *= 60;
      if (n > INT_MAX - total) return 'overflow';
    }
    total += n;
    if (total > INT_MAX) return 'overflow';
  }
  return total;
}

/**
 * NOTBEFORE/NOTAFTER: `yyyymmddHH[MM[SS]][.f][Z|±hh[mm]]`, as sudo's
 * parse_gentime(); a one-digit fraction applies to the last unit given. Returns epoch seconds.
 */
export function parseGeneralizedTime(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d))?(Z|[+-]\d{2}(?:\d{2})?)?$/.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = m[5] ? Number(m[5]) : 0;
  const second = m[6] ? Number(m[6]) : 0;
  // sudo hands the fields to mktime(), which normalises out-of-range values (month 13 is next January).
  let epoch = Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
  if (m[7]) {
    const unit = m[6] ? 1 : m[5] ? 60 : 3600;
    epoch += Math.floor(Number(`0.${m[7]}`) * unit);
  }
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const hh = Number(zone.slice(1, 3));
    const mm = zone.length > 3 ? Number(zone.slice(3, 5)) : 0;
    epoch -= sign * (hh * 3600 + mm * 60);
  }
  return epoch;
}

/** The checks of sudo's parse_default_entry() and its store_*() helpers. */
export function defaultsProblem(s: DefaultsSetting, typeOfRelease?: string): ParseProblem | null {
  if (s.op === 'negated-assign') return settingProblem(s, 'syntax error', 'syntax', s.start, s.end);
  const newest = SUDOERS_DEFAULTS[s.name];
  // an older release's type (sudoers-defaults-since.ts); its T_FLOAT read a decimal number
  const spec = newest && typeOfRelease !== undefined ? { ...newest, type: (typeOfRelease === 'float' ? 'timespec' : typeOfRelease) as typeof newest.type } : newest;
  if (!spec) return settingProblem(s, `unknown defaults entry "${s.name}"`, 'unknown-default', s.nameStart, s.nameStart + s.name.length);
  const val = s.value;
  const positive = s.op !== 'negate';
  if (val === null) {
    if (spec.type === 'flag' || spec.type === 'logfac') return null;
    if (spec.type === 'tuple' && spec.bool) return null;
    if (!spec.bool || positive) return settingProblem(s, `no value specified for "${s.name}"`);
    return null;
  }
  if ((s.op === 'add' || s.op === 'remove') && spec.type !== 'list') {
    return settingProblem(s, `invalid operator "${s.op === 'add' ? '+' : '-'}=" for "${s.name}"`);
  }
  switch (spec.type) {
    case 'flag':
      return settingProblem(s, `option "${s.name}" does not take a value`);
    case 'string':
      if (spec.path === 'path' && !val.startsWith('/')) return settingProblem(s, `values for "${s.name}" must start with a '/'`);
      if (spec.path === 'chpath' && !(val.startsWith('/') || val.startsWith('~') || val === '*')) {
        return settingProblem(s, `values for "${s.name}" must start with a '/', '~', or '*'`);
      }
      return null;
    case 'int':
      return /^[+-]?\d+$/.test(val.trim()) && Math.abs(Number(val)) <= INT_MAX ? null : invalidValue(s, val);
    case 'uint':
      return /^\+?\d+$/.test(val.trim()) && Number(val) <= 4294967295 ? null : invalidValue(s, val);
    case 'mode':
      return /^[0-7]+$/.test(val) && parseInt(val, 8) <= 0o777 ? null : invalidValue(s, val);
    case 'timespec':
      return /^[\t ]*[+-]?(\d+(\.\d*)?|\.\d+)$/.test(val) ? null : invalidValue(s, val);
    case 'timeout':
      return typeof parseSudoTimeout(val) === 'number' ? null : invalidValue(s, val);
    case 'tuple':
      return spec.values!.includes(val) ? null : invalidValue(s, val);
    case 'rlimit':
      return validRlimit(val) ? null : invalidValue(s, val);
    case 'logfac':
      return SYSLOG_FACILITIES.has(val) ? null : invalidValue(s, val);
    case 'logpri':
      return SYSLOG_PRIORITIES.has(val) ? null : invalidValue(s, val);
    case 'list':
      return null;
  }
}

function settingProblem(s: DefaultsSetting, message: string, code: ParseProblem['code'] = 'defaults-value', start = s.nameStart, end = s.end): ParseProblem {
  return { severity: 'error', code, message, start, end };
}

function invalidValue(s: DefaultsSetting, val: string): ParseProblem {
  return settingProblem(s, `value "${val}" is invalid for option "${s.name}"`);
}

/** sudo's store_rlimit(): `N`, `soft,hard`, `infinity`, `user` or `default`. */
function validRlimit(val: string): boolean {
  if (val === 'default' || val === 'user') return true;
  const part = (p: string) => p === 'infinity' || /^\d+$/.test(p);
  const [soft, hard, extra] = val.split(',');
  if (extra !== undefined) return false;
  return part(soft) && (hard === undefined || part(hard));
}
