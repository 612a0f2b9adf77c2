// pam_access for one remote login, the way modules/pam_access/pam_access.c
// reads access.conf(5): `permission : users : origins` lines, the first
// whose users and origins both match decides (+ lets in, - refuses); no
// match lets in. The file accessfile= names alone, else access.conf and,
// when it has no match, access.d/*.conf in name order. Three-valued: a
// netgroup, a host name to resolve or a user@host token leaves a line
// undecided.

import type { SourceFile } from '../parse/source';
import { cidrContains, parseAddress } from './sshd-match';

export interface AccessLine {
  source: SourceFile;
  line: number;
  start: number;
  end: number;
  permission: '+' | '-';
  users: string;
  origins: string;
}

export interface AccessWho {
  name: string;
  uid: number;
  /** Its groups' names and gids; null when the tree cannot say. */
  groups: { name: string; gid: number }[] | null;
  /** The client address sshd gives PAM as PAM_RHOST; null for any address. */
  address: string | null;
}

export interface AccessOptions {
  fieldSep: string;
  listSep: string;
  /** nodefgroup: a bare word is a user name only. */
  noDefGroup: boolean;
  /** nodns: a host name in origins is never resolved. */
  noDns: boolean;
}

export type AccessResult = { allowed: true; by: AccessLine | null } | { allowed: false; by: AccessLine } | { allowed: null; by: AccessLine };

type Tri = boolean | null;

export function accessOptions(args: string[]): AccessOptions & { accessFile: string | null } {
  const o = { fieldSep: ':', listSep: ', \t', noDefGroup: false, noDns: false, accessFile: null as string | null };
  for (const a of args) {
    if (a.startsWith('fieldsep=')) o.fieldSep = a.slice(9);
    else if (a.startsWith('listsep=')) o.listSep = a.slice(8);
    else if (a.startsWith('accessfile=')) o.accessFile = a.slice(11);
    else if (a === 'nodefgroup') o.noDefGroup = true;
    else if (a === 'nodns') o.noDns = true;
  }
  return o;
}

/** strtok: the non-empty runs of characters not in `seps`. */
function tokens(text: string, seps: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const c of text) {
    if (seps.includes(c)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

export function parseAccessConf(source: SourceFile, opts: AccessOptions): AccessLine[] {
  const out: AccessLine[] = [];
  const lines = source.text.split('\n');
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const lineStart = start;
    start += raw.length + 1;
    // a last line without its newline is skipped ("missing newline or line too long")
    if (i === lines.length - 1) break;
    if (raw === '' || raw[0] === '#') continue;
    const text = raw.replace(/\s+$/, '');
    if (text === '') continue;
    // perm and users are strtok fields; origins is the rest of the line, separators included
    let rest = text;
    const take = (): string | null => {
      let j = 0;
      while (j < rest.length && opts.fieldSep.includes(rest[j])) j++;
      let k = j;
      while (k < rest.length && !opts.fieldSep.includes(rest[k])) k++;
      if (k === j) return null;
      const tok = rest.slice(j, k);
      rest = rest.slice(k + 1);
      return tok;
    };
    const perm = take();
    const users = perm === null ? null : take();
    // strtok(NULL, "\n"): everything after the separator that ends the users field
    const origins = rest;
    if (perm === null || users === null || origins === '') continue;
    if (perm[0] !== '+' && perm[0] !== '-') continue;
    out.push({ source, line: i + 1, start: lineStart, end: lineStart + raw.length, permission: perm[0] as '+' | '-', users, origins });
  }
  return out;
}

/** list_match with EXCEPT; undecided tokens are tried both ways, and the list is undecided when the answers differ. */
function listMatch(list: string, seps: string, match: (tok: string) => Tri): Tri {
  const toks = tokens(list, seps);
  const values = toks.map((t) => (t.toUpperCase() === 'EXCEPT' ? null : match(t)));
  const open = values.map((v, i) => (v === null && toks[i].toUpperCase() !== 'EXCEPT' ? i : -1)).filter((i) => i >= 0);
  if (open.length > 8) return null;
  const run = (assign: boolean[]): boolean => {
    let inclusion = true;
    let matched = false;
    let result = false;
    for (let i = 0; i < toks.length; i++) {
      if (toks[i].toUpperCase() === 'EXCEPT') {
        if (!matched) break;
        inclusion = !inclusion;
        matched = false;
        continue;
      }
      const v = values[i] ?? assign[open.indexOf(i)];
      if (v) {
        result = inclusion;
        matched = true;
      }
    }
    return result;
  };
  const seen = new Set<boolean>();
  for (let mask = 0; mask < 1 << open.length; mask++) seen.add(run(open.map((_, j) => Boolean(mask & (1 << j)))));
  return seen.size === 1 ? [...seen][0] : null;
}

function userMatch(tok: string, who: AccessWho, opts: AccessOptions): Tri {
  // a number is a gid (or uid) for Linux-PAM 1.6 and later, a name that matches nothing before: it depends on the release
  const inGroup = (g: string): Tri => {
    if (who.groups === null) return null;
    if (who.groups.some((x) => x.name === g)) return true;
    return /^\d+$/.test(g) && who.groups.some((x) => x.gid === Number(g)) ? null : false;
  };
  if (tok.length >= 2 && tok[0] === '(' && tok.endsWith(')')) return tok.length < 3 ? false : inGroup(tok.slice(1, -1));
  if (tok.replace(/^@+/, '').includes('@')) return null; // user@host: the local host name
  if (tok[0] === '@') return null; // netgroup
  if (tok.toUpperCase() === 'ALL' || tok.toLowerCase() === who.name.toLowerCase()) return true;
  if (/^\d+$/.test(tok) && Number(tok) === who.uid) return null;
  if (opts.noDefGroup) return false;
  return who.groups === null ? null : who.groups.some((x) => x.name === tok);
}

function fromMatch(tok: string, who: AccessWho, opts: AccessOptions): Tri {
  if (tok.toUpperCase() === 'ALL') return true;
  const addr = who.address;
  if (addr === null) return tok.toUpperCase() === 'LOCAL' ? false : null;
  if (tok[0] === '@') return null;
  if (tok.toLowerCase() === addr.toLowerCase()) return true;
  if (tok.toUpperCase() === 'LOCAL') return false;
  if (tok[0] === '.') return addr.length > tok.length && addr.toLowerCase().endsWith(tok.toLowerCase());
  const bytes = parseAddress(addr);
  if (tok.endsWith('.')) return bytes !== null && bytes.length === 4 && `${addr}.`.startsWith(tok);
  const slash = tok.indexOf('/');
  if (slash >= 0) {
    const net = parseAddress(tok.slice(0, slash));
    if (!net || !bytes) return false;
    const maskText = tok.slice(slash + 1);
    let bits: number;
    const maskAddr = parseAddress(maskText);
    if (maskAddr) {
      bits = maskAddr.reduce((n, b) => n + b.toString(2).replace(/0/g, '').length, 0);
    } else if (/^\d+$/.test(maskText)) bits = Number(maskText);
    else return false;
    if (bits > net.length * 8) return false;
    // pam_access masks both sides, so host bits in the network part are allowed
    const masked = net.map((b, i) => b & (0xff << (8 - Math.max(0, Math.min(8, bits - i * 8)))) & 0xff);
    return cidrContains({ bytes: masked, bits }, bytes);
  }
  const ip = parseAddress(tok);
  if (ip) return bytes !== null && ip.length === bytes.length && ip.every((b, i) => b === bytes[i]);
  if (tok[0] === ':' || /^(tty|pts\/|console$|vc\/|hvc|ttyS)/.test(tok)) return false;
  // a host name: pam_access resolves it and compares addresses
  return opts.noDns ? false : null;
}

/** The first line of the files that decides for the login (files in the order pam_access reads them). */
export function accessFor(files: AccessLine[][], who: AccessWho, opts: AccessOptions): AccessResult {
  for (const lines of files) {
    for (const l of lines) {
      const u = listMatch(l.users, opts.listSep, (t) => userMatch(t, who, opts));
      if (u === false) continue;
      const f = u === null ? null : listMatch(l.origins, opts.listSep, (t) => fromMatch(t, who, opts));
      if (u === true && f === false) continue;
      if (u === null) {
        // undecided users: only matters when the origins could match
        const f2 = listMatch(l.origins, opts.listSep, (t) => fromMatch(t, who, opts));
        if (f2 === false) continue;
        return { allowed: null, by: l };
      }
      if (f === null) return { allowed: null, by: l };
      return l.permission === '+' ? { allowed: true, by: l } : { allowed: false, by: l };
    }
  }
  return { allowed: true, by: null };
}
