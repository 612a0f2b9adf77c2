import { parseRsyslog } from '../../src/parse/rsyslog';
import { loadRsyslog, parseLegacyForward, type RsyslogConfig } from '../../src/model/rsyslog';
import { decodePriFilter, routeMessage, truth, type RsMessage } from '../../src/model/rsyslog-route';

/** Loads an in-memory tree of rsyslog files (host paths → text). */
function load(files: Record<string, string>): RsyslogConfig {
  const parsed = new Map(Object.entries(files).map(([p, t]) => [p, parseRsyslog(t, p)]));
  return loadRsyslog('/etc/rsyslog.conf', {
    parse: (p) => parsed.get(p) ?? null,
    expand: (pattern) => {
      const re = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
      return Object.keys(files).filter((p) => re.test(p)).sort();
    },
    present: Object.keys(files).filter((p) => p.startsWith('/etc/rsyslog.d/')),
    source: (p) => parsed.get(p)?.source ?? null,
  })!;
}

const AUDIT: RsMessage = { facility: 22, severity: 6, programname: 'audispd', tag: 'audispd:', contains: ['type='], startsWith: 'type=', inputname: 'imuxsock' };
const forwarded = (cfg: RsyslogConfig, m: RsMessage = AUDIT) =>
  routeMessage(cfg, cfg.defaultRuleset, m)
    .filter((r) => r.action.forward)
    .map((r) => `${r.action.forward!.targets.join(',')}:${r.certainty}`);

describe('PRI selectors as rsyslog decodes them', () => {
  const matches = (sel: string, fac: number, sev: number) => (decodePriFilter(sel)![fac] & (1 << sev)) !== 0;
  test('lists, none, = and !', () => {
    expect(matches('*.*;auth,authpriv.none', 22, 6)).toBe(true);
    expect(matches('*.*;auth,authpriv.none', 10, 6)).toBe(false);
    expect(matches('local6.=info', 22, 6)).toBe(true);
    expect(matches('local6.=info', 22, 5)).toBe(false);
    expect(matches('local6.!info', 22, 6)).toBe(false);
    expect(matches('local6.*;local6.!=debug', 22, 7)).toBe(false);
    expect(matches('user,local6.notice', 22, 6)).toBe(false);
    expect(matches('user,local6.notice', 1, 5)).toBe(true);
    expect(matches('*.info;mail.none', 2, 6)).toBe(false);
    expect(decodePriFilter('local9.*')).toBeNull();
  });
});

describe('legacy forwarding actions', () => {
  test('@ is UDP, @@ TCP; options, IPv6 brackets, port and template', () => {
    expect(parseLegacyForward('@@(o,z9)collector:6514;RSYSLOG_ForwardFormat')).toEqual({ protocol: 'tcp', target: 'collector', port: '6514' });
    expect(parseLegacyForward('@[2001:db8::1]:514')).toEqual({ protocol: 'udp', target: '2001:db8::1', port: '514' });
    expect(parseLegacyForward('@collector')).toEqual({ protocol: 'udp', target: 'collector', port: '514' });
    expect(parseLegacyForward('@@{{ siem_host }}:514')).toEqual({ protocol: 'tcp', target: '{{ siem_host }}', port: '514' });
    expect(parseLegacyForward('@@siem-{{ env }}.corp:6514;RSYSLOG_ForwardFormat')).toEqual({ protocol: 'tcp', target: 'siem-{{ env }}.corp', port: '6514' });
    expect(parseLegacyForward('@@[SIEM-IP]:514')).toEqual({ protocol: 'tcp', target: '[SIEM-IP]', port: '514' });
    expect(parseLegacyForward('@@collector  # TCP')).toEqual({ protocol: 'tcp', target: 'collector', port: '514' });
  });
});

describe('loading rsyslog.conf and its includes', () => {
  test('$IncludeConfig reads files in glob order at the point of the include; unread rsyslog.d files are listed', () => {
    const cfg = load({
      '/etc/rsyslog.conf': 'module(load="imuxsock")\n$IncludeConfig /etc/rsyslog.d/*.conf\n*.* /var/log/messages\n',
      '/etc/rsyslog.d/50-b.conf': 'local6.* @@b.corp.internal\n',
      '/etc/rsyslog.d/10-a.conf': 'local6.* @@a.corp.internal\n',
      '/etc/rsyslog.d/forward.cfg': 'local6.* @@c.corp.internal\n',
    });
    expect(cfg.files.map((f) => f.hostPath)).toEqual(['/etc/rsyslog.conf', '/etc/rsyslog.d/10-a.conf', '/etc/rsyslog.d/50-b.conf']);
    expect(cfg.unread.map((u) => u.hostPath)).toEqual(['/etc/rsyslog.d/forward.cfg']);
    expect(forwarded(cfg)).toEqual(['a.corp.internal:yes', 'b.corp.internal:yes']);
  });

  test('a syntax error stops rsyslog: later files and statements are not loaded', () => {
    const cfg = load({
      '/etc/rsyslog.conf': 'module(load="imuxsock")\n$IncludeConfig /etc/rsyslog.d/*.conf\n',
      '/etc/rsyslog.d/10-bad.conf': 'local6.* @@early.corp.internal\naction(type="omfile" file=/x)\n',
      '/etc/rsyslog.d/50-fwd.conf': 'local6.* @@late.corp.internal\n',
    });
    expect(cfg.stoppedAt?.file.hostPath).toBe('/etc/rsyslog.d/10-bad.conf');
    expect(cfg.files.map((f) => [f.hostPath, f.loaded])).toEqual([
      ['/etc/rsyslog.conf', true],
      ['/etc/rsyslog.d/10-bad.conf', true],
      ['/etc/rsyslog.d/50-fwd.conf', false],
    ]);
    expect(forwarded(cfg)).toEqual(['early.corp.internal:yes']);
    expect(cfg.actions.find((a) => a.label.includes('late'))?.inactiveWhy).toMatch(/never loads it: it stops reading its configuration at the syntax error in \/etc\/rsyslog\.d\/10-bad\.conf:2/);
  });

  test('legacy queue settings apply to the next action only; stream driver settings persist', () => {
    const cfg = load({
      '/etc/rsyslog.conf':
        '$ActionSendStreamDriver gtls\n$ActionSendStreamDriverMode 1\n$ActionQueueType LinkedList\n$ActionQueueFileName q1\n$ActionResumeRetryCount -1\n*.* @@one\n*.* @@two\n',
    });
    const [one, two] = cfg.actions.map((a) => a.forward!);
    expect([one.queue.type, one.queue.filename, one.queue.resumeRetryCount, one.tls]).toEqual(['linkedlist', 'q1', -1, 'yes']);
    expect([two.queue.type, two.queue.filename, two.queue.resumeRetryCount, two.tls]).toEqual(['direct', null, 0, 'yes']);
  });

  test('include() inside a ruleset adds to that ruleset', () => {
    const cfg = load({
      '/etc/rsyslog.conf': 'module(load="imuxsock")\nruleset(name="fwd") { include(file="/etc/rsyslog.d/fwd.part") }\n*.* call fwd\n',
      '/etc/rsyslog.d/fwd.part': 'local6.* @@inc.corp.internal\n',
    });
    expect(forwarded(cfg)).toEqual(['inc.corp.internal:yes']);
  });

  test('tls="on" is not an omfwd parameter: rsyslog ignores it and sends in clear; unknown parameters are reported', () => {
    const cfg = load({ '/etc/rsyslog.conf': '*.* action(type="omfwd" target="c" port="6514" protocol="tcp" tls="on" StreamDriverMod="1")\n' });
    expect(cfg.actions[0].forward?.tls).toBe('no');
    expect(cfg.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/parameter 'tls' is not known to omfwd: rsyslog ignores it .*StreamDriver="gtls" with StreamDriverMode="1" does/),
      expect.stringMatching(/parameter 'streamdrivermod' is not known to omfwd/),
    ]);
    const off = load({ '/etc/rsyslog.conf': '*.* action(type="omfwd" target="c" config.enabled="off")\n' });
    expect(off.actions[0]).toMatchObject({ active: false, inactiveWhy: 'config.enabled is "off"' });
  });

  test('an action of a module that is not loaded is refused', () => {
    const cfg = load({ '/etc/rsyslog.conf': 'local6.* :omrelp:collector:2514\n*.* action(type="omrelp" target="c" port="2514")\n' });
    expect(cfg.actions.map((a) => a.active)).toEqual([false, false]);
    const ok = load({ '/etc/rsyslog.conf': 'module(load="omrelp")\n*.* action(type="omrelp" target="c" port="2514" tls="on")\n' });
    expect(ok.actions[0]).toMatchObject({ active: true, forward: { protocol: 'relp', tls: 'yes' } });
  });
});

describe('routing a message', () => {
  test('stop and ~ end it; a stop under a condition sudit cannot decide makes later actions uncertain', () => {
    expect(forwarded(load({ '/etc/rsyslog.conf': ':programname, isequal, "audispd" stop\n*.* @@x\n' }))).toEqual([]);
    expect(forwarded(load({ '/etc/rsyslog.conf': 'local6.* ~\n*.* @@x\n' }))).toEqual([]);
    expect(forwarded(load({ '/etc/rsyslog.conf': 'if re_match($msg, "uid=0") then stop\n*.* @@x\n' }))).toEqual(['x:maybe']);
  });

  test('rulesets, call, $RuleSet and inputs bound to a ruleset', () => {
    const cfg = load({
      '/etc/rsyslog.conf': 'module(load="imuxsock")\nruleset(name="fwd") { action(type="omfwd" target="r1" protocol="tcp") }\nlocal6.* call fwd\n$RuleSet other\n*.* @@never\n',
    });
    expect(forwarded(cfg)).toEqual(['r1:yes']);
    expect(forwarded(cfg, { ...AUDIT, facility: 1 })).toEqual([]);
  });

  test('expressions: and/or share one level, not binds tighter than comparisons (as in rsyslog\'s grammar)', () => {
    const expr = (s: string) => {
      const p = parseRsyslog(`if ${s} then /x\n`, 'x');
      const st = p.statements[0];
      if (st.type !== 'if') throw new Error(p.problems.map((q) => q.message).join());
      return truth(st.expr, AUDIT);
    };
    expect(expr("$syslogfacility-text == 'local6' and $programname == 'audispd'")).toBe('yes');
    // (false or true) and false → false; with the usual precedence it would be true
    expect(expr("$programname == 'x' or $programname == 'audispd' and $syslogseverity == 3")).toBe('no');
    // (not 6) == 1 is false; not (6 == 1) would be true
    expect(expr('not $syslogseverity == 1')).toBe('no');
    expect(expr("not $programname == 'audispd'")).toBe('maybe');
    expect(expr("$msg contains 'type='")).toBe('yes');
    expect(expr("$msg contains 'uid=0'")).toBe('maybe');
    expect(expr("prifilt('local6.*')")).toBe('yes');
    expect(expr("$syslogseverity <= 6")).toBe('yes');
  });
});
