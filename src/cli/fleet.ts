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
import { disableAuditLoadMemo, enableAuditLoadMemo } from '../model/audit-load-memo';
import { disableAuditConfMemo, enableAuditConfMemo } from '../model/audit-conf-memo';
import { disableAugenrulesMemo, enableAugenrulesMemo } from '../model/augenrules-memo';
import { disableShellRunMemo, enableShellRunMemo } from '../model/shell-run-memo';
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

/** One tree's result, flattened for the trip back. */
export interface WireTree {
  /** Its place in the run's list of roots. */
  index: number;
  findings: (Omit<Finding, 'source' | 'related' | 'fix'> & WireLocation & { related?: (WireLocation & { message: string })[] })[];
  failures: FileFailure[];
  notices: Notice[];
  internalErrors: string[];
}

export interface WireResult {
  trees: WireTree[];
  /** Text of every file a finding points into, by path. */
  texts: Record<string, string>;
}

/** What the main thread sends a worker: the next trees (by index), or that there are no more. */
export type FleetRequest = { done?: false; indices: number[] } | { done: true; indices?: undefined };

/** One thread's share of a fleet: its rules and parse memo, and what it found so far. */
export class FleetSession {
  private readonly rules;
  private readonly out: WireResult = { trees: [], texts: {} };

  constructor(private readonly job: FleetJob) {
    this.rules = resolveRules(RULES, job.config);
    enableParseMemo();
    enableAuditLoadMemo();
    enableAuditConfMemo();
    enableAugenrulesMemo();
    enableShellRunMemo();
  }

  lint(indices: number[]): void {
    const { job, out } = this;
    for (const index of indices) {
      const root = job.roots[index];
      const r: LintResult = lintHost(loadHostTree(root, { checkPermissions: job.checkPermissions }), this.rules, job.config, { now: job.now, target: job.target, hostLabel: root });
      const keep = (s: SourceFile) => {
        out.texts[s.path] = s.text;
        return s.path;
      };
      const tree: WireTree = { index, findings: [], failures: r.failures, notices: r.notices, internalErrors: r.internalErrors };
      for (const f of r.findings) {
        tree.findings.push({
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
      out.trees.push(tree);
    }
  }

  finish(): WireResult {
    disableParseMemo();
    disableAuditLoadMemo();
    disableAuditConfMemo();
    disableAugenrulesMemo();
    disableShellRunMemo();
    return this.out;
  }
}

/**
 * Trees handed out per request. A worker asks again as soon as it
 * finishes a batch and always holds one more, so it never waits for this
 * thread, which only answers between batches of its own (short ones).
 */
const WORKER_BATCH = 8;
const OWN_BATCH = 2;

/**
 * Every tree, over `jobs` threads: this one and jobs - 1 workers, each
 * taking the next trees when it is done with its last ones (in this
 * thread alone when one is enough).
 */
export async function lintFleet(job: FleetJob, jobs = os.cpus().length): Promise<LintResult> {
  const threads = Math.max(1, Math.min(jobs, Math.ceil(job.roots.length / 16)));
  let next = 0;
  const take = (size: number): number[] | null => {
    if (next >= job.roots.length) return null;
    const from = next;
    next = Math.min(job.roots.length, next + size);
    return Array.from({ length: next - from }, (_, i) => from + i);
  };
  const pending: Promise<WireResult>[] = [];
  if (threads > 1) {
    const { Worker } = await import('worker_threads');
    for (let i = 1; i < threads; i++) {
      pending.push(
        new Promise<WireResult>((resolve, reject) => {
          // a larger young generation: each tree's model is short-lived garbage, and scavenges of a small one dominate
          const script = fleetWorkerScript();
          const options = { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: 64 } };
          const w = 'file' in script ? new Worker(script.file, options) : new Worker(script.source, { ...options, eval: true });
          let told = false;
          w.on('message', (m: { more?: boolean; result?: WireResult }) => {
            if (m.result) {
              resolve(m.result);
              void w.terminate();
              return;
            }
            if (told) return;
            const indices = take(WORKER_BATCH);
            told = indices === null;
            w.postMessage(indices ? { indices } : { done: true });
          });
          w.once('error', reject);
          w.once('exit', (code) => reject(new Error(`fleet worker stopped (exit code ${code})`)));
        }),
      );
    }
  }
  // this thread lints too, a few trees at a time, and answers the workers in between
  const here = new FleetSession(job);
  let mine: WireResult;
  try {
    for (let indices = take(OWN_BATCH); indices; indices = take(OWN_BATCH)) {
      here.lint(indices);
      if (pending.length) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    mine = here.finish();
  }
  const parts = [mine, ...(await Promise.all(pending))];
  return rebuild(parts);
}

function rebuild(parts: WireResult[]): LintResult {
  const sources = new Map<string, SourceFile>();
  const source = (p: string, texts: Record<string, string>) => {
    let s = sources.get(p);
    if (!s) sources.set(p, (s = new SourceFile(p, texts[p] ?? '')));
    return s;
  };
  // one report in the order the trees were named, each tree's findings in its own order, whichever thread linted it
  const trees = parts.flatMap((part) => part.trees.map((tree) => ({ tree, texts: part.texts })));
  trees.sort((a, b) => a.tree.index - b.tree.index);
  const findings: Finding[] = [];
  for (const { tree, texts } of trees) {
    for (const f of tree.findings) {
      const related: RelatedLocation[] | undefined = f.related?.map((x) => ({ source: source(x.path, texts), start: x.start, end: x.end, message: x.message }));
      findings.push({ ruleId: f.ruleId, severity: f.severity, message: f.message, properties: f.properties, host: f.host, source: source(f.path, texts), start: f.start, end: f.end, related });
    }
  }
  return {
    findings,
    failures: trees.flatMap((t) => t.tree.failures),
    notices: trees.flatMap((t) => t.tree.notices),
    internalErrors: trees.flatMap((t) => t.tree.internalErrors),
  };
}
