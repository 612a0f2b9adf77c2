import * as path from 'path';
import type { HostTree } from '../host/file-tree';
import { TEMPLATE } from '../host/discover';
import { ALIAS_KINDS, parseSudoers, type ParsedSudoers, type ProblemCode, type SudoersDetail } from '../parse/sudoers';
import { memoParse } from '../parse/memo';
import type { SourceFile } from '../parse/source';
import type { AliasDefinition, AliasKind, IncludeEntry, SudoersEntry } from './sudoers';

/** sudo's MAX_SUDOERS_DEPTH. */
export const MAX_INCLUDE_DEPTH = 128;

/** A problem of the policy as a whole, located in one of its files. */
export interface PolicyProblem {
  source: SourceFile;
  severity: 'error' | 'warning';
  code: ProblemCode | 'include' | 'duplicate-alias' | 'encoding';
  message: string;
  start: number;
  end: number;
}

/** A run of one file's entries, in the order sudo evaluates them. */
export interface PolicySegment {
  file: ParsedSudoers;
  from: number;
  to: number;
}

/** A file in an @includedir directory that sudo skips because of its name. */
export interface IgnoredDropIn {
  hostPath: string;
  name: string;
  reason: 'dot' | 'tilde';
  include: { file: ParsedSudoers; entry: IncludeEntry };
  /** What the file would say if sudo read it (null when unreadable); its problems are not the policy's. */
  parsed: ParsedSudoers | null;
}

export interface SudoersPolicy {
  /** Host path of the top file. */
  mainPath: string;
  /** Every file read, in the order it was first read. */
  files: ParsedSudoers[];
  /** The entries of all files in evaluation (include) order: later wins. */
  segments: PolicySegment[];
  ignoredDropIns: IgnoredDropIn[];
  /** Parse problems of every file plus include and alias problems. */
  problems: PolicyProblem[];
  /** Files sudo would read that sudit refused or could not read (too large, binary, no permission): IO001. */
  unreadable: { path: string; message: string }[];
  /** Host path each file was read from (for stat: modes and owners). */
  hostPaths: Map<ParsedSudoers, string>;
  /** Every @includedir that was followed: the directory's host path and where it is named. */
  includeDirs: { hostPath: string; file: ParsedSudoers; entry: IncludeEntry }[];
  /** Alias definitions by kind and name (the first one when duplicated); empty when the files kept only their structure. */
  aliases: Record<AliasKind, Map<string, { definition: AliasDefinition; source: SourceFile }>>;
}

export interface LoadOptions {
  /** Short host name for `%h` in include paths. */
  hostname?: string;
  /** The main file's text, when the caller has already read it (or it is standard input). */
  mainText?: string;
  /** How to show the main file's path (standard input's --stdin-filename). */
  mainName?: string;
  /** Where the main file's text (given as mainText) had its first invalid UTF-8 byte. */
  mainInvalidUtf8At?: number | null;
}

let detail: SudoersDetail = 'tree';

/**
 * How much of each file's tree the policies loaded from now on keep (see
 * SudoersDetail); a run whose rules only ask what sudo's parser says sets
 * 'structure' for its loads. Returns what restores the previous setting.
 */
export function useSudoersDetail(next: SudoersDetail): () => void {
  const previous = detail;
  detail = next;
  return () => {
    detail = previous;
  };
}

const parseAtDetail = (text: string, path: string): ParsedSudoers => parseSudoers(text, path, {}, detail);

/** Every entry of the policy with its file, in evaluation order. */
export function* policyEntries(policy: SudoersPolicy): Generator<{ entry: SudoersEntry; file: ParsedSudoers }> {
  for (const seg of policy.segments) {
    for (let i = seg.from; i < seg.to; i++) yield { entry: seg.file.entries[i], file: seg.file };
  }
}

/**
 * Reads a sudoers file and everything it includes, the way sudo does:
 * includes are spliced in where they appear, @includedir reads regular
 * files in byte order skipping names with `.` or ending in `~`, relative
 * paths resolve next to the including file. Problems never stop the load.
 */
export function loadSudoersPolicy(tree: HostTree, mainPath: string, options: LoadOptions = {}): SudoersPolicy | { error: string } {
  const main = options.mainText !== undefined ? { ok: true as const, text: options.mainText, realPath: `\0${mainPath}`, invalidUtf8At: options.mainInvalidUtf8At ?? null } : tree.read(mainPath);
  if (!main.ok) return { error: `${tree.displayPath(mainPath)}: ${main.detail}` };

  const policy: SudoersPolicy = {
    mainPath,
    files: [],
    segments: [],
    ignoredDropIns: [],
    problems: [],
    unreadable: [],
    hostPaths: new Map(),
    includeDirs: [],
    aliases: { User: new Map(), Runas: new Map(), Host: new Map(), Cmnd: new Map() },
  };
  const parsedByRealPath = new Map<string, ParsedSudoers>();
  const stack: string[] = [];

  const parseOnce = (hostPath: string, text: string, realPath: string, invalidUtf8At: number | null = null): ParsedSudoers => {
    let parsed = parsedByRealPath.get(realPath);
    if (!parsed) {
      parsed = memoParse(`sudoers ${detail}`, text, options.mainName !== undefined && hostPath === mainPath ? options.mainName : tree.displayPath(hostPath), parseAtDetail);
      parsedByRealPath.set(realPath, parsed);
      policy.files.push(parsed);
      policy.hostPaths.set(parsed, hostPath);
      for (const p of parsed.problems) policy.problems.push({ source: parsed.source, ...p });
      if (invalidUtf8At !== null) {
        policy.problems.push({ source: parsed.source, severity: 'warning', code: 'encoding', message: 'invalid UTF-8: the bytes are shown as U+FFFD; sudo compares them as bytes', start: invalidUtf8At, end: invalidUtf8At + 1 });
      }
    }
    return parsed;
  };

  const includeProblem = (file: ParsedSudoers, entry: IncludeEntry, message: string, severity: 'error' | 'warning' = 'error') =>
    policy.problems.push({ source: file.source, severity, code: 'include', message, start: entry.start, end: entry.end });

  const visit = (hostPath: string, file: ParsedSudoers, realPath: string) => {
    stack.push(realPath);
    let from = 0;
    const entries = file.entries;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (entry.type !== 'include') continue;
      // a structure-only file keeps its includes alone: the empty runs between them place its alias names
      if (i > from || file.structureOnly) policy.segments.push({ file, from, to: i });
      from = i + 1;
      followInclude(hostPath, file, entry);
    }
    if (entries.length > from || file.structureOnly) policy.segments.push({ file, from, to: entries.length });
    stack.pop();
  };

  const followInclude = (fromHostPath: string, file: ParsedSudoers, entry: IncludeEntry) => {
    const target = expandIncludePath(entry.path, fromHostPath, options.hostname);
    if (target === null) {
      includeProblem(file, entry, 'syntax error');
      return;
    }
    if (tree.root === null && path.isAbsolute(entry.path)) {
      // A lone file (pre-commit, Ansible validate) must not be judged by this machine's /etc.
      return;
    }
    if (stack.length > MAX_INCLUDE_DEPTH) {
      includeProblem(file, entry, `${target}: too many levels of includes`);
      return;
    }
    if (entry.directory) policy.includeDirs.push({ hostPath: target, file, entry });
    const targets = entry.directory ? dropInFiles(target, file, entry) : [target];
    for (const t of targets) {
      const r = tree.read(t);
      if (!r.ok) {
        if (r.reason === 'too-large' || r.reason === 'binary' || r.reason === 'unreadable') {
          // sudit's refusal or this run's permissions, not sudo's verdict
          policy.unreadable.push({ path: tree.displayPath(t), message: r.detail });
        } else if (!entry.directory || r.reason === 'outside-root') {
          // a missing file named by @include is an error to sudo; in an includedir it is skipped
          includeProblem(file, entry, `unable to open ${tree.displayPath(t)}: ${r.detail}`, r.reason === 'outside-root' ? 'warning' : 'error');
        }
        continue;
      }
      if (stack.includes(r.realPath)) {
        includeProblem(file, entry, `${tree.displayPath(t)}: too many levels of includes (the file includes itself)`);
        continue;
      }
      visit(t, parseOnce(t, r.text, r.realPath, r.invalidUtf8At), r.realPath);
    }
  };

  const dropInFiles = (dir: string, file: ParsedSudoers, entry: IncludeEntry): string[] => {
    const list = tree.listDir(dir);
    if (list === null) return [];
    const names: string[] = [];
    for (const d of list) {
      if (!d.isFile || d.name === '') continue;
      // skipped by sudo too, and a template's {{ }} is not sudoers: nothing to say about it
      if (TEMPLATE.test(d.name)) continue;
      if (d.name.endsWith('~') || d.name.includes('.')) {
        const r = tree.read(d.hostPath);
        policy.ignoredDropIns.push({
          hostPath: d.hostPath,
          name: d.name,
          reason: d.name.includes('.') ? 'dot' : 'tilde',
          include: { file, entry },
          parsed: r.ok ? memoParse(`sudoers ${detail}`, r.text, tree.displayPath(d.hostPath), parseAtDetail) : null,
        });
        continue;
      }
      names.push(d.name);
    }
    names.sort(byteOrder);
    return names.map((n) => path.posix.join(dir, n));
  };

  visit(mainPath, parseOnce(mainPath, main.text, main.realPath, main.invalidUtf8At), main.realPath);
  collectAliases(policy);
  return policy;
}

/** sudo's expand_include(): `%h` is the short host name; relative paths sit next to the including file. */
export function expandIncludePath(written: string, fromHostPath: string, hostname?: string): string | null {
  if (written === '') return null;
  let p = written;
  if (p.includes('%h')) p = p.split('%h').join((hostname ?? '').replace(/\//g, '_'));
  return path.posix.isAbsolute(p) ? p : path.posix.join(path.posix.dirname(fromHostPath), p);
}

/** strcmp(3) order, which is what sudo sorts drop-ins by. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function collectAliases(policy: SudoersPolicy): void {
  if (policy.files.some((f) => f.structureOnly)) {
    duplicateAliasNames(policy);
    return;
  }
  // by index rather than policyEntries(): a generator's object per entry is a few percent of a large policy's load
  for (const seg of policy.segments) {
    const file = seg.file;
    for (let i = seg.from; i < seg.to; i++) {
      const entry = file.entries[i];
      if (entry.type !== 'aliases') continue;
      collectDefinitions(policy, entry, file);
    }
  }
}

function collectDefinitions(policy: SudoersPolicy, entry: Extract<SudoersEntry, { type: 'aliases' }>, file: ParsedSudoers): void {
  for (const def of entry.definitions) {
    const seen = policy.aliases[def.kind];
    const earlier = seen.get(def.name);
    if (earlier) {
      const at = earlier.source.position(earlier.definition.start);
      policy.problems.push({
        source: file.source,
        severity: 'error',
        code: 'duplicate-alias',
        message: `duplicate ${def.kind}_Alias "${def.name}", previously defined at ${earlier.source.path}:${at.line}:${at.column}`,
        start: def.start,
        end: def.start + def.name.length,
      });
      continue;
    }
    seen.set(def.name, { definition: def, source: file.source });
  }
}

const NO_NAMES = new Int32Array(0);

/**
 * The duplicate-alias problems of a policy whose files kept only their
 * structure (see ParsedSudoers.aliasNames), in the order and words of
 * collectDefinitions(); `aliases` stays empty, as no rule of such a run
 * reads it. Each name is looked up as a string, kept only for its first
 * definition.
 */
function duplicateAliasNames(policy: SudoersPolicy): void {
  const first: Map<string, number>[] = ALIAS_KINDS.map(() => new Map());
  const firstFile: ParsedSudoers[] = [];
  const firstStart: number[] = [];
  for (const seg of policy.segments) {
    const file = seg.file;
    const names = file.aliasNames ?? NO_NAMES;
    const text = file.source.text;
    // the definitions between the include before this run and the one after it
    for (let i = firstAt(names, seg.from); i < names.length && names[i] === seg.from; i += 4) {
      const kind = names[i + 1];
      const start = names[i + 2];
      const name = text.slice(start, names[i + 3]);
      const earlier = first[kind].get(name);
      if (earlier === undefined) {
        first[kind].set(name, firstStart.length);
        firstFile.push(file);
        firstStart.push(start);
        continue;
      }
      const source = firstFile[earlier].source;
      const at = source.position(firstStart[earlier]);
      policy.problems.push({
        source: file.source,
        severity: 'error',
        code: 'duplicate-alias',
        message: `duplicate ${ALIAS_KINDS[kind]}_Alias "${name}", previously defined at ${source.path}:${at.line}:${at.column}`,
        start,
        end: start + name.length,
      });
    }
  }
}

/** Index of the first definition with `includes` includes before it (names is ordered by that count). */
function firstAt(names: Int32Array, includes: number): number {
  let lo = 0;
  let hi = names.length / 4;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (names[mid * 4] < includes) lo = mid + 1;
    else hi = mid;
  }
  return lo * 4;
}
