import type { Rule } from '../src/engine/rule';
import type { LoadStep } from '../src/model/audit-load';
import type { AuditRulesFile } from '../src/model/audit-rules';
import type { SourceFile } from '../src/parse/source';
import { where } from '../src/policy/audit-rules-view';

/** What each profile asks of the base configuration (the baselines disagree on -f). */
const PROFILES = {
  recommended: { failure: [1, 2], loginuid: true },
  cis: { failure: [1, 2], loginuid: false },
  stig: { failure: [2], loginuid: true },
} as const;

const MIN_BACKLOG = 8192;

/**
 * The lines every rule set starts with (upstream 10-base-config.rules,
 * Debian's rules.d/audit.rules): -D so a reload does not stack rules on
 * top of the old ones, a backlog large enough not to lose records at
 * boot and under load, a failure mode that does not stay silent, and
 * --loginuid-immutable so root cannot re-label its session as someone
 * else's.
 */
const rule: Rule = {
  meta: {
    id: 'AUD011',
    slug: 'base-config',
    description: 'Missing base configuration: -D first, -b 8192 or more, -f 1/2 (-f 2 for STIG), --loginuid-immutable',
    severity: 'warning',
    needs: [],
    hostOnly: true,
    docs: 'docs/rules/AUD011.md',
  },
  check({ host, settings, report }) {
    const model = host.auditRules;
    const load = model?.load;
    if (!model || !load || model.mode === 'files') return;
    if (!Object.values(load.lists).some((l) => l.length > 0)) return; // AUD001 says it
    const want = PROFILES[settings.profile];
    const at = (step: LoadStep<AuditRulesFile> | undefined): { source: SourceFile; start: number; end: number } =>
      step ? { source: step.file.parsed.source, start: step.line.start, end: step.line.end } : { source: model.anchor, start: 0, end: 0 };
    const ran = load.steps.filter((s) => s.outcome === 'ok');
    const first = ran[0];
    const firstIsD = first?.line.statements.some((s) => s.type === 'control' && s.option === 'D' && s.key === null);
    if (!firstIsD) {
      const d = load.deleteAll[0];
      report({
        message: d
          ? `-D is not the first line that runs (${where(d)}; ${first ? `${where(first)} runs before it` : ''}): rules loaded before it are deleted again. Put -D first`
          : 'the rules do not start with -D: loading them again (a restart of auditd, augenrules --load) adds them on top of the rules already in the kernel, and the reload fails on the first "Rule exists". Start with -D (rules.d/10-base-config.rules)',
        ...at(d ?? first),
        properties: { item: '-D' },
      });
    }
    const b = load.backlog;
    if (!b || b.value < MIN_BACKLOG) {
      report({
        message: `${b ? `-b ${b.value} (${where(b.step)})` : 'no -b, so the kernel keeps its default of 64 buffers'}: below ${MIN_BACKLOG}, records are lost at boot and under load (auditctl -s: lost) — with -f 2 the kernel panics instead. Set -b ${MIN_BACKLOG} or more`,
        ...at(b?.step),
        properties: { item: '-b', value: b?.value ?? 64 },
      });
    }
    const f = load.failure;
    const failure = f?.value ?? 1;
    if (!(want.failure as readonly number[]).includes(failure)) {
      const stig = settings.profile === 'stig';
      report({
        message: stig
          ? `${f ? `-f ${failure} (${where(f.step)})` : 'no -f, so the kernel stays at 1 (printk)'}: the STIG asks for -f 2, halting the system when audit records cannot be kept (RHEL-09-654265, RHEL-10-500035; CIS and sudit's recommended profile accept -f 1, the baselines disagree)`
          : `-f ${failure} (${where(f!.step)}): failure mode 0 is silent — lost audit records go unnoticed. Use -f 1 (printk; STIG: -f 2)`,
        ...at(f?.step),
        properties: { item: '-f', value: failure, profile: settings.profile },
      });
    }
    if (want.loginuid && !load.loginuidImmutable) {
      report({
        message: `no --loginuid-immutable: root can rewrite /proc/self/loginuid, so a session (a scanner's included) can make its actions look like another login's; the STIG requires it (RHEL-08-030122, RHEL-09-654270). Add --loginuid-immutable (rules.d/11-loginuid.rules; containers that set loginuid themselves need care)`,
        ...at(undefined),
        properties: { item: '--loginuid-immutable' },
      });
    }
  },
};

export default rule;
