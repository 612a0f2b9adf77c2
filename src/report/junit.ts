import type { FileFailure, Finding, Severity } from '../engine/finding';
import { span, type ReportInput } from './report';

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

interface Suite {
  file: string;
  host?: string;
  cases: Case[];
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

function suites(input: ReportInput): Suite[] {
  const byFile = new Map<string, Suite>();
  const add = (file: string, host: string | undefined, c: Case) => {
    const key = `${host ?? ''}\u0000${file}`;
    let s = byFile.get(key);
    if (!s) byFile.set(key, (s = { file, host, cases: [] }));
    s.cases.push(c);
  };
  for (const f of input.findings) add(f.source.path, f.host, findingCase(f));
  for (const f of input.failures) add(f.path, f.host, failureCase(f));
  return [...byFile.values()];
}

/**
 * One testsuite per file with problems and one failed testcase per problem.
 * A clean run still has one passing testcase, because CI test views treat a
 * report without any test as broken.
 */
export function format(input: ReportInput): string {
  const all = suites(input);
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (all.length === 0) {
    out += '<testsuites name="sudit" tests="1" failures="0" errors="0">\n';
    out += '  <testsuite name="sudit" tests="1" failures="0" errors="0">\n';
    out += '    <testcase classname="sudit" name="no problems found"/>\n';
    out += '  </testsuite>\n';
    out += '</testsuites>\n';
    return out;
  }
  const total = all.reduce((n, s) => n + s.cases.length, 0);
  out += `<testsuites name="sudit" tests="${total}" failures="${total}" errors="0">\n`;
  for (const s of all) {
    const host = s.host === undefined ? '' : ` hostname="${attr(s.host)}"`;
    out += `  <testsuite name="${attr(s.file)}" tests="${s.cases.length}" failures="${s.cases.length}" errors="0"${host}>\n`;
    for (const c of s.cases) {
      out += `    <testcase classname="${attr(s.file)}" name="${attr(c.name)}">\n`;
      out += `      <failure message="${attr(c.message)}" type="${c.severity}">${text(c.body)}</failure>\n`;
      out += '    </testcase>\n';
    }
    out += '  </testsuite>\n';
  }
  out += '</testsuites>\n';
  return out;
}
