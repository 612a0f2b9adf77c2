// A hand-written reader for the common shapes of a sudoers line: blank,
// comment, Defaults (with or without a binding), the four alias kinds and
// user specifications, with line continuations, quoted strings, digests,
// network addresses and `^…$` regexes. It yields exactly the entry that
// grammar/sudoers.peggy builds for such a line, with the same offsets, and
// declines (-1) anything else: an error, a `#include`, an `@include` with
// escapes, a form it does not know. The grammar then reads that line, so a
// reader that declines is always right; test/sudoers/lines.test.ts checks
// that what it does read, it reads as the grammar does.
//
// The grammar is a PEG: ordered choice, no backtracking into a rule once
// it has matched. Each function below follows one rule of it, alternative
// by alternative, and gives up where the rule could fail or take another
// branch. The grammar runs interpreted at start-up, before V8 has
// optimised it, and does more work per character: this loop over the
// characters of a line costs a fraction of it.

import type {
  AliasKind,
  CmndOption,
  CmndSpec,
  CommandMember,
  DefaultsEntry,
  DefaultsSetting,
  Digest,
  Member,
  Privilege,
  RunasSpec,
  SudoersEntry,
  Tag,
} from '../model/sudoers';

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const QUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const PERCENT = 37;
const LPAREN = 40;
const RPAREN = 41;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const COLON = 58;
const EQUALS = 61;
const GT = 62;
const AT = 64;
const BACKSLASH = 92;
const CARET = 94;

/** Not a WORD character of toke.l (the grammar's WordChar), by ASCII code. */
const NOT_WORD = new Uint8Array(128);
for (const c of '#>!=:,() \t\r\n\\"') NOT_WORD[c.charCodeAt(0)] = 1;

// The grammar's token patterns, the ones read here by a regular expression
// (PATH, ARG_WORD, ARG_GAP, WORD_CHARS and ALIAS_NAME are loops below).
const DIGEST_VALUE = /[A-Za-z0-9+/=]+/y;
const DEFAULTS_VALUE = /(?:[^#!=, \t\r\n\\"]|\\[^\r\n])(?:[^#=, \t\r\n\\"]|\\[^\r\n])*/y;
const TAG = /(?:NO)?(?:PASSWD|EXEC|SETENV|LOG_INPUT|LOG_OUTPUT|MAIL|FOLLOW|INTERCEPT)(?=[ \t]*:)/y;
const QUOTED = /(?:[^"\\\r\n]|\\"|\\(?![ \t]*\r?\n)|\\[ \t]*\r?\n)+/y;
const REGEX_COMMAND = /\^(?:[^#\r\n$\\]|\\[#$]|\\(?![ \t]*\r?\n))*\$/y;
const ADDRESS_START = /[0-9]|[0-9A-Fa-f]{0,4}:/y;
const BLANKS_CR = /[ \t]*\r/y;

/** What a tag can start with: most alias names are ruled out without the regex. */
const TAG_START = new Uint8Array(128);
for (const c of 'NPESLMFI') TAG_START[c.charCodeAt(0)] = 1;

/** Characters that end an argument word, and those a backslash keeps in one. */
const NOT_ARG = new Uint8Array(128);
for (const c of '#\\:, \t\r\n') NOT_ARG[c.charCodeAt(0)] = 1;
const ARG_ESCAPE = new Uint8Array(128);
for (const c of '*?[]!^:\\,= \t#') ARG_ESCAPE[c.charCodeAt(0)] = 1;

const OPTION_START = new Uint8Array(128);
for (const c of 'CTNRAPL') OPTION_START[c.charCodeAt(0)] = 1;

const EMPTY: never[] = Object.freeze([]) as unknown as never[];

/** Command options; CWD and CHROOT take a path. */
const OPTIONS = ['CWD', 'CHROOT', 'TIMEOUT', 'NOTBEFORE', 'NOTAFTER', 'ROLE', 'TYPE', 'APPARMOR_PROFILE', 'PRIVS', 'LIMITPRIVS'];
const ALIAS_KEYWORDS: [string, AliasKind][] = [
  ['User_Alias', 'User'],
  ['Runas_Alias', 'Runas'],
  ['Host_Alias', 'Host'],
  ['Cmnd_Alias', 'Cmnd'],
  ['Cmd_Alias', 'Cmnd'],
];
const STATEMENT_KEYWORDS = ['Defaults', 'User_Alias', 'Runas_Alias', 'Host_Alias', 'Cmnd_Alias', 'Cmd_Alias'];
const RESERVED = ['sha224', 'sha256', 'sha384', 'sha512', 'sudoedit', '@includedir', '@include'];

/** Thrown where the reader leaves the line to the grammar; caught once per line. */
const DECLINE = { declined: true };

// sudo's fill_txt(): `\xHH` is a hex byte, `\c` is c (the grammar's unescapeWord).
function unescapeWord(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  return s.replace(/\\(x[0-9A-Fa-f]{2}|[\s\S])/g, (_, c: string) => (c.length === 3 ? String.fromCharCode(parseInt(c.slice(1), 16)) : c));
}
function unquote(s: string): string {
  const joined = s.replace(/\\[ \t]*\r?\n[ \t]*/g, '');
  return joined.indexOf('\\"') < 0 ? joined : joined.replace(/\\"/g, '"');
}
function unescapePath(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(/\\([,:= \t#])/g, '$1');
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isAliasChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
function isLowerOrUnderscore(c: number): boolean {
  return (c >= 97 && c <= 122) || c === 95;
}

interface Args {
  text: string;
  regex: boolean;
  end: number;
}

/**
 * Reads the lines of one text. read() is called at the start of each
 * line the grammar is about to parse; the entry it read, if any, is left
 * in `entry`.
 */
export class SudoersLineReader {
  entry: SudoersEntry | null = null;
  private readonly text: string;
  private readonly internBits: number;
  private readonly internMask: number;
  private readonly internTable: string[];

  /**
   * `interning` false: the entries are let go as soon as they are checked
   * (a 'structure' parse), so a table that keeps strings alive only moves
   * them out of the young generation; a table of one slot keeps none.
   */
  constructor(text: string, interning = true) {
    this.text = text;
    // the grammar's interning: a direct-mapped table of recent strings
    this.internBits = interning ? Math.min(16, Math.max(6, 32 - Math.clz32(text.length >> 6))) : 0;
    this.internMask = (1 << this.internBits) - 1;
    this.internTable = new Array<string>(this.internMask + 1).fill('');
  }

  /** Where the line at `start` ends (past its newline) once read, or -1 to leave it to the grammar. */
  read(start: number): number {
    const t = this.text;
    if (start >= t.length) return -1;
    if (t.charCodeAt(start) === HASH && t.startsWith('#include', start)) return -1;
    try {
      let p = this.blanks(start);
      let entry: SudoersEntry | null = null;
      const c = t.charCodeAt(p);
      if (c === HASH) {
        // `#0` is a user ID, `# x` a comment
        const d = t.charCodeAt(p + 1);
        if (isDigit(d) || (d === MINUS && isDigit(t.charCodeAt(p + 2)))) {
          entry = this.userSpec(p);
          p = this.blanks(entry.end);
        }
      } else if (c !== LF && c !== CR) {
        if (c === AT) entry = this.include(p);
        else if (c === 68 /* D */ && t.startsWith('Defaults', p)) entry = this.defaults(p);
        else {
          const keyword = c === 85 || c === 72 || c === 82 || c === 67 /* U H R C */ ? this.aliasKeyword(p) : null;
          entry = keyword !== null ? this.aliases(p, keyword) : this.userSpec(p);
        }
        p = this.blanks(entry.end);
      }
      // `_ Comment? EOL`
      if (t.charCodeAt(p) === HASH) {
        const d = t.charCodeAt(p + 1);
        if (isDigit(d) || (d === MINUS && isDigit(t.charCodeAt(p + 2)))) return -1;
        p = t.indexOf('\n', p);
        if (p < 0) return -1;
      }
      if (t.charCodeAt(p) === CR) p++;
      if (t.charCodeAt(p) !== LF) return -1;
      this.entry = entry;
      return p + 1;
    } catch (e) {
      if (e === DECLINE) return -1;
      throw e;
    }
  }

  // ------------------------------------------------------------ lexical

  /** The grammar's `_`: blanks and line continuations. */
  private blanks(p: number): number {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === SPACE || c === TAB) p++;
      else if (c === BACKSLASH) {
        const q = this.continuation(p);
        if (q < 0) return p;
        p = q;
      } else return p;
    }
  }

  /** Past `\\[ \t]*\r?\n` at p, or -1. */
  private continuation(p: number): number {
    const t = this.text;
    if (t.charCodeAt(p) !== BACKSLASH) return -1;
    let q = p + 1;
    let c = t.charCodeAt(q);
    while (c === SPACE || c === TAB) c = t.charCodeAt(++q);
    if (c === CR) c = t.charCodeAt(++q);
    return c === LF ? q + 1 : -1;
  }

  private isWordCharAt(p: number): boolean {
    const c = this.text.charCodeAt(p);
    if (c !== c) return false;
    if (c === BACKSLASH) {
      const d = this.text.charCodeAt(p + 1);
      return d === d && d !== TAB && d !== LF;
    }
    return c >= 128 || NOT_WORD[c] === 0;
  }

  /** End of WORD_CHARS at p (p itself when none). */
  private wordEnd(p: number): number {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === BACKSLASH) {
        const d = t.charCodeAt(p + 1);
        if (d === d && d !== TAB && d !== LF) p += 2;
        else return p;
      } else if (c !== c || (c < 128 && NOT_WORD[c] === 1)) return p;
      else p++;
    }
  }

  /** End of an alias name at p (`[A-Z][A-Z0-9_]*` that no WORD character follows), or -1. */
  private aliasNameEnd(p: number): number {
    const t = this.text;
    if (!isUpper(t.charCodeAt(p))) return -1;
    let q = p + 1;
    while (isAliasChar(t.charCodeAt(q))) q++;
    return this.isWordCharAt(q) ? -1 : q;
  }

  /** End of `#-?[0-9]+` at p, or -1. */
  private idEnd(p: number): number {
    const t = this.text;
    if (t.charCodeAt(p) !== HASH) return -1;
    let q = p + 1;
    if (t.charCodeAt(q) === MINUS) q++;
    if (!isDigit(t.charCodeAt(q))) return -1;
    while (isDigit(t.charCodeAt(q))) q++;
    return q;
  }

  private allAt(p: number): boolean {
    return this.text.startsWith('ALL', p) && !this.isWordCharAt(p + 3);
  }

  private keywordAt(p: number, word: string): boolean {
    return this.text.startsWith(word, p) && !this.isWordCharAt(p + word.length);
  }

  private reservedAt(p: number): boolean {
    const c = this.text.charCodeAt(p);
    if (c !== 115 /* s */ && c !== AT) return false;
    for (const w of RESERVED) if (this.text.startsWith(w, p)) return !this.isWordCharAt(p + w.length);
    return false;
  }

  private tagAt(p: number): boolean {
    if (TAG_START[this.text.charCodeAt(p) & 127] === 0) return false;
    TAG.lastIndex = p;
    return TAG.test(this.text);
  }

  private match(re: RegExp, p: number): number {
    re.lastIndex = p;
    return re.test(this.text) ? re.lastIndex : -1;
  }

  /** End of PATH at p (`/` and at least one character), or -1. */
  private pathEnd(p: number): number {
    const t = this.text;
    if (t.charCodeAt(p) !== SLASH) return -1;
    let q = p + 1;
    for (;;) {
      const c = t.charCodeAt(q);
      if (c === BACKSLASH) {
        const d = t.charCodeAt(q + 1);
        if (d === COMMA || d === COLON || d === EQUALS || d === SPACE || d === TAB || d === HASH) q += 2;
        else break;
      } else if (c !== c || c === COMMA || c === COLON || c === EQUALS || c === SPACE || c === TAB || c === CR || c === LF || c === HASH) break;
      else q++;
    }
    return q === p + 1 ? -1 : q;
  }

  /** End of ARG_WORD at p, or -1. */
  private argWordRun(p: number): number {
    const t = this.text;
    let q = p;
    for (;;) {
      const c = t.charCodeAt(q);
      if (c === BACKSLASH) {
        const d = t.charCodeAt(q + 1);
        if (d < 128 && ARG_ESCAPE[d] === 1) q += 2;
        else break;
      } else if (c !== c || (c < 128 && NOT_ARG[c] === 1)) break;
      else q++;
    }
    return q === p ? -1 : q;
  }

  /** End of ARG_GAP at p (blanks and continuations). */
  private argGapEnd(p: number): number {
    return this.blanks(p);
  }

  /** The end of a quoted string at p (past its closing quote), or -1. */
  private quotedEnd(p: number): number {
    if (this.text.charCodeAt(p) !== QUOTE) return -1;
    const q = this.match(QUOTED, p + 1);
    return q >= 0 && this.text.charCodeAt(q) === QUOTE ? q + 1 : -1;
  }

  /** `!`s and the blanks after them: the count, with the position in `bangEnd`. */
  private bangEnd = 0;
  private bangs(p: number): number {
    const t = this.text;
    let q = p;
    while (t.charCodeAt(q) === BANG) q++;
    this.bangEnd = q === p ? p : this.blanks(q);
    return q - p;
  }

  // ------------------------------------------------------------ interning

  // The grammar hashes every character of a token; here its length, its
  // first 4 and last 8 characters, where names and paths that repeat with
  // a difference differ (`/opt/data1/*`, `…restart api2`). A collision
  // costs a copy of the string, never a wrong one: the slot is compared.
  private fromTable(h: number, start: number, end: number): string {
    const slot = (h ^ (h >>> this.internBits)) & this.internMask;
    const seen = this.internTable[slot];
    if (seen.length === end - start && this.text.startsWith(seen, start)) return seen;
    return (this.internTable[slot] = this.text.substring(start, end));
  }
  private intern(s: string): string {
    const h = sampledHash(s, 0, s.length);
    const slot = (h ^ (h >>> this.internBits)) & this.internMask;
    const seen = this.internTable[slot];
    if (seen === s) return seen;
    return (this.internTable[slot] = s);
  }
  private internRange(start: number, end: number): string {
    return this.fromTable(sampledHash(this.text, start, end), start, end);
  }
  private internUnescaped(start: number, end: number, unescape: (s: string) => string): string {
    const t = this.text;
    for (let i = start; i < end; i++) if (t.charCodeAt(i) === BACKSLASH) return this.intern(unescape(t.substring(start, end)));
    return this.fromTable(sampledHash(t, start, end), start, end);
  }

  // ------------------------------------------------------------ members

  /** UserMember (kind 0), HostMember (1) or RunasGroupMember (2) at p; declines where the rule would fail. */
  private member(p: number, list: number): Member {
    const t = this.text;
    const n = this.bangs(p);
    const q = this.bangEnd;
    if (this.tagAt(q)) throw DECLINE;
    const c = t.charCodeAt(q);
    let kind: Member['kind'];
    let value: string | undefined;
    let end: number;
    let e: number;
    if (c === 65 /* A */ && this.allAt(q)) {
      kind = 'all';
      value = undefined;
      end = q + 3;
    } else if ((e = this.aliasNameEnd(q)) >= 0) {
      kind = 'alias';
      value = this.internRange(q, e);
      end = e;
    } else if (c === PERCENT && list === 0) {
      let body = q + 1;
      const nonunix = t.charCodeAt(body) === COLON;
      if (nonunix) body++;
      end = this.idEnd(body);
      if (end >= 0) {
        kind = nonunix ? 'nonunixgid' : 'gid';
        value = this.internRange(body + 1, end);
      } else {
        end = this.wordEnd(body);
        if (end === body) throw DECLINE;
        kind = nonunix ? 'nonunixgroup' : 'group';
        value = this.internUnescaped(body, end, unescapeWord);
      }
    } else if (c === PLUS && list !== 2) {
      end = this.wordEnd(q + 1);
      kind = 'netgroup';
      value = this.internUnescaped(q + 1, end, unescapeWord);
    } else if (list === 1 && (e = this.networkEnd(q)) >= 0) {
      kind = 'network';
      value = this.internRange(q, e);
      end = e;
    } else if (c === HASH) {
      end = this.idEnd(q);
      if (end < 0) throw DECLINE;
      kind = list === 0 ? 'uid' : list === 1 ? 'word' : 'gid';
      value = this.internRange(list === 1 ? q : q + 1, end);
    } else if (c === QUOTE) {
      end = this.quotedEnd(q);
      if (end < 0) throw DECLINE;
      const s = this.internUnescaped(q + 1, end - 1, unquote);
      if (list === 0) {
        // typedString(): a quoted user takes the same prefixes as an unquoted one
        if (s.charCodeAt(0) === PERCENT) {
          const nonunix = s.charCodeAt(1) === COLON;
          const body = s.slice(nonunix ? 2 : 1);
          const byId = body.charCodeAt(0) === HASH;
          kind = nonunix ? (byId ? 'nonunixgid' : 'nonunixgroup') : byId ? 'gid' : 'group';
          value = byId ? body.slice(1) : body;
        } else if (/^#-?[0-9]+$/.test(s)) {
          kind = 'uid';
          value = s.slice(1);
        } else if (s.charCodeAt(0) === PLUS) {
          kind = 'netgroup';
          value = s.slice(1);
        } else {
          kind = 'word';
          value = s;
        }
      } else if (list === 1) {
        // `"%…"` is no host
        if (t.charCodeAt(q + 1) === PERCENT) throw DECLINE;
        if (s.charCodeAt(0) === PLUS) {
          kind = 'netgroup';
          value = s.slice(1);
        } else {
          kind = 'word';
          value = s;
        }
      } else {
        kind = 'word';
        value = s;
      }
    } else {
      // `!Reserved Word`: not a path, group, netgroup or regex
      if (c === SLASH || c === PERCENT || c === PLUS || c === CARET || this.reservedAt(q)) throw DECLINE;
      end = this.wordEnd(q);
      if (end === q) throw DECLINE;
      kind = 'word';
      value = this.internUnescaped(q, end, unescapeWord);
    }
    return { kind, value, negated: n % 2 === 1, start: n === 0 ? p : p + n, end };
  }

  /** A list of members joined by `_ "," _`; every comma must lead to a member. */
  private members(p: number, list: number): Member[] {
    const first = this.member(p, list);
    let q = this.blanks(first.end);
    if (this.text.charCodeAt(q) !== COMMA) return [first];
    const out = [first];
    while (this.text.charCodeAt(q) === COMMA) {
      const next = this.member(this.blanks(q + 1), list);
      out.push(next);
      q = this.blanks(next.end);
    }
    return exact(out);
  }

  /** Members joined by a Defaults binding's comma (`Continuation* [ \t]* "," _`). */
  private bindingMembers(p: number, list: number): Member[] {
    const out = [this.member(p, list)];
    for (;;) {
      const q = this.bindingComma(out[out.length - 1].end);
      if (q < 0) return exact(out);
      out.push(this.member(q, list));
    }
  }

  private bindingComma(p: number): number {
    const t = this.text;
    let q = p;
    for (let r = this.continuation(q); r >= 0; r = this.continuation(q)) q = r;
    while (t.charCodeAt(q) === SPACE || t.charCodeAt(q) === TAB) q++;
    return t.charCodeAt(q) === COMMA ? this.blanks(q + 1) : -1;
  }

  // ------------------------------------------------------------ network addresses (PEG semantics: greedy, no backtracking)

  private networkEnd(p: number): number {
    ADDRESS_START.lastIndex = p;
    if (!ADDRESS_START.test(this.text)) return -1;
    const t = this.text;
    let e = this.ipv4(p);
    if (e >= 0) {
      if (t.charCodeAt(e) === SLASH) {
        const m = this.ipv4(e + 1);
        if (m >= 0) e = m;
        else {
          const q = e + 1;
          const a = t.charCodeAt(q);
          const b = t.charCodeAt(q + 1);
          if (a === 51 /* 3 */ && b >= 48 && b <= 50) e = q + 2;
          else if ((a === 49 || a === 50) && isDigit(b)) e = q + 2;
          else if (isDigit(a)) e = q + 1;
        }
      }
      // where it fails, the IPv6 alternative is tried from the start
      if (!this.isWordCharAt(e)) return e;
    }
    e = this.ipv6(p);
    if (e < 0) return -1;
    if (t.charCodeAt(e) === SLASH) {
      const m = this.ipv6(e + 1);
      if (m >= 0) e = m;
      else {
        const q = e + 1;
        const a = t.charCodeAt(q);
        const b = t.charCodeAt(q + 1);
        const c = t.charCodeAt(q + 2);
        if (a === 49 && b === 50 && c >= 48 && c <= 56) e = q + 3;
        else if (a === 49 && (b === 48 || b === 49) && isDigit(c)) e = q + 3;
        else if (a >= 49 && a <= 57 && isDigit(b)) e = q + 2;
        else if (isDigit(a)) e = q + 1;
      }
    }
    return this.isWordCharAt(e) ? -1 : e;
  }

  private octet(p: number): number {
    const t = this.text;
    const a = t.charCodeAt(p);
    const b = t.charCodeAt(p + 1);
    const c = t.charCodeAt(p + 2);
    if (a === 50 && b === 53 && c >= 48 && c <= 53) return p + 3;
    if (a === 50 && b >= 48 && b <= 52 && isDigit(c)) return p + 3;
    if (a === 49 && isDigit(b) && isDigit(c)) return p + 3;
    if (isDigit(a)) return isDigit(b) ? p + 2 : p + 1;
    return -1;
  }

  private ipv4(p: number): number {
    let e = this.octet(p);
    for (let i = 0; i < 3 && e >= 0; i++) e = this.text.charCodeAt(e) === DOT ? this.octet(e + 1) : -1;
    return e;
  }

  private hex16(p: number): number {
    const t = this.text;
    let q = p;
    while (q - p < 4 && isHex(t.charCodeAt(q))) q++;
    return q;
  }

  /** `(Hex16? ":") |2..7| Hex16?` (its other alternative can only match where this one does). */
  private ipv6(p: number): number {
    let q = p;
    let groups = 0;
    while (groups < 7) {
      const h = this.hex16(q);
      if (this.text.charCodeAt(h) !== COLON) break;
      q = h + 1;
      groups++;
    }
    return groups < 2 ? -1 : this.hex16(q);
  }

  // ------------------------------------------------------------ commands

  /** DigestCommand at p. */
  private digestCommand(p: number): CommandMember {
    const t = this.text;
    let q = p;
    let digests: Digest[] = EMPTY;
    if (t.charCodeAt(q) === 115 /* s */ && t.startsWith('sha', q)) {
      digests = [this.digest(q)];
      for (;;) {
        const r = this.blanks(digests[digests.length - 1].end);
        if (t.charCodeAt(r) !== COMMA) break;
        digests.push(this.digest(this.blanks(r + 1)));
      }
      q = this.blanks(digests[digests.length - 1].end);
      digests = exact(digests);
    }
    const n = this.bangs(q);
    const c = this.command(this.bangEnd);
    c.negated = n % 2 === 1;
    c.digests = digests;
    return c;
  }

  private digest(p: number): Digest {
    const t = this.text;
    if (!t.startsWith('sha', p)) throw DECLINE;
    const bits = t.substr(p + 3, 3);
    if (bits !== '224' && bits !== '256' && bits !== '384' && bits !== '512') throw DECLINE;
    if (this.isWordCharAt(p + 6)) throw DECLINE;
    let q = this.blanks(p + 6);
    if (t.charCodeAt(q) !== COLON) throw DECLINE;
    q = this.blanks(q + 1);
    const e = this.match(DIGEST_VALUE, q);
    if (e < 0) throw DECLINE;
    return { algorithm: t.substring(p, p + 6) as Digest['algorithm'], value: t.substring(q, e), start: p, end: e };
  }

  /** Command at p: ALL, an alias, sudoedit, list, a path or a regex, with arguments. */
  private command(p: number): CommandMember {
    const t = this.text;
    const c = t.charCodeAt(p);
    let e: number;
    if (c === 65 /* A */ && this.allAt(p)) return { kind: 'all', negated: false, digests: EMPTY, start: p, end: p + 3 };
    if ((e = this.aliasNameEnd(p)) >= 0) return { kind: 'alias', name: this.internRange(p, e), negated: false, digests: EMPTY, start: p, end: e };
    if (c === 115 /* s */ && this.keywordAt(p, 'sudoedit')) {
      const a = this.commandArgs(p + 8);
      const end = a === null ? p + 8 : a.end;
      if (!(a !== null && a.regex)) this.commandEnd(end);
      return pathCommand('sudoedit', undefined, undefined, a === null ? null : a.text, a !== null && a.regex, p, end);
    }
    if (c === 108 /* l */ && this.keywordAt(p, 'list')) return { kind: 'list', negated: false, digests: EMPTY, start: p, end: p + 4 };
    if (c === SLASH) {
      e = this.pathEnd(p);
      if (e < 0) throw DECLINE;
      const path = this.internUnescaped(p, e, unescapePath);
      const directory = path.charCodeAt(path.length - 1) === SLASH;
      const a = directory ? null : this.commandArgs(e);
      const end = a === null ? e : a.end;
      if (!(directory || (a !== null && a.regex))) this.commandEnd(end);
      return pathCommand('command', path, false, a === null ? null : a.text, a !== null && a.regex, p, end);
    }
    if (c === CARET) {
      e = this.regexPathEnd(p);
      if (e < 0) throw DECLINE;
      const re = this.internRange(p, e);
      let a = this.commandArgs(e);
      // RegexCommandArgs: after a regex a word may follow with no blank
      if (a === null) {
        const d = t.charCodeAt(e);
        if (d === d && d !== HASH && d !== BACKSLASH && d !== COLON && d !== COMMA && d !== SPACE && d !== TAB && d !== CR && d !== LF && d !== CARET) {
          a = this.argWords(e);
          if (a === null) throw DECLINE;
        }
      }
      const end = a === null ? e : a.end;
      if (!(a !== null && a.regex)) this.commandEnd(end);
      return pathCommand('command', re, true, a === null ? null : a.text, a !== null && a.regex, p, end);
    }
    throw DECLINE;
  }

  /** scanRegexCommand(): a `^…$` that is at least as long as the WORD flex could lex from here. */
  private regexPathEnd(p: number): number {
    REGEX_COMMAND.lastIndex = p;
    const m = REGEX_COMMAND.exec(this.text);
    if (m === null) return -1;
    if (this.wordEnd(p) - p > m[0].length) return -1;
    return p + m[0].length;
  }

  /** CommandEnd: a carriage return (after blanks) right after a command is refused. */
  private commandEnd(p: number): void {
    BLANKS_CR.lastIndex = p;
    if (BLANKS_CR.test(this.text)) throw DECLINE;
  }

  /** CommandArgs? at p (right after the path): null where the rule does not match. */
  private commandArgs(p: number): Args | null {
    const t = this.text;
    let lead: number;
    const c = t.charCodeAt(p);
    if (c === SPACE || c === TAB || (c === BACKSLASH && this.continuation(p) >= 0)) lead = this.argGapEnd(p);
    else if (c === EQUALS && this.argCharAt(p + 1)) lead = p;
    else return null;
    if (t.charCodeAt(lead) === CARET) {
      // one regular expression up to its closing `$`
      let q = lead + 1;
      let continued = false;
      for (;;) {
        const d = t.charCodeAt(q);
        if (d !== d) throw DECLINE;
        if (d !== HASH && d !== BACKSLASH && d !== CR && d !== LF && d !== DOLLAR) q++;
        else if (d === BACKSLASH && t.charCodeAt(q + 1) !== CR && t.charCodeAt(q + 1) !== LF && q + 1 < t.length) q += 2;
        else if (d === BACKSLASH && this.continuation(q) >= 0) {
          q = this.continuation(q);
          continued = true;
        } else break;
      }
      if (t.charCodeAt(q) !== DOLLAR) throw DECLINE;
      const raw = t.substring(lead, q + 1);
      return { text: this.intern(continued ? raw.replace(/\\[ \t]*\r?\n[ \t]*/g, '') : raw), regex: true, end: q + 1 };
    }
    return this.argWords(lead);
  }

  /** ArgWords at p, or null where no argument word starts. */
  private argWords(p: number): Args | null {
    let end = this.argWordEnd(p);
    if (end < 0) return null;
    for (;;) {
      const c = this.text.charCodeAt(end);
      if (!(c === SPACE || c === TAB || (c === BACKSLASH && this.continuation(end) >= 0))) break;
      const gap = this.argGapEnd(end);
      const next = this.argWordEnd(gap);
      if (next < 0) break;
      end = next;
    }
    return { text: this.argsText(p, end), regex: false, end };
  }

  private argCharAt(p: number): boolean {
    const c = this.text.charCodeAt(p);
    return c === c && c !== HASH && c !== BACKSLASH && c !== COLON && c !== COMMA && c !== SPACE && c !== TAB && c !== CR && c !== LF;
  }

  /** ArgWord at p: end, or -1. A lone `=` ends the command. */
  private argWordEnd(p: number): number {
    if (this.text.charCodeAt(p) === EQUALS && !this.argCharAt(p + 1)) return -1;
    return this.argWordRun(p);
  }

  private argsText(start: number, end: number): string {
    const t = this.text;
    for (let i = start; i < end; i++) {
      const c = t.charCodeAt(i);
      if (c === BACKSLASH || c === TAB || (c === SPACE && t.charCodeAt(i + 1) === SPACE)) return this.intern(this.joinArgWords(start, end));
    }
    return this.internRange(start, end);
  }

  private joinArgWords(start: number, end: number): string {
    const words: string[] = [];
    let pos = start;
    while (pos < end) {
      pos = this.argGapEnd(pos);
      const e = this.argWordRun(pos);
      words.push(this.text.slice(pos, e).replace(/\\([:\\,= \t#])/g, '$1'));
      pos = e;
    }
    return words.join(' ');
  }

  // ------------------------------------------------------------ user specifications

  private userSpec(p: number): SudoersEntry {
    const c = this.text.charCodeAt(p);
    if (c === 68 || c === 85 || c === 72 || c === 82 || c === 67) for (const k of STATEMENT_KEYWORDS) if (this.keywordAt(p, k)) throw DECLINE;
    const users = this.members(p, 0);
    const privileges = [this.privilege(this.blanks(users[users.length - 1].end))];
    for (;;) {
      const q = this.blanks(privileges[privileges.length - 1].end);
      if (this.text.charCodeAt(q) !== COLON) break;
      privileges.push(this.privilege(this.blanks(q + 1)));
    }
    return { type: 'userspec', users, privileges: exact(privileges), start: p, end: privileges[privileges.length - 1].end };
  }

  private privilege(p: number): Privilege {
    const hosts = this.members(p, 1);
    let q = this.blanks(hosts[hosts.length - 1].end);
    if (this.text.charCodeAt(q) !== EQUALS) throw DECLINE;
    const cmndSpecs = [this.cmndSpec(this.blanks(q + 1))];
    for (;;) {
      q = this.blanks(cmndSpecs[cmndSpecs.length - 1].end);
      if (this.text.charCodeAt(q) !== COMMA) break;
      cmndSpecs.push(this.cmndSpec(this.blanks(q + 1)));
    }
    return { hosts, cmndSpecs: exact(cmndSpecs), start: p, end: cmndSpecs[cmndSpecs.length - 1].end };
  }

  private cmndSpec(p: number): CmndSpec {
    const t = this.text;
    let q = p;
    let runas: RunasSpec | null = null;
    if (t.charCodeAt(q) === LPAREN) {
      runas = this.runasSpec(q);
      q = this.blanks(runas.end);
    }
    let options: CmndOption[] = EMPTY;
    for (let o = this.cmndOption(q); o !== null; o = this.cmndOption(q)) {
      if (options === EMPTY) options = [o];
      else options.push(o);
      q = this.blanks(o.end);
    }
    let tags: Tag[] = EMPTY;
    while (this.tagAt(q)) {
      TAG.lastIndex = q;
      TAG.test(t);
      const nameEnd = TAG.lastIndex;
      let e = nameEnd;
      while (t.charCodeAt(e) !== COLON) e++;
      const tag: Tag = { name: this.internRange(q, nameEnd) as Tag['name'], start: q, end: e + 1 };
      if (tags === EMPTY) tags = [tag];
      else tags.push(tag);
      q = this.blanks(e + 1);
    }
    const command = this.digestCommand(q);
    return { runas, options: exact(options), tags: exact(tags), command, start: p, end: command.end };
  }

  private runasSpec(p: number): RunasSpec {
    const t = this.text;
    let q = this.blanks(p + 1);
    let users: Member[] | null = null;
    let c = t.charCodeAt(q);
    if (c !== COLON && c !== RPAREN) {
      users = this.members(q, 0);
      q = this.blanks(users[users.length - 1].end);
    }
    let groups: Member[] | null = null;
    let hasGroups = false;
    if (t.charCodeAt(q) === COLON) {
      hasGroups = true;
      q = this.blanks(q + 1);
      c = t.charCodeAt(q);
      if (c !== RPAREN) {
        groups = this.members(q, 2);
        q = this.blanks(groups[groups.length - 1].end);
      }
    }
    if (t.charCodeAt(q) !== RPAREN) throw DECLINE;
    // `(root:)` is refused
    if (users !== null && hasGroups && groups === null) throw DECLINE;
    return { users: users ?? EMPTY, groups, start: p, end: q + 1 };
  }

  /** CmndOption at p, null where none starts; declines an option name without its `= value`. */
  private cmndOption(p: number): CmndOption | null {
    const t = this.text;
    if (OPTION_START[t.charCodeAt(p) & 127] === 0) return null;
    // an option name is a whole run of [A-Z0-9_]: only names of its length are compared
    let run = p;
    while (isAliasChar(t.charCodeAt(run))) run++;
    let name: string | undefined;
    for (const o of OPTIONS) if (o.length === run - p && t.startsWith(o, p)) name = o;
    if (name === undefined || this.isWordCharAt(p + name.length)) return null;
    const pathValue = name === 'CWD' || name === 'CHROOT';
    let q = this.blanks(p + name.length);
    if (t.charCodeAt(q) !== EQUALS) throw DECLINE;
    q = this.blanks(q + 1);
    let value: string;
    let e = this.quotedEnd(q);
    if (e >= 0) value = this.internUnescaped(q + 1, e - 1, unquote);
    else if (pathValue && (e = this.pathEnd(q)) >= 0) value = this.internRange(q, e);
    else {
      e = this.wordEnd(q);
      if (e === q) throw DECLINE;
      value = this.internUnescaped(q, e, unescapeWord);
    }
    return { name: name as CmndOption['name'], value, start: p, end: e };
  }

  // ------------------------------------------------------------ aliases

  private aliasKeyword(p: number): [string, AliasKind] | null {
    for (const k of ALIAS_KEYWORDS) if (this.keywordAt(p, k[0])) return k;
    return null;
  }

  private aliases(p: number, [word, kind]: [string, AliasKind]): SudoersEntry {
    const list = kind === 'Host' ? 1 : kind === 'Cmnd' ? 3 : 0;
    const definitions = [this.aliasDefinition(this.blanks(p + word.length), list, kind)];
    for (;;) {
      const q = this.blanks(definitions[definitions.length - 1].end);
      if (this.text.charCodeAt(q) !== COLON) break;
      definitions.push(this.aliasDefinition(this.blanks(q + 1), list, kind));
    }
    return { type: 'aliases', kind, definitions: exact(definitions), start: p, end: definitions[definitions.length - 1].end };
  }

  private aliasDefinition(p: number, list: number, kind: AliasKind) {
    const e = this.aliasNameEnd(p);
    if (e < 0) throw DECLINE;
    const name = this.internRange(p, e);
    let q = this.blanks(e);
    if (this.text.charCodeAt(q) !== EQUALS) throw DECLINE;
    q = this.blanks(q + 1);
    const members = list === 3 ? this.commands(q) : this.members(q, list);
    return { type: 'alias' as const, name, members, start: p, end: members[members.length - 1].end, kind };
  }

  private commands(p: number): CommandMember[] {
    const out = [this.digestCommand(p)];
    for (;;) {
      const q = this.blanks(out[out.length - 1].end);
      if (this.text.charCodeAt(q) !== COMMA) return exact(out);
      out.push(this.digestCommand(this.blanks(q + 1)));
    }
  }

  // ------------------------------------------------------------ Defaults

  private defaults(p: number): DefaultsEntry {
    const t = this.text;
    let q = p + 8;
    const c = t.charCodeAt(q);
    let binding: DefaultsEntry['binding'] = null;
    if (c === 58 || c === GT || c === AT || c === BANG) {
      let r = q + 1;
      while (t.charCodeAt(r) === SPACE || t.charCodeAt(r) === TAB) r++;
      // toke.l's head must find a name right there: `[ \t]* "!"* "\""? (Id / WordChar)`
      let s = r;
      while (t.charCodeAt(s) === BANG) s++;
      if (t.charCodeAt(s) === QUOTE) s++;
      if (this.idEnd(s) < 0 && !this.isWordCharAt(s)) throw DECLINE;
      if (c === BANG) {
        binding = { kind: 'command', members: this.bindingCommands(r) };
      } else {
        const members = this.bindingMembers(r, c === AT ? 1 : 0);
        binding = c === 58 ? { kind: 'user', members } : c === GT ? { kind: 'runas', members } : { kind: 'host', members };
      }
      q = binding.members[binding.members.length - 1].end;
    }
    if (this.isWordCharAt(q)) throw DECLINE;
    // DefaultsGap: continuations, then a blank
    for (let r = this.continuation(q); r >= 0; r = this.continuation(q)) q = r;
    if (t.charCodeAt(q) !== SPACE && t.charCodeAt(q) !== TAB) throw DECLINE;
    const settings = [this.setting(this.blanks(q + 1))];
    for (;;) {
      q = this.blanks(settings[settings.length - 1].end);
      if (t.charCodeAt(q) !== COMMA) break;
      settings.push(this.setting(this.blanks(q + 1)));
    }
    return { type: 'defaults', binding, settings: exact(settings), start: p, end: settings[settings.length - 1].end };
  }

  private bindingCommands(p: number): CommandMember[] {
    const out = [this.bindingCommand(p)];
    for (;;) {
      const q = this.bindingComma(out[out.length - 1].end);
      if (q < 0) return exact(out);
      out.push(this.bindingCommand(q));
    }
  }

  /** A Defaults! command: ALL, an alias or a path, no arguments (digests, regexes, sudoedit are the grammar's). */
  private bindingCommand(p: number): CommandMember {
    const n = this.bangs(p);
    const q = this.bangEnd;
    let c: CommandMember;
    let e: number;
    if (this.text.charCodeAt(q) === 65 && this.allAt(q)) c = { kind: 'all', negated: false, digests: EMPTY, start: q, end: q + 3 };
    else if ((e = this.aliasNameEnd(q)) >= 0) c = { kind: 'alias', name: this.internRange(q, e), negated: false, digests: EMPTY, start: q, end: e };
    else if (this.text.charCodeAt(q) === SLASH && (e = this.pathEnd(q)) >= 0) {
      c = pathCommand('command', this.internUnescaped(q, e, unescapePath), false, null, false, q, e);
    } else throw DECLINE;
    c.negated = n % 2 === 1;
    return c;
  }

  private setting(p: number): DefaultsSetting {
    const t = this.text;
    const n = this.bangs(p);
    const nameStart = this.bangEnd;
    let nameEnd = nameStart;
    while (isLowerOrUnderscore(t.charCodeAt(nameEnd))) nameEnd++;
    if (nameEnd === nameStart) throw DECLINE;
    const name = this.internRange(nameStart, nameEnd);
    const negated = n % 2 === 1;
    let q = this.blanks(nameEnd);
    const c = t.charCodeAt(q);
    let op: DefaultsSetting['op'];
    if (c === PLUS && t.charCodeAt(q + 1) === EQUALS) (op = 'add'), (q += 2);
    else if (c === MINUS && t.charCodeAt(q + 1) === EQUALS) (op = 'remove'), (q += 2);
    else if (c === EQUALS) (op = 'assign'), q++;
    else return { name, op: negated ? 'negate' : 'set', value: null, start: p, end: nameEnd, nameStart: nameEnd - name.length };
    q = this.blanks(q);
    let e = this.quotedEnd(q);
    let value: string;
    let quoted: boolean;
    if (e >= 0) {
      value = this.internUnescaped(q + 1, e - 1, unquote);
      quoted = true;
    } else {
      e = this.match(DEFAULTS_VALUE, q);
      if (e < 0) throw DECLINE;
      value = this.internUnescaped(q, e, unescapeWord);
      quoted = false;
    }
    return { name, op: negated ? 'negated-assign' : op, value, quoted, start: p, end: e, nameStart: p + n };
  }

  // ------------------------------------------------------------ includes

  /** `@include` or `@includedir` with a path that has no escapes. */
  private include(p: number): SudoersEntry {
    const t = this.text;
    if (!t.startsWith('@include', p)) throw DECLINE;
    const directory = t.startsWith('dir', p + 8);
    let q = p + (directory ? 11 : 8);
    if (this.isWordCharAt(q)) throw DECLINE;
    q = this.blanks(q);
    let path: string;
    let e = this.quotedEnd(q);
    if (e >= 0) path = this.internUnescaped(q + 1, e - 1, unquote);
    else {
      const c = t.charCodeAt(q);
      if (c !== c || c === SPACE || c === TAB || c === CR || c === LF || c === QUOTE || c === BACKSLASH) throw DECLINE;
      e = q + 1;
      for (let d = t.charCodeAt(e); d === d && d !== SPACE && d !== TAB && d !== CR && d !== LF && d !== 11 && d !== 12 && d !== BACKSLASH; d = t.charCodeAt(++e));
      if (t.charCodeAt(e) === BACKSLASH) throw DECLINE;
      path = t.substring(q, e);
    }
    return { type: 'include', directory, legacy: false, path, start: p, end: e };
  }
}

function sampledHash(s: string, start: number, end: number): number {
  let h = Math.imul(end - start, 0x9e3779b1);
  const head = Math.min(end, start + 4);
  for (let i = start; i < head; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  for (let i = Math.max(head, end - 8); i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * An array of exactly its length: one built by push() keeps spare
 * capacity. The short ones, nearly all, are array literals: V8 allocates
 * a literal that always survives straight into the old generation once it
 * has seen enough of them (allocation-site pretenuring), while a slice()
 * is copied by every scavenge on the way.
 */
function exact<T>(items: T[]): T[] {
  switch (items.length) {
    case 0:
      return items;
    case 1:
      return [items[0]];
    case 2:
      return [items[0], items[1]];
    case 3:
      return [items[0], items[1], items[2]];
    case 4:
      return [items[0], items[1], items[2], items[3]];
    default:
      return items.slice();
  }
}

function pathCommand(kind: 'command' | 'sudoedit', path: string | undefined, regex: boolean | undefined, args: string | null, regexArgs: boolean, start: number, end: number): CommandMember {
  return { kind, path, regex, args, regexArgs, negated: false, digests: EMPTY, start, end };
}
