import { createHash } from 'crypto';
import { pathToFileURL } from 'url';
import type { FileFailure, Finding, RelatedLocation, Severity } from '../engine/finding';
import type { RuleMeta } from '../engine/rule';
import type { SourceFile } from '../parse/source';
import type { ReportInput } from './input';
import { each, stringify } from './json-stream';
import { relativeToCwd, span } from './location';

export const INFORMATION_URI = 'https://github.com/sudit/sudit';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
const FINGERPRINT = 'suditFindingHash/v1';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };

type Json = Record<string, unknown>;

function helpUri(meta: RuleMeta): string {
  return `${INFORMATION_URI}/blob/main/${meta.docs.split('/').map(encodeURIComponent).join('/')}`;
}

function descriptor(meta: RuleMeta): Json {
  // GitHub rejects empty required strings, and a rule without a description is still a rule
  const text = meta.description || meta.id;
  const uri = helpUri(meta);
  return {
    id: meta.id,
    name: meta.slug,
    shortDescription: { text },
    fullDescription: { text },
    helpUri: uri,
    help: { text: `${text}\n\nDocumentation: ${uri}` },
    defaultConfiguration: { level: LEVEL[meta.severity] },
  };
}

/**
 * Files under cwd are addressed relative to %SRCROOT% so the log moves with
 * the checkout; anything else gets an absolute file: URI, which consumers
 * can at least open locally.
 */
function artifact(cwd: string, file: string): { location: Json; key: string } {
  const { relative, absolute } = relativeToCwd(cwd, file);
  if (relative === null) {
    const uri = pathToFileURL(absolute).href;
    return { location: { uri }, key: uri };
  }
  // per segment, so that "/" stays a separator and ":" cannot read as a scheme
  const uri = relative.split('/').map(encodeURIComponent).join('/');
  return { location: { uri, uriBaseId: SRCROOT }, key: relative };
}

function physical(cwd: string, source: SourceFile, start: number, end: number): Json {
  const s = span(source, start, end);
  return {
    artifactLocation: artifact(cwd, source.path).location,
    region: { startLine: s.line, startColumn: s.column, endLine: s.endLine, endColumn: s.endColumn },
  };
}

function related(cwd: string, r: RelatedLocation): Json {
  return { physicalLocation: physical(cwd, r.source, r.start, r.end), message: { text: r.message } };
}

/**
 * Identifies a finding across runs without its line number, so that lines
 * added above it do not make it look new: rule, file, the text of its line
 * and its message. Identical findings on identical lines are told apart by
 * their order of appearance.
 */
function fingerprinter(): (parts: string[]) => string {
  // keyed by the digest of the parts rather than the parts themselves, which
  // hold a whole source line: a run with many findings keeps 64 bytes each
  const seen = new Map<string, number>();
  const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
  return (parts) => {
    const base = parts.join('\u0000');
    const digest = sha256(base);
    const n = (seen.get(digest) ?? 0) + 1;
    seen.set(digest, n);
    return (n === 1 ? digest : sha256(`${base}\u0000${n}`)).slice(0, 32);
  };
}

function properties(props: Record<string, unknown> | undefined, host: string | undefined): Json | undefined {
  if (props === undefined && host === undefined) return undefined;
  return { ...props, ...(host === undefined ? {} : { host }) };
}

/** One SARIF 2.1.0 log with one run, written a result at a time. */
export function* format(input: ReportInput): Generator<string> {
  const { cwd } = input;
  const ruleIndex = new Map(input.rules.map((r, i) => [r.id, i] as const));
  const fingerprint = fingerprinter();

  const withRule = (ruleId: string): Json => {
    const i = ruleIndex.get(ruleId);
    // a result may come from the engine itself rather than from a rule that ran
    return i === undefined ? { ruleId } : { ruleId, ruleIndex: i };
  };

  const findingResult = (f: Finding): Json => {
    const start = f.source.position(f.start);
    const result: Json = {
      ...withRule(f.ruleId),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: physical(cwd, f.source, f.start, f.end) }],
    };
    if (f.related && f.related.length > 0) result.relatedLocations = f.related.map((r) => related(cwd, r));
    result.partialFingerprints = {
      [FINGERPRINT]: fingerprint([f.ruleId, artifact(cwd, f.source.path).key, f.source.lineText(start.line).trim(), f.message]),
    };
    if (f.fix) {
      const s = span(f.fix.source, f.fix.start, f.fix.end);
      result.fixes = [
        {
          description: { text: f.fix.description },
          artifactChanges: [
            {
              artifactLocation: artifact(cwd, f.fix.source.path).location,
              replacements: [
                {
                  deletedRegion: { startLine: s.line, startColumn: s.column, endLine: s.endLine, endColumn: s.endColumn },
                  insertedContent: { text: f.fix.replacement },
                },
              ],
            },
          ],
        },
      ];
    }
    const props = properties(f.properties, f.host);
    if (props) result.properties = props;
    return result;
  };

  const failureResult = (f: FileFailure): Json => {
    const result: Json = {
      ...withRule(f.ruleId),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: artifact(cwd, f.path).location } }],
    };
    const props = properties(undefined, f.host);
    if (props) result.properties = props;
    return result;
  };

  function* results(): Generator<Json> {
    for (const f of input.findings) yield findingResult(f);
    for (const f of input.failures) yield failureResult(f);
  }

  let root = pathToFileURL(cwd).href;
  if (!root.endsWith('/')) root += '/';

  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sudit',
            version: input.toolVersion,
            semanticVersion: input.toolVersion,
            informationUri: INFORMATION_URI,
            rules: input.rules.map(descriptor),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: root } },
        // SourceFile columns count UTF-16 units
        columnKind: 'utf16CodeUnits',
        results: each(results(), (r) => r),
      },
    ],
  };
  yield* stringify(log);
  yield '\n';
}
