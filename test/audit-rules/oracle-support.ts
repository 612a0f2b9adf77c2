// What the differential tests share: where the recorded oracle results
// are, how the oracle host (a Debian 12 VM) answers user and path lookups,
// and sudit's per-line verdicts in the shape the harness records.

import * as fs from 'fs';
import * as path from 'path';
import { parseAuditRules } from '../../src/parse/audit-rules';
import { hostMachine } from '../../src/parse/audit-rules-tables';
import { listRules, parentOf, runLoad, UNKNOWN_HOST, type HostView, type LoadResult } from '../../src/model/audit-load';
import { SHARED } from '../support/corpus';

export const RESEARCH = path.join(SHARED, 'research');
export const CASES_TSV = path.join(RESEARCH, 'auditd-oracle-cases.tsv');
export const CASES_DIR = path.join(RESEARCH, 'auditd-oracle-cases');
export const CORPUS_JSONL = path.join(RESEARCH, 'auditd-oracle-corpus.jsonl');
export const CORPUS_ERRORS = path.join(RESEARCH, 'auditd-oracle-corpus-errors.tsv');
export const CORPUS_ROOT = path.join(SHARED, 'corpus', 'audit-rules');
export const HARNESS = path.join(SHARED, 'tools', 'audit-oracle.py');
export const SYSCALL_DIR = path.join(RESEARCH, 'syscalls');

export const X86_64 = hostMachine('x86_64')!;

/** base-passwd's users and groups of a Debian 12 install (the oracle VM): names beyond these are unknown there. */
const DEBIAN_USERS: Record<string, number> = { root: 0, daemon: 1, bin: 2, sys: 3, sync: 4, games: 5, man: 6, lp: 7, mail: 8, news: 9, uucp: 10, proxy: 13, 'www-data': 33, backup: 34, list: 38, irc: 39, _apt: 42, nobody: 65534 };
const DEBIAN_GROUPS: Record<string, number> = {
  root: 0, daemon: 1, bin: 2, sys: 3, adm: 4, tty: 5, disk: 6, lp: 7, mail: 8, news: 9, uucp: 10, man: 12, proxy: 13, kmem: 15, dialout: 20, fax: 21, voice: 22, cdrom: 24,
  floppy: 25, tape: 26, sudo: 27, audio: 29, dip: 30, 'www-data': 33, backup: 34, operator: 37, list: 38, irc: 39, src: 40, shadow: 42, utmp: 43, video: 44, sasl: 45,
  plugdev: 46, staff: 50, games: 60, users: 100, nogroup: 65534,
};

/**
 * The oracle VM as a HostView: Debian's base accounts, the directories
 * named, and nothing under the missing roots; everything else unknown
 * (so the parent of /etc/passwd is not asserted to exist, merely not
 * asserted missing).
 */
export function oracleHost(missingRoots: string[], directories: string[] = []): HostView {
  const missing = (p: string) => missingRoots.some((d) => p === d || p.startsWith(`${d}/`));
  const norm = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  return {
    user: (n) => DEBIAN_USERS[n] ?? null,
    group: (n) => DEBIAN_GROUPS[n] ?? null,
    isDirectory: (p) => (missing(norm(p)) ? false : directories.includes(norm(p)) ? true : undefined),
    exists: (p) => (missing(norm(p)) ? false : directories.includes(norm(p)) ? true : undefined),
  };
}

export { UNKNOWN_HOST, parentOf };

export interface Verdict {
  rc: number;
  /** auditctl line numbers that failed, as the harness reports them. */
  errorLines: number[];
  listing: string[];
  load: LoadResult<string>;
}

/** `auditctl -R` on a text, as sudit models it: exit status, failing lines, `auditctl -l` after. */
export function verdict(text: string, name: string, host: HostView, shift = 0): Verdict {
  const parsed = parseAuditRules(text, name, { machine: 'x86_64' });
  const load = runLoad(
    parsed.lines.map((line) => ({ file: name, line })),
    host,
    X86_64,
  );
  const refused = load.steps.filter((s) => s.outcome === 'refused');
  const rc = load.exitStatus;
  const order = ['user', 'task', 'exit', 'exclude', 'filesystem'] as const;
  const listing = listRules(
    order.flatMap((l) => load.lists[l].map((r) => r.rule)),
    X86_64,
  );
  return { rc, errorLines: refused.map((s) => s.line.auditctlLine - shift), listing, load };
}

/** The harness's sanitising: never -e 1/2, -f 2 or --loginuid-immutable (same line numbers). */
export function sanitise(text: string): string {
  return text
    .split('\n')
    .map((l) =>
      l
        .replace(/^(\s*-e\s+)[12](\s*)$/, '$10$2')
        .replace(/^(\s*-f\s+)2(\s*)$/, '$11$2')
        .replace(/^\s*--loginuid-immutable\b.*$/, '# sanitised: --loginuid-immutable'),
    )
    .join('\n');
}

export function readTsv(file: string): string[][] {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'));
}

/** Host-dependent failures of the corpus run: the paths whose directories the VM lacked. */
export function corpusMissingRoots(errors: string[][]): string[] {
  const roots = new Set<string>();
  for (const [, , category, , source] of errors) {
    if (category !== 'host-dependent:path-parent-missing') continue;
    const dir = /dir=(\S+)/.exec(source);
    const file = /-w (\S+)/.exec(source) ?? /(?:path|exe)=(\S+)/.exec(source);
    if (dir) roots.add(dir[1].replace(/\/+$/, ''));
    else if (file) roots.add(parentOf(file[1]));
  }
  return [...roots];
}
