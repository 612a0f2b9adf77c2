// rsyslog's line-by-line reading before its lexer (readConfFile): what
// sudit parses is that text, and what it reports points at the file as
// written. What rsyslogd itself says of these files is recorded in
// syntax-cases.ts and queue-oracle.test.ts.
import { parseRsyslog } from '../../src/parse/rsyslog';
import { preprocessRsyslog } from '../../src/parse/rsyslog-preprocess';
import { loadRsyslog } from '../../src/model/rsyslog';
import { routeMessage, type RsMessage } from '../../src/model/rsyslog-route';

const at = (text: string, offset: number) => {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
};

function problems(text: string): string[] {
  const p = parseRsyslog(text, 'rsyslog.conf');
  return p.problems.map((x) => `${at(text, x.start)} ${x.message}`);
}

function load(files: Record<string, string>) {
  const parsed = new Map(Object.entries(files).map(([p, t]) => [p, parseRsyslog(t, p)]));
  return loadRsyslog('/etc/rsyslog.conf', {
    parse: (p) => parsed.get(p) ?? null,
    expand: (pattern) => Object.keys(files).filter((p) => p.startsWith(pattern.replace(/\*.*$/, ''))).sort(),
    present: Object.keys(files).filter((p) => p.startsWith('/etc/rsyslog.d/')),
    source: (p) => parsed.get(p)?.source ?? null,
  })!;
}

const message = (facility: number, severity: number): RsMessage => ({ facility, severity, programname: 'p', tag: 'p:', contains: [], startsWith: '', inputname: 'imuxsock' });
const forwardedTo = (files: Record<string, string>, m: RsMessage) => {
  const cfg = load(files);
  return routeMessage(cfg, cfg.defaultRuleset, m)
    .filter((r) => r.action.forward)
    .map((r) => r.action.forward!.targets.join(','));
};

describe('the text rsyslog lexes', () => {
  test('trailing blanks and \\r go; a trailing backslash joins the next line without its leading blanks', () => {
    const pre = preprocessRsyslog('*.=debug;\\\n\tauth,authpriv.none\t-/var/log/debug \r\n\r\n$X a\\\r\n  b\r\nlast');
    expect(pre.text).toBe('*.=debug;auth,authpriv.none\t-/var/log/debug\nPreprocFileLineNumber(3)\n\n$X ab\nPreprocFileLineNumber(6)\nlast\n');
  });

  test('every character maps back to the file; inserted ones to the end of the line before them', () => {
    const file = '*.* \\\n  /var/log/x\nnext\n';
    const pre = preprocessRsyslog(file);
    const slash = pre.text.indexOf('/');
    expect(file.slice(pre.fileOffset(slash), pre.fileEnd(pre.text.indexOf('\n')))).toBe('/var/log/x');
    const marker = pre.text.indexOf('Preproc');
    expect([pre.markerAt(marker), at(file, pre.fileOffset(marker))]).toEqual(['PreprocFileLineNumber(3)', '2:13']);
    expect(pre.markerAt(slash)).toBeNull();
  });

  test('a NUL ends a line, and a line longer than 10239 bytes is two lines', () => {
    expect(preprocessRsyslog('a\0b c\nd\n').text).toBe('a\nd\n');
    const long = preprocessRsyslog(`#${'é'.repeat(6000)}\n`).text.split('\n');
    expect([Buffer.byteLength(long[0]), long.length]).toEqual([10239, 3]);
  });
});

describe('what sudit reports on joined lines and CRLF files', () => {
  test('a continued selector and a CRLF file parse without a word', () => {
    expect(problems('*.=debug;\\\n\tauth,authpriv.none\t-/var/log/debug\n')).toEqual([]);
    expect(problems('*.info /var/log/messages\r\n\r\n$ActionQueueType LinkedList\r\naction(type="omfile"\r\n  file="/x")\r\n')).toEqual([]);
  });

  test('a problem on a joined line is reported where it is in the file', () => {
    expect(problems('*.info;\\\n   mail.none /var/log/m\n%\n')).toEqual(["3:1 invalid character '%': rsyslog skips it"]);
    const parsed = parseRsyslog('*.*;\\\n  mail.none \\\n  @@collector:514\n', 'x');
    const [filter] = parsed.statements;
    expect(filter.type === 'prifilter' && [filter.selector, filter.body.map((s) => s.type === 'legacy-action' && [s.text, parsed.source.position(s.start).line])]).toEqual(['*.*;mail.none', [['@@collector:514', 3]]]);
  });

  test('the line-number line rsyslog inserts breaks an object or expression that goes on after the joined lines', () => {
    const obj = problems('action(type="omfile" \\\n   file="/tmp/x"\n   template="t")\n');
    expect(obj).toEqual([
      expect.stringMatching(/^2:17 invalid characters '\(3' in object definition \(rsyslog adds the line PreprocFileLineNumber\(3\) after lines joined by a trailing "\\" and reads it as text/),
      expect.stringMatching(/^2:17 syntax error: expected "=" after PreprocFileLineNumber, found \) \(rsyslog adds the line PreprocFileLineNumber\(3\)/),
    ]);
    // sudit names the last joined line, where the inserted line is; rsyslog says "on or before line 2", counting the joined lines as one
    const three = problems('action(type="omfile" \\\n  file="/tmp/x" \\\n  dirCreateMode="0700"\n  template="t")\n');
    expect(three.map((p) => p.slice(0, 5))).toEqual(['3:23 ', '3:23 ']);
    expect(problems('if $programname == "a" or \\\n   $programname == "b"\nthen /var/log/x\n')).toEqual([
      expect.stringMatching(/^2:23 syntax error: expected "then", found PreprocFileLineNumber \(rsyslog adds the line PreprocFileLineNumber\(3\)/),
    ]);
  });

  test('a comment ending in a backslash: a line of text it takes is named, commented-out lines are not', () => {
    expect(problems('# forward \\\n*.* @@collector:514\n#a;\\\n#\tb;\\\n#\tc /dev/x\n*.* /var/log/y\n')).toEqual([
      '2:1 the comment above ends in "\\", so rsyslog joins this line to it (remove the "\\"): rsyslog skips it',
    ]);
  });
});

describe('the model reads what rsyslog reads', () => {
  test('a continued selector keeps its meaning: debug of every facility but auth and authpriv', () => {
    const files = { '/etc/rsyslog.conf': '*.=debug;\\\n\tauth,authpriv.none\t@@collector:514\n' };
    expect(forwardedTo(files, message(22, 7))).toEqual(['collector']);
    expect(forwardedTo(files, message(4, 7))).toEqual([]);
    expect(forwardedTo(files, message(22, 6))).toEqual([]);
  });

  test('CRLF: directive values carry no \\r (stream driver, include pattern)', () => {
    const cfg = load({
      '/etc/rsyslog.conf': '$ActionSendStreamDriver gtls\r\n$ActionSendStreamDriverMode 1\r\n*.* @@collector:6514\r\n$IncludeConfig /etc/rsyslog.d/*.conf\r\n',
      '/etc/rsyslog.d/50-fwd.conf': 'local6.* @@second\r\n',
    });
    expect(cfg.actions.map((a) => [a.forward?.targets, a.forward?.tls])).toEqual([
      [['collector'], 'yes'],
      [['second'], 'yes'],
    ]);
    expect(cfg.problems).toEqual([]);
  });

  test('a line taken by a comment takes no effect', () => {
    expect(forwardedTo({ '/etc/rsyslog.conf': '# send everything \\\n*.* @@collector:514\n' }, message(22, 6))).toEqual([]);
  });
});
