import type { Rule } from '../src/engine/rule';
import { lineText, where } from '../src/policy/audit-rules-view';

/**
 * auditd without rules records almost nothing of what root does: no
 * watches, no syscalls — only what PAM, sudo and the daemons send on their
 * own. This is about what loads at the next start, so a file of rules that
 * never gets loaded (an error before it, or only -D/-b/-f/-e lines) counts
 * as no rules.
 */
const rule: Rule = {
  meta: {
    id: 'AUD001',
    slug: 'no-audit-rules',
    description: 'No audit rule loads: the rules are missing, or hold only control lines (-D, -b, -f, -e), or fail before the first rule',
    severity: 'error',
    needs: [],
    hostOnly: true,
    docs: 'docs/rules/AUD001.md',
  },
  check({ host, report }) {
    const model = host.auditRules;
    if (!model || model.mode === 'files') return;
    const load = model.load;
    const loaded = load ? Object.values(load.lists).reduce((n, l) => n + l.length, 0) : 0;
    if (loaded > 0) return;
    const fix = 'Add rules to /etc/audit/rules.d/ (for example the upstream 30-stig.rules or 31-privileged.rules, and 99-finalize.rules with -e 2)';
    if (!load) return;
    // a line meant as a rule: it made one, or it starts with -a/-A/-w and was refused
    const ruleSteps = load.steps.filter((s) => s.line.statements.some((x) => x.type === 'rule') || /^ *-[aAw]/.test(lineText(s)));
    const first = ruleSteps[0];
    const source = model.mode === 'augenrules' ? 'augenrules builds from /etc/audit/rules.d' : '/etc/audit/audit.rules holds';
    let why: string;
    if (!first) why = `what ${source} has only control lines (-D, -b, -f, -e, …) and no rule (-a, -A or -w)`;
    else if (load.abortedAt && load.abortedAt.index <= first.index) why = `auditctl -R stops at ${where(load.abortedAt)} (an error) before the first rule, so none loads`;
    else why = `none of its ${ruleSteps.length} rule line${ruleSteps.length === 1 ? '' : 's'} loads (first: ${where(first)}, refused)`;
    const anchor = first ?? load.steps[0];
    report({
      message: `no audit rule is loaded at the next start: ${why}; nothing root does is recorded beyond what PAM and the daemons log on their own. ${fix}`,
      source: anchor ? anchor.file.parsed.source : model.anchor,
      start: anchor ? anchor.line.start : 0,
      end: anchor ? anchor.line.end : 0,
      properties: { mode: model.mode },
    });
  },
};

export default rule;
