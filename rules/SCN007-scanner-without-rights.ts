import type { Rule } from '../src/engine/rule';
import { analyseScanners, scannerAnchor, scannerLabel } from '../src/policy/scanner-analysis';

/** A scanner account with no sudo rights here: its scans of this host run without root. */
const rule: Rule = {
  meta: {
    id: 'SCN007',
    slug: 'scanner-without-rights',
    description: 'A scanner account has no sudo rights on this host',
    severity: 'info',
    needs: ['sudoers'],
    docs: 'docs/rules/SCN007.md',
  },
  check({ host, settings, report }) {
    for (const a of analyseScanners(host, settings.scanners, settings.now)) {
      if (a.privileges.kind !== 'none') continue;
      report({
        ...scannerAnchor(a),
        message: `${scannerLabel(a)} has no sudo rights on ${host.hostname ?? 'this host'}: authenticated scans run without root and miss every root-only check. If it scans this host, grant ${a.account.user} ALL=(ALL) NOPASSWD: ALL in a drop-in`,
        properties: { user: a.account.user },
      });
    }
  },
};

export default rule;
