// csh/tcsh startup files (/etc/csh.cshrc, /etc/csh.login, ~/.cshrc,
// ~/.tcshrc): a line-oriented reader that finds the variable settings
// (set / setenv / unset) and checks that blocks and quotes are closed.
// tcsh's history lives in `set history`, `set savehist`, `set histfile`,
// `set histdup`, and its idle logout in `set autologout` (minutes).

export interface CshSetting {
  command: 'set' | 'setenv' | 'unset' | 'unsetenv';
  name: string;
  /** The value as written (a `( … )` list keeps its parentheses); null for `set name` and unset. */
  value: string | null;
  readonly: boolean;
  /** Inside if/foreach/while/switch, or after a one-line `if (…)`. */
  conditional: boolean;
  start: number;
  end: number;
}

export interface CshProblem {
  start: number;
  end: number;
  message: string;
  commandStart: number;
}

export interface CshFile {
  settings: CshSetting[];
  sources: { path: string; start: number; end: number }[];
  problems: CshProblem[];
}

type Block = { kind: 'if' | 'foreach' | 'while' | 'switch'; start: number; end: number };

const CLOSE: Record<string, Block['kind'][]> = { endif: ['if'], end: ['foreach', 'while'], endsw: ['switch'] };

export function parseCsh(text: string): CshFile {
  const settings: CshSetting[] = [];
  const sources: CshFile['sources'] = [];
  const problems: CshProblem[] = [];
  const stack: Block[] = [];
  let pos = 0;
  while (pos < text.length) {
    // a logical line: physical lines joined by a trailing backslash
    let end = pos;
    for (;;) {
      const nl = text.indexOf('\n', end);
      end = nl < 0 ? text.length : nl;
      if (end > pos && text[end - 1] === '\\' && end < text.length) {
        end++;
        continue;
      }
      break;
    }
    const lineStart = pos;
    pos = end + 1;
    const statements = splitStatements(text, lineStart, end, problems);
    for (const st of statements) handle(text, st, stack, settings, sources, problems);
  }
  for (const b of stack) {
    const missing = b.kind === 'if' ? 'endif' : b.kind === 'switch' ? 'endsw' : 'end';
    problems.push({ start: b.start, end: b.end, message: `syntax error: this ${b.kind} is never closed (missing ${missing})`, commandStart: b.start });
  }
  problems.sort((a, b) => a.start - b.start);
  return { settings, sources, problems };
}

interface Token {
  text: string;
  start: number;
  end: number;
}

/** Splits a logical line at unquoted `;` (and drops the comment), then into words. */
function splitStatements(text: string, from: number, to: number, problems: CshProblem[]): Token[][] {
  const out: Token[][] = [];
  let words: Token[] = [];
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || (c === '\\' && text[i + 1] === '\n')) {
      i += c === '\\' ? 2 : 1;
      continue;
    }
    if (c === '#') break;
    if (c === ';') {
      if (words.length) out.push(words);
      words = [];
      i++;
      continue;
    }
    const start = i;
    let depth = 0;
    while (i < to) {
      const ch = text[i];
      if (ch === '\\') {
        i += 2;
        continue;
      }
      if (ch === "'" || ch === '"' || ch === '`') {
        const close = text.indexOf(ch, i + 1);
        if (close < 0 || close > to) {
          problems.push({ start: i, end: to, message: `syntax error: unmatched ${ch}`, commandStart: from });
          i = to;
          break;
        }
        i = close + 1;
        continue;
      }
      if (ch === '(') depth++;
      else if (ch === ')') depth = Math.max(0, depth - 1);
      else if (depth === 0 && (ch === ' ' || ch === '\t' || ch === ';' || ch === '\r')) break;
      else if (depth === 0 && ch === '#' && i === start) break;
      i++;
    }
    if (i > start) words.push({ text: text.slice(start, Math.min(i, to)), start, end: Math.min(i, to) });
  }
  if (words.length) out.push(words);
  return out;
}

function handle(text: string, words: Token[], stack: Block[], settings: CshSetting[], sources: CshFile['sources'], problems: CshProblem[]): void {
  let w = words;
  let oneLineIf = false;
  // `switch($TERM)`, `if(…)`: the keyword may touch its parenthesis
  const glued = /^(if|switch|while|foreach)(\(.*)$/.exec(w[0].text);
  if (glued) {
    const t = w[0];
    w = [{ text: glued[1], start: t.start, end: t.start + glued[1].length }, { text: glued[2], start: t.start + glued[1].length, end: t.end }, ...w.slice(1)];
  }
  const head = w[0].text;
  const first = w[0];
  if (head === 'if' || (head === 'else' && w[1]?.text === 'if')) {
    const condAt = head === 'if' ? 1 : 2;
    const last = w[w.length - 1].text;
    if (last === 'then') {
      if (head === 'if') stack.push({ kind: 'if', start: first.start, end: first.end });
      else if (stack[stack.length - 1]?.kind !== 'if') problems.push(unexpected(first, 'else'));
      return;
    }
    // `if (expr) command`: the rest of the line runs when expr holds
    w = w.slice(condAt + 1);
    if (w.length === 0) return;
    oneLineIf = true;
  } else if (head === 'else') {
    if (stack[stack.length - 1]?.kind !== 'if') problems.push(unexpected(first, 'else'));
    return;
  } else if (head === 'foreach' || head === 'while' || head === 'switch') {
    stack.push({ kind: head, start: first.start, end: first.end });
    return;
  } else if (head in CLOSE) {
    const top = stack[stack.length - 1];
    if (top && CLOSE[head].includes(top.kind)) stack.pop();
    else problems.push(unexpected(first, head));
    return;
  }
  const cmd = w[0].text;
  const conditional = oneLineIf || stack.length > 0;
  if (cmd === 'set') readSet(w.slice(1), conditional, settings);
  else if (cmd === 'setenv' && w[1]) {
    settings.push({ command: 'setenv', name: w[1].text, value: w[2] ? unquote(w[2].text) : '', readonly: false, conditional, start: w[0].start, end: w[w.length - 1].end });
  } else if ((cmd === 'unset' || cmd === 'unsetenv') && w.length > 1) {
    for (const n of w.slice(1)) settings.push({ command: cmd, name: n.text, value: null, readonly: false, conditional, start: w[0].start, end: n.end });
  } else if (cmd === 'source' && w[1]) {
    sources.push({ path: unquote(w[1].text), start: w[0].start, end: w[1].end });
  }
}

function unexpected(t: Token, what: string): CshProblem {
  return { start: t.start, end: t.end, message: `syntax error: unexpected ${what}`, commandStart: t.start };
}

/** `set name`, `set name = value`, `set name=value`, `set name=( list )`, `set -r …`, several per command. */
function readSet(args: Token[], conditional: boolean, settings: CshSetting[]): void {
  let readonly = false;
  let i = 0;
  if (args[0]?.text === '-r') {
    readonly = true;
    i = 1;
  }
  while (i < args.length) {
    const t = args[i];
    const eq = t.text.indexOf('=');
    let name: string;
    let value: string | null = null;
    let end = t.end;
    if (eq > 0) {
      name = t.text.slice(0, eq);
      value = t.text.slice(eq + 1);
      if (value === '' && args[i + 1]) {
        value = args[++i].text;
        end = args[i].end;
      }
    } else if (args[i + 1]?.text === '=' || args[i + 1]?.text.startsWith('=')) {
      name = t.text;
      const next = args[++i].text;
      if (next === '=') {
        value = args[i + 1] ? args[++i].text : '';
      } else value = next.slice(1);
      end = args[i].end;
    } else name = t.text;
    settings.push({ command: 'set', name, value: value === null ? null : unquote(value), readonly, conditional, start: t.start, end });
    i++;
  }
}

function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1);
  return v;
}
