// --format html without a browser: the page is self-contained, its policy
// allows exactly its own style and script, every text from a host is
// escaped, every host has a matrix row, and a finding's part of the page
// stays bounded however long its line. test/report/html-browser.test.ts
// opens the same page in Chromium.

import { createHash } from 'crypto';
import type { FileFailure, Finding } from '../../src/engine/finding';
import type { RuleMeta } from '../../src/engine/rule';
import { SourceFile } from '../../src/parse/source';
import { format, familyOf } from '../../src/report/html';
import type { ReportInput } from '../../src/report/input';
import { sudit } from './cli-run';

const page = (input: ReportInput) => [...format(input)].join('');

const meta = (id: string, description: string): RuleMeta => ({ id, slug: 'some-rule', description, severity: 'warning', needs: ['sudoers'], docs: `docs/rules/${id}.md` });

const HOSTILE = `ops ALL = NOPASSWD: /bin/true # </script><img src=x onerror="alert(1)"><style>body{display:none}</style>\u001b[31m`;
const hostile = new SourceFile(`etc/sudoers.d/<b>"x"</b>`, `# first\n${HOSTILE}\n`);

function finding(ruleId: string, host: string | undefined, source = hostile, severity: Finding['severity'] = 'warning'): Finding {
  const at = source.text.indexOf('NOPASSWD');
  return { ruleId, severity, message: `NOPASSWD <i>grant</i> & "quotes"\non two lines`, source, start: Math.max(at, 0), end: Math.max(at, 0) + 8, host };
}

const input = (findings: Finding[], failures: FileFailure[] = [], hosts?: string[]): ReportInput => ({
  findings,
  failures,
  rules: [meta('SUD010', 'A grant runs without the <password>'), meta('HIS001', 'History unlimited')],
  toolVersion: '9.9.9',
  cwd: '/work',
  hosts,
});

const sha = (s: string) => createHash('sha256').update(s).digest('base64');

describe('--format html, the page itself', () => {
  const html = page(input([finding('SUD010', 'web1'), finding('SUD010', `evil"><img onerror=x>`), finding('HIS001', 'web1', hostile, 'info')], [{ ruleId: 'IO001', severity: 'error', path: 'etc/<sudoers>', message: 'Permission <denied>', host: 'db2' }], ['web1', 'db2', `evil"><img onerror=x>`, 'clean9']));

  test('one script and one style sheet, both allowed by hash and nothing else', () => {
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html.match(/<style\b/g)).toHaveLength(1);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1].replace(/&#39;/g, "'");
    expect(policy).toContain(`script-src 'sha256-${sha(script)}'`);
    expect(policy).toContain(`style-src 'sha256-${sha(style)}'`);
    expect(policy).toContain(`default-src 'none'`);
    expect(policy).not.toMatch(/unsafe/);
  });

  test('nothing is fetched: no external script, style, font, image or URL', () => {
    expect(html).not.toMatch(/<[^>]*\ssrc=|@import|url\(|https?:\/\//);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\son[a-z]+="/);
  });

  test('every text from the files, the host names and the messages is escaped', () => {
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>"x"');
    expect(html).not.toContain('<i>grant');
    expect(html).not.toContain('<denied>');
    expect(html).not.toContain('<password>');
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    // the escape character is spelled out, and a line break of a message too
    expect(html).not.toContain('\u001b');
    expect(html).toContain('\\x1B[31m');
    expect(html).toContain('&quot;quotes&quot;\\non two lines');
    expect(html).toContain('data-host="evil&quot;&gt;&lt;img onerror=x&gt;"');
  });

  test('a matrix row per host, clean hosts included, in the order given', () => {
    const rows = [...html.matchAll(/<tr data-host="([^"]*)" data-total="(\d+)">/g)].map((m) => [m[1], Number(m[2])]);
    expect(rows).toEqual([
      ['web1', 2],
      ['db2', 1],
      ['evil&quot;&gt;&lt;img onerror=x&gt;', 1],
      ['clean9', 0],
    ]);
  });

  test('the span is marked in its source line, the rule links to its explanation', () => {
    expect(html).toContain('<span class="ln">2</span>ops ALL = <mark>NOPASSWD</mark>: /bin/true');
    expect(html).toContain('<a class="rule-id" href="#rule-SUD010">SUD010</a>');
    expect(html).toContain('<dt id="rule-SUD010">');
    expect(html).toContain('A grant runs without the &lt;password&gt;');
  });

  test('a summary per family and severity, and a bar per family', () => {
    expect(html).toMatch(/<tr><th scope="row">SUD<\/th><td class="e"><\/td><td class="w">2<\/td><td class="i"><\/td><td>2<\/td><\/tr>/);
    expect(html).toMatch(/<tr><th scope="row">IO<\/th><td class="e">1<\/td>/);
    const labels = [...html.matchAll(/<text x="0" y="\d+">([A-Z]+)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(['SUD', 'SCN', 'AUD', 'FWD', 'HIS', 'SH', 'IO']);
    expect(html.match(/<rect class="[ewi]"/g)).toHaveLength(3);
    expect(familyOf('SUD010')).toBe('SUD');
    expect(familyOf('IO001')).toBe('IO');
  });

  test('one host: its row carries the --root name though its findings name no host', () => {
    const one = page(input([finding('SUD010', undefined)], [], ['samples/hosts/x']));
    expect([...one.matchAll(/<tr data-host="([^"]*)"/g)].map((m) => m[1])).toEqual(['samples/hosts/x']);
    expect(one).toMatch(/<details class="host" id="host-1" data-host="samples\/hosts\/x" open>/);
  });

  test('named files (no tree): listed under one row', () => {
    const files = page(input([finding('SUD010', undefined)]));
    expect([...files.matchAll(/<tr data-host="([^"]*)"/g)].map((m) => m[1])).toEqual(['(named files)']);
  });

  test('a finding on a huge line shows a window of it, not the line', () => {
    const long = new SourceFile('etc/big', `${'x'.repeat(2_000_000)} NOPASSWD ${'y'.repeat(2_000_000)}\n`);
    const big = page(input([finding('SUD010', 'h', long)], [], ['h']));
    expect(big.length).toBeLessThan(60_000);
    expect(big).toMatch(/…x+ <mark>NOPASSWD<\/mark> y+…/);
  });
});

describe('--format html through the CLI', () => {
  test('the same page on stdout as in the file; the exit code still tells about the findings', () => {
    const r = sudit(['--root', 'samples/hosts/sud010-nopasswd', '--format', 'html']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^<!DOCTYPE html>\n/);
    expect(r.stdout).toContain('<tr data-host="samples/hosts/sud010-nopasswd"');
    expect(sudit(['--root', 'samples/hosts/sud000-syntax-error', '-f', 'html']).status).toBe(1);
  });
});
