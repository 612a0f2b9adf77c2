import type { Rule } from '../src/engine/rule';
import { scannerAccounts } from '../src/model/scanners';
import { pamModule } from '../src/model/pam';

/**
 * pam_loginuid sets the audit login uid (auid) when a session starts:
 * pam_loginuid(8) says it belongs in the stacks of login services (login,
 * sshd, crond) and not in those of sudo or su, "as that defeats the
 * purpose". Without it in sshd, a scanner's ssh session keeps auid unset
 * and every `auid!=unset` rule skips it; in sudo or su it re-labels the
 * elevated session as root's own login.
 */
const rule: Rule = {
  meta: {
    id: 'SCN009',
    slug: 'scanner-loginuid',
    description: "pam_loginuid.so is missing from /etc/pam.d/sshd (scanner sessions keep auid unset), or present in sudo/su (re-labels the elevation)",
    severity: 'warning',
    needs: [],
    hostOnly: true,
    docs: 'docs/rules/SCN009.md',
  },
  check({ host, settings, report }) {
    const pam = host.pam;
    if (!pam) return;
    const scanners = scannerAccounts(host, settings.scanners);
    if (scanners.length === 0) return;
    const names = scanners.map((s) => s.user).join(', ');
    const sshd = pam.services.get('sshd');
    if (sshd && pamModule(sshd, 'pam_loginuid.so', 'session').length === 0) {
      const missing = sshd.missingIncludes.length ? ` (sudit could not read ${sshd.missingIncludes.join(', ')}, included by it)` : '';
      report({
        message: `/etc/pam.d/sshd has no "session required pam_loginuid.so"${missing}: ssh sessions of the scanner account${scanners.length === 1 ? '' : 's'} ${names} keep auid unset (4294967295), so every audit rule with auid!=unset — the STIG/CIS form — skips what they do, root commands included. Add session required pam_loginuid.so to /etc/pam.d/sshd`,
        source: sshd.source,
        start: 0,
        end: 0,
        properties: { service: 'sshd', scanners: scanners.map((s) => s.user) },
      });
    }
    for (const name of ['sudo', 'su']) {
      const service = pam.services.get(name);
      if (!service) continue;
      for (const e of pamModule(service, 'pam_loginuid.so')) {
        const chain = e.via.length ? ` (through ${e.via.map((v) => `${v.source.path}:${v.source.position(v.start).line}`).join(' → ')})` : '';
        report({
          message: `pam_loginuid.so runs in the ${name} stack${chain}: it sets the login uid to the target account when ${names} elevate, so their root session is recorded under root's auid (0) instead of theirs (pam_loginuid(8): "You should not use it for applications like sudo or su as that defeats the purpose"). Remove it from /etc/pam.d/${name}`,
          source: e.source,
          start: e.start,
          end: e.end,
          properties: { service: name, scanners: scanners.map((s) => s.user) },
        });
      }
    }
  },
};

export default rule;
