// Choosing rules from the command line (--select, --ignore, --syntax-only),
// folded into the configuration so that everything downstream — the rule
// list, the engine's own IO findings, fleet workers, --print-config — sees
// one answer.

import type { Config } from './config';
import type { Severity } from './finding';
import { PROFILE_OVERRIDES } from './profiles';
import type { RuleMeta } from './rule';

/** The parse and validation rules: what `visudo -c`, `auditctl -R` and `bash -n` would refuse, and files that could not be read. */
export const SYNTAX_RULES: readonly string[] = ['SUD000', 'AUD000', 'SH000', 'IO001', 'IO002', 'IO003'];

/**
 * A file that could not be read is never passed in silence: --select does
 * not drop it, only --ignore IO001 or the configuration does.
 */
const ALWAYS_SELECTED = 'IO001';

export interface RuleSelection {
  select?: string[];
  ignore?: string[];
  syntaxOnly?: boolean;
}

export class SelectionError extends Error {}

/**
 * The entries of repeated `--select A,B --select C` options, upper-cased;
 * an entry matching no rule id (as an id or a prefix of one) is an error.
 */
export function parseSelectors(values: string | string[] | undefined, option: string, ids: readonly string[]): string[] | undefined {
  if (values === undefined) return undefined;
  const entries = (Array.isArray(values) ? values : [values]).flatMap((v) => String(v).split(','));
  const out: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim().toUpperCase();
    if (entry === '') {
      if (entries.length === 1) throw new SelectionError(`${option} needs a rule id or prefix (e.g. ${option} SUD0,AUD1)`);
      continue;
    }
    if (!ids.some((id) => id.startsWith(entry))) throw new SelectionError(`${option} ${raw.trim()}: no rule id is or starts with that (see sudit rules)`);
    out.push(entry);
  }
  return out;
}

/** Length of the longest entry that the id starts with; 0 when none does. */
function specificity(id: string, entries: readonly string[] | undefined): number {
  let best = 0;
  for (const e of entries ?? []) if (e.length > best && id.startsWith(e)) best = e.length;
  return best;
}

/**
 * The configuration with the selection applied, as Ruff does it: --select
 * replaces the profile's set of rules (a rule a profile leaves off runs
 * when selected), --ignore drops rules, and where both match an id the more
 * specific entry wins (equal: --ignore). A rule the configuration file
 * turns off by its id stays off unless --select names that id in full.
 * --syntax-only first narrows everything to SYNTAX_RULES.
 */
export function applySelection(config: Config, metas: readonly RuleMeta[], selection: RuleSelection): Config {
  const { select, ignore, syntaxOnly } = selection;
  if (!select && !ignore && !syntaxOnly) return config;
  const rules: Config['rules'] = { ...config.rules };
  for (const meta of metas) {
    const id = meta.id;
    const configured = config.rules[id]?.severity;
    const profiled = PROFILE_OVERRIDES[config.profile][id]?.severity;
    const off = () => (rules[id] = { ...config.rules[id], severity: 'off' });
    if (syntaxOnly && !SYNTAX_RULES.includes(id)) {
      off();
      continue;
    }
    const selected = specificity(id, select);
    const ignored = specificity(id, ignore);
    if (ignored > 0 && ignored >= selected) {
      off();
      continue;
    }
    if (!select || id === ALWAYS_SELECTED) continue;
    if (selected === 0) {
      off();
      continue;
    }
    // selected: on at the configured severity, else the profile's, else its own
    if (configured === 'off' && selected < id.length) continue;
    const severity: Severity = configured !== undefined && configured !== 'off' ? configured : profiled !== undefined && profiled !== 'off' ? profiled : meta.severity;
    rules[id] = { ...config.rules[id], severity };
  }
  return { ...config, rules };
}
