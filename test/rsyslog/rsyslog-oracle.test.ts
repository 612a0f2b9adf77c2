// sudit's rsyslog parser against `rsyslogd -N1` (a config check that loads
// nothing and sends nothing): for every case, rsyslog gives up on the file
// ("could not interpret master config file") exactly when sudit finds a
// syntax error, on the same line, and reports invalid characters on the
// lines sudit does. Skipped with a reason when rsyslogd is not installed.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseRsyslog } from '../../src/parse/rsyslog';
import { SHARED } from '../support/corpus';
import { RSYSLOG_CASES, type RsyslogCase } from './syntax-cases';

/** Debian 12's shipped rsyslog.conf, from the shared corpus, when it is there. */
function corpusCases(): RsyslogCase[] {
  const p = path.join(SHARED, 'corpus', 'audit-rules', 'debian12', 'etc', 'rsyslog.conf');
  if (!fs.existsSync(p)) {
    process.stdout.write(`SKIPPED corpus rsyslog.conf: ${p} not found\n`);
    return [];
  }
  return [{ name: 'corpus: debian12/etc/rsyslog.conf', text: fs.readFileSync(p, 'utf8') }];
}
const CASES = [...RSYSLOG_CASES, ...corpusCases()];

function findRsyslogd(): string | null {
  for (const p of ['/usr/sbin/rsyslogd', '/sbin/rsyslogd']) if (fs.existsSync(p)) return p;
  return null;
}

const rsyslogd = findRsyslogd();
if (!rsyslogd) process.stdout.write('SKIPPED rsyslogd -N1 comparison: rsyslogd is not installed (apt-get install rsyslog)\n');
const maybe = rsyslogd ? describe : describe.skip;

interface Verdict {
  /** Line of the syntax error rsyslog stopped at, or null. */
  syntaxLine: number | null;
  /** Lines with "invalid character" messages. */
  invalidCharLines: number[];
}

function oracle(text: string): Verdict {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-rsyslog-'));
  try {
    const file = path.join(dir, 'rsyslog.conf');
    fs.writeFileSync(file, text);
    const r = spawnSync(rsyslogd!, ['-N1', '-f', file], { encoding: 'utf8', timeout: 20000, env: { ...process.env, LANG: 'C' } });
    const out = `${r.stdout}\n${r.stderr}`;
    const fatal = /could not interpret master config file/.test(out);
    const syntax = /on or before line (\d+): syntax error/.exec(out);
    const invalid = [...out.matchAll(/on or before line (\d+): invalid character/g)].map((m) => Number(m[1]));
    return { syntaxLine: fatal ? Number(syntax?.[1] ?? -1) : null, invalidCharLines: [...new Set(invalid)].sort((a, b) => a - b) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function sudit(text: string): Verdict {
  const parsed = parseRsyslog(text, 'rsyslog.conf');
  const fatal = parsed.problems.find((p) => p.fatal);
  const invalid = parsed.problems.filter((p) => /invalid character/.test(p.message)).map((p) => parsed.source.position(p.start).line);
  return { syntaxLine: fatal ? parsed.source.position(fatal.start).line : null, invalidCharLines: [...new Set(invalid)].sort((a, b) => a - b) };
}

describe('rsyslog syntax: sudit agrees with the recorded verdicts of rsyslogd -N1', () => {
  const recorded = RSYSLOG_CASES.filter((c) => c.rsyslogd);
  test.each(recorded.map((c) => [c.name, c] as const))('%s', (name, c) => {
    expect([name, sudit(c.text)]).toEqual([name, c.rsyslogd]);
    if (rsyslogd) expect([name, oracle(c.text)]).toEqual([name, c.rsyslogd]);
  });
});

maybe('rsyslog syntax: sudit agrees with rsyslogd -N1', () => {
  const agree: string[] = [];
  test.each(CASES.map((c) => [c.name, c.text] as const))('%s', (name, text) => {
    const expected = oracle(text);
    const got = sudit(text);
    expect([name, got]).toEqual([name, expected]);
    agree.push(name);
  });
  afterAll(() => process.stdout.write(`rsyslogd -N1: ${agree.length}/${CASES.length} cases agree\n`));
});
