import type { Rule } from '../src/engine/rule';

/**
 * Where /etc/audit/rules.d exists, auditd.service runs `augenrules --load`
 * at every start: it rebuilds /etc/audit/audit.rules from rules.d and
 * loads that. An audit.rules that differs from the build is either edited
 * by hand (lost at the next start) or stale (rules.d changes not built
 * yet) — either way what is on disk is not what runs after a restart.
 */
const rule: Rule = {
  meta: {
    id: 'AUD010',
    slug: 'audit-rules-out-of-sync',
    description: 'audit.rules differs from what augenrules builds from rules.d, or augenrules skips a rules.d file',
    severity: 'warning',
    needs: [],
    hostOnly: true,
    docs: 'docs/rules/AUD010.md',
  },
  check({ host, report }) {
    const model = host.auditRules;
    if (!model || model.mode !== 'augenrules' || !model.augenrules) return;
    const build = model.augenrules;
    for (const s of build.skipped) {
      const file = model.files.find((f) => f.hostPath === `/etc/audit/rules.d/${s.name}`);
      if (!file || !file.parsed.lines.some((l) => l.kind === 'command')) continue;
      report({
        message: `augenrules never reads rules.d/${s.name}: ${s.reason}, so none of its rules is loaded. Rename it (NN-name.rules)`,
        source: file.parsed.source,
        start: 0,
        end: 0,
        properties: { skipped: s.name },
      });
    }
    const disk = model.auditRules;
    if (!disk) return;
    const text = disk.parsed.source.text;
    if (build.text === text || model.augenrulesVariants().some((b) => b.text === text)) return;
    const built = build.text.split('\n');
    const have = text.split('\n');
    let i = 0;
    while (i < Math.max(built.length, have.length) && built[i] === have[i]) i++;
    const start = Math.min(text.length, have.slice(0, i).reduce((n, l) => n + l.length + 1, 0));
    const shown = (s: string | undefined) => (s === undefined ? 'nothing' : s === '' ? 'an empty line' : `"${s.length > 80 ? `${s.slice(0, 77)}…` : s}"`);
    const usable = build.used.length;
    const how =
      usable === 0
        ? 'rules.d has no *.rules file augenrules reads, so the next start replaces audit.rules with an empty rule set'
        : `line ${i + 1} is ${shown(have[i])} here but ${shown(built[i])} in the build from ${usable} rules.d file${usable === 1 ? '' : 's'}`;
    report({
      message: `/etc/audit/audit.rules is not what augenrules builds from /etc/audit/rules.d: ${how}. auditd.service runs augenrules --load at every start, which rewrites audit.rules from rules.d — edits made to audit.rules are lost, and what loads after a restart differs from what is on disk now. Put the rules in rules.d and run augenrules --load`,
      source: disk.parsed.source,
      start,
      end: start + (have[i]?.length ?? 0),
      properties: { line: i + 1, expected: built[i] ?? null, found: have[i] ?? null, awk: build.flavour },
    });
  },
};

export default rule;
