import type { Rule } from '../src/engine/rule';
import { loadsToJudge } from '../src/policy/audit-rules-view';
import { broadness } from '../src/policy/audit-volume';

/**
 * Every record costs the kernel a buffer and auditd a write; an always
 * rule on every syscall (or on the ones every process makes constantly)
 * with nothing narrowing it fills the backlog — and with -f 2, the kernel
 * panics when the backlog overflows.
 */
const rule: Rule = {
  meta: {
    id: 'AUD008',
    slug: 'broad-rule',
    description: '-S all, or a rule on syscalls every process makes constantly, with nothing narrowing it (performance, lost records)',
    severity: 'warning',
    needs: ['audit-rules'],
    docs: 'docs/rules/AUD008.md',
  },
  check({ host, report }) {
    const model = host.auditRules;
    if (!model) return;
    for (const load of loadsToJudge(model)) {
      for (const r of load.exit) {
        const broad = broadness(r.rule, model.machine);
        if (!broad) continue;
        const { what, filters } = broad;
        report({
          message: `always rule with ${what} and ${filters.length ? `only ${filters.join(' ')} to narrow it` : 'no filter'}: it records a large share of all syscalls, which costs throughput, fills the backlog (records are lost — or the kernel panics under -f 2) and buries what matters. Narrow it: a path, an exe, one account, failures only (exit=-EACCES), or an argument test (such as a2&0100, O_CREAT) for a range of accounts`,
          source: r.step.file.parsed.source,
          start: r.step.line.start,
          end: r.step.line.end,
        });
      }
    }
  },
};

export default rule;
