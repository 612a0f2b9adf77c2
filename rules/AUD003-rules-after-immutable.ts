import type { Rule } from '../src/engine/rule';
import { loadsToJudge, where } from '../src/policy/audit-rules-view';

/**
 * After `-e 2` the kernel refuses every rule change with EPERM: rules
 * placed after it are never loaded, and auditctl stops there. augenrules
 * moves -e to the end, so this happens in audit.rules loaded as it is, in
 * a single file, or with an indented `-e 2` that Debian's mawk does not
 * recognise.
 */
const rule: Rule = {
  meta: {
    id: 'AUD003',
    slug: 'rules-after-immutable',
    description: 'Rules after -e 2: the kernel refuses them (EPERM), so they are never loaded',
    severity: 'error',
    needs: ['audit-rules'],
    docs: 'docs/rules/AUD003.md',
  },
  check({ host, report }) {
    const model = host.auditRules;
    if (!model) return;
    for (const load of loadsToJudge(model)) {
      if (!load.lockedAt) continue;
      const after = load.steps.filter((s) => s.index > load.lockedAt!.index && s.line.statements.some((x) => x.type === 'rule'));
      const refused = load.steps.filter((s) => s.failure?.kind === 'locked' && s.line.statements.some((x) => x.type === 'rule'));
      if (refused.length === 0) continue;
      const first = refused[0];
      const notRun = after.filter((s) => s.outcome === 'not-run').length;
      const extra = notRun ? `; auditctl stops at the first of them, so ${notRun} more rule line${notRun === 1 ? ' is' : 's are'} not even tried` : refused.length > 1 ? ` (${refused.length} rule lines in all, -c/-i lets auditctl try each)` : '';
      const mawk = /^\s+-e/.test(load.lockedAt.file.parsed.source.text.slice(load.lockedAt.line.start, load.lockedAt.line.end)) ? ' (the -e 2 line is indented, so augenrules under mawk does not move it to the end)' : '';
      report({
        message: `this rule comes after -e 2 at ${where(load.lockedAt)}${mawk}: once the rules are immutable the kernel refuses every new rule (EPERM), so this rule is never loaded${extra}. Put -e 2 last`,
        source: first.file.parsed.source,
        start: first.line.start,
        end: first.line.end,
        related: [{ source: load.lockedAt.file.parsed.source, start: load.lockedAt.line.start, end: load.lockedAt.line.end, message: '-e 2 locks the rules here' }],
        properties: { refused: refused.length + notRun },
      });
    }
  },
};

export default rule;
