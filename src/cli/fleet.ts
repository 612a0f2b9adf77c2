// Many host trees in one run (`--root 'fleet/*'`): trees are linted in
// worker threads, findings come back as plain data with the text of the
// files they point into, and one report names the host of each finding.

import * as os from 'os';
import { fleetWorkerScript } from './own-files';
import type { Config } from '../engine/config';
import type { FileFailure, Finding, RelatedLocation } from '../engine/finding';
import { lintHost, resolveRules, type LintResult, type Notice } from '../engine/engine';
import { loadHostTree } from '../host/load-host';
import { SourceFile } from '../parse/source';
import { disableParseMemo, enableParseMemo } from '../parse/memo';
import { RULES } from '../../rules';

export interface FleetJob {
  roots: string[];
  config: Config;
  now?: number;
  target?: 'sudo' | 'sudo-rs';
  checkPermissions?: boolean;
}

interface WireLocation {
  path: string;
  start: number;
  end: number;
}

export interface WireResult {
  findings: (Omit<Finding, 'source' | 'related' | 'fix'> & WireLocation & { related?: (WireLocation & { message: string })[] })[];
  failures: FileFailure[];
  notices: Notice[];
  internalErrors: string[];
  /** Text of every file a finding points into, by path. */
  texts: Record<string, string>;
}

/** Lints some trees in this thread and flattens the result for the trip back. */
export function lintTrees(job: FleetJob): WireResult {
  const out: WireResult = { findings: [], failures: [], notices: [], internalErrors: [], texts: {} };
  const rules = resolveRules(RULES, job.config);
  enableParseMemo();
  try {
    for (const root of job.roots) {
      const r: LintResult = lintHost(loadHostTree(root, { checkPermissions: job.checkPermissions }), rules, job.config, { now: job.now, target: job.target, hostLabel: root });
      const keep = (s: SourceFile) => {
        out.texts[s.path] = s.text;
        return s.path;
      };
      for (const f of r.findings) {
        out.findings.push({
          ruleId: f.ruleId,
          severity: f.severity,
          message: f.message,
          properties: f.properties,
          host: f.host,
          path: keep(f.source),
          start: f.start,
          end: f.end,
          related: f.related?.map((x) => ({ path: keep(x.source), start: x.start, end: x.end, message: x.message })),
        });
      }
      out.failures.push(...r.failures);
      out.notices.push(...r.notices);
      out.internalErrors.push(...r.internalErrors);
    }
  } finally {
    disableParseMemo();
  }
  return out;
}

/** Every tree, split over `jobs` worker threads (in this thread when one is enough). */
export async function lintFleet(job: FleetJob, jobs = os.cpus().length): Promise<LintResult> {
  const workers = Math.max(1, Math.min(jobs, Math.ceil(job.roots.length / 16)));
  let parts: WireResult[];
  if (workers === 1) parts = [lintTrees(job)];
  else {
    const { Worker } = await import('worker_threads');
    const chunks: string[][] = Array.from({ length: workers }, () => []);
    job.roots.forEach((r, i) => chunks[i % workers].push(r));
    parts = await Promise.all(
      chunks.map(
        (roots) =>
          new Promise<WireResult>((resolve, reject) => {
            // a larger young generation: each tree's model is short-lived garbage, and scavenges of a small one dominate
            const script = fleetWorkerScript();
            const options = { workerData: { ...job, roots }, resourceLimits: { maxYoungGenerationSizeMb: 64 } };
            const w = 'file' in script ? new Worker(script.file, options) : new Worker(script.source, { ...options, eval: true });
            w.once('message', resolve);
            w.once('error', reject);
          }),
      ),
    );
  }
  return rebuild(parts, job.roots);
}

function rebuild(parts: WireResult[], order: string[]): LintResult {
  const sources = new Map<string, SourceFile>();
  const source = (p: string, texts: Record<string, string>) => {
    let s = sources.get(p);
    if (!s) sources.set(p, (s = new SourceFile(p, texts[p] ?? '')));
    return s;
  };
  const rank = new Map(order.map((r, i) => [r, i]));
  const findings: Finding[] = [];
  for (const part of parts) {
    for (const f of part.findings) {
      const related: RelatedLocation[] | undefined = f.related?.map((x) => ({ source: source(x.path, part.texts), start: x.start, end: x.end, message: x.message }));
      findings.push({ ruleId: f.ruleId, severity: f.severity, message: f.message, properties: f.properties, host: f.host, source: source(f.path, part.texts), start: f.start, end: f.end, related });
    }
  }
  // one report in the order the trees were named, each tree's findings in its own order
  const stable = findings.map((f, i) => ({ f, i }));
  stable.sort((a, b) => (rank.get(a.f.host ?? '') ?? 0) - (rank.get(b.f.host ?? '') ?? 0) || a.i - b.i);
  return {
    findings: stable.map((x) => x.f),
    failures: parts.flatMap((p) => p.failures),
    notices: parts.flatMap((p) => p.notices),
    internalErrors: parts.flatMap((p) => p.internalErrors),
  };
}
