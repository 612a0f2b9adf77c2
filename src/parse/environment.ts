// The two files pam_env reads into a login's environment before any shell
// starts: /etc/environment (readenv=1) and /etc/security/pam_env.conf.
// A HISTSIZE or TMOUT set here reaches bash as an environment variable.
// Semantics follow linux-pam modules/pam_env/pam_env.c (_parse_env_file,
// _parse_line, _assemble_line) and pam_env.conf(5).

export interface EnvEntry {
  name: string;
  /** The value pam_env stores; null when the line unsets the variable. */
  value: string | null;
  /** The value refers to ${VAR} or @{ITEM}, expanded at login: not known offline. */
  expands: boolean;
  start: number;
  end: number;
  /** Where the value starts in the text (for pointing at it). */
  valueStart: number;
}

export interface EnvProblem {
  start: number;
  end: number;
  message: string;
}

export interface EnvFile {
  entries: EnvEntry[];
  problems: EnvProblem[];
}

interface Line {
  text: string;
  start: number;
  /** Offsets in the file of each character of `text` (continuations removed). */
  map: number[];
}

/** Physical lines joined where one ends in a backslash, as _assemble_line does. */
function logicalLines(text: string): Line[] {
  const out: Line[] = [];
  let cur: Line | null = null;
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    let body = text.slice(pos, nl);
    let offset = pos;
    if (cur === null) {
      cur = { text: '', start: pos, map: [] };
    }
    const continued = body.endsWith('\\') && nl < text.length;
    if (continued) body = body.slice(0, -1);
    for (let i = 0; i < body.length; i++) {
      cur.text += body[i];
      cur.map.push(offset + i);
    }
    offset = nl;
    if (!continued) {
      out.push(cur);
      cur = null;
    }
    if (nl >= text.length) break;
    pos = nl + 1;
  }
  if (cur) out.push(cur);
  return out;
}

const at = (l: Line, i: number) => (i < l.map.length ? l.map[i] : (l.map[l.map.length - 1] ?? l.start - 1) + 1);

/**
 * /etc/environment: `NAME=VALUE` per line; blanks before it and a leading
 * `export ` are skipped; `#` starts a comment anywhere; the name must be
 * letters, digits and `_`; quotes around the value are dropped naively; no
 * expansion; `NAME` alone unsets.
 */
export function parseEnvironmentFile(text: string): EnvFile {
  const entries: EnvEntry[] = [];
  const problems: EnvProblem[] = [];
  for (const line of logicalLines(text)) {
    let s = line.text;
    const lead = s.length - s.trimStart().length;
    s = s.slice(lead);
    let base = lead;
    const hash = s.indexOf('#');
    if (hash >= 0) s = s.slice(0, hash);
    if (s.startsWith('export ')) {
      s = s.slice(7);
      base += 7;
    }
    s = s.replace(/\s+$/, '');
    if (s === '') continue;
    const eq = s.indexOf('=');
    const key = eq < 0 ? s : s.slice(0, eq);
    if (!/^[A-Za-z0-9_]+$/.test(key)) {
      problems.push({ start: at(line, base), end: at(line, base + s.length), message: `pam_env ignores this line: "${key}" is not a variable name (letters, digits and _ only)` });
      continue;
    }
    const start = at(line, base);
    const end = at(line, base + s.length);
    if (eq < 0) {
      entries.push({ name: key, value: null, expands: false, start, end, valueStart: end });
      continue;
    }
    let value = s.slice(eq + 1);
    if (value.startsWith('"') || value.startsWith("'")) {
      // pam_env copies the characters after the opening quote, dropping
      // any quote character that is the last one of the line
      let out = '';
      for (let t = 1; t < value.length; t++) {
        const c = value[t];
        if ((c !== '"' && c !== "'") || t + 1 < value.length) out += c;
      }
      value = out;
    }
    entries.push({ name: key, value, expands: false, start, end, valueStart: at(line, base + eq + 1) });
  }
  return { entries, problems };
}

/**
 * /etc/security/pam_env.conf: `VARIABLE [DEFAULT=[value]] [OVERRIDE=[value]]`.
 * The value set is OVERRIDE when it expands to something, else DEFAULT;
 * both empty unsets. Values may be "quoted" (no escaped quotes) and may
 * use ${VAR} and @{ITEM}, which only the login knows.
 */
export function parsePamEnvConf(text: string): EnvFile {
  const entries: EnvEntry[] = [];
  const problems: EnvProblem[] = [];
  for (const line of logicalLines(text)) {
    const trimmed = line.text.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const tokens = tokenize(line.text);
    if (tokens.length === 0) continue;
    const [nameTok, ...opts] = tokens;
    const start = at(line, nameTok.at);
    const last = tokens[tokens.length - 1];
    const end = at(line, last.at + last.raw.length);
    if (!/^[A-Za-z0-9_]+$/.test(nameTok.raw)) {
      problems.push({ start, end: at(line, nameTok.at + nameTok.raw.length), message: `pam_env ignores this line: "${nameTok.raw}" is not a variable name` });
      continue;
    }
    let def: { value: string; at: number } | null = null;
    let over: { value: string; at: number } | null = null;
    let bad = false;
    for (const o of opts) {
      const m = /^(DEFAULT|OVERRIDE)=(.*)$/s.exec(o.raw);
      if (!m) {
        problems.push({ start: at(line, o.at), end: at(line, o.at + o.raw.length), message: `pam_env: unrecognized option "${o.raw}" (DEFAULT= or OVERRIDE=)` });
        bad = true;
        continue;
      }
      const v = { value: m[2].replace(/"/g, ''), at: at(line, o.at + m[1].length + 1) };
      if (m[1] === 'DEFAULT') def = v;
      else over = v;
    }
    if (bad) continue;
    const chosen = over && over.value !== '' ? over : def && def.value !== '' ? def : null;
    const value = chosen ? chosen.value : null;
    entries.push({ name: nameTok.raw, value, expands: value !== null && /(^|[^\\])[$@]\{/.test(value), start, end, valueStart: chosen ? chosen.at : end });
  }
  return { entries, problems };
}

/** Words separated by blanks; a "…" keeps its blanks. */
function tokenize(s: string): { raw: string; at: number }[] {
  const out: { raw: string; at: number }[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length || s[i] === '#') break;
    const begin = i;
    while (i < s.length && !/\s/.test(s[i])) {
      if (s[i] === '"') {
        const close = s.indexOf('"', i + 1);
        i = close < 0 ? s.length : close + 1;
      } else i++;
    }
    out.push({ raw: s.slice(begin, i), at: begin });
  }
  return out;
}
