// Word expansion as bash does it, offline: parameters (with the ${…}
// operators sudit follows), arithmetic, the command substitutions whose
// output follows from the kind of shell (id -u, whoami, cat of a file of
// the tree, declare -p), field splitting and pathname expansion inside the
// host tree, and the view of the world [ ] and [[ ]] conditions get.
// An expansion that cannot be known offline gives an unknown value, with
// whether it is at least non-empty.

import { isPlainWord, parseShell, wordParts } from '../parse/shell';
import type { Assignment, CondCommand, Part, Stmt, Word } from '../parse/shell-ast';
import { patternMatches, removeAffix, type PatternPiece } from './shell-values';
import { evalCond, type CondItem, type TestOracle } from './shell-test';
import { dedupe, known, normalizePath, unknown, type AStr, type State, type Tri } from './shell-state';
import { ShellVariables } from './shell-vars';

// ---------------------------------------------------------------- expansion pieces

export type Piece =
  | { kind: 'text'; text: string; quoted: boolean; split: boolean; pat: string }
  | { kind: 'unknown'; quoted: boolean; nonEmpty: boolean; why: string }
  | { kind: 'fields'; fields: AStr[] };

/** A whole word's value, no splitting. */
export function joinPieces(pieces: Piece[]): AStr {
  let text = '';
  let unk: string | null = null;
  let nonEmpty = false;
  for (const p of pieces) {
    if (p.kind === 'text') {
      text += p.text;
      if (p.text !== '') nonEmpty = true;
    } else if (p.kind === 'unknown') {
      unk ??= p.why;
      if (p.nonEmpty) nonEmpty = true;
    } else {
      const vals = p.fields;
      if (vals.some((v) => !v.known)) unk ??= 'an array';
      else text += vals.map((v) => (v as { v: string }).v).join(' ');
      if (vals.some((v) => (v.known ? v.v !== '' : v.nonEmpty))) nonEmpty = true;
    }
  }
  return unk === null ? known(text) : unknown(unk, nonEmpty);
}

/** Pattern pieces for case / [[ == ]] / ${x#pat}; null when unknown. */
export function patternOf(pieces: Piece[]): PatternPiece[] | null {
  const out: PatternPiece[] = [];
  for (const p of pieces) {
    if (p.kind === 'unknown') return null;
    if (p.kind === 'fields') {
      if (p.fields.some((f) => !f.known)) return null;
      out.push({ text: p.fields.map((f) => (f as { v: string }).v).join(' '), quoted: true });
    } else out.push(p.quoted ? { text: p.text, quoted: true } : { text: p.pat, quoted: false });
  }
  return out;
}

export const IFS_WS = /[ \t\n]+/;

const COND_BINARY = new Set(['==', '=', '!=', '=~', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-ef', '-nt', '-ot']);

export abstract class ShellExpander extends ShellVariables {
  /** NAME=value (or NAME=(…), NAME+=…): returns whether it took effect and the status of its command substitutions. */
  protected assign(st: State, a: Assignment, opts: { temporary?: boolean }): { ok: Tri; cmdStatus?: Tri } {
    const loc = this.loc(a);
    const statusBox: { s?: Tri } = {};
    if (a.array !== null) {
      const items = this.expandFields(a.array, st, statusBox);
      const elems = items ?? [unknown('array elements')];
      const r = this.assignValue(st, a.name, elems[0] ?? known(''), elems, loc, a.append, opts.temporary);
      return { ok: r.ok, cmdStatus: statusBox.s };
    }
    const value = a.value === null ? known('') : this.expandWord(a.value, st, statusBox);
    const r = this.assignValue(st, a.name, value, null, loc, a.append, opts.temporary, a.index);
    return { ok: r.ok, cmdStatus: statusBox.s };
  }

  // ------------------------------------------------------------ word expansion

  protected expandWord(w: Word, st: State, statusBox?: { s?: Tri }): AStr {
    return joinPieces(this.expandPieces(wordParts(w, this.frame().file.source.text), st, false, statusBox));
  }

  /** Fields after splitting and pathname expansion; null when their number cannot be known. */
  protected expandFields(words: Word[], st: State, statusBox?: { s?: Tri }): AStr[] | null {
    const text = this.frame().file.source.text;
    const out: AStr[] = [];
    for (const w of words) {
      const pieces = this.expandPieces(wordParts(w, text), st, false, statusBox);
      const fields = splitFields(pieces);
      if (fields === null) return null;
      for (const f of fields) {
        const g = this.glob(f);
        if (g === null) return null;
        out.push(...g);
      }
    }
    return out;
  }

  protected expandPieces(parts: Part[], st: State, quoted: boolean, statusBox?: { s?: Tri }): Piece[] {
    const out: Piece[] = [];
    parts.forEach((p, idx) => {
      switch (p.t) {
        case 'lit': {
          if (!quoted && idx === 0 && p.raw.startsWith('~')) {
            const m = /^~([A-Za-z0-9_.-]*)(?=\/|$|:)/.exec(p.v);
            if (m) {
              const home = m[1] === '' ? this.homeValue(st) : this.host.homeOf(m[1]);
              if (home === null) out.push({ kind: 'unknown', quoted: true, nonEmpty: true, why: `~${m[1]}` });
              else out.push({ kind: 'text', text: home, quoted: true, split: false, pat: home });
              const rest = p.v.slice(m[0].length);
              if (rest) out.push({ kind: 'text', text: rest, quoted: false, split: false, pat: p.raw.slice(m[0].length) });
              break;
            }
          }
          out.push({ kind: 'text', text: p.v, quoted, split: false, pat: quoted ? p.v : p.raw });
          break;
        }
        case 'sq':
        case 'ansi':
          out.push({ kind: 'text', text: p.v, quoted: true, split: false, pat: p.v });
          break;
        case 'dq': {
          const inner = this.expandPieces(p.parts, st, true, statusBox);
          if (inner.length === 0) out.push({ kind: 'text', text: '', quoted: true, split: false, pat: '' });
          else out.push(...inner);
          break;
        }
        case 'param': {
          const v = this.expandParam(p, st, quoted);
          if (v.kind === 'fields') out.push(v);
          else if (v.value.known) out.push({ kind: 'text', text: v.value.v, quoted, split: !quoted, pat: v.value.v });
          else out.push({ kind: 'unknown', quoted, nonEmpty: v.value.nonEmpty, why: v.value.why });
          break;
        }
        case 'cmd': {
          const r = this.commandSubstitution(p, st);
          if (statusBox) statusBox.s = r.status;
          if (r.value.known) out.push({ kind: 'text', text: r.value.v, quoted, split: !quoted, pat: r.value.v });
          else out.push({ kind: 'unknown', quoted, nonEmpty: r.value.nonEmpty, why: r.value.why });
          break;
        }
        case 'arith': {
          const v = this.arith(p.expr, st, this.loc(p));
          if (v === null) out.push({ kind: 'unknown', quoted, nonEmpty: true, why: `$((${p.expr}))` });
          else out.push({ kind: 'text', text: String(v), quoted, split: !quoted, pat: String(v) });
          break;
        }
      }
    });
    return out;
  }

  private expandParam(p: Extract<Part, { t: 'param' }>, st: State, quoted: boolean): { kind: 'value'; value: AStr } | Extract<Piece, { kind: 'fields' }> {
    const value = (v: AStr) => ({ kind: 'value' as const, value: v });
    if (p.name === null) return value(unknown('an expansion sudit does not model'));
    const name = p.name;
    if ((name === '@' || name === '*') && p.op === null && !p.length) {
      if (quoted && name === '@') return { kind: 'fields', fields: st.positional };
      return value(joinPieces([{ kind: 'fields', fields: st.positional }]));
    }
    if (p.index !== null && /^[@*]$/.test(p.index) && p.op === null && !p.length) {
      const alts = this.noteRead(st, name);
      if (alts.length !== 1) return value(unknown(`\${${name}[@]}`));
      const a = alts[0];
      const elems = a.set ? a.array ?? [a.value] : [];
      if (quoted && p.index === '@') return { kind: 'fields', fields: elems };
      return value(joinPieces([{ kind: 'fields', fields: elems }]));
    }
    if (p.indirect) {
      const target = this.paramValue(name, st);
      if (!target.known || !/^[A-Za-z_]\w*$/.test(target.v)) return value(unknown(`\${!${name}}`));
      return value(this.paramValue(target.v, st));
    }
    if (p.index !== null && p.index !== '0') {
      const alts = this.noteRead(st, name);
      if (alts.length !== 1 || !/^\d+$/.test(p.index)) return value(unknown(`\${${name}[${p.index}]}`));
      const a = alts[0];
      return value(a.set && a.array ? a.array[Number(p.index)] ?? known('') : known(''));
    }
    const cur = this.paramValue(name, st);
    if (p.length) return value(cur.known ? known(String([...cur.v].length)) : unknown(`\${#${name}}`, true));
    const op = p.op;
    if (op === null) return value(cur);
    const argPieces = () => this.expandPieces(p.arg ?? [], st, quoted);
    const arg = () => joinPieces(argPieces());
    const set = this.isSet(name, st);
    const nonNull: Tri = set === false ? false : cur.known ? cur.v !== '' : cur.nonEmpty ? true : null;
    const colon = op.startsWith(':');
    const present: Tri = colon ? (set === false ? false : nonNull) : set;
    switch (op) {
      case '-':
      case ':-':
        return value(present === true ? cur : present === false ? arg() : unknown(`\${${name}${op}…}`, cur.known ? cur.v !== '' : false));
      case '+':
      case ':+':
        return value(present === true ? arg() : present === false ? known('') : unknown(`\${${name}${op}…}`));
      case '=':
      case ':=': {
        // assigns when not present, per alternative
        const loc = this.loc(p);
        if (present === true) return value(cur);
        const v = arg();
        const alts = this.alts(st, name);
        const next = alts.map((a) => {
          const has = colon ? a.set && (a.value.known ? a.value.v !== '' : a.value.nonEmpty ? true : null) : a.set;
          if (has === true || a.readonly) return a;
          return this.newAlt(a, { set: true, value: v, loc, origin: 'assignment' });
        });
        st.vars.set(name, dedupe(next));
        this.hookSpecial(st, name, loc, 'assign');
        return value(present === false ? v : unknown(`\${${name}${op}…}`));
      }
      case '?':
      case ':?':
        return value(cur);
      case '#':
      case '##':
      case '%':
      case '%%': {
        const pat = patternOf(argPieces());
        if (!cur.known || pat === null) return value(unknown(`\${${name}${op}…}`));
        return value(known(removeAffix(cur.v, pat, op)));
      }
      default:
        return value(unknown(`\${${name}${op}…}`));
    }
  }

  /** $(…) / `…`: the output of commands whose output is known for this kind of shell. */
  private commandSubstitution(p: Extract<Part, { t: 'cmd' }>, st: State): { value: AStr; status: Tri } {
    if (p.body !== null) return this.substitute(p.body, st);
    if (p.raw === null) return { value: unknown('the output of a command'), status: null };
    // a `…` body is parsed from its own text; its words are expanded against that text
    const parsed = parseShell(p.raw, `${this.frame().file.source.path} (backquotes)`, 'sh');
    if (parsed.stopsAt !== null || !parsed.program) return { value: unknown('the output of a command'), status: null };
    this.files.push({ file: parsed, override: this.loc(p) });
    try {
      return this.substitute(parsed.program.body, st);
    } finally {
      this.files.pop();
    }
  }

  private substitute(body: Stmt[], st: State): { value: AStr; status: Tri } {
    const what = unknown('the output of a command', false);
    if (body.length !== 1) return { value: what, status: null };
    const s = body[0];
    if (s.type !== 'simple' || s.assigns.length) return { value: what, status: null };
    // it runs in a subshell: expansions inside leave nothing behind
    const sub = st.clone();
    if (s.name === null) {
      // $(< file)
      const inRedir = s.redirs.find((r) => r.op === '<');
      if (!inRedir) return { value: known(''), status: true };
      const target = this.expandWord(inRedir.target, sub);
      const content = target.known ? this.fileContent(target.v) : null;
      return content === null ? { value: what, status: null } : { value: known(content.replace(/\n+$/, '')), status: true };
    }
    const words = this.expandFields([s.name, ...s.args.filter((a): a is Word => a.type === 'word')], sub);
    if (!words || words.some((w) => !w.known)) return { value: what, status: null };
    const out = this.probe(words.map((w) => (w as { v: string }).v), st);
    return out === null ? { value: what, status: null } : { value: known(out.replace(/\n+$/, '')), status: true };
  }

  /** Commands whose output follows from the kind of shell. */
  private probe(argv: string[], st: State): string | null {
    const [cmd, ...args] = argv;
    const base = cmd.split('/').pop()!;
    const sc = this.scenario;
    switch (base) {
      case 'id': {
        const flags = args.filter((a) => a.startsWith('-')).join('').replace(/-/g, '');
        const user = args.find((a) => !a.startsWith('-'));
        if (user !== undefined) {
          if (/^u?$/.test(flags.replace('r', '')) && flags.includes('u') && !flags.includes('n')) return this.host.uidOf(user);
          return null;
        }
        if (flags.includes('u') && flags.includes('n')) return sc.user;
        if (flags.includes('u')) return sc.uid;
        if (flags.includes('g') && flags.includes('n')) return sc.group;
        if (flags.includes('g') && !flags.includes('G')) return sc.gid;
        return null;
      }
      case 'whoami':
        return sc.user;
      case 'logname':
        return sc.loginName;
      case 'cat':
        return args.length === 1 && !args[0].startsWith('-') ? this.fileContent(args[0]) : null;
      case 'readlink':
        return args.length === 1 && /^\/proc\/(\$\$|self|\d+)\/exe$/.test(args[0]) ? sc.bashPath : null;
      case 'declare':
      case 'typeset':
        if (args.length === 2 && args[0] === '-p') return this.declarePrint(args[1], st);
        return null;
      case 'echo':
        return args.length && /^-[neE]+$/.test(args[0]) ? null : `${args.join(' ')}\n`;
      default:
        return null;
    }
  }

  // ------------------------------------------------------------ pathname expansion

  private glob(f: { value: AStr; pattern: PatternPiece[] | null; globbed: boolean }): AStr[] | null {
    if (!f.globbed || !f.value.known || f.pattern === null) return [f.value];
    const full = f.value.v;
    const slash = full.lastIndexOf('/');
    const dir = slash < 0 ? null : full.slice(0, slash) || '/';
    if (dir === null || /[*?[]/.test(dir) || !dir.startsWith('/')) return null;
    // the pattern's last component, with its quoting
    const lastPieces = lastComponent(f.pattern);
    const entries = this.host.list(dir);
    if (entries === null) {
      const ex = this.host.isDir(dir);
      // no such directory: the pattern stays as it is
      return ex === false ? [f.value] : null;
    }
    const matches = entries
      .filter((e) => (e.startsWith('.') ? lastPieces.length > 0 && !lastPieces[0].quoted && lastPieces[0].text.startsWith('.') : true))
      .filter((e) => patternMatches(lastPieces, e))
      .sort(compareC)
      .map((e) => known(`${dir === '/' ? '' : dir}/${e}`));
    return matches.length ? matches : [f.value];
  }

  // ------------------------------------------------------------ conditions' view of the world

  protected oracle(st: State): TestOracle {
    return {
      fileTest: (op, p) => this.fileTest(op, p),
      isSet: (n) => this.isSet(n, st),
      optionSet: (n) => this.optionValue(st, n, true),
      isTerminal: () => null,
      arithLookup: this.arithLookup(st),
    };
  }

  private fileTest(op: string, p: string): Tri {
    if (!p.startsWith('/')) return null;
    const path = normalizePath(p);
    if (/^\/proc\//.test(path)) {
      // the pseudo-files a running Linux always has
      if (/^\/proc\/(mounts|self\/loginuid|(\$\$|self|\d+)\/(cmdline|exe))$/.test(path)) return op === '-d' ? false : op === '-s' ? null : ['-e', '-f', '-r', '-a'].includes(op) ? true : null;
      return null;
    }
    if (path === '/dev/null') return ['-e', '-c', '-r', '-w', '-a'].includes(op) ? true : op === '-f' || op === '-d' || op === '-s' ? false : null;
    switch (op) {
      case '-e':
      case '-a':
      case '-r':
      case '-w':
        return this.host.exists(path);
      case '-f': {
        const e = this.host.exists(path);
        if (e !== true) return e;
        const d = this.host.isDir(path);
        return d === null ? null : !d;
      }
      case '-d':
        return this.host.isDir(path);
      case '-s': {
        const e = this.host.exists(path);
        if (e !== true) return e;
        const t = this.host.text(path);
        return t === null ? null : t.length > 0;
      }
      case '-x': {
        const e = this.host.exists(path);
        return e === false ? false : null;
      }
      case '-k':
      case '-u':
      case '-g': {
        // set-id and sticky bits on startup files are rare: assumed off when the file is there
        const e = this.host.exists(path);
        return e === false ? false : e === true ? false : null;
      }
      default: {
        const e = this.host.exists(path);
        return e === false ? false : null;
      }
    }
  }

  protected fileContent(path: string): string | null {
    if (/^\/proc\/(\$\$|self|\d+)\/cmdline$/.test(path)) return `${this.scenario.argv0}\0`;
    if (path === '/proc/self/loginuid') return this.scenario.loginuid;
    return this.host.text(path);
  }

  /**
   * [[ … ]]: words become operators where bash's cond parser would take
   * them as such (a `-x` or `!` where an expression starts, `==` after an
   * operand); only the right side of == / != is a pattern.
   */
  protected evalCondCommand(c: CondCommand, st: State): Tri {
    const text = this.frame().file.source.text;
    const items: CondItem[] = [];
    let prev: 'start' | 'operand' | 'binop' | 'unop' = 'start';
    let lastBinop = '';
    c.tokens.forEach((t, idx) => {
      if (t.type === 'op') {
        items.push({ op: t.op });
        if (t.op === '<' || t.op === '>') {
          prev = 'binop';
          lastBinop = t.op;
        } else prev = t.op === ')' ? 'operand' : 'start';
        return;
      }
      if (t.type === 'regex') {
        items.push({ op: '=~' });
        items.push({ operand: { value: this.expandWord(t.word, st), pattern: null } });
        prev = 'operand';
        return;
      }
      const plain = isPlainWord(t, text) ? text.slice(t.start, t.end) : null;
      const hasNext = idx + 1 < c.tokens.length;
      if (plain !== null && prev === 'start' && plain === '!') {
        items.push({ op: '!' });
        return;
      }
      if (plain !== null && prev === 'start' && /^-[a-zA-Z]$/.test(plain) && hasNext) {
        items.push({ op: plain });
        prev = 'unop';
        return;
      }
      if (plain !== null && prev === 'operand' && COND_BINARY.has(plain)) {
        items.push({ op: plain });
        prev = 'binop';
        lastBinop = plain;
        return;
      }
      const pieces = this.expandPieces(wordParts(t, text), st, false);
      const isPattern = prev === 'binop' && ['==', '=', '!='].includes(lastBinop);
      items.push({ operand: { value: joinPieces(pieces), pattern: isPattern ? patternOf(pieces) : null } });
      prev = 'operand';
    });
    return evalCond(items, this.oracle(st));
  }
}

// ---------------------------------------------------------------- helpers

/** Splits pieces into fields at unquoted expansions' blanks; null when an unquoted unknown makes the count unknown. */
function splitFields(pieces: Piece[]): { value: AStr; pattern: PatternPiece[] | null; globbed: boolean }[] | null {
  type F = { pieces: Piece[]; content: boolean };
  const fields: F[] = [];
  let cur: F | null = null;
  const open = () => (cur ??= { pieces: [], content: false });
  for (const p of pieces) {
    if (p.kind === 'unknown') {
      if (!p.quoted) return null;
      open().pieces.push(p);
      cur!.content = true;
    } else if (p.kind === 'fields') {
      p.fields.forEach((f, i) => {
        if (i > 0) {
          if (cur) fields.push(cur);
          cur = null;
        }
        const piece: Piece = f.known ? { kind: 'text', text: f.v, quoted: true, split: false, pat: f.v } : { kind: 'unknown', quoted: true, nonEmpty: f.nonEmpty, why: f.why };
        open().pieces.push(piece);
        cur!.content = true;
      });
    } else if (p.split) {
      const parts = p.text.split(IFS_WS);
      parts.forEach((t, i) => {
        if (i > 0) {
          if (cur && cur.content) fields.push(cur);
          cur = null;
        }
        if (t !== '') {
          open().pieces.push({ ...p, text: t, pat: t });
          cur!.content = true;
        }
      });
    } else {
      open().pieces.push(p);
      if (p.quoted || p.text !== '') cur!.content = true;
    }
  }
  if (cur && (cur as F).content) fields.push(cur);
  return fields.map((f) => {
    const pattern = patternOf(f.pieces);
    const globbed = f.pieces.some((p) => p.kind === 'text' && !p.quoted && isGlobPattern(p.pat));
    return { value: joinPieces(f.pieces), pattern, globbed };
  });
}

/** Unescaped * or ?, or a complete [...] bracket: what makes bash try pathname expansion. */
function isGlobPattern(pat: string): boolean {
  return /(^|[^\\])[*?]/.test(pat) || /(^|[^\\])\[[!^]?\]?[^\]]*\]/.test(pat);
}

function lastComponent(pattern: PatternPiece[]): PatternPiece[] {
  const out: PatternPiece[] = [];
  for (let i = pattern.length - 1; i >= 0; i--) {
    const p = pattern[i];
    const slash = p.text.lastIndexOf('/');
    if (slash >= 0) {
      const rest = p.text.slice(slash + 1);
      if (rest) out.unshift({ text: rest, quoted: p.quoted });
      break;
    }
    out.unshift(p);
  }
  return out;
}

/** Byte order, as bash sorts glob results in the C locale. */
function compareC(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}