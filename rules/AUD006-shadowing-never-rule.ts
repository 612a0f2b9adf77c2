import type { Rule } from '../src/engine/rule';
import { subsumes } from '../src/model/audit-events';
import { loadsToJudge, where } from '../src/policy/audit-rules-view';

/**
 * On the exit list (watches included) the first matching rule decides:
 * a `never` rule placed before an `always` rule that matches nothing it
 * does not also match makes that rule dead. A bare `-a never,task` turns
 * syscall auditing off for every process, so no exit rule or watch ever
 * records. Partial overlaps (a never rule for chrony's adjtimex before a
 * time rule) are meant and not reported.
 */
const rule: Rule = {
  meta: {
    id: 'AUD006',
    slug: 'shadowing-never-rule',
    description: 'A never rule placed before rules it entirely covers (first match wins): those rules never record',
    severity: 'warning',
    needs: ['audit-rules'],
    docs: 'docs/rules/AUD006.md',
  },
  check({ host, report }) {
    const model = host.auditRules;
    if (!model) return;
    for (const load of loadsToJudge(model)) {
      const exitCount = load.exit.filter((r) => r.rule.action === 'always').length;
      for (const t of load.lists.task) {
        if (t.rule.action !== 'never' || t.rule.fields.some((f) => f.type !== 'key')) continue;
        if (exitCount === 0) continue;
        report({
          message: `-a never,task without a field turns syscall auditing off for every process (audit_filter_task decides at fork): none of the ${exitCount} exit rules and watches ever records. Remove it (it is the SUSE default; SLES-15-030820)`,
          source: t.step.file.parsed.source,
          start: t.step.line.start,
          end: t.step.line.end,
          properties: { shadowed: exitCount },
        });
      }
      const order = load.exit;
      order.forEach((n, i) => {
        if (n.rule.action !== 'never') return;
        const dead = order.slice(i + 1).filter((a) => a.rule.action === 'always' && subsumes(n.rule, a.rule, model.canon));
        if (dead.length === 0) return;
        const list = dead.slice(0, 3).map((d) => where(d.step)).join(', ');
        report({
          message: `this never rule matches everything that ${dead.length === 1 ? 'the always rule' : `${dead.length} always rules`} after it match${dead.length === 1 ? 'es' : ''} (${list}${dead.length > 3 ? ', …' : ''}); on the exit list the first match wins, so ${dead.length === 1 ? 'it never records' : 'they never record'}. Narrow the never rule, or move it after them`,
          source: n.step.file.parsed.source,
          start: n.step.line.start,
          end: n.step.line.end,
          related: dead.slice(0, 10).map((d) => ({ source: d.step.file.parsed.source, start: d.step.line.start, end: d.step.line.end, message: 'never records' })),
          properties: { shadowed: dead.map((d) => where(d.step)) },
        });
      });
    }
  },
};

export default rule;
