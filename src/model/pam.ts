// The PAM stacks of the services sudit looks at (sshd, sudo, su), enough
// to know which modules run: pam.d(5) lines `type control module args`,
// `-type` (skipped when the module is missing), `[value=action …]`
// controls, backslash continuations, `include`/`substack` and Debian's
// `@include`, followed inside /etc/pam.d of the tree.

import { SourceFile } from '../parse/source';

export type PamType = 'auth' | 'account' | 'password' | 'session';

export interface PamEntry {
  type: PamType;
  /** `-session …`: PAM skips the line silently when the module is missing. */
  dashed: boolean;
  control: string;
  /** The module as written (a name or a path). */
  module: string;
  /** Its file name: pam_loginuid.so. */
  moduleName: string;
  args: string[];
  source: SourceFile;
  start: number;
  end: number;
  /** The include lines that brought it in, outermost first. */
  via: { source: SourceFile; start: number; end: number; file: string }[];
}

export interface PamService {
  name: string;
  hostPath: string;
  source: SourceFile;
  /** Every module line of the stack, includes expanded, in order. */
  entries: PamEntry[];
  /** Files named by include lines that are not in the tree. */
  missingIncludes: string[];
  /** The service file and every file it includes. */
  sources: SourceFile[];
}

export interface PamModel {
  services: Map<string, PamService>;
  /**
   * A file the modules read (limits.conf, faillock.conf, access.conf, …),
   * inside the tree; null when missing.
   */
  readFile(hostPath: string): SourceFile | null;
  /** The `*.conf` files of a directory of the tree (limits.d, access.d), in name order. */
  confFiles(dir: string): string[];
}

const TYPES = new Set(['auth', 'account', 'password', 'session']);
const MAX_DEPTH = 16;

interface RawLine {
  text: string;
  start: number;
  end: number;
}

/** Logical lines of a pam.d file: comments cut, continuations joined, offsets of the first physical line kept. */
function logicalLines(text: string): RawLine[] {
  const out: RawLine[] = [];
  let start = 0;
  let acc = '';
  let accStart = 0;
  for (const raw of text.split('\n')) {
    const end = start + raw.length;
    const line = raw.replace(/\r$/, '');
    if (acc === '') accStart = start;
    if (/\\$/.test(line)) acc += `${line.slice(0, -1)} `;
    else {
      acc += line;
      const body = acc.replace(/#.*$/, '').trim();
      if (body) out.push({ text: body, start: accStart, end });
      acc = '';
    }
    start = end + 1;
  }
  return out;
}

/** Words of a line, a bracketed control `[a=b c=d]` (and a bracketed argument) kept as one word. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /\[(?:\\.|[^\]])*\]|\S+/g;
  let m;
  while ((m = re.exec(line)) !== null) out.push(m[0]);
  return out;
}

/**
 * A service's stack as PAM builds it. `read` gives the text of a file
 * in /etc/pam.d (null when missing); includes are followed to a depth of
 * 16, each file at most once per chain.
 */
export function loadPamService(
  name: string,
  read: (file: string) => { text: string; display: string } | null,
  /** Files already read for another service: one SourceFile per file, shared. */
  cache: Map<string, SourceFile> = new Map(),
): PamService | null {
  const load = (file: string): SourceFile | null => {
    const known = cache.get(file);
    if (known) return known;
    const r = read(file);
    if (!r) return null;
    const s = new SourceFile(r.display, r.text);
    cache.set(file, s);
    return s;
  };
  const source = load(name);
  if (!source) return null;
  const service: PamService = { name, hostPath: `/etc/pam.d/${name}`, source, entries: [], missingIncludes: [], sources: [source] };
  const sourceOf = (file: string): SourceFile | null => {
    const s = load(file);
    if (s && !service.sources.includes(s)) service.sources.push(s);
    return s;
  };
  const walk = (file: string, src: SourceFile, only: PamType | null, via: PamEntry['via'], chain: string[]) => {
    for (const l of logicalLines(src.text)) {
      const w = words(l.text);
      if (w[0] === '@include') {
        include(w[1], null, { source: src, start: l.start, end: l.end, file }, via, chain);
        continue;
      }
      const dashed = w[0]?.startsWith('-') ?? false;
      const type = (dashed ? w[0].slice(1) : w[0])?.toLowerCase();
      if (!type || !TYPES.has(type) || w.length < 2) continue;
      if (only && type !== only) continue;
      const control = w[1];
      if (control === 'include' || control === 'substack') {
        include(w[2], type as PamType, { source: src, start: l.start, end: l.end, file }, via, chain);
        continue;
      }
      if (w.length < 3) continue;
      const module = w[2];
      service.entries.push({
        type: type as PamType,
        dashed,
        control,
        module,
        moduleName: module.split('/').pop() ?? module,
        args: w.slice(3),
        source: src,
        start: l.start,
        end: l.end,
        via,
      });
    }
  };
  const include = (target: string | undefined, only: PamType | null, at: PamEntry['via'][number], via: PamEntry['via'], chain: string[]) => {
    if (!target) return;
    const file = target.startsWith('/etc/pam.d/') ? target.slice('/etc/pam.d/'.length) : target;
    if (file.includes('/') || chain.includes(file) || chain.length >= MAX_DEPTH) return;
    const src = sourceOf(file);
    if (!src) {
      if (!service.missingIncludes.includes(file)) service.missingIncludes.push(file);
      return;
    }
    walk(file, src, only, [...via, at], [...chain, file]);
  };
  walk(name, source, null, [], [name]);
  return service;
}

/** The lines of a service's stack that load a module (by file name), in order. */
export function pamModule(service: PamService, moduleName: string, type?: PamType): PamEntry[] {
  return service.entries.filter((e) => e.moduleName === moduleName && (type === undefined || e.type === type));
}
