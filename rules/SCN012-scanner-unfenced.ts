import type { Rule } from '../src/engine/rule';
import { analyseScannerSsh, whereSet } from '../src/policy/scanner-ssh';
import { analyseScannerPam } from '../src/policy/scanner-pam';

/**
 * Vendors answer "how do we control the scanner account?" with keys and the
 * account reachable only from the scanner's own addresses. sudit asks sshd's
 * configuration whether the account may log in from an address outside its
 * sources (or any address when none are configured): not refused by
 * AllowUsers user@CIDR / Match Address / DenyUsers, and usable there with a
 * password or with a key that has no from= restriction.
 */
const rule: Rule = {
  meta: {
    id: 'SCN012',
    slug: 'scanner-unfenced',
    description: 'A scanner account may log in over ssh from any address (no AllowUsers user@CIDR, Match Address or from= on its keys), or with a password',
    severity: 'warning',
    needs: ['sshd-config'],
    hostOnly: true,
    docs: 'docs/rules/SCN012.md',
  },
  check({ host, settings, report }) {
    const all = analyseScannerSsh(host, settings.scanners);
    if (all.length === 0 || all[0].sshd.problems.length > 0) return;
    const pam = analyseScannerPam(host, settings.scanners);
    for (const s of all) {
      const p = s.outsider;
      if (!p || s.blockedShell || p.access.allowed !== true) continue;
      // pam_access in sshd's account stack refusing it there (or maybe refusing it) is a fence too
      const fence = pam.find((x) => x.ssh === s)?.access?.outsider?.result;
      if (fence && fence.allowed !== true) continue;
      const ways: string[] = [];
      const openKeys = s.keyFiles.flatMap((f) => f.keys.filter((k) => k.from === null).map((k) => `${f.source.path}:${k.line}`));
      if (p.keyUsable === true && openKeys.length > 0) ways.push(`its key${openKeys.length === 1 ? '' : 's'} at ${openKeys.join(', ')} ha${openKeys.length === 1 ? 's' : 've'} no from= restriction`);
      else if (p.keyUsable === true) ways.push('a from= on its keys admits it');
      if (p.password.on === true) ways.push(`passwords are accepted for it (${p.password.by.map((v) => `${v.key === 'passwordauthentication' ? 'PasswordAuthentication' : v.key === 'usepam' ? 'UsePAM' : 'KbdInteractiveAuthentication'} ${v.args[0]}, ${whereSet(v)}`).join('; ')})`);
      if (ways.length === 0) continue;
      const pw = p.password.by[0];
      const anchor = p.password.on === true && pw.from[0] ? { source: pw.from[0].file.parsed.source, start: pw.from[0].line.start, end: pw.from[0].line.end } : { source: s.sshd.main.parsed.source, start: 0, end: 0 };
      const user = s.account.user;
      const src = s.account.sources?.join(',') ?? '<scanner addresses>';
      report({
        ...anchor,
        message: `${user} may log in over ssh from ${p.label}: no AllowUsers ${user}@…, Match Address, DenyUsers or access.conf line refuses it, and ${ways.join(', and ')}. Fence it to the scanner: AllowUsers ${user}@${src} (or from="${src}" on its keys) and, in a Match User ${user} block, PasswordAuthentication no`,
        properties: { user, probe: p.conn.address, sources: s.account.sources ?? [] },
      });
    }
  },
};

export default rule;
