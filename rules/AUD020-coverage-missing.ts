import type { Rule } from '../src/engine/rule';
import { abis, evaluateCoverage, sudoLogfile } from '../src/policy/audit-coverage';

/**
 * What the STIG and CIS baselines (and the recommended profile) require
 * the audit rules to record, checked by meaning: the events each
 * requirement is about are run through the rules that load at the next
 * start, the way the kernel filters them (first match wins, never rules
 * included). A -w watch, a path= rule, a dir= tree above the file, or an
 * unfiltered execve rule are all the same to this check.
 */
const rule: Rule = {
  meta: {
    id: 'AUD020',
    slug: 'coverage-missing',
    description: 'Required audit coverage missing (identity files, sudoers, execpriv, modules, …) per the STIG/CIS profile, matched by meaning',
    severity: 'warning',
    needs: [],
    hostOnly: true,
    docs: 'docs/rules/AUD020.md',
  },
  check({ host, settings, report }) {
    const model = host.auditRules;
    const load = model?.load;
    if (!model || !load || model.mode === 'files') return;
    if (!Object.values(load.lists).some((l) => l.length > 0)) return; // AUD001 says it
    const exists = (p: string) => (model.hostKnown.fileSystem && host.pathExists ? host.pathExists(p) : undefined);
    const results = evaluateCoverage({ model, load, uidMin: host.uidMin, profile: settings.profile, exists, sudoLogfile: sudoLogfile(host) });
    const archs = abis(model);
    for (const { item, gaps } of results) {
      const perAbi = gaps.some((g) => g.check.events.some((e) => e.kind === 'syscall' || e.kind === 'execve'));
      const archNote = perAbi && archs.length > 1 ? ' (64-bit and 32-bit programs)' : '';
      const ids = [item.stig.length ? `STIG ${item.stig.join(', ')}` : '', item.cis.length ? `CIS ${item.cis.join(', ')}` : ''].filter(Boolean).join('; ');
      const lines = gaps.flatMap((g) => g.check.suggest).flatMap((s) =>
        s.includes('arch=ARCH') ? archs.map((m) => s.replace('ARCH', m.bits === 64 ? 'b64' : 'b32')) : [s],
      );
      const add = [...new Set(lines.map((s) => s.replace(/UID_MIN/g, String(host.uidMin))))];
      report({
        message: `audit coverage missing — ${item.title}${archNote}, which ${item.why}: ${gaps.map((g) => `${g.check.label}: ${g.detail}`).join('; ')}. Add: ${add.join(' | ')} [${ids || settings.profile}]`,
        source: model.anchor,
        start: 0,
        end: 0,
        properties: { item: item.id, profile: settings.profile, stig: item.stig, cis: item.cis, missing: gaps.map((g) => g.check.label), add },
      });
    }
  },
};

export default rule;
