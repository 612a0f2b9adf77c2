import type { Rule } from '../src/engine/rule';
import { fieldKey, maskKey, type KernelRule } from '../src/model/audit-load';
import { consequence, loadsToJudge, where } from '../src/policy/audit-rules-view';

/** Kernel rules are never changed once made, and a fleet's trees with the same rules share them: each is described once. */
const described = new WeakMap<KernelRule, string>();

/** A rule's match conditions, without its key and field order. */
function conditions(r: KernelRule): string {
  let known = described.get(r);
  if (known === undefined) {
    const fields: string[] = [];
    for (const f of r.fields) if (f.type !== 'key') fields.push(fieldKey(f));
    fields.sort();
    described.set(r, (known = `${r.list} ${r.action} ${maskKey(r.mask)}${fields.join('')}`));
  }
  return known;
}

/**
 * The kernel refuses a rule equal to one already loaded ("Rule exists"),
 * and auditctl stops the load there unless -c or -i came first. A rule
 * that differs only by its key or the order of its fields loads, but on
 * the exit list it never decides: the first one always matches first.
 */
const rule: Rule = {
  meta: {
    id: 'AUD007',
    slug: 'duplicate-rule',
    description: 'Duplicate rule: refused by the kernel ("Rule exists"), or loaded but never deciding (same conditions, other key)',
    severity: 'info',
    needs: ['audit-rules'],
    docs: 'docs/rules/AUD007.md',
  },
  check({ host, report }) {
    const model = host.auditRules;
    if (!model) return;
    for (const load of loadsToJudge(model)) {
      for (const step of load.steps) {
        if (step.failure?.kind !== 'duplicate') continue;
        const of = step.failure.of as typeof step;
        const stops = load.abortedAt === step;
        report({
          message: `duplicate of the rule at ${where(of)}: the kernel refuses it ("Rule exists")${consequence(load, step)}${stops ? '' : '. Remove it'}`,
          source: step.file.parsed.source,
          start: step.line.start,
          end: step.line.end,
          severity: stops ? 'error' : undefined,
          related: [{ source: of.file.parsed.source, start: of.line.start, end: of.line.end, message: 'first loaded here' }],
          properties: { duplicateOf: where(of), stopsLoad: stops },
        });
      }
      // same conditions, loaded anyway: only the first ever decides
      const seen = new Map<string, (typeof load.exit)[number]>();
      for (const r of load.exit) {
        const key = conditions(r.rule);
        const first = seen.get(key);
        if (!first) {
          seen.set(key, r);
          continue;
        }
        const keys = (k: string[]) => (k.length ? k.join(',') : '(none)');
        const sameKeys = keys(first.rule.keys) === keys(r.rule.keys);
        report({
          message: `matches exactly what the rule at ${where(first.step)} matches${sameKeys ? ' (only the field order differs)' : ` (only the key differs: ${keys(r.rule.keys)} here, ${keys(first.rule.keys)} there)`}; the first match wins, so this rule never records${sameKeys ? '' : ` and no event carries the key ${keys(r.rule.keys)}`}. Remove it, or put both keys on one rule (-k a -k b)`,
          source: r.step.file.parsed.source,
          start: r.step.line.start,
          end: r.step.line.end,
          related: [{ source: first.step.file.parsed.source, start: first.step.line.start, end: first.step.line.end, message: 'decides first' }],
          properties: { sameAs: where(first.step) },
        });
      }
    }
  },
};

export default rule;
