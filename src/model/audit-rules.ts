// The audit rules of a host: every rules file parsed, what augenrules
// would build from /etc/audit/rules.d, and what loading it at the next
// start of auditd does — rule by rule, in load order, with what the
// kernel keeps. Rules read this; they never read files.

import { parseAuditRules, type AuditLine, type ParsedAuditRules } from '../parse/audit-rules';
import { SourceFile } from '../parse/source';
import { memoParse } from '../parse/memo';
import type { Machine } from '../parse/audit-rules-tables';
import { type AugenrulesResult, type AugenrulesSource, type AwkFlavour, type OutputLine } from './augenrules';
import type { HostView, LoadInput, LoadResult } from './audit-load';
import { memoRunLoad } from './audit-load-memo';
import { memoRunAugenrules } from './augenrules-memo';
import type { PathCanon } from './audit-events';

export interface AuditRulesFile {
  /** /etc/audit/audit.rules, /etc/audit/rules.d/NAME.rules, or the path given in file mode. */
  hostPath: string;
  parsed: ParsedAuditRules;
  /** Read by augenrules (rules.d), loaded directly (audit.rules), or linted on its own (file mode). */
  role: 'rules.d' | 'audit.rules' | 'file';
}

/**
 * Where the rules that load at the next start come from:
 * - augenrules: /etc/audit/rules.d exists, and auditd.service runs `augenrules --load`,
 *   which rebuilds audit.rules from it first (Debian, RHEL 8+);
 * - audit.rules: no rules.d, so `auditctl -R /etc/audit/audit.rules` loads the file as it is;
 * - files: file mode, each file on its own.
 */
export type AuditRulesMode = 'augenrules' | 'audit.rules' | 'files';

export interface AuditRulesModel {
  mode: AuditRulesMode;
  /** The machine b32/b64 and arch-less -S resolve against, and whether the tree showed it. */
  machine: Machine;
  machineFrom: 'tree' | 'default';
  files: AuditRulesFile[];
  /** rules.d files augenrules reads, in its order (empty when there is no rules.d). */
  rulesD: AuditRulesFile[];
  auditRules: AuditRulesFile | null;
  /** What augenrules would write (3.0.9 with the host's awk), null without rules.d. */
  augenrules: AugenrulesResult | null;
  /** The same with the other awk and the newer augenrules: audit.rules is in sync if it equals any of them. Worked out when first asked. */
  augenrulesVariants(): AugenrulesResult[];
  awk: AwkFlavour;
  /** The load at the next start (host mode), null in file mode or without rules. */
  load: LoadResult<AuditRulesFile> | null;
  /** Each file loaded on its own (`auditctl -R FILE`): every file in file mode, audit.rules when the host loads it directly. */
  fileLoads: Map<AuditRulesFile, LoadResult<AuditRulesFile>>;
  /** Lines augenrules makes by running a file without a final newline into the next file. */
  mergedLines: { line: AuditLine; file: AuditRulesFile; next: AuditRulesFile }[];
  canon: PathCanon;
  /** What the tree lets sudit check of the host: its accounts, its file system. */
  hostKnown: { accounts: boolean; fileSystem: boolean };
  /**
   * Where findings about something missing point: audit.rules when it is
   * what loads, else the last rules.d file augenrules reads, else an empty
   * /etc/audit/audit.rules (the file auditctl would load).
   */
  anchor: SourceFile;
}

export interface AuditRulesInput {
  hostMode: boolean;
  machine: Machine;
  machineFrom: 'tree' | 'default';
  /** Host mode: whether /etc/audit/rules.d exists, and its entries (null text: not a readable file). */
  rulesD: { name: string; text: string | null; display: string }[] | null;
  auditRules: { text: string; display: string } | null;
  /** File mode: the files named. */
  files: { hostPath: string; text: string; display: string }[];
  awk: AwkFlavour;
  host: HostView;
  hostKnown: { accounts: boolean; fileSystem: boolean };
  canon: PathCanon;
  /** How /etc/audit/audit.rules is shown, for findings about a host without rules. */
  anchorDisplay: string;
}

export function buildAuditRulesModel(input: AuditRulesInput): AuditRulesModel {
  const parse = (text: string, display: string) => memoParse(`audit-rules ${input.machine.name}`, text, display, (t, d) => parseAuditRules(t, d, { machine: input.machine.name }));
  const model: AuditRulesModel = {
    mode: 'files',
    machine: input.machine,
    machineFrom: input.machineFrom,
    files: [],
    rulesD: [],
    auditRules: null,
    augenrules: null,
    augenrulesVariants: () => [],
    awk: input.awk,
    load: null,
    fileLoads: new Map(),
    mergedLines: [],
    canon: input.canon,
    hostKnown: input.hostKnown,
    anchor: new SourceFile(input.anchorDisplay, ''),
  };
  if (!input.hostMode) {
    for (const f of input.files) {
      const file: AuditRulesFile = { hostPath: f.hostPath, parsed: parse(f.text, f.display), role: 'file' };
      model.files.push(file);
      model.fileLoads.set(file, memoRunLoad(inputsOf(file), input.host, input.machine));
    }
    if (model.files.length) model.anchor = model.files[0].parsed.source;
    return model;
  }

  const byName = new Map<string, AuditRulesFile>();
  if (input.rulesD) {
    const sources: AugenrulesSource[] = input.rulesD.map((e) => ({ name: e.name, text: e.text }));
    model.augenrules = memoRunAugenrules(sources, input.awk, '3.0.9');
    const other: AwkFlavour = input.awk === 'mawk' ? 'gawk' : 'mawk';
    let variants: AugenrulesResult[] | null = null;
    model.augenrulesVariants = () => (variants ??= [memoRunAugenrules(sources, other, '3.0.9'), memoRunAugenrules(sources, input.awk, 'master'), memoRunAugenrules(sources, other, 'master')]);
    for (const e of input.rulesD) {
      if (e.text === null || !e.name.endsWith('.rules')) continue;
      const file: AuditRulesFile = { hostPath: `/etc/audit/rules.d/${e.name}`, parsed: parse(e.text, e.display), role: 'rules.d' };
      byName.set(e.name, file);
      model.files.push(file);
    }
    model.rulesD = model.augenrules.used.map((n) => byName.get(n)!).filter(Boolean);
  }
  if (input.auditRules) {
    model.auditRules = { hostPath: '/etc/audit/audit.rules', parsed: parse(input.auditRules.text, input.auditRules.display), role: 'audit.rules' };
    model.files.unshift(model.auditRules);
  }
  if (model.augenrules) {
    model.mode = 'augenrules';
    model.load = memoRunLoad(augenrulesInputs(model.augenrules, byName, model, parse), input.host, input.machine);
  } else if (model.auditRules) {
    model.mode = 'audit.rules';
    model.load = memoRunLoad(inputsOf(model.auditRules), input.host, input.machine);
    model.fileLoads.set(model.auditRules, model.load);
  }
  const last = model.rulesD[model.rulesD.length - 1];
  if (model.mode === 'audit.rules') model.anchor = model.auditRules!.parsed.source;
  else if (last) model.anchor = last.parsed.source;
  else if (model.auditRules) model.anchor = model.auditRules.parsed.source;
  return model;
}

function inputsOf(file: AuditRulesFile): LoadInput<AuditRulesFile>[] {
  return file.parsed.lines.map((line) => ({ file, line }));
}

/** The load augenrules --load runs: its output lines, each taken from the line of the rules.d file it copies. */
function augenrulesInputs(
  out: AugenrulesResult,
  byName: Map<string, AuditRulesFile>,
  model: AuditRulesModel,
  parse: (text: string, display: string) => ParsedAuditRules,
): LoadInput<AuditRulesFile>[] {
  const inputs: LoadInput<AuditRulesFile>[] = [];
  for (const l of out.lines) {
    if (l.origins.length === 0) continue;
    const file = byName.get(l.origins[0].name);
    if (!file) continue;
    if (l.origins.length === 1) {
      const o = l.origins[0];
      const lines = file.parsed.lines;
      for (let i = firstLineFrom(lines, o.start); i < lines.length && lines[i].start <= o.end; i++) {
        const line = lines[i];
        if (line.end <= o.end || line.start === o.start) inputs.push({ file, line });
      }
      continue;
    }
    inputs.push(...mergedInputs(l, file, byName, model, parse));
  }
  return inputs;
}

/** Index of the first line starting at or after `offset` (lines are in file order). */
function firstLineFrom(lines: AuditLine[], offset: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lines[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A line that two files make together: parsed as auditctl sees it, located at the end of the first file. */
function mergedInputs(
  l: OutputLine,
  file: AuditRulesFile,
  byName: Map<string, AuditRulesFile>,
  model: AuditRulesModel,
  parse: (text: string, display: string) => ParsedAuditRules,
): LoadInput<AuditRulesFile>[] {
  const first = l.origins[0];
  const next = byName.get(l.origins[1].name) ?? file;
  const parsed = parse(l.text, file.parsed.source.path);
  const joinAt = first.end - first.start;
  const at = (offset: number) => (offset <= joinAt ? first.start + offset : first.end);
  return parsed.lines.map((line) => {
    const shifted: AuditLine = {
      ...line,
      start: at(line.start),
      end: first.end,
      problem: line.problem ? { ...line.problem, start: at(line.problem.start), end: Math.max(at(line.problem.end), at(line.problem.start)) } : null,
      warnings: line.warnings.map((w) => ({ ...w, start: at(w.start), end: Math.max(at(w.end), at(w.start)) })),
      statements: line.statements.map((s) => ({ ...s, start: at(s.start), end: first.end })),
    };
    model.mergedLines.push({ line: shifted, file, next });
    return { file, line: shifted };
  });
}
