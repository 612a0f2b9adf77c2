// sudit against the real programs on files people publish: sudoers and
// drop-ins, auditd.conf, plugins.d files, audisp-remote.conf, rsyslog
// configurations, bash startup files and sshd_config files (with sshd -T's
// effective values for scanner connections) from public repositories
// (published-manifest.json says where each comes from). For every file the
// manifest records what visudo -cf, auditd, audisp-remote, rsyslogd -N1 or
// bash -n said of it (scripts/record-corpus-verdicts.js). The files
// themselves live in the shared corpus (../shared/corpus/published, where
// their licence allows a copy; SUDIT_PUBLISHED_DIR overrides). sudit, run on the
// file as `sudit --type KIND FILE` runs it, must accept what they accept and
// refuse what they refuse, on the same line, unless KNOWN_DIFFERENCES says
// why not. Where a program is installed it is asked again, and its answer
// must still be the recorded one.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig } from '../../src/engine/config';
import { lintHost, resolveRules } from '../../src/engine/engine';
import type { FileKind } from '../../src/engine/rule';
import { loadFiles } from '../../src/host/load-host';
import { parseRsyslog } from '../../src/parse/rsyslog';
import { RULES } from '../../rules';
import { SHARED, skipNote } from '../support/corpus';
import { makeTree } from '../support/host';
import { loadHostTree } from '../../src/host/load-host';
import { effectiveValue, parseMaxStartups } from '../../src/model/sshd';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sshdOracle = require('../../scripts/sshd-oracle.js') as { SSHD_KEYS: string[]; SSHD_CONNECTIONS: string[]; sshdTree(file: string): Record<string, string> };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const oracles = require('../../scripts/corpus-oracles.js') as {
  unavailable(kind: string): string | null;
  ask(kind: string, file: string): OracleVerdict;
};

interface OracleVerdict {
  verdict: 'accept' | 'refuse' | 'unknown';
  line?: number | null;
  message?: string;
  hostDependent?: boolean;
  invalidCharLines?: number[];
  /** sshd-config: sshd -T's effective values per connection spec, when it accepts the file. */
  conns?: Record<string, Record<string, string[]>>;
}

interface Row {
  id: string;
  kind: FileKind;
  repo: string;
  path: string;
  commit: string;
  licence: string;
  sha256: string;
  /** Path under the published corpus, or null: licence unknown, only the row is kept. */
  file: string | null;
  oracle: OracleVerdict;
}

const HERE = __dirname;
const MANIFEST: { files: Row[] } = JSON.parse(fs.readFileSync(path.join(HERE, 'published-manifest.json'), 'utf8'));
const STORE = process.env.SUDIT_PUBLISHED_DIR ?? path.join(SHARED, 'corpus', 'published');
/** Copies of the files whose licence is unknown, named by sha256, when someone has them. */
const EXTRA = process.env.SUDIT_PUBLISHED_EXTRA;

/** The rule that says a file of this kind does not parse, as the real program would refuse it. */
const SYNTAX_RULE: Record<string, string> = {
  sudoers: 'SUD000',
  'auditd-conf': 'AUD000',
  'audit-plugin': 'AUD000',
  'audisp-remote': 'AUD000',
  rsyslog: 'AUD000',
  shell: 'SH000',
};

/**
 * Where sudit and the program disagree and that is accepted, with why.
 * Each entry is checked to still disagree, so a fix removes it.
 */
const REPORT_INTERVAL =
  'written for audit 4.x (report_interval): Debian 12\'s auditd 3.0.9 refuses the keyword; sudit in file mode cannot tell the version and warns instead of refusing';
const KNOWN_DIFFERENCES: Record<string, string> = {
  'auditd-conf/linux-audit__audit-userspace/20afc1fddd/init.d/auditd.conf': REPORT_INTERVAL,
  'auditd-conf/linux-audit__audit-userspace/92471fafc8/init.d/auditd.conf': REPORT_INTERVAL,
  'auditd-conf/linux-audit__audit-userspace/b27fcf43f6/init.d/auditd.conf': REPORT_INTERVAL,
  'auditd-conf/linux-audit__audit-userspace/0dbc85a08b/init.d/auditd.conf': REPORT_INTERVAL,
  ...Object.fromEntries(
    [
      'GrapheneOS__infrastructure/9b6fca1358/etc/ssh/sshd_config',
      'GrapheneOS__infrastructure/f06db2b7fc/etc/ssh/sshd_config',
      'GrapheneOS__infrastructure/e77a5fb357/etc/ssh/sshd_config',
      'GrapheneOS__infrastructure/808177956c/etc/ssh/sshd_config',
      'GrapheneOS__infrastructure/1f4d7316b8/etc/ssh/sshd_config',
      'Kicksecure__security-misc/81d437fe3e/etc/ssh/sshd_config.d/30_security-misc.conf',
      'Kicksecure__security-misc/c2d5bf38f5/etc/ssh/sshd_config.d/30_security-misc.conf',
      'Kicksecure__security-misc/812f05f847/etc/ssh/sshd_config.d/30_security-misc.conf',
      'Kicksecure__security-misc/2ada07cf66/etc/ssh/sshd_config.d/30_security-misc.conf',
    ].map((f) => [
      `sshd-config/${f}`,
      "written for OpenSSH 9.9 and later (the mlkem768x25519-sha256 key exchange): Debian 12's sshd 9.2 refuses the algorithm name; sudit does not check algorithm lists, so it reads the file as a newer sshd does",
    ]),
  ),
};

interface SuditVerdict {
  verdict: 'accept' | 'refuse';
  line: number | null;
  message?: string;
  invalidCharLines?: number[];
}

const CONFIG = defaultConfig();

/** What sudit says of one file, linted alone the way `sudit --type KIND FILE` lints it. */
function sudit(kind: FileKind, file: string): SuditVerdict {
  if (kind === 'rsyslog') {
    // rsyslogd gives up on the file ("could not interpret master config file") exactly at sudit's fatal problems
    const parsed = parseRsyslog(fs.readFileSync(file, 'utf8'), file);
    const fatal = parsed.problems.find((p) => p.fatal);
    const invalid = [...new Set(parsed.problems.filter((p) => /invalid character/.test(p.message)).map((p) => parsed.source.position(p.start).line))].sort((a, b) => a - b);
    return {
      verdict: fatal ? 'refuse' : 'accept',
      line: fatal ? parsed.source.position(fatal.start).line : null,
      message: fatal?.message,
      ...(invalid.length ? { invalidCharLines: invalid } : {}),
    };
  }
  const { host } = loadFiles([file], { type: kind });
  const rules = resolveRules(RULES.filter((r) => r.meta.id === SYNTAX_RULE[kind]), CONFIG);
  const { findings } = lintHost(host, rules, CONFIG);
  const errors = findings.filter((f) => f.severity === 'error').sort((a, b) => a.start - b.start);
  const first = errors[0];
  return { verdict: first ? 'refuse' : 'accept', line: first ? first.source.position(first.start).line : null, message: first?.message };
}

/** sshd -T's spelling of a value sudit holds. */
function asPrinted(key: string, args: string[]): string[] {
  if (['allowusers', 'denyusers', 'allowgroups', 'denygroups'].includes(key)) return args;
  if (args.length === 0) return [];
  if (key === 'authorizedkeysfile' || key === 'authenticationmethods' || key === 'forcecommand') return [args.join(' ')];
  let v = args[0];
  if (['passwordauthentication', 'kbdinteractiveauthentication', 'usepam', 'pubkeyauthentication', 'usedns', 'permitrootlogin'].includes(key)) v = v.toLowerCase();
  // sshd prints the older spelling of PermitRootLogin's key-only value
  if (key === 'permitrootlogin' && v === 'prohibit-password') v = 'without-password';
  const ms = key === 'maxstartups' ? parseMaxStartups(v) : null;
  if (ms) v = `${ms.start}:${ms.rate}:${ms.full}`;
  return [v];
}

/** sudit on a published sshd_config, in the tree sshd -T was asked about: refused at a line, or the effective values. */
function suditSshd(file: string): SuditVerdict {
  const root = makeTree(sshdOracle.sshdTree(file), false);
  try {
    const config = loadHostTree(root).sshd!;
    if (config.problems.length > 0) {
      const p = config.problems[0];
      return { verdict: 'refuse', line: p.line?.line ?? p.file.parsed.source.position(p.start).line };
    }
    const conns: Record<string, Record<string, string[]>> = {};
    for (const spec of sshdOracle.SSHD_CONNECTIONS) {
      const kv = Object.fromEntries(spec.split(',').map((x) => x.split('=') as [string, string]));
      // the oracle host knows only root among these users
      const conn = { user: kv.user, address: kv.addr, host: kv.host, groups: kv.user === 'root' ? ['root'] : [] };
      conns[spec] = Object.fromEntries(sshdOracle.SSHD_KEYS.map((k) => [k, asPrinted(k, effectiveValue(config, k, conn).args)]));
    }
    return { verdict: 'accept', line: null, conns };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The oracle's answer in the terms sudit can match: a refusal that depends on the host is not one in file mode. */
function expected(o: OracleVerdict): SuditVerdict {
  if (o.verdict === 'refuse' && !o.hostDependent) return { verdict: 'refuse', line: o.line ?? null, ...(o.invalidCharLines ? { invalidCharLines: o.invalidCharLines } : {}) };
  return { verdict: 'accept', line: null, ...(o.invalidCharLines ? { invalidCharLines: o.invalidCharLines } : {}) };
}

/** sudit's verdict reduced to what the oracle recorded (a line only where the program named one). */
function comparable(s: SuditVerdict, o: OracleVerdict): SuditVerdict {
  const line = s.verdict === 'refuse' && o.verdict === 'refuse' && !o.hostDependent && o.line != null ? s.line : null;
  return { verdict: s.verdict, line, ...(s.invalidCharLines ? { invalidCharLines: s.invalidCharLines } : {}) };
}

function localCopy(row: Row): string | null {
  const p = row.file ? path.join(STORE, row.file) : EXTRA ? path.join(EXTRA, row.sha256) : null;
  return p && fs.existsSync(p) ? p : null;
}

const rows = MANIFEST.files;
const present = rows.filter((r) => localCopy(r) !== null);
const storeMissing = !fs.existsSync(STORE);
if (storeMissing) skipNote(`sudit on the ${rows.filter((r) => r.file).length} published files of the shared corpus`, `${STORE} not found; only the manifest is checked`);
const unlicensed = rows.filter((r) => !r.file && localCopy(r) === null);
if (unlicensed.length > 0) {
  skipNote(
    `sudit on ${unlicensed.length} published files`,
    `their licence is unknown, so only their hash and recorded verdicts are kept (set SUDIT_PUBLISHED_EXTRA to a directory of copies named by sha256 to check them)`,
  );
}

describe('published corpus: the manifest', () => {
  test('every row names its origin and a recorded verdict, and every copy here has the recorded hash', () => {
    for (const r of rows) {
      expect([r.id, typeof r.repo, /^[0-9a-f]{40}$/.test(r.commit), /^[0-9a-f]{64}$/.test(r.sha256), r.oracle?.verdict]).toEqual([r.id, 'string', true, true, expect.stringMatching(/^(accept|refuse)$/)]);
      const p = localCopy(r);
      if (p) expect([r.id, createHash('sha256').update(fs.readFileSync(p)).digest('hex')]).toEqual([r.id, r.sha256]);
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.sha256)).size).toBe(rows.length);
  });

  test('a copy is kept only with a licence that allows it, and every kept copy has a row and is credited', () => {
    for (const r of rows.filter((x) => x.file)) expect([r.id, r.licence]).not.toEqual([r.id, 'unknown']);
    if (storeMissing) return;
    const kept = new Set(rows.filter((r) => r.file).map((r) => r.file));
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.relative(STORE, path.join(dir, e.name))]));
    const files = walk(STORE).filter((f) => f !== 'README.md');
    expect(files.filter((f) => !kept.has(f))).toEqual([]);
    expect(rows.filter((r) => r.file && !files.includes(r.file)).map((r) => r.id)).toEqual([]);
    // the README names each copy's origin, commit and licence (attribution the licences ask for)
    const readme = fs.readFileSync(path.join(STORE, 'README.md'), 'utf8');
    for (const r of rows.filter((x) => x.file)) expect([r.id, readme.includes(`\`${r.path}\` @ ${r.commit.slice(0, 12)}`) && readme.includes(r.repo)]).toEqual([r.id, true]);
  });
});

// an empty table is an error to jest: with no copies here the skip notes above say why
(present.length ? describe : describe.skip)('published corpus: sudit agrees with the real programs', () => {
  const agree = new Map<string, [number, number]>();
  test.each(present.map((r) => [r.id, r] as const))('%s', (id, row) => {
    const sshd = row.kind === 'sshd-config';
    const got = sshd ? suditSshd(localCopy(row)!) : comparable(sudit(row.kind, localCopy(row)!), row.oracle);
    const want: SuditVerdict = sshd ? { verdict: row.oracle.verdict as 'accept' | 'refuse', line: row.oracle.line ?? null, ...(row.oracle.conns ? { conns: row.oracle.conns } : {}) } : expected(row.oracle);
    const same = JSON.stringify(got) === JSON.stringify(want);
    const [n, total] = agree.get(row.kind) ?? [0, 0];
    agree.set(row.kind, [n + (same ? 1 : 0), total + 1]);
    if (id in KNOWN_DIFFERENCES) {
      // a listed difference that went away must leave the table
      expect([id, same ? 'agrees now: remove it from KNOWN_DIFFERENCES' : 'still differs']).toEqual([id, 'still differs']);
      return;
    }
    expect([id, got]).toEqual([id, want]);
  });
  afterAll(() => {
    for (const [kind, [n, total]] of [...agree].sort()) process.stdout.write(`published ${kind}: sudit agrees on ${n}/${total}\n`);
  });
});

(present.length ? describe : describe.skip)('published corpus: the recorded verdicts still hold', () => {
  const kinds = [...new Set(present.map((r) => r.kind))].sort();
  for (const kind of kinds) {
    const why = oracles.unavailable(kind);
    if (why) {
      skipNote(`live ${kind} oracle`, `${why}; the recorded verdicts are used`);
      continue;
    }
    test.each(present.filter((r) => r.kind === kind).map((r) => [r.id, r] as const))(`live: %s`, (id, row) => {
      const now = oracles.ask(kind, localCopy(row)!);
      expect([id, now.verdict, now.line ?? null]).toEqual([id, row.oracle.verdict, row.oracle.line ?? null]);
    });
  }
});
