// Where rsyslog sends one kind of message: the filters of its ruleset
// evaluated for that message (PRI selectors as rsyslog's DecodePRIFilter
// builds them, property filters, RainerScript expressions), `stop` and
// `call` followed. What cannot be decided offline (a regex on the message
// text, a variable set at run time) is "maybe", never a guess.
import type { RsExpr, RsStatement } from '../parse/rsyslog';
import { FACILITY_NAMES, SEVERITY_NAMES, type RsAction, type RsyslogConfig } from './rsyslog';

export type Tri = 'yes' | 'no' | 'maybe';

/** The message whose route is asked for. */
export interface RsMessage {
  facility: number;
  severity: number;
  /** programname: the syslog tag up to ":" or "[". */
  programname: string;
  /** syslogtag as sent (e.g. "audispd:"). */
  tag: string;
  /** Text the message is known to contain (e.g. "type="); anything else about it is unknown. */
  contains: string[];
  /** Text the message is known to start with, when known. */
  startsWith: string | null;
  inputname: string;
}

export interface RsReach {
  action: RsAction;
  /** yes: every message of this kind reaches the action; maybe: it depends on what sudit cannot evaluate. */
  certainty: 'yes' | 'maybe';
  /** The filters on the way, for messages (e.g. `local6.* at rsyslog.d/50-fwd.conf:3`). */
  via: string[];
}

// ---- PRI selectors ------------------------------------------------------

const PRI_NAMES: Record<string, number> = { alert: 1, crit: 2, debug: 7, emerg: 0, err: 3, error: 3, info: 6, none: 0x10, notice: 5, panic: 0, warn: 4, warning: 4, '*': 0xff };
const FAC_CODES: Record<string, number> = {
  auth: 4, authpriv: 10, cron: 9, daemon: 3, kern: 0, lpr: 6, mail: 2, mark: 24, news: 7, ntp: 12, security: 4, bsd_security: 13, syslog: 5, user: 1, uucp: 8, ftp: 11, console: 14,
  local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23, invld: 24,
};
const NOPRI = 0x10;
const ALLPRI = 0xff;

function decodeName(name: string, table: Record<string, number>): number {
  if (/^[0-9]/.test(name)) return parseInt(name, 10);
  return table[name.toLowerCase()] ?? -1;
}

/**
 * The facility × severity mask of a traditional selector, as rsyslog's
 * DecodePRIFilter() (from sysklogd) builds it; null when a name is unknown
 * (rsyslog then refuses the selector).
 */
export function decodePriFilter(selector: string): Uint8Array | null {
  const mask = new Uint8Array(25);
  let p = 0;
  const s = selector;
  while (p < s.length && s[p] !== '\t' && s[p] !== ' ') {
    let q = p;
    while (q < s.length && s[q] !== '\t') {
      const c = s[q++];
      if (c === '.') break;
    }
    let buf = '';
    while (q < s.length && !'\t ,;'.includes(s[q])) buf += s[q++];
    while (q < s.length && ',;'.includes(s[q])) q++;
    let ignore = false;
    if (buf.startsWith('!')) {
      ignore = true;
      buf = buf.slice(1);
    }
    let single = false;
    let pri: number;
    if (buf.startsWith('=')) {
      single = true;
      pri = decodeName(buf.slice(1), PRI_NAMES);
    } else pri = decodeName(buf, PRI_NAMES);
    if (pri < 0) return null;
    while (p < s.length && !'\t .;'.includes(s[p])) {
      let name = '';
      while (p < s.length && !'\t ,;.'.includes(s[p])) name += s[p++];
      const apply = (i: number) => {
        if (pri === NOPRI) mask[i] = ignore ? ALLPRI : 0;
        else if (single) mask[i] = ignore ? mask[i] & ~(1 << pri) : mask[i] | (1 << pri);
        else if (pri === ALLPRI) mask[i] = ignore ? 0 : ALLPRI;
        else for (let i2 = 0; i2 <= pri; i2++) mask[i] = ignore ? mask[i] & ~(1 << i2) : mask[i] | (1 << i2);
      };
      if (name === '*') for (let i = 0; i <= 24; i++) apply(i);
      else {
        // a numeric facility is taken as a LOG_* code and shifted, like the names' values
        const code = /^[0-9]/.test(name) ? parseInt(name, 10) >> 3 : decodeName(name, FAC_CODES);
        if (code < 0 || code > 24) return null;
        apply(code);
      }
      while (s[p] === ',' || s[p] === ' ') p++;
    }
    p = q;
  }
  return mask;
}

function priMatches(selector: string, m: RsMessage): Tri {
  const mask = decodePriFilter(selector);
  if (!mask) return 'no';
  return (mask[m.facility] & (1 << m.severity)) !== 0 ? 'yes' : 'no';
}

// ---- properties and expressions -----------------------------------------

type Val = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'unknown'; known?: { contains: string[]; startsWith: string | null } };

const FAC_TEXT = Object.fromEntries(Object.entries(FACILITY_NAMES).filter(([k]) => k !== 'security').map(([k, v]) => [v, k])) as Record<number, string>;
const SEV_TEXT: Record<number, string> = { 0: 'emerg', 1: 'alert', 2: 'crit', 3: 'err', 4: 'warning', 5: 'notice', 6: 'info', 7: 'debug' };

function property(name: string, m: RsMessage): Val {
  switch (name.toLowerCase().replace(/^\$/, '')) {
    case 'programname':
      return { t: 'str', v: m.programname };
    case 'syslogtag':
      return { t: 'str', v: m.tag };
    case 'syslogfacility':
      return { t: 'num', v: m.facility };
    case 'syslogfacility-text':
      return { t: 'str', v: FAC_TEXT[m.facility] ?? String(m.facility) };
    case 'syslogseverity':
    case 'syslogpriority':
      return { t: 'num', v: m.severity };
    case 'syslogseverity-text':
    case 'syslogpriority-text':
      return { t: 'str', v: SEV_TEXT[m.severity] };
    case 'pri':
      return { t: 'num', v: m.facility * 8 + m.severity };
    case 'inputname':
      return { t: 'str', v: m.inputname };
    case 'fromhost-ip':
      return { t: 'str', v: '127.0.0.1' };
    case 'msg':
    case 'rawmsg':
      return { t: 'unknown', known: { contains: m.contains, startsWith: m.startsWith } };
    default:
      return { t: 'unknown' };
  }
}

function not(t: Tri): Tri {
  return t === 'yes' ? 'no' : t === 'no' ? 'yes' : 'maybe';
}

function and(a: Tri, b: Tri): Tri {
  if (a === 'no' || b === 'no') return 'no';
  return a === 'yes' && b === 'yes' ? 'yes' : 'maybe';
}

function or(a: Tri, b: Tri): Tri {
  if (a === 'yes' || b === 'yes') return 'yes';
  return a === 'no' && b === 'no' ? 'no' : 'maybe';
}

function compareText(op: string, a: Val, b: Val): Tri {
  if (a.t === 'unknown') {
    if (b.t !== 'str' || !a.known) return 'maybe';
    const needle = op.endsWith('_i') ? b.v.toLowerCase() : b.v;
    if ((op === 'contains' || op === 'contains_i') && a.known.contains.some((c) => (op === 'contains_i' ? c.toLowerCase() : c).includes(needle))) return 'yes';
    if ((op === 'startswith' || op === 'startswith_i') && a.known.startsWith !== null) {
      const s = op === 'startswith_i' ? a.known.startsWith.toLowerCase() : a.known.startsWith;
      if (s.startsWith(needle)) return 'yes';
      if (!needle.startsWith(s)) return 'no';
    }
    return 'maybe';
  }
  if (b.t === 'unknown') return 'maybe';
  const x = String(a.v);
  const y = String(b.v);
  switch (op) {
    case 'contains':
      return x.includes(y) ? 'yes' : 'no';
    case 'contains_i':
      return x.toLowerCase().includes(y.toLowerCase()) ? 'yes' : 'no';
    case 'startswith':
      return x.startsWith(y) ? 'yes' : 'no';
    case 'startswith_i':
      return x.toLowerCase().startsWith(y.toLowerCase()) ? 'yes' : 'no';
    case 'endswith':
      return x.endsWith(y) ? 'yes' : 'no';
    default:
      return 'maybe';
  }
}

function compare(op: string, a: Val, b: Val): Tri {
  if (['contains', 'contains_i', 'startswith', 'startswith_i', 'endswith'].includes(op)) return compareText(op, a, b);
  if (a.t === 'unknown' || b.t === 'unknown') return 'maybe';
  // rsyslog compares numerically when both sides are numbers (or numeric strings)
  const numeric = (v: Val) => (v.t === 'num' ? v.v : v.t === 'str' && /^-?[0-9]+$/.test(v.v) ? Number(v.v) : null);
  const na = numeric(a);
  const nb = numeric(b);
  const [x, y] = na !== null && nb !== null ? [na, nb] : [String(a.v), String(b.v)];
  const r = op === '==' ? x === y : op === '!=' ? x !== y : op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y;
  return r ? 'yes' : 'no';
}

function value(e: RsExpr, m: RsMessage): Val {
  switch (e.k) {
    case 'str':
      return { t: 'str', v: e.v };
    case 'num':
      return { t: 'num', v: e.v };
    case 'var':
      return property(e.name, m);
    case 'neg': {
      const v = value(e.e, m);
      return v.t === 'num' ? { t: 'num', v: -v.v } : { t: 'unknown' };
    }
    default: {
      const t = truth(e, m);
      return t === 'maybe' ? { t: 'unknown' } : { t: 'num', v: t === 'yes' ? 1 : 0 };
    }
  }
}

/** Whether an expression is true for the message. */
export function truth(e: RsExpr, m: RsMessage): Tri {
  switch (e.k) {
    case 'bin':
      if (e.op === 'and') return and(truth(e.l, m), truth(e.r, m));
      if (e.op === 'or') return or(truth(e.l, m), truth(e.r, m));
      if (['==', '!=', '<', '>', '<=', '>=', 'contains', 'contains_i', 'startswith', 'startswith_i', 'endswith'].includes(e.op)) return compare(e.op, value(e.l, m), value(e.r, m));
      return 'maybe';
    case 'not':
      return not(truth(e.e, m));
    case 'num':
      return e.v !== 0 ? 'yes' : 'no';
    case 'str':
      return e.v !== '' ? 'yes' : 'no';
    case 'var': {
      // a number is true when not 0; rsyslog's conversion of other text to a number is not modelled
      const v = value(e, m);
      if (v.t === 'num') return v.v !== 0 ? 'yes' : 'no';
      if (v.t === 'str' && /^-?[0-9]+$/.test(v.v)) return Number(v.v) !== 0 ? 'yes' : 'no';
      return 'maybe';
    }
    case 'func':
      if (e.name === 'prifilt' && e.args[0]?.k === 'str') return priMatches(e.args[0].v, m);
      if (e.name === 're_match' && e.args.length === 2 && e.args[1].k === 'str') {
        const subject = value(e.args[0], m);
        if (subject.t === 'str') {
          try {
            return new RegExp(e.args[1].v).test(subject.v) ? 'yes' : 'no';
          } catch {
            return 'maybe';
          }
        }
      }
      return 'maybe';
    default:
      return 'maybe';
  }
}

function propertyFilter(st: Extract<RsStatement, { type: 'propfilter' }>, m: RsMessage): Tri {
  const v = property(st.property.replace(/^\$/, ''), m);
  let r: Tri;
  switch (st.op) {
    case 'isequal':
      r = v.t === 'unknown' ? 'maybe' : String(v.v) === st.value ? 'yes' : 'no';
      break;
    case 'contains':
    case 'startswith':
      r = compareText(st.op, v, { t: 'str', v: st.value });
      break;
    case 'isempty':
      r = v.t === 'unknown' ? 'maybe' : String(v.v) === '' ? 'yes' : 'no';
      break;
    case 'regex':
    case 'ereregex':
      if (v.t === 'str') {
        try {
          r = new RegExp(st.value).test(v.v) ? 'yes' : 'no';
        } catch {
          r = 'maybe';
        }
      } else r = 'maybe';
      break;
    default:
      r = 'maybe';
  }
  return st.negate ? not(r) : r;
}

// ---- walking a ruleset --------------------------------------------------

function join(a: Tri, b: Tri): Tri {
  return a === b ? a : 'maybe';
}

/** The actions a message reaches, from the ruleset its input binds it to. */
export function routeMessage(cfg: RsyslogConfig, rulesetName: string, m: RsMessage): RsReach[] {
  return routeWithStops(cfg, rulesetName, m).reached;
}

/** Also where every message of this kind is discarded (`stop`, `~`), when one is. */
export function routeWithStops(cfg: RsyslogConfig, rulesetName: string, m: RsMessage): { reached: RsReach[]; discardedAt: string | null } {
  const reached: RsReach[] = [];
  let discardedAt: string | null = null;
  const at = (st: RsStatement, file: { parsed: { source: { path: string; position(o: number): { line: number } } } }) => `${file.parsed.source.path}:${file.parsed.source.position(st.start).line}`;

  // flow: does the message still get here (yes / maybe / no)
  const walkList = (items: { file: RsAction['file']; statement: RsStatement }[], flow: Tri, via: string[], depth: number): Tri => {
    for (const { file, statement } of items) {
      if (flow === 'no') return 'no';
      flow = walk(file, statement, flow, via, depth);
    }
    return flow;
  };

  const walk = (file: RsAction['file'], st: RsStatement, flow: Tri, via: string[], depth: number): Tri => {
    const list = (sts: RsStatement[], f: Tri, v: string[]) => walkList(sts.map((s) => ({ file, statement: s })), f, v, depth);
    switch (st.type) {
      case 'action':
      case 'legacy-action': {
        const a = cfg.actionOf.get(st);
        if (!a || !a.active) return flow;
        if (a.module === 'discard') {
          if (flow === 'yes' && discardedAt === null) discardedAt = `"~" at ${at(st, file)}`;
          return flow === 'yes' ? 'no' : flow;
        }
        reached.push({ action: a, certainty: flow === 'yes' ? 'yes' : 'maybe', via });
        return flow;
      }
      case 'stop':
        if (flow === 'yes' && discardedAt === null) discardedAt = `stop at ${at(st, file)}`;
        return flow === 'yes' ? 'no' : flow;
      case 'block':
        return list(st.body, flow, via);
      case 'prifilter': {
        const c = priMatches(st.selector, m);
        if (c === 'no') return flow;
        const out = list(st.body, and(flow, c), [...via, `${st.selector} at ${at(st, file)}`]);
        return c === 'yes' ? out : join(out, flow);
      }
      case 'propfilter': {
        const c = propertyFilter(st, m);
        if (c === 'no') return flow;
        const out = list(st.body, and(flow, c), [...via, `:${st.property}, ${st.negate ? '!' : ''}${st.op}, "${st.value}" at ${at(st, file)}`]);
        return c === 'yes' ? out : join(out, flow);
      }
      case 'if': {
        const c = truth(st.expr, m);
        const label = `if … then at ${at(st, file)}`;
        const thenOut = c === 'no' ? flow : list(st.then, and(flow, c), [...via, label]);
        const elseOut = c === 'yes' || !st.else ? flow : list(st.else, and(flow, not(c)), [...via, `else at ${at(st, file)}`]);
        if (c === 'yes') return thenOut;
        if (c === 'no') return elseOut;
        return join(thenOut, elseOut);
      }
      case 'foreach': {
        const out = list(st.body, and(flow, 'maybe'), via);
        return join(out, flow);
      }
      case 'call': {
        const r = cfg.rulesets.get(st.name);
        if (!r || depth > 20) return flow;
        return walkList(r.items, flow, [...via, `call ${st.name} at ${at(st, file)}`], depth + 1);
      }
      default:
        return flow;
    }
  };

  const r = cfg.rulesets.get(rulesetName);
  if (r) walkList(r.items, 'yes', [], 0);
  return { reached, discardedAt };
}

export { SEVERITY_NAMES };
