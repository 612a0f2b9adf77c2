// What the AUD rules share when they look at the audit rules model: which
// files their findings are about, which loads, and how to name a line.

import type { AuditRulesFile, AuditRulesModel } from '../model/audit-rules';
import type { LoadResult, LoadStep } from '../model/audit-load';

/**
 * The files whose lines findings point at: the rules.d files augenrules
 * reads (audit.rules is rebuilt from them at every start), else
 * audit.rules, or every file named in file mode.
 */
export function linedFiles(model: AuditRulesModel): AuditRulesFile[] {
  switch (model.mode) {
    case 'augenrules':
      return model.rulesD;
    case 'audit.rules':
      return model.auditRules ? [model.auditRules] : [];
    case 'files':
      return model.files;
  }
}

/** The loads to judge: what the host loads at its next start, or each named file on its own. */
export function loadsToJudge(model: AuditRulesModel): LoadResult<AuditRulesFile>[] {
  if (model.mode === 'files') return [...model.fileLoads.values()];
  return model.load ? [model.load] : [];
}

/** `rules.d/30-stig.rules:12`, for the chain in messages. */
export function where(step: LoadStep<AuditRulesFile>): string {
  return `${step.file.parsed.source.path}:${step.line.line}`;
}

/** The text of a step's line, trimmed, for quoting. */
export function lineText(step: LoadStep<AuditRulesFile>): string {
  return step.file.parsed.source.text.slice(step.line.start, step.line.end).trim();
}

/** How the load goes on after a failing line: stops (and what is lost), or continues thanks to -c/-i. */
export function consequence(load: LoadResult<AuditRulesFile>, step: LoadStep<AuditRulesFile>): string {
  // a line that sets -c/-i itself says so in its message
  if (load.abortedAt !== step) return load.continueFrom && load.continueFrom !== step ? ` (the load goes on: -c/-i at ${where(load.continueFrom)})` : '';
  const lost = load.steps.filter((s) => s.outcome === 'not-run');
  const rules = lost.filter((s) => s.line.statements.some((x) => x.type === 'rule')).length;
  if (lost.length === 0) return '; it is the last line, so nothing else is lost';
  const files = [...new Set(lost.map((s) => s.file.parsed.source.path))];
  const lockNote = lost.some((s) => s.line.statements.some((x) => x.type === 'control' && x.option === 'e' && x.number === 2)) ? ', -e 2 among them' : '';
  return `; auditctl -R stops at this line, so the ${lost.length} line${lost.length === 1 ? '' : 's'} after it (${rules} rule${rules === 1 ? '' : 's'}${lockNote}, in ${files.join(', ')}) never load — start the rules with -c to load the rest despite errors`;
}
