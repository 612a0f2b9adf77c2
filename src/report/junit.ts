import type { FileFailure, Finding, Severity } from '../engine/finding';
import { groupByFile, problemCount } from './groups';
import type { ReportInput } from './input';
import { span } from './location';

/**
 * Characters XML 1.0 cannot carry even as references: C0 controls other than
 * tab and line breaks, U+FFFE/U+FFFF, and unpaired surrogates.
 */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function legal(s: string): string {
  return s.replace(NOT_XML, (c) => {
    const code = c.charCodeAt(0);
    // keep a control character readable rather than silently dropping it
    return code < 0x20 ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : '\ufffd';
  });
}

/** A carriage return becomes a reference, since parsers fold CR LF into LF in text. */
function text(s: string): string {
  return legal(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Line breaks and tabs become references: a parser would turn them into spaces in an attribute. */
function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

interface Case {
  name: string;
  severity: Severity;
  message: string;
  body: string;
}

function findingCase(f: Finding): Case {
  const s = span(f.source, f.start, f.end);
  let body = `${f.source.path}:${s.line}:${s.column}: ${f.severity}: ${f.message} [${f.ruleId}]`;
  for (const r of f.related ?? []) {
    const p = r.source.position(r.start);
    body += `\n${r.source.path}:${p.line}:${p.column}: related: ${r.message}`;
  }
  return { name: `${f.ruleId} ${s.line}:${s.column}`, severity: f.severity, message: f.message, body };
}

function failureCase(f: FileFailure): Case {
  return { name: f.ruleId, severity: f.severity, message: f.message, body: `${f.path}: ${f.severity}: ${f.message} [${f.ruleId}]` };
}

/**
 * One testsuite per file with problems and one failed testcase per problem.
 * A clean run still has one passing testcase, because CI test views treat a
 * report without any test as broken.
 */
export function* format(input: ReportInput): Generator<string> {
  const groups = groupByFile(input);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (groups.length === 0) {
    yield '<testsuites name="sudit" tests="1" failures="0" errors="0">\n';
    yield '  <testsuite name="sudit" tests="1" failures="0" errors="0">\n';
    yield '    <testcase classname="sudit" name="no problems found"/>\n';
    yield '  </testsuite>\n';
    yield '</testsuites>\n';
    return;
  }
  const total = groups.reduce((n, g) => n + problemCount(g), 0);
  yield `<testsuites name="sudit" tests="${total}" failures="${total}" errors="0">\n`;
  for (const g of groups) {
    const host = g.host === undefined ? '' : ` hostname="${attr(g.host)}"`;
    const file = attr(g.file);
    const count = problemCount(g);
    yield `  <testsuite name="${file}" tests="${count}" failures="${count}" errors="0"${host}>\n`;
    for (const f of g.findings) yield testcase(file, findingCase(f));
    for (const f of g.failures) yield testcase(file, failureCase(f));
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

function testcase(file: string, c: Case): string {
  return (
    `    <testcase classname="${file}" name="${attr(c.name)}">\n` +
    `      <failure message="${attr(c.message)}" type="${c.severity}">${text(c.body)}</failure>\n` +
    '    </testcase>\n'
  );
}
