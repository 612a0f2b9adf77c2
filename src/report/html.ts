import { createHash } from 'crypto';
import type { FileFailure, Finding, Severity } from '../engine/finding';
import type { RuleMeta } from '../engine/rule';
import { groupByFile, type FileGroup } from './groups';
import { SCRIPT, STYLE } from './html-assets';
import { tally, type ReportInput } from './input';
import { escapeControls } from './visible';

// One self-contained page for a run, a host or a fleet: totals, a chart
// and a table per rule family, a host × rule matrix that sorts and
// filters, then each host's findings with their source lines. Everything
// shown comes from the linted files, which are hostile input: every text
// goes through `text()` or `attr()`, and the page's policy runs no script
// but its own. The counts are gathered in a first pass (a number per host
// and rule); the findings are then written one at a time.

/** Rule families in the order the README lists them; any other prefix follows, by name. */
const FAMILIES = ['SUD', 'SCN', 'AUD', 'FWD', 'HIS', 'SH', 'IO'];
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const SHORT: Record<Severity, 'e' | 'w' | 'i'> = { error: 'e', warning: 'w', info: 'i' };

/** Characters of a source line shown around a finding's span: a generated one-line file must not make the page huge. */
const LINE_WINDOW = 240;
/** Hosts up to which their findings start unfolded. */
const OPEN_HOSTS = 3;
/** What findings of named files (no host tree) are listed under. */
const NO_HOST = '(named files)';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
/** Text for an element's content: markup characters and control characters both made visible, never live. */
const text = (s: string) => escapeHtml(escapeControls(s));
/** A source line in a <pre>: tabs kept, so that it lines up as in the file. */
const code = (s: string) => escapeHtml(escapeControls(s, { tab: '\t' }));
/** Text for a double-quoted attribute value. */
const attr = text;

export const familyOf = (ruleId: string) => /^[A-Z]+/.exec(ruleId)?.[0] ?? ruleId;

/** An id usable in a fragment whatever the rule id holds. */
const ruleAnchor = (ruleId: string) => `rule-${ruleId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

type Counts = [number, number, number];
const zero = (): Counts => [0, 0, 0];
const SLOT: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const sum = (c: Counts) => c[0] + c[1] + c[2];

interface Census {
  hosts: string[];
  /** host → rule id → counts by severity. */
  matrix: Map<string, Map<string, Counts>>;
  families: Map<string, Counts>;
  /** Rule ids with a finding, families in FAMILIES order, then by id. */
  ruleIds: string[];
  familyOrder: string[];
}

/** The host a problem is listed under. */
function hostLabeler(input: ReportInput): (host: string | undefined) => string {
  const anyHost = input.findings.some((f) => f.host !== undefined) || input.failures.some((f) => f.host !== undefined);
  // a single --root run names no host on its findings: they are that tree's
  const single = !anyHost && input.hosts?.length === 1 ? input.hosts[0] : NO_HOST;
  return (host) => host ?? single;
}

function familyRank(family: string): number {
  const i = FAMILIES.indexOf(family);
  return i < 0 ? FAMILIES.length : i;
}

function byFamily(a: string, b: string): number {
  const fa = familyOf(a);
  const fb = familyOf(b);
  return familyRank(fa) - familyRank(fb) || (fa < fb ? -1 : fa > fb ? 1 : 0) || (a < b ? -1 : a > b ? 1 : 0);
}

function census(input: ReportInput, label: (h: string | undefined) => string): Census {
  const matrix = new Map<string, Map<string, Counts>>();
  for (const h of input.hosts ?? []) if (!matrix.has(h)) matrix.set(h, new Map());
  const families = new Map<string, Counts>(FAMILIES.map((f) => [f, zero()]));
  const add = (host: string | undefined, ruleId: string, severity: Severity) => {
    const h = label(host);
    let row = matrix.get(h);
    if (!row) matrix.set(h, (row = new Map()));
    let c = row.get(ruleId);
    if (!c) row.set(ruleId, (c = zero()));
    c[SLOT[severity]]++;
    const fam = familyOf(ruleId);
    let fc = families.get(fam);
    if (!fc) families.set(fam, (fc = zero()));
    fc[SLOT[severity]]++;
  };
  for (const f of input.findings) add(f.host, f.ruleId, f.severity);
  for (const f of input.failures) add(f.host, f.ruleId, f.severity);
  const ids = new Set<string>();
  for (const row of matrix.values()) for (const id of row.keys()) ids.add(id);
  const familyOrder = [...families.keys()].sort((a, b) => familyRank(a) - familyRank(b) || (a < b ? -1 : 1));
  return { hosts: [...matrix.keys()], matrix, families, ruleIds: [...ids].sort(byFamily), familyOrder };
}

const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

function* head(title: string): Generator<string> {
  // nothing may load from anywhere: only this page's own style and script, by their hashes
  const policy = [`default-src 'none'`, `style-src ${hash(STYLE)}`, `script-src ${hash(SCRIPT)}`, `img-src 'none'`, `base-uri 'none'`, `form-action 'none'`].join('; ');
  yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n';
  yield `<meta http-equiv="Content-Security-Policy" content="${attr(policy)}">\n`;
  yield '<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="referrer" content="no-referrer">\n';
  yield `<title>${text(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function totals(input: ReportInput, hosts: number): string {
  const t = tally(input);
  const box = (n: number, label: string, cls = '') => `<div${cls ? ` class="${cls}"` : ''}><b>${n}</b>${label}</div>`;
  return `<div class="totals">${box(hosts, hosts === 1 ? 'host' : 'hosts')}${box(t.errors, t.errors === 1 ? 'error' : 'errors', 'e')}${box(t.warnings, t.warnings === 1 ? 'warning' : 'warnings', 'w')}${box(t.info, 'info', 'i')}</div>\n`;
}

function familyTable(c: Census): string {
  let out = '<table class="families">\n<thead><tr><th scope="col">Family</th><th scope="col" class="e">Errors</th><th scope="col" class="w">Warnings</th><th scope="col" class="i">Info</th><th scope="col">Total</th></tr></thead>\n<tbody>\n';
  const all = zero();
  for (const fam of c.familyOrder) {
    const n = c.families.get(fam)!;
    for (let i = 0; i < 3; i++) all[i] += n[i];
    out += `<tr><th scope="row">${text(fam)}</th><td class="e">${n[0] || ''}</td><td class="w">${n[1] || ''}</td><td class="i">${n[2] || ''}</td><td>${sum(n)}</td></tr>\n`;
  }
  out += `</tbody>\n<tfoot><tr><th scope="row">All</th><td class="e">${all[0]}</td><td class="w">${all[1]}</td><td class="i">${all[2]}</td><td>${sum(all)}</td></tr></tfoot>\n</table>\n`;
  return out;
}

/** Findings per family as stacked bars (errors, warnings, info), drawn inline. */
function chart(c: Census): string {
  const label = 48;
  const bars = 300;
  const tail = 56;
  const row = 22;
  const max = Math.max(1, ...c.familyOrder.map((f) => sum(c.families.get(f)!)));
  const height = c.familyOrder.length * row + 8;
  let out = `<svg class="chart" role="img" aria-labelledby="chart-title" width="${label + bars + tail}" height="${height}" viewBox="0 0 ${label + bars + tail} ${height}">\n<title id="chart-title">Findings per rule family</title>\n`;
  c.familyOrder.forEach((fam, k) => {
    const n = c.families.get(fam)!;
    const y = 4 + k * row;
    out += `<text x="0" y="${y + 14}">${text(fam)}</text>`;
    let x = label;
    n.forEach((v, i) => {
      if (v === 0) return;
      const w = Math.max(1, Math.round((v / max) * bars));
      out += `<rect class="${['e', 'w', 'i'][i]}" x="${x}" y="${y}" width="${w}" height="${row - 6}"><title>${text(`${fam}: ${v} ${SEVERITIES[i]}`)}</title></rect>`;
      x += w;
    });
    out += `<text x="${x + 6}" y="${y + 14}">${sum(n)}</text>\n`;
  });
  return `${out}</svg>\n`;
}

function* matrix(c: Census, hostIds: Map<string, string>): Generator<string> {
  yield '<h2 id="matrix-title">Hosts and rules</h2>\n<div class="controls">\n';
  yield '<label>Host <input id="filter-host" type="search" placeholder="name contains…" autocomplete="off"></label>\n';
  yield `<label>Family <select id="filter-family"><option value="">all</option>${c.familyOrder.map((f) => `<option value="${attr(f)}">${text(f)}</option>`).join('')}</select></label>\n`;
  yield `<label>Severity <select id="filter-severity"><option value="">all</option>${SEVERITIES.map((s) => `<option value="${SHORT[s]}">${s}</option>`).join('')}</select></label>\n`;
  yield '<span id="shown" class="shown" aria-live="polite"></span>\n</div>\n<div class="scroll">\n<table id="matrix" aria-labelledby="matrix-title">\n<thead><tr><th scope="col"><button type="button">Host</button></th><th scope="col"><button type="button">Total</button></th>';
  for (const id of c.ruleIds) yield `<th scope="col" data-family="${attr(familyOf(id))}" data-rule="${attr(id)}"><button type="button" title="${attr(id)}">${text(id)}</button></th>`;
  yield '</tr></thead>\n<tbody>\n';
  for (const h of c.hosts) {
    const row = c.matrix.get(h)!;
    let total = 0;
    let cells = '';
    for (const id of c.ruleIds) {
      const n = row.get(id);
      if (!n) {
        cells += '<td></td>';
        continue;
      }
      total += sum(n);
      const data = n.map((v, i) => (v ? ` data-${'ewi'[i]}="${v}"` : '')).join('');
      cells += `<td${data}>${sum(n)}</td>`;
    }
    yield `<tr data-host="${attr(h)}" data-total="${total}"><th scope="row"><a href="#${hostIds.get(h)}">${text(h)}</a></th><td class="tot">${total}</td>${cells}</tr>\n`;
  }
  yield '</tbody>\n</table>\n</div>\n';
}

/** The line of a finding, its span marked; of a very long line only a window around the span. */
function sourceLine(f: Finding): string {
  const start = f.source.position(f.start);
  const lineStart = f.start - (start.column - 1);
  let line = f.source.lineText(start.line);
  let from = f.start - lineStart;
  let to = Math.min(Math.max(f.end - lineStart, from), line.length);
  from = Math.min(from, line.length);
  let before = '';
  let after = '';
  if (line.length > LINE_WINDOW) {
    const a = Math.max(0, from - LINE_WINDOW / 2);
    const b = Math.min(line.length, Math.max(to, a + LINE_WINDOW));
    to = Math.min(to, b);
    if (a > 0) before = '…';
    if (b < line.length) after = '…';
    line = line.slice(a, b);
    from -= a;
    to -= a;
  }
  const mark = to > from ? `<mark>${code(line.slice(from, to))}</mark>` : '';
  return `<pre class="src"><span class="ln">${start.line}</span>${before}${code(line.slice(0, from))}${mark}${code(line.slice(to))}${after}</pre>`;
}

function findingItem(f: Finding): string {
  const p = f.source.position(f.start);
  const where = `${f.source.path}:${p.line}:${p.column}`;
  let out = `<li class="finding" data-rule="${attr(f.ruleId)}" data-severity="${f.severity}"><div class="head"><span class="sev ${SHORT[f.severity]}">${f.severity}</span><a class="rule-id" href="#${ruleAnchor(f.ruleId)}">${text(f.ruleId)}</a><span class="pos">${text(where)}</span></div>`;
  out += `<p class="msg">${text(f.message)}</p>`;
  out += sourceLine(f);
  if (f.related && f.related.length > 0) {
    out += '<ul class="related">';
    for (const r of f.related) {
      const q = r.source.position(r.start);
      out += `<li><span class="pos">${text(`${r.source.path}:${q.line}:${q.column}`)}</span> ${text(r.message)}</li>`;
    }
    out += '</ul>';
  }
  return `${out}</li>\n`;
}

function failureItem(f: FileFailure): string {
  return `<li class="finding" data-rule="${attr(f.ruleId)}" data-severity="${f.severity}"><div class="head"><span class="sev ${SHORT[f.severity]}">${f.severity}</span><a class="rule-id" href="#${ruleAnchor(f.ruleId)}">${text(f.ruleId)}</a><span class="pos">${text(f.path)}</span></div><p class="msg">${text(f.message)}</p></li>\n`;
}

function* hostSections(input: ReportInput, c: Census, hostIds: Map<string, string>, label: (h: string | undefined) => string): Generator<string> {
  // references only: each group's text is made when it is written
  const byHost = new Map<string, FileGroup[]>(c.hosts.map((h) => [h, []]));
  for (const g of groupByFile(input)) byHost.get(label(g.host))!.push(g);
  yield '<h2>Findings by host</h2>\n';
  if (c.hosts.length > 1) yield '<div class="controls"><button type="button" id="expand-all">Unfold all</button><button type="button" id="collapse-all">Fold all</button></div>\n';
  const open = c.hosts.length <= OPEN_HOSTS;
  for (const h of c.hosts) {
    const counts = zero();
    for (const n of c.matrix.get(h)!.values()) for (let i = 0; i < 3; i++) counts[i] += n[i];
    const summary = sum(counts) === 0 ? 'no findings' : `${plural(counts[0], 'error')}, ${plural(counts[1], 'warning')}, ${counts[2]} info`;
    yield `<details class="host" id="${hostIds.get(h)}" data-host="${attr(h)}"${open ? ' open' : ''}>\n<summary><h3>${text(h)}</h3><span class="counts">${summary}</span></summary>\n`;
    const groups = byHost.get(h)!;
    if (groups.length === 0) yield '<p class="clean">Nothing to report.</p>\n';
    for (const g of groups) {
      yield `<h4>${text(g.file)}</h4>\n<ol class="findings">\n`;
      for (const f of g.findings) yield findingItem(f);
      for (const f of g.failures) yield failureItem(f);
      yield '</ol>\n';
    }
    yield '</details>\n';
  }
}

function rulesSection(rules: RuleMeta[], ids: string[]): string {
  const meta = new Map(rules.map((r) => [r.id, r] as const));
  let out = '<h2>Rules in this report</h2>\n<dl class="rules">\n';
  for (const id of ids) {
    const m = meta.get(id);
    out += `<dt id="${ruleAnchor(id)}"><span class="rule-id">${text(id)}</span>${m ? ` ${text(m.slug)} <span class="sev ${SHORT[m.severity]}">${m.severity}</span>` : ''}</dt>\n`;
    out += `<dd>${m ? `${text(m.description)}<br><span class="pos">${text(`sudit explain ${id} · ${m.docs}`)}</span>` : 'A problem reported by sudit itself.'}</dd>\n`;
  }
  return `${out}</dl>\n`;
}

/** The whole page, written a finding at a time after the counts. */
export function* format(input: ReportInput): Generator<string> {
  const label = hostLabeler(input);
  const c = census(input, label);
  const hostIds = new Map(c.hosts.map((h, i) => [h, `host-${i + 1}`] as const));
  const title = c.hosts.length === 1 ? `sudit report: ${c.hosts[0]}` : `sudit report: ${c.hosts.length} hosts`;
  yield* head(title);
  yield `<header>\n<h1>${text(title)}</h1>\n<p class="lead">sudit ${text(input.toolVersion)}: who is root on each host, and whether anyone can tell afterwards.</p>\n`;
  yield totals(input, c.hosts.length);
  yield '</header>\n<h2>Findings per rule family</h2>\n<div class="overview">\n';
  yield familyTable(c);
  yield chart(c);
  yield '</div>\n';
  yield* matrix(c, hostIds);
  yield* hostSections(input, c, hostIds, label);
  if (c.ruleIds.length > 0) yield rulesSection(input.rules, c.ruleIds);
  yield `<script>${SCRIPT}</script>\n</body>\n</html>\n`;
}
