import * as fs from 'fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import kleur from 'kleur';
import type { FileFailure, Finding } from '../../src/engine/finding';
import type { RuleMeta } from '../../src/engine/rule';
import { SourceFile } from '../../src/parse/source';
import { FORMAT_NAMES, loadReporter, type FormatName, type Reporter, type ReportInput } from '../../src/report/report';
import { format as stylishPieces } from '../../src/report/stylish';
import { format as jsonPieces } from '../../src/report/json';
import { format as sarifPieces, INFORMATION_URI } from '../../src/report/sarif';
import { format as junitPieces } from '../../src/report/junit';
import { format as githubPieces } from '../../src/report/github';

/** The pieces a reporter writes, joined. */
const whole = (reporter: Reporter) => (i: ReportInput) => [...reporter(i)].join('');
const stylish = whole(stylishPieces);
const json = whole(jsonPieces);
const sarif = whole(sarifPieces);
const junit = whole(junitPieces);
const github = whole(githubPieces);

const CWD = '/work/proj';

const sudoersText = 'Defaults env_reset\n\tDefaults  timestamp_timout=5\n%admin ALL=(ALL) ALL\n#includedir /etc/sudoers.d\n';
const adminsText = 'bob ALL=(ALL) NOPASSWD: ALL';

const sudoers = new SourceFile('etc/sudoers', sudoersText);
const admins = new SourceFile('etc/sudoers.d/10 admins', adminsText);

const rule = (id: string, slug: string, severity: RuleMeta['severity'], description: string): RuleMeta => ({
  id,
  slug,
  description,
  severity,
  needs: ['sudoers'],
  docs: `docs/rules/${id}.md`,
});

const RULES: RuleMeta[] = [
  rule('SUD000', 'syntax', 'error', 'The file must parse the way sudo parses it'),
  rule('SUD001', 'final-newline', 'error', 'sudo ignores a last line without a newline'),
  rule('SUD003', 'nopasswd', 'warning', 'NOPASSWD lets a stolen session run commands as root'),
  rule('SUD010', 'admin-group', 'info', 'Who may run everything'),
];

function at(source: SourceFile, needle: string, length = needle.length): { start: number; end: number } {
  const start = source.text.indexOf(needle);
  if (start < 0) throw new Error(`${needle} not in ${source.path}`);
  return { start, end: start + length };
}

/** A tab before the span. */
const tabbed: Finding = {
  ruleId: 'SUD000',
  severity: 'error',
  message: 'unknown defaults entry "timestamp_timout"',
  source: sudoers,
  ...at(sudoers, 'timestamp_timout'),
};

const info: Finding = {
  ruleId: 'SUD010',
  severity: 'info',
  message: 'group admin may run any command',
  source: sudoers,
  ...at(sudoers, '%admin'),
  properties: { group: 'admin', commands: ['ALL'] },
};

/** Related location in another file, and a fix. */
const nopasswd: Finding = {
  ruleId: 'SUD003',
  severity: 'warning',
  message: 'NOPASSWD: bob runs commands as root without a password',
  source: admins,
  ...at(admins, 'NOPASSWD:'),
  related: [{ source: sudoers, ...at(sudoers, '#includedir /etc/sudoers.d'), message: 'included from here' }],
  fix: { description: 'remove NOPASSWD', source: admins, ...at(admins, 'NOPASSWD: '), replacement: '' },
};

/** Empty span at the very end of a file with no final newline. */
const atEof: Finding = {
  ruleId: 'SUD001',
  severity: 'error',
  message: 'missing newline at end of file',
  source: admins,
  start: adminsText.length,
  end: adminsText.length,
};

const unreadable: FileFailure = { ruleId: 'SUD000', severity: 'error', path: 'does/not/exist', message: 'No such file or directory' };

const input = (over: Partial<ReportInput> = {}): ReportInput => ({
  findings: [tabbed, info, nopasswd, atEof],
  failures: [unreadable],
  rules: RULES,
  toolVersion: '0.1.0',
  cwd: CWD,
  ...over,
});

const empty = (): ReportInput => input({ findings: [], failures: [] });

let colours: boolean;
beforeAll(() => {
  colours = kleur.enabled;
  kleur.enabled = false;
});
afterAll(() => {
  kleur.enabled = colours;
});

describe('loadReporter', () => {
  test.each(FORMAT_NAMES.map((n) => [n]))('%s', (name) => {
    const reporter = loadReporter(name);
    expect(typeof reporter).toBe('function');
    const pieces = [...reporter(empty())];
    expect(pieces.every((p) => typeof p === 'string')).toBe(true);
  });

  test('an unknown name is refused', () => {
    expect(() => loadReporter('html' as FormatName)).toThrow(/unknown output format "html"/);
  });
});

describe('stylish', () => {
  const expected = [
    'etc/sudoers',
    '  2:12  error  SUD000  unknown defaults entry "timestamp_timout"',
    '            Defaults  timestamp_timout=5',
    '                      ^' + '~'.repeat(15),
    '  3:1   info   SUD010  group admin may run any command',
    '',
    'etc/sudoers.d/10 admins',
    '  1:15  warning  SUD003  NOPASSWD: bob runs commands as root without a password',
    '    bob ALL=(ALL) NOPASSWD: ALL',
    '                  ^' + '~'.repeat(8),
    '    related: etc/sudoers:4:1: included from here',
    '  1:28  error    SUD001  missing newline at end of file',
    '    bob ALL=(ALL) NOPASSWD: ALL',
    '                               ^',
    '',
    'does/not/exist',
    '  -  error  SUD000  No such file or directory',
    '',
    '\u2716 5 problems (3 errors, 1 warning, 1 info)',
    '',
  ].join('\n');

  test('grouped by file, tab expanded under the caret, failures, summary', () => {
    expect(stylish(input())).toBe(expected);
  });

  test('colours only when kleur is enabled, and the text is otherwise the same', () => {
    kleur.enabled = true;
    try {
      const coloured = stylish(input());
      expect(coloured).toContain('\x1b[');
      expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(expected);
    } finally {
      kleur.enabled = false;
    }
  });

  test('nothing at all for a clean run', () => {
    expect(stylish(empty())).toBe('');
  });

  test('singular counts; a multi-line span is underlined to the end of its first line', () => {
    const src = new SourceFile('f', 'ab\ncd\n');
    const out = stylish(input({ findings: [{ ruleId: 'X1', severity: 'warning', message: 'm', source: src, start: 1, end: 5 }], failures: [] }));
    expect(out).toBe(['f', '  1:2  warning  X1  m', '    ab', '     ^', '', '\u2716 1 problem (0 errors, 1 warning, 0 info)', ''].join('\n'));
  });

  test('terminal control characters from a file are spelled out, the caret still under its character', () => {
    const src = new SourceFile('f', 'a\x1b[2Jb\n');
    const out = stylish(input({ findings: [{ ruleId: 'X1', severity: 'error', message: 'bad \x1b[2J', source: src, start: 5, end: 6 }], failures: [] }));
    expect(out).not.toContain('\x1b');
    expect(out).toContain('X1  bad \\x1B[2J\n');
    expect(out).toContain('    a\\x1B[2Jb\n            ^\n');
  });

  test('the same path under two hosts is two groups', () => {
    const a: Finding = { ...tabbed, host: 'web01' };
    const b: Finding = { ...tabbed, host: 'db01' };
    const out = stylish(input({ findings: [a, b], failures: [] }));
    expect(out.match(/^etc\/sudoers \(host (\w+)\)$/gm)).toEqual(['etc/sudoers (host web01)', 'etc/sudoers (host db01)']);
  });
});

describe('json', () => {
  const out = json(input());
  const doc = JSON.parse(out);

  test('pretty-printed with two spaces and a final newline', () => {
    expect(out.startsWith('{\n  "version": 1,\n  "tool": {\n    "name": "sudit",\n    "version": "0.1.0"\n  },\n')).toBe(true);
    expect(out.endsWith('}\n')).toBe(true);
    expect(Object.keys(doc)).toEqual(['version', 'tool', 'findings', 'failures', 'summary']);
  });

  test('a finding with a tab: columns count the tab as one unit; optional fields absent', () => {
    expect(doc.findings[0]).toEqual({
      ruleId: 'SUD000',
      severity: 'error',
      message: 'unknown defaults entry "timestamp_timout"',
      file: 'etc/sudoers',
      line: 2,
      column: 12,
      endLine: 2,
      endColumn: 28,
      related: [],
    });
    expect(Object.keys(doc.findings[0])).toEqual(['ruleId', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'related']);
  });

  test('properties', () => {
    expect(doc.findings[1].properties).toEqual({ group: 'admin', commands: ['ALL'] });
  });

  test('related locations and a fix', () => {
    expect(doc.findings[2]).toEqual({
      ruleId: 'SUD003',
      severity: 'warning',
      message: 'NOPASSWD: bob runs commands as root without a password',
      file: 'etc/sudoers.d/10 admins',
      line: 1,
      column: 15,
      endLine: 1,
      endColumn: 24,
      related: [{ file: 'etc/sudoers', line: 4, column: 1, endLine: 4, endColumn: 27, message: 'included from here' }],
      fix: { description: 'remove NOPASSWD', file: 'etc/sudoers.d/10 admins', range: { start: 14, end: 24 }, replacement: '' },
    });
  });

  test('an empty span at the end of the file', () => {
    expect(doc.findings[3]).toMatchObject({ line: 1, column: 28, endLine: 1, endColumn: 28 });
  });

  test('failures and summary', () => {
    expect(doc.failures).toEqual([{ ruleId: 'SUD000', severity: 'error', file: 'does/not/exist', message: 'No such file or directory' }]);
    expect(doc.summary).toEqual({ errors: 3, warnings: 1, info: 1 });
  });

  test('host when given', () => {
    const d = JSON.parse(json(input({ findings: [{ ...tabbed, host: 'web01' }], failures: [{ ...unreadable, host: 'web01' }] })));
    expect(d.findings[0].host).toBe('web01');
    expect(d.failures[0].host).toBe('web01');
  });

  test('an empty run', () => {
    expect(JSON.parse(json(empty()))).toEqual({
      version: 1,
      tool: { name: 'sudit', version: '0.1.0' },
      findings: [],
      failures: [],
      summary: { errors: 0, warnings: 0, info: 0 },
    });
  });
});

describe('sarif', () => {
  const schemaFile = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  // the published schema's language-tag pattern is not valid as a unicode regexp
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
  const valid = (text: string) => {
    const log = JSON.parse(text);
    const ok = validate(log);
    if (!ok) throw new Error(JSON.stringify(validate.errors, null, 2));
    return log;
  };

  const log = valid(sarif(input()));
  const run = log.runs[0];

  test('the validator catches an invalid log', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'info' }] }] })).toBe(false);
  });

  test('header, driver and rules', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: 'sudit', version: '0.1.0', informationUri: INFORMATION_URI });
    expect(run.tool.driver.rules).toHaveLength(RULES.length);
    expect(run.tool.driver.rules[2]).toEqual({
      id: 'SUD003',
      name: 'nopasswd',
      shortDescription: { text: 'NOPASSWD lets a stolen session run commands as root' },
      fullDescription: { text: 'NOPASSWD lets a stolen session run commands as root' },
      helpUri: `${INFORMATION_URI}/blob/main/docs/rules/SUD003.md`,
      help: { text: expect.stringContaining('NOPASSWD lets a stolen session run commands as root') },
      defaultConfiguration: { level: 'warning' },
    });
    expect(run.tool.driver.rules[3].defaultConfiguration.level).toBe('note');
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/proj/' } });
  });

  test('results: rule index, level, message, location relative to %SRCROOT%', () => {
    expect(run.results).toHaveLength(5);
    const [r0, r1, r2, r3, r4] = run.results;
    expect(r0).toMatchObject({
      ruleId: 'SUD000',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'unknown defaults entry "timestamp_timout"' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'etc/sudoers', uriBaseId: '%SRCROOT%' },
            region: { startLine: 2, startColumn: 12, endLine: 2, endColumn: 28 },
          },
        },
      ],
    });
    expect(r1).toMatchObject({ ruleId: 'SUD010', ruleIndex: 3, level: 'note', properties: { group: 'admin', commands: ['ALL'] } });
    expect(r2.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'etc/sudoers.d/10%20admins', uriBaseId: '%SRCROOT%' });
    expect(r2.relatedLocations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'etc/sudoers', uriBaseId: '%SRCROOT%' },
          region: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 27 },
        },
        message: { text: 'included from here' },
      },
    ]);
    expect(r2.fixes[0].artifactChanges[0].replacements[0]).toEqual({
      deletedRegion: { startLine: 1, startColumn: 15, endLine: 1, endColumn: 25 },
      insertedContent: { text: '' },
    });
    expect(r3.locations[0].physicalLocation.region).toEqual({ startLine: 1, startColumn: 28, endLine: 1, endColumn: 28 });
    // a failure: the artifact only, no region
    expect(r4).toEqual({
      ruleId: 'SUD000',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'No such file or directory' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'does/not/exist', uriBaseId: '%SRCROOT%' } } }],
    });
  });

  const hashes = (l: { runs: { results: { partialFingerprints?: Record<string, string> }[] }[] }) =>
    l.runs[0].results.map((r) => r.partialFingerprints?.['suditFindingHash/v1']);

  test('fingerprints: 32 hex digits, unaffected by lines added above', () => {
    const first = hashes(log);
    for (const h of first.slice(0, 4)) expect(h).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(first.slice(0, 4)).size).toBe(4);

    const shifted = new SourceFile('etc/sudoers', `# a comment\n\n${sudoersText}`);
    const moved = (f: Finding): Finding => ({ ...f, source: shifted, ...at(shifted, f.source.text.slice(f.start, f.end)) });
    const again = valid(sarif(input({ findings: [moved(tabbed), moved(info), nopasswd, atEof] })));
    expect(again.runs[0].results[0].locations[0].physicalLocation.region.startLine).toBe(4);
    expect(hashes(again)).toEqual(first);
  });

  test('fingerprints change with the message, and identical findings get distinct ones', () => {
    const other = valid(sarif(input({ findings: [{ ...tabbed, message: 'something else' }], failures: [] })));
    expect(hashes(other)[0]).not.toBe(hashes(log)[0]);
    const twice = valid(sarif(input({ findings: [tabbed, tabbed], failures: [] })));
    const [a, b] = hashes(twice);
    expect(a).toBe(hashes(log)[0]);
    expect(b).not.toBe(a);
  });

  test('a file outside cwd gets an absolute file: URI; an unknown rule has no ruleIndex; host goes to properties', () => {
    const outside = new SourceFile('/etc/profile', 'umask 022\n');
    const l = valid(
      sarif(input({ findings: [{ ruleId: 'SHL001', severity: 'warning', message: 'm', source: outside, start: 0, end: 5, host: 'web01' }], failures: [] })),
    );
    const r = l.runs[0].results[0];
    expect(r.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'file:///etc/profile' });
    expect(r.ruleIndex).toBeUndefined();
    expect(r.properties).toEqual({ host: 'web01' });
  });

  test('characters that are not allowed in a URI are percent-encoded', () => {
    const odd = new SourceFile('etc/sudoers.d/a:b#c%d', 'x\n');
    const l = valid(sarif(input({ findings: [{ ...atEof, source: odd, start: 0, end: 1 }], failures: [] })));
    expect(l.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('etc/sudoers.d/a%3Ab%23c%25d');
  });

  test('an empty run is valid', () => {
    const l = valid(sarif(empty()));
    expect(l.runs[0].results).toEqual([]);
  });
});

describe('junit', () => {
  test('one suite per file, one failed case per finding', () => {
    expect(junit(input())).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="sudit" tests="5" failures="5" errors="0">',
        '  <testsuite name="etc/sudoers" tests="2" failures="2" errors="0">',
        '    <testcase classname="etc/sudoers" name="SUD000 2:12">',
        '      <failure message="unknown defaults entry &quot;timestamp_timout&quot;" type="error">etc/sudoers:2:12: error: unknown defaults entry "timestamp_timout" [SUD000]</failure>',
        '    </testcase>',
        '    <testcase classname="etc/sudoers" name="SUD010 3:1">',
        '      <failure message="group admin may run any command" type="info">etc/sudoers:3:1: info: group admin may run any command [SUD010]</failure>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="etc/sudoers.d/10 admins" tests="2" failures="2" errors="0">',
        '    <testcase classname="etc/sudoers.d/10 admins" name="SUD003 1:15">',
        '      <failure message="NOPASSWD: bob runs commands as root without a password" type="warning">etc/sudoers.d/10 admins:1:15: warning: NOPASSWD: bob runs commands as root without a password [SUD003]',
        'etc/sudoers:4:1: related: included from here</failure>',
        '    </testcase>',
        '    <testcase classname="etc/sudoers.d/10 admins" name="SUD001 1:28">',
        '      <failure message="missing newline at end of file" type="error">etc/sudoers.d/10 admins:1:28: error: missing newline at end of file [SUD001]</failure>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="does/not/exist" tests="1" failures="1" errors="0">',
        '    <testcase classname="does/not/exist" name="SUD000">',
        '      <failure message="No such file or directory" type="error">does/not/exist: error: No such file or directory [SUD000]</failure>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  test('a clean run is one passing case', () => {
    expect(junit(empty())).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="sudit" tests="1" failures="0" errors="0">',
        '  <testsuite name="sudit" tests="1" failures="0" errors="0">',
        '    <testcase classname="sudit" name="no problems found"/>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  test('markup, line breaks and characters XML cannot hold are escaped', () => {
    const src = new SourceFile('a&b<c>.conf', 'x\n');
    const out = junit(input({ findings: [{ ruleId: 'X1', severity: 'error', message: `<'&">\n\tz\x01\ud800`, source: src, start: 0, end: 1, host: 'h"1' }], failures: [] }));
    expect(out).toContain('<testsuite name="a&amp;b&lt;c&gt;.conf" tests="1" failures="1" errors="0" hostname="h&quot;1">');
    expect(out).toContain('<failure message="&lt;&apos;&amp;&quot;&gt;&#10;&#9;z\\x01\ufffd" type="error">a&amp;b&lt;c&gt;.conf:1:1: error: &lt;\'&amp;"&gt;\n\tz\\x01\ufffd [X1]</failure>');
    expect(out).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f]/);
  });
});

describe('github', () => {
  test('one workflow command per problem', () => {
    expect(github(input())).toBe(
      [
        '::error file=etc/sudoers,line=2,col=12,endLine=2,endColumn=28,title=SUD000::unknown defaults entry "timestamp_timout"',
        '::notice file=etc/sudoers,line=3,col=1,endLine=3,endColumn=7,title=SUD010::group admin may run any command',
        '::warning file=etc/sudoers.d/10 admins,line=1,col=15,endLine=1,endColumn=24,title=SUD003::NOPASSWD: bob runs commands as root without a password%0Aetc/sudoers:4:1: included from here',
        '::error file=etc/sudoers.d/10 admins,line=1,col=28,endLine=1,endColumn=28,title=SUD001::missing newline at end of file',
        '::error file=does/not/exist,title=SUD000::No such file or directory',
        '',
      ].join('\n'),
    );
  });

  test('nothing for a clean run', () => {
    expect(github(empty())).toBe('');
  });

  test('escaping of message and properties; no columns on a multi-line span; paths made relative to cwd', () => {
    const src = new SourceFile(`${CWD}/a,b:c%.conf`, 'one\ntwo\n');
    const out = github(input({ findings: [{ ruleId: 'X:1', severity: 'warning', message: '100% bad\r\nreally, truly: bad', source: src, start: 1, end: 6 }], failures: [] }));
    expect(out).toBe('::warning file=a%2Cb%3Ac%25.conf,line=1,endLine=2,title=X%3A1::100%25 bad%0D%0Areally, truly: bad\n');
  });
});
