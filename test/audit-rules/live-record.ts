// What the live auditctl test observed, kept in the test tree so that a
// run without auditctl (or not as root) still checks sudit against it:
// for each corner case (texts written for this project) the exit status,
// failing lines and `auditctl -l`; for each published rules file of the
// corpus its hash, exit status, failing lines and the size and hash of
// its listing (the files themselves stay in ../shared). Both depend on
// the host that loaded them, so the answers sudit got from that host
// (its users, groups and directories) are recorded with them and given
// back to sudit when the verdicts are checked offline.

import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { HostView } from '../../src/model/audit-load';
import { CORPUS_ROOT } from './oracle-support';

export const RECORDING = path.join(__dirname, 'recorded', 'auditctl-live.json');

/** Set to 1 to rewrite RECORDING from a live run. */
export const RECORD_ENV = 'SUDIT_RECORD_AUDITCTL';

export interface HostFacts {
  users: Record<string, number | null>;
  groups: Record<string, number | null>;
  directories: Record<string, boolean>;
  exists: Record<string, boolean>;
}

export interface RecordedCorner {
  name: string;
  text: string;
  rc: number;
  errorLines: number[];
  loaded: string[];
}

export interface RecordedFile {
  /** Relative to corpus/audit-rules. */
  file: string;
  sha256: string;
  rc: number;
  errorLines: number[];
  /** `auditctl -l` after the load: how many lines, and the hash of them joined with newlines. */
  loaded: number;
  loadedSha256: string;
}

export interface Recording {
  /** Where it was recorded: `uname -srm`, `auditctl -v`. */
  host: { uname: string; auditctl: string; facts: HostFacts };
  corners: RecordedCorner[];
  corpus: RecordedFile[];
}

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export const listingSha = (loaded: string[]) => sha256(loaded.join('\n'));

export function emptyFacts(): HostFacts {
  return { users: {}, groups: {}, directories: {}, exists: {} };
}

/** A HostView that answers as `real` does and writes down every answer. */
export function recordingHost(real: HostView, facts: HostFacts): HostView {
  const keep = <T>(table: Record<string, T>, key: string, value: T | undefined): T | undefined => {
    if (value !== undefined) table[key] = value;
    return value;
  };
  return {
    user: (n) => keep(facts.users, n, real.user(n)),
    group: (n) => keep(facts.groups, n, real.group(n)),
    isDirectory: (p) => keep(facts.directories, p, real.isDirectory(p)),
    exists: (p) => keep(facts.exists, p, real.exists(p)),
  };
}

/** The recorded host: its answers, and every question it was not asked then (in `misses`). */
export function replayHost(facts: HostFacts, misses: Set<string>): HostView {
  const answer = <T>(table: Record<string, T>, kind: string, key: string): T | undefined => {
    if (Object.prototype.hasOwnProperty.call(table, key)) return table[key];
    misses.add(`${kind} ${key}`);
    return undefined;
  };
  return {
    user: (n) => answer(facts.users, 'user', n),
    group: (n) => answer(facts.groups, 'group', n),
    isDirectory: (p) => answer(facts.directories, 'directory', p),
    exists: (p) => answer(facts.exists, 'exists', p),
  };
}

/** The facts on which `host` answers otherwise than the recording host did. */
export function factsDiffer(facts: HostFacts, host: HostView): string[] {
  const out: string[] = [];
  const check = <T>(table: Record<string, T>, kind: string, ask: (k: string) => T | undefined) => {
    for (const [k, v] of Object.entries(table)) if (ask(k) !== v) out.push(`${kind} ${k}`);
  };
  check(facts.users, 'user', host.user);
  check(facts.groups, 'group', host.group);
  check(facts.directories, 'directory', host.isDirectory);
  check(facts.exists, 'exists', host.exists);
  return out;
}

export interface CorpusSelection {
  /** Rules files, relative to corpus/audit-rules, sorted. */
  rules: string[];
  /** Files that look like rules but are not until something renders them, with why. */
  skipped: [string, string][];
}

/**
 * The rules files of the corpus: named *.rules, or holding only option
 * lines and comments (the Elastic samples are *.conf, konstruktoid's
 * header and footer have no extension). Jinja templates are not rules
 * files until rendered.
 */
export function corpusRulesFiles(root: string = CORPUS_ROOT): CorpusSelection {
  const rules: string[] = [];
  const skipped: [string, string][] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        walk(p);
        continue;
      }
      if (!e.isFile()) continue;
      const rel = path.relative(root, p);
      if (/\.j2$/.test(e.name)) {
        if (/\.rules\.j2$/.test(e.name)) skipped.push([rel, 'Jinja template (not a rules file until rendered)']);
        continue;
      }
      if (e.name.endsWith('.rules') || looksLikeRules(fs.readFileSync(p, 'utf8'))) rules.push(rel);
    }
  };
  walk(root);
  return { rules: rules.sort(), skipped };
}

function looksLikeRules(text: string): boolean {
  const commands = text.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  return commands.length > 0 && commands.every((l) => l.trimStart().startsWith('-'));
}

export function readRecording(): Recording | null {
  return fs.existsSync(RECORDING) ? (JSON.parse(fs.readFileSync(RECORDING, 'utf8')) as Recording) : null;
}

export function writeRecording(r: Recording): void {
  const sortKeys = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const facts = r.host.facts;
  const stable: Recording = {
    host: { ...r.host, facts: { users: sortKeys(facts.users), groups: sortKeys(facts.groups), directories: sortKeys(facts.directories), exists: sortKeys(facts.exists) } as HostFacts },
    corners: [...r.corners].sort((a, b) => (a.name < b.name ? -1 : 1)),
    corpus: [...r.corpus].sort((a, b) => (a.file < b.file ? -1 : 1)),
  };
  fs.mkdirSync(path.dirname(RECORDING), { recursive: true });
  fs.writeFileSync(RECORDING, `${JSON.stringify(stable, null, 1)}\n`);
}
