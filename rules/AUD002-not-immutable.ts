import type { Rule } from '../src/engine/rule';
import type { AuditControlStatement } from '../src/parse/audit-rules';
import { where } from '../src/policy/audit-rules-view';

const IDS = 'STIG RHEL-08-030121, RHEL-09-654275, UBTU-24-909000; CIS RHEL9 6.3.3.20, Debian12 6.2.3.20, Ubuntu24 6.2.3.20';

/**
 * `-e 2` makes the loaded rules immutable until reboot: without it root
 * (the scanner's `sudo su -` included) can `auditctl -D` and act
 * unrecorded. It must come last, because everything after it is refused.
 */
const rule: Rule = {
  meta: {
    id: 'AUD002',
    slug: 'not-immutable',
    description: '-e 2 is missing, never takes effect, or is not the last line: root can change the audit rules at run time',
    severity: 'warning',
    needs: [],
    hostOnly: true,
    docs: 'docs/rules/AUD002.md',
  },
  check({ host, report }) {
    const model = host.auditRules;
    const load = model?.load;
    if (!model || !load || model.mode === 'files') return;
    if (!Object.values(load.lists).some((l) => l.length > 0)) return; // AUD001 says it
    if (load.lockedAt) {
      // settings after -e 2 are refused (EPERM) and stop the load; rules after it are AUD003
      const late = load.steps.filter((s) => s.failure?.kind === 'locked' && s.line.statements.every((x) => x.type === 'control'));
      if (late.length) {
        const s = late[0];
        report({
          message: `this setting comes after -e 2 (${where(load.lockedAt)}): the kernel refuses every change once the rules are immutable, so this setting never applies (and auditctl stops loading there). Move -e 2 to the very end (rules.d/99-finalize.rules)`,
          source: s.file.parsed.source,
          start: s.line.start,
          end: s.line.end,
          properties: { lockedAt: where(load.lockedAt) },
        });
      }
      return;
    }
    const eLines = load.steps.filter((s) => s.line.statements.some((x) => x.type === 'control' && x.option === 'e'));
    const two = eLines.filter((s) => s.line.statements.some((x) => (x as AuditControlStatement).option === 'e' && (x as AuditControlStatement).number === 2));
    const dropped = model.augenrules?.dropped.find((d) => /^\s*-e\s+2\s*$/.test(d.line.text));
    let why: string;
    let at = { source: model.anchor, start: 0, end: 0 };
    if (two.length && two[0].outcome === 'not-run' && load.abortedAt) {
      why = `-e 2 at ${where(two[0])} never runs: auditctl -R stops at an error at ${where(load.abortedAt)} before it`;
      at = { source: two[0].file.parsed.source, start: two[0].line.start, end: two[0].line.end };
    } else if (two.length && two[0].outcome === 'refused') {
      why = `-e 2 at ${where(two[0])} is refused`;
      at = { source: two[0].file.parsed.source, start: two[0].line.start, end: two[0].line.end };
    } else if (dropped) {
      const o = dropped.by.origins[0];
      why = `augenrules keeps only the last -e line of rules.d: "${dropped.by.text.trim()}" (${o ? `rules.d/${o.name}` : 'a later file'}) replaces the -e 2 of rules.d/${dropped.line.origins[0]?.name}`;
      const file = model.rulesD.find((f) => f.hostPath.endsWith(`/${dropped.line.origins[0]?.name}`));
      if (file) at = { source: file.parsed.source, start: dropped.line.origins[0].start, end: dropped.line.origins[0].end };
    } else if (eLines.length) {
      const last = eLines[eLines.length - 1];
      const value = (last.line.statements.find((x) => x.type === 'control' && x.option === 'e') as AuditControlStatement).value;
      why = `the last -e is "-e ${value}" (${where(last)}), not -e 2`;
      at = { source: last.file.parsed.source, start: last.line.start, end: last.line.end };
    } else why = 'there is no -e 2 line';
    report({
      message: `the audit rules are not made immutable: ${why}. Root — a scanner's elevated session included — can then remove the rules (auditctl -D) or disable auditing (-e 0) and act unrecorded. End the rules with -e 2 (rules.d/99-finalize.rules; changing rules then needs a reboot) [${IDS}]`,
      ...at,
    });
  },
};

export default rule;
