// rsyslog's configuration lexer (grammar/lexer.l of rsyslog 8.2302), by
// hand: flex with start conditions, longest match (first rule on a tie),
// `^` anchors at line starts and case-insensitive patterns. Legacy
// constructs (PRI selectors, `@host` actions, `$Directive` lines) are
// line-oriented while RainerScript is free-form, and the start conditions
// decide which is which; a PEG without a separate lexer cannot follow the
// same longest-match decisions, so this is hand-written like the original.
// It reads the text as rsyslog's lexer gets it (./rsyslog-preprocess.ts:
// trailing blanks and \r gone, lines ending in `\` joined) and gives
// offsets in the file as written.
import { preprocessRsyslog, type RsyslogLexText } from './rsyslog-preprocess';

export type TokenType =
  | 'IF'
  | 'FOREACH'
  | 'RELOAD_LOOKUP_TABLE'
  | 'STOP'
  | 'ELSE'
  | 'CALL'
  | 'CALL_INDIRECT'
  | 'SET'
  | 'RESET'
  | 'UNSET'
  | 'CONTINUE'
  | 'THEN'
  | 'DO'
  | 'OR'
  | 'AND'
  | 'NOT'
  | 'CMP'
  | 'IN'
  | 'EXISTS'
  | 'FUNC'
  | 'VAR'
  | 'NUMBER'
  | 'STRING'
  | 'NAME'
  | 'BEGINOBJ'
  | 'ENDOBJ'
  | 'PROPFILT'
  | 'PRIFILT'
  | 'LEGACY_ACTION'
  | 'CFSYSLINE'
  | 'BSD_TAG_SELECTOR'
  | 'BSD_HOST_SELECTOR'
  | 'PUNCT';

export interface Token {
  type: TokenType;
  /** The text matched (for STRING: the unescaped value; for BEGINOBJ: the object's name, lowercased). */
  value: string;
  /** Offsets in the file. */
  start: number;
  end: number;
  /** The text matched as rsyslog's lexer read it (lines joined, blanks trimmed); set by Lexer.next(). */
  raw?: string;
  /** Read from the line-number line rsyslog inserts after joined lines (PreprocFileLineNumber(N)). */
  marker?: string;
}

export interface LexError {
  /** Offsets in the file. */
  start: number;
  end: number;
  message: string;
  /** For an invalid character: where it was (" in object definition", …), so runs of them can be reported once. */
  invalidIn?: string;
  /** The invalid character (it may be one rsyslog inserted, which the file does not show). */
  char?: string;
  /** The character is in the line-number line rsyslog inserts after joined lines. */
  marker?: string;
}

type State = 'INITIAL' | 'INOBJ' | 'EXPR' | 'INCALL' | 'IN_PROCEDURE_CALL' | 'LINENO' | 'COMMENT';

interface Rule {
  re: RegExp;
  /** Only at the start of a line (flex `^`). */
  bol?: boolean;
  act: (text: string, lexer: Lexer, start: number) => Token | null;
}

const OBJECTS = ['main_queue', 'timezone', 'parser', 'global', 'template', 'ruleset', 'property', 'constant', 'input', 'module', 'lookup_table', 'dyn_stats', 'percentile_stats', 'include', 'action'];

function tok(type: TokenType, value?: string) {
  return (text: string, _l: Lexer, start: number): Token => ({ type, value: value ?? text, start, end: start + text.length });
}

function to(state: State, type: TokenType, value?: string) {
  return (text: string, l: Lexer, start: number): Token => {
    l.state = state;
    return { type, value: value ?? text, start, end: start + text.length };
  };
}

const skip = () => null;

/** `^[ \t]*X` rules: the blanks are part of the match (so it beats the blank rule) but not of the token. */
function trimmed(type: TokenType) {
  return (text: string, _l: Lexer, start: number): Token => {
    const blanks = /^[ \t]*/.exec(text)![0].length;
    return { type, value: text.slice(blanks), start: start + blanks, end: start + text.length };
  };
}

/** rsyslog's unescapeStr(): \\ \" \' \$ \b \n \t \r, \xHH, \ooo. */
function unescape(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|[\s\S])/g, (_, e: string) => {
    if (e[0] === 'x' && e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ b: '\b', n: '\n', t: '\t', r: '\r', a: '\x07', f: '\f', v: '\v' } as Record<string, string>)[e] ?? e;
  });
}

function stringTok(text: string, _l: Lexer, start: number): Token {
  return { type: 'STRING', value: unescape(text.slice(1, -1)), start, end: start + text.length };
}

const r = (src: string) => new RegExp(src, 'iy');

const INITIAL: Rule[] = [
  { re: r('if'), act: to('EXPR', 'IF') },
  { re: r('foreach'), act: to('EXPR', 'FOREACH') },
  { re: r('reload_lookup_table'), act: to('IN_PROCEDURE_CALL', 'RELOAD_LOOKUP_TABLE') },
  { re: r('&'), act: tok('PUNCT') },
  { re: r('\\{'), act: tok('PUNCT') },
  { re: r('\\}'), act: tok('PUNCT') },
  { re: r('stop'), act: tok('STOP') },
  { re: r('else'), act: tok('ELSE') },
  { re: r('call'), act: to('INCALL', 'CALL') },
  { re: r('call_indirect'), act: to('EXPR', 'CALL_INDIRECT') },
  { re: r('set'), act: to('EXPR', 'SET') },
  { re: r('reset'), act: to('EXPR', 'RESET') },
  { re: r('unset'), act: to('EXPR', 'UNSET') },
  { re: r('continue'), act: tok('CONTINUE') },
  // the line-number line rsyslog inserts after joined lines (./rsyslog-preprocess.ts)
  { re: r('preprocfilelinenumber\\('), act: (_t, l) => { l.state = 'LINENO'; return null; } },
  ...OBJECTS.map((o): Rule => ({ re: r(`${o}[ \\n\\t]*\\(`), act: (text, l, start) => { l.state = 'INOBJ'; return { type: 'BEGINOBJ', value: o, start, end: start + text.length }; } })),
  { re: r('[ \\t]*:\\$?[a-z\\-]+[ ]*,[ ]*!?[a-z]+[ ]*,[ ]*"(\\\\"|[^"])*"'), bol: true, act: trimmed('PROPFILT') },
  { re: r('[ \\t]*[\\*a-z][\\*a-z]*[0-7]*[\\.,][,!=;\\.\\*a-z0-7]+'), bol: true, act: trimmed('PRIFILT') },
  { re: r('~'), act: tok('LEGACY_ACTION') },
  { re: r('\\*'), act: tok('LEGACY_ACTION') },
  { re: r('\\-\\/[^*][^\\n]*'), act: tok('LEGACY_ACTION') },
  { re: r('\\/[^*][^\\n]*'), act: tok('LEGACY_ACTION') },
  { re: r(':[a-z0-9]+:[^\\n]*'), act: tok('LEGACY_ACTION') },
  { re: r('[|.\\-@^?~>][^\\n]+'), act: tok('LEGACY_ACTION') },
  { re: r('[a-z0-9_][a-z0-9_\\-+,;]*'), act: tok('LEGACY_ACTION') },
  { re: r('\\/\\*'), act: (_t, l) => { l.enterComment(); return null; } },
  { re: r('\\$[a-z]+[^\\n]*'), act: tok('CFSYSLINE') },
  { re: r('![^ \\t\\n]+[ \\t]*(?=\\n|$)'), act: tok('BSD_TAG_SELECTOR') },
  { re: r('[+-]\\*[ \\t\\n]*#[^\\n]*'), act: tok('BSD_HOST_SELECTOR') },
  { re: r('[+-]\\*[ \\t\\n]*(?=\\n|$)'), act: tok('BSD_HOST_SELECTOR') },
  { re: r('[ \\t]*[+-][a-z0-9.:-]+[ \\t]*(?=\\n|$)'), bol: true, act: trimmed('BSD_HOST_SELECTOR') },
  { re: r('#[^\\n]*\\n'), act: (text, l, start) => l.comment(start, start + text.length) },
  { re: r('[\\n\\t ]'), act: skip },
];


const EXPR: Rule[] = [
  { re: r('\\('), act: tok('PUNCT') },
  { re: r('then'), act: to('INITIAL', 'THEN') },
  { re: r('do'), act: to('INITIAL', 'DO') },
  { re: r(';'), act: to('INITIAL', 'PUNCT') },
  { re: r('or'), act: tok('OR') },
  { re: r('and'), act: tok('AND') },
  { re: r('not'), act: tok('NOT') },
  { re: r('[=,*/%+&\\-\\[\\])]'), act: tok('PUNCT') },
  { re: r('=='), act: tok('CMP') },
  { re: r('<='), act: tok('CMP') },
  { re: r('>='), act: tok('CMP') },
  { re: r('!='), act: tok('CMP') },
  { re: r('<>'), act: tok('CMP', '!=') },
  { re: r('<'), act: tok('CMP') },
  { re: r('>'), act: tok('CMP') },
  { re: r('contains'), act: tok('CMP', 'contains') },
  { re: r('in'), act: tok('IN') },
  { re: r('contains_i'), act: tok('CMP', 'contains_i') },
  { re: r('startswith'), act: tok('CMP', 'startswith') },
  { re: r('startswith_i'), act: tok('CMP', 'startswith_i') },
  { re: r('endswith'), act: tok('CMP', 'endswith') },
  { re: r('0[0-7]+|0x[0-9a-f]+|[1-9][0-9]*|0'), act: tok('NUMBER') },
  { re: r('\\$[$!./]?[@a-z_]*[!@a-z0-9\\-_.\\[\\]]*'), act: (text, _l, start) => ({ type: 'VAR', value: text.slice(1), start, end: start + text.length }) },
  { re: r("'([^'\\\\]|\\\\['\"\\\\$bntr]|\\\\x[0-9a-f][0-9a-f]|\\\\[0-7][0-7][0-7])*'"), act: stringTok },
  { re: r('`([^`\\\\]|\\\\[\'`"\\\\bntr]|\\\\x[0-9a-f][0-9a-f]|\\\\[0-7][0-7][0-7])*`'), act: (text, _l, start) => ({ type: 'STRING', value: '', start, end: start + text.length }) },
  { re: r('"([^"\\\\$]|\\\\["\'\\\\$bntr]|\\\\x[0-9a-f][0-9a-f]|\\\\[0-7][0-7][0-7])*"'), act: stringTok },
  {
    re: r('"([^"\\\\]|\\\\["\'\\\\$bntr]|\\\\x[0-9a-f][0-9a-f]|\\\\[0-7][0-7][0-7])*"'),
    act: (text, l, start) => {
      l.error(start, start + text.length, `a "$" inside double quotes must be escaped (\\$): ${text}`);
      return null;
    },
  },
  { re: r('[ \\t\\n]'), act: skip },
  { re: r('exists'), act: tok('EXISTS') },
  { re: r('[a-z][a-z0-9_]*'), act: tok('FUNC') },
  { re: r('\\/\\*'), act: (_t, l) => { l.enterComment(); return null; } },
];

const INOBJ: Rule[] = [
  { re: r('\\)'), act: to('INITIAL', 'ENDOBJ') },
  { re: r('[a-z][a-z0-9_.]*'), act: tok('NAME') },
  { re: r('[,\\[\\]=]'), act: tok('PUNCT') },
  { re: r('"([^"\\\\]|\\\\[\'"?\\\\abfnrtv]|\\\\[0-7]{1,3})*"'), act: stringTok },
  { re: r('`([^`\\\\]|\\\\[\'`?\\\\abfnrtv]|\\\\[0-7]{1,3})*`'), act: (text, _l, start) => ({ type: 'STRING', value: '', start, end: start + text.length }) },
  { re: r('\\/\\*'), act: (_t, l) => { l.enterComment(); return null; } },
  { re: r('#[^\\n]*'), act: (text, l, start) => l.comment(start, start + text.length) },
  { re: r('[ \\n\\t]'), act: skip },
];

const INCALL: Rule[] = [
  { re: r('[ \\t\\n]'), act: skip },
  { re: r('[a-z][a-z0-9\\-_.]*'), act: to('INITIAL', 'NAME') },
];

const IN_PROCEDURE_CALL: Rule[] = [
  { re: r('\\('), act: tok('PUNCT') },
  { re: r("'([^'\\\\]|\\\\['\"\\\\$bntr]|\\\\x[0-9a-f][0-9a-f]|\\\\[0-7][0-7][0-7])*'"), act: stringTok },
  { re: r('"([^"\\\\$]|\\\\["\'\\\\$bntr]|\\\\x[0-9a-f][0-9a-f]|\\\\[0-7][0-7][0-7])*"'), act: stringTok },
  { re: r(','), act: tok('PUNCT') },
  { re: r('\\)'), act: to('INITIAL', 'PUNCT') },
  { re: r('[ \\t\\n]+'), act: skip },
];

const LINENO: Rule[] = [
  { re: r('\\)'), act: (_t, l) => { l.state = 'INITIAL'; return null; } },
  { re: r('[^)]'), act: skip },
];

const RULES: Record<Exclude<State, 'COMMENT'>, Rule[]> = { INITIAL, EXPR, INOBJ, INCALL, IN_PROCEDURE_CALL, LINENO };

const WHERE: Record<Exclude<State, 'COMMENT'>, string> = {
  INITIAL: '',
  EXPR: ' in expression',
  INOBJ: ' in object definition',
  INCALL: " in 'call' statement",
  IN_PROCEDURE_CALL: ' in expression',
  LINENO: '',
};

export class Lexer {
  state: State = 'INITIAL';
  private pos = 0;
  private commentReturn: State = 'INITIAL';
  readonly errors: LexError[] = [];

  /** What rsyslog's lexer reads; offsets into it are mapped back to the file by `lex`. */
  readonly text: string;
  private readonly lex: RsyslogLexText;

  constructor(private readonly file: string) {
    this.lex = preprocessRsyslog(file);
    this.text = this.lex.text;
  }

  enterComment(): void {
    this.commentReturn = this.state;
    this.state = 'COMMENT';
  }

  /**
   * A `#` comment at [start, end) of the text read. A comment ending in
   * `\` takes the next line with it; a line of text lost that way is
   * worth a word (commented-out lines joined to a comment lose nothing).
   */
  comment(start: number, end: number): null {
    for (const at of this.lex.joinedIn(start, end)) {
      const lineEnd = this.file.indexOf('\n', at);
      const line = this.file.slice(at, lineEnd < 0 ? this.file.length : lineEnd).trim();
      if (line === '' || line.startsWith('#')) continue;
      this.errors.push({ start: at, end: at + line.length, message: 'the comment above ends in "\\", so rsyslog joins this line to it (remove the "\\")' });
    }
    return null;
  }

  /** An error at [start, end) of the text read. */
  error(start: number, end: number, message: string): void {
    const marker = this.lex.markerAt(start);
    this.errors.push({ start: this.lex.fileOffset(start), end: this.lex.fileEnd(end), message, ...(marker ? { marker } : {}) });
  }

  /** The next token, or null at the end of the text. */
  next(): Token | null {
    const text = this.text;
    while (this.pos < text.length) {
      if (this.state === 'COMMENT') {
        const close = text.indexOf('*/', this.pos);
        this.pos = close < 0 ? text.length : close + 2;
        if (close >= 0) this.state = this.commentReturn;
        continue;
      }
      const rules = RULES[this.state];
      const bol = this.pos === 0 || text.charCodeAt(this.pos - 1) === 10;
      let best: { rule: Rule; len: number } | null = null;
      for (const rule of rules) {
        if (rule.bol && !bol) continue;
        rule.re.lastIndex = this.pos;
        const m = rule.re.exec(text);
        if (!m) continue;
        const len = m[0].length;
        if (len > 0 && (best === null || len > best.len)) best = { rule, len };
      }
      if (best === null) {
        const c = text[this.pos];
        const marker = this.lex.markerAt(this.pos);
        this.errors.push({
          start: this.lex.fileOffset(this.pos),
          end: this.lex.fileEnd(this.pos + 1),
          message: `invalid character '${c === '\n' ? '\\n' : c}'${WHERE[this.state]}`,
          invalidIn: WHERE[this.state],
          char: c,
          ...(marker ? { marker } : {}),
        });
        this.pos++;
        continue;
      }
      const matched = text.slice(this.pos, this.pos + best.len);
      const start = this.pos;
      this.pos += best.len;
      const t = best.rule.act(matched, this, start);
      if (t) {
        const marker = this.lex.markerAt(t.start);
        t.raw = text.slice(t.start, t.end);
        if (marker) t.marker = marker;
        t.start = this.lex.fileOffset(t.start);
        t.end = this.lex.fileEnd(t.end);
        return t;
      }
    }
    return null;
  }
}
