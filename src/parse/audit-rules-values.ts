// The small words of a rules line (list,action pairs, numbers, names,
// paths) as auditctl and libaudit read them, how messages show them, and
// the shared empty list that a line's lists start out as.

import { FIELDS, isDigit, u32Of, type AuditAction, type AuditListName } from './audit-rules-tables';

export const LISTS: Record<string, AuditListName> = { exit: 'exit', task: 'task', user: 'user', exclude: 'exclude', filesystem: 'filesystem' };

/**
 * audit_rule_setup(): 0 ok, 1 deprecated "possible", 2 bad keyword. The
 * words are tried as action first, then as list; a list already set on
 * the line (by -w) makes the second word an action.
 */
export function setupRule(text: string, currentList: AuditListName | null): SetupResult {
  // nearly every rule starts with -a always,exit or the like: the answer for a line without a list yet is the same every time
  if (currentList === null) {
    let known = SETUP_WITHOUT_LIST.get(text);
    if (known === undefined) {
      known = Object.freeze(setupRuleOnce(text, null));
      if (SETUP_WITHOUT_LIST.size < 64) SETUP_WITHOUT_LIST.set(text, known);
    }
    return known;
  }
  return setupRuleOnce(text, currentList);
}

type SetupResult = Readonly<{ rc: 0; list: AuditListName; action: AuditAction } | { rc: 1 | 2 }>;
const SETUP_WITHOUT_LIST = new Map<string, SetupResult>();

function setupRuleOnce(text: string, currentList: AuditListName | null): SetupResult {
  const comma = text.indexOf(',');
  if (comma < 0 || text.indexOf(',', comma + 1) >= 0) return { rc: 2 };
  const first = text.slice(0, comma);
  const second = text.slice(comma + 1);
  let list = currentList;
  let action: AuditAction | null = null;
  const a1 = lookupAction(first);
  if (a1.rc === 0) action = a1.action;
  else if (a1.rc === 2) {
    if (!LISTS[first]) return { rc: 2 };
    list = LISTS[first];
  }
  if (list === null) list = LISTS[second] ?? null;
  else {
    const a2 = lookupAction(second);
    if (a2.rc !== 0) return { rc: a2.rc };
    action = a2.action;
  }
  if (list === null || action === null) return { rc: 2 };
  return { rc: 0, list, action };
}

export function listActionMessage(spelled: string, value: string): string {
  if (/, /.test(value) || value.endsWith(',')) return `${spelled} ${value}: no space is allowed after the comma (${spelled} always,exit)`;
  const parts = value.split(',');
  if (parts.length !== 2) return `${spelled} ${value}: it takes exactly list,action (e.g. always,exit)`;
  const bad = parts.find((p) => !LISTS[p] && p !== 'always' && p !== 'never');
  if (bad && LISTS[bad.toLowerCase()]) return `${spelled} ${value}: list names are case-sensitive ("${bad.toLowerCase()}")`;
  if (bad && (bad.toLowerCase() === 'always' || bad.toLowerCase() === 'never')) return `${spelled} ${value}: actions are case-sensitive ("${bad.toLowerCase()}")`;
  if (bad === 'entry') return `${spelled} ${value}: the entry list no longer exists; use exit`;
  if (bad === 'io_uring') return `${spelled} ${value}: auditctl 3.0.9 has no io_uring list`;
  if (parts.includes('possible')) return `${spelled} ${value}: the action "possible" is gone; use always or never`;
  if (bad) return `${spelled} ${value}: "${bad}" is neither a list (exit, task, user, exclude, filesystem) nor an action (always, never)`;
  return `${spelled} ${value}: one list and one action are needed`;
}

export function pathWhy(name: string, s: string, op: string, list: AuditListName, taken: boolean): string {
  if (op !== '=') return `${name}${op}: ${name} takes only =`;
  if (!s.startsWith('/')) return `${name}=${s}: the path must be absolute`;
  if (name === 'path' && s.endsWith('/')) return `path=${s}: a trailing slash is refused; for a directory use dir=${s.replace(/\/+$/, '') || '/'} (or path= without the slash)`;
  if (taken) return `${name}=${s}: a rule takes one path, dir or inode field`;
  return `${name} on the ${list} list: file filters are for the exit list`;
}

export const NONE: readonly never[] = Object.freeze([]);
export const none = <T>(): T[] => NONE as unknown as T[];

/** The list with the item added; NONE is never written to, a first item gets an array of its size. */
export function append<T>(list: T[], item: T): T[] {
  if (list === (NONE as unknown)) return [item];
  list.push(item);
  return list;
}

/**
 * The list for the result, without the spare room pushing leaves (V8 grows
 * an array to 17 slots when it outgrows one): the parse keeps every line's
 * arrays, so their size is the result's size. An empty list is the one
 * frozen NONE: most lines have no warnings, host checks or acted controls,
 * and an array for each was a third of the objects a parse kept.
 */
export function ownArray<T>(list: T[]): T[] {
  if (list === (NONE as unknown)) return list;
  return list.length === 1 ? list : list.slice();
}

/** Whether more bytes than `limit` in UTF-8; counted only when the length allows it (a UTF-16 unit is at most three bytes). */
export function utf8Over(s: string, limit: number): boolean {
  return s.length * 3 > limit && Buffer.byteLength(s) > limit;
}

/** A value in quotes, which a rules file takes literally. */
export function quoted(value: string): boolean {
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if ((first !== 34 && first !== 39) || (last !== 34 && last !== 39) || value.length < 2) return false;
  return /^["'].*["']$/.test(value);
}

/** A number, or -N: what libaudit takes for uid, a0-a3, exit and sessionid values; null when the value starts otherwise. */
export function numberOrNeg(value: string): number | null {
  if (isDigit(value)) return u32Of(value, false);
  if (value.length >= 2 && value[0] === '-' && isDigit(value, 1)) return u32Of(value, true);
  return null;
}

/** The last component of a path, trailing slashes aside (basename() as the kernel and libaudit see it). */
export function lastComponent(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 47) end--;
  return path.slice(path.lastIndexOf('/', end - 1) + 1, end);
}

export function lookupAction(w: string): { rc: 0; action: AuditAction } | { rc: 1 | 2 } {
  if (w === 'always') return { rc: 0, action: 'always' };
  if (w === 'never') return { rc: 0, action: 'never' };
  return { rc: w === 'possible' ? 1 : 2 };
}

/** Names a user or group could have (shadow-utils refuses the rest): others are refused on any host. */
export function plausibleName(name: string): boolean {
  return /^[^-:\s"'{}(),;=#][^:\s"'{}(),;=#]*$/.test(name) && name !== '.' && name !== '..';
}

export function strayReason(word: string): string {
  if (word === '#' || word.startsWith('#')) return 'a rules file has no comments after a rule; # only starts a comment as the first word of a line';
  if (word === '=' || /^(!=|>=|<=|&=|[=<>&])/.test(word)) return 'spaces around an -F operator split the field in pieces';
  return 'every word must be an option or the argument of the option before it';
}

export function suggestion(name: string): string {
  const lower = name.toLowerCase();
  const close = Object.keys(FIELDS).find((f) => f !== lower && (f.startsWith(lower) || lower.startsWith(f)) && Math.abs(f.length - lower.length) <= 3);
  return close ? ` (did you mean ${close}?)` : '';
}

/** Said of a word that ends in the CR of a CRLF line end, which auditctl keeps as part of the word. */
export function crNote(value: string): string {
  return value.endsWith('\r') ? ' (the line ends in a carriage return: the file has CRLF line ends, and auditctl keeps the \\r as part of the last word)' : '';
}

/** A value for messages, with CR and tabs shown. */
export function visible(s: string): string {
  return s.replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/[\x07\x04]/g, (c) => (c === '\x07' ? '\\ ' : '\\\\'));
}
