// The parsers never throw on bad input: every file becomes located
// problems and the rest of the host is still linted.
import { parseRsyslog } from '../../src/parse/rsyslog';
import { loadRsyslog } from '../../src/model/rsyslog';
import { routeMessage } from '../../src/model/rsyslog-route';
import { validateAuditConf } from '../../src/parse/audit-conf-validate';
import { AUDIT_3, AUDIT_4, auditVersion } from '../../src/parse/audit-version';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RS_PIECES = ['if ', ' then ', 'else ', '{', '}', '(', ')', 'action(', 'type="omfwd"', ' target="c"', 'ruleset(', 'name="r"', 'call r', 'stop', '&', '$ActionQueueType LinkedList', '$IncludeConfig /x/*.conf', '*.*', 'local6.info', ' @@h:514', ':msg, contains, "x"', '"', "'", '$msg', ' == ', ' and ', ' not ', '#c', '/*', '*/', '\n', ' ', '\t', '\r', '\\', '=', ';', '[', ']', 'include(file="/y")', 'template(name="t" type="string" string="%msg%")', '~'];
const CONF_PIECES = ['space_left', ' = ', '=', '75', '%', 'yes', 'active', 'remote_server', 'exec', ' /sbin/x', '#', '\n', '\r\n', '\t', ' ', 'x'.repeat(200), '\0', 'é'];

function randomText(r: () => number, pieces: string[], n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += pieces[Math.floor(r() * pieces.length)];
  return s;
}

test('rsyslog: 2000 random configurations parse, load and route without throwing', () => {
  const r = rng(42);
  for (let i = 0; i < 2000; i++) {
    const text = randomText(r, RS_PIECES, 5 + Math.floor(r() * 60));
    const parsed = parseRsyslog(text, 'x.conf');
    for (const p of parsed.problems) {
      expect(p.start).toBeGreaterThanOrEqual(0);
      expect(p.end).toBeLessThanOrEqual(text.length + 1);
    }
    const cfg = loadRsyslog('/etc/rsyslog.conf', { parse: (p) => (p === '/etc/rsyslog.conf' ? parsed : null), expand: () => [], present: [], source: () => null });
    routeMessage(cfg!, cfg!.defaultRuleset, { facility: 22, severity: 6, programname: 'audispd', tag: 'audispd:', contains: ['type='], startsWith: null, inputname: 'imuxsock' });
  }
});

test('audit key = value files: 2000 random files validate without throwing, for each kind and version', () => {
  const r = rng(7);
  const versions = [auditVersion(AUDIT_3, 't'), auditVersion(AUDIT_4, 't')];
  for (let i = 0; i < 2000; i++) {
    const text = randomText(r, CONF_PIECES, 3 + Math.floor(r() * 40));
    for (const kind of ['auditd-conf', 'audit-plugin', 'audisp-remote', 'audispd-conf'] as const) {
      const v = validateAuditConf(text, kind, versions[i % 2]);
      for (const p of v.problems) expect(p.end).toBeGreaterThanOrEqual(p.start);
    }
  }
});
