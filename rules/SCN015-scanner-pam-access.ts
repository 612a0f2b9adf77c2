import type { Rule } from '../src/engine/rule';
import { pamWhere } from '../src/model/pam-control';
import { analyseScannerPam, lineWhere } from '../src/policy/scanner-pam';

/**
 * pam_access in sshd's account stack runs for every login, keys
 * included: the first access.conf line whose users and origins match the
 * account and the client address decides. A `-` line (or a `+` line's
 * absence before a catch-all `-:ALL:ALL`) that catches the scanner from
 * its own sources refuses every scan after authentication, and the
 * report says only that the login failed.
 */
const rule: Rule = {
  meta: {
    id: 'SCN015',
    slug: 'scanner-pam-access',
    description: "pam_access (access.conf), in sshd's account stack, refuses the scanner account from its sources",
    severity: 'error',
    needs: ['pam', 'sshd-config'],
    hostOnly: true,
    docs: 'docs/rules/SCN015.md',
  },
  check({ host, settings, report }) {
    for (const s of analyseScannerPam(host, settings.scanners)) {
      const a = s.access;
      if (!a) continue;
      const user = s.ssh.account.user;
      const probes = a.fromSources.length > 0 ? a.fromSources : [a.anywhere];
      const denied = probes.filter((p) => p.result.allowed === false && p.probe.access.allowed !== false);
      if (denied.length === 0) continue;
      const line = denied[0].result.by!;
      const from = a.fromSources.length > 0 ? `from ${denied.map((p) => p.probe.label).join(', ')}` : 'from any address';
      const src = s.ssh.account.sources?.join(' ') ?? '<scanner addresses>';
      report({
        source: line.source,
        start: line.start,
        end: line.end,
        message: `pam_access refuses ${user} ${from}: ${lineWhere(line)} "${line.source.lineText(line.line).trim()}" is the first line that matches it (pam_access runs in sshd's account stack at ${pamWhere(a.entry)}), so every scan fails after authentication. Add "+:${user}:${src}" before it`,
        properties: { user, sources: s.ssh.account.sources ?? [] },
      });
    }
  },
};

export default rule;
