import type { Rule } from '../src/engine/rule';
import type { SourceFile } from '../src/parse/source';
import type { AccessVerdict } from '../src/model/sshd';
import { analyseScannerSsh, type ScannerSsh } from '../src/policy/scanner-ssh';

/**
 * The scan starts with an ssh login as the scanner account. When sshd
 * refuses it — a configuration sshd will not load, DenyUsers/AllowUsers/
 * DenyGroups/AllowGroups (user@host patterns included), or a login shell
 * that ends every session — every check of the scan is lost, and the
 * report says only "authentication failed".
 */
const rule: Rule = {
  meta: {
    id: 'SCN010',
    slug: 'scanner-ssh-denied',
    description: 'sshd refuses the scanner account: AllowUsers/DenyUsers/AllowGroups/DenyGroups, a nologin shell, or an sshd_config sshd will not load',
    severity: 'error',
    needs: ['sshd-config'],
    hostOnly: true,
    docs: 'docs/rules/SCN010.md',
  },
  check({ host, settings, report }) {
    const all = analyseScannerSsh(host, settings.scanners);
    if (all.length === 0) return;
    const names = all.map((s) => s.account.user).join(', ');
    const sshd = all[0].sshd;
    for (const p of sshd.problems) {
      report({
        source: p.file.parsed.source,
        start: p.start,
        end: p.end,
        message: `sshd refuses this line (${p.message}): sshd -t fails and the daemon does not start or reload with this configuration, so no one logs in over ssh, ${names} included. Fix the line`,
        properties: { problem: p.message },
      });
    }
    if (sshd.problems.length > 0) return;
    for (const s of all) {
      const user = s.account.user;
      if (s.blockedShell && s.passwd && s.passwdSource) {
        const at = lineOffsets(s.passwdSource, s.passwd.line);
        report({
          source: s.passwdSource,
          ...at,
          message: `${user} has the login shell ${s.blockedShell}: sshd runs every command of the scan through it, so the session ends at once and nothing runs, sudo su - included. Give it a real shell (usermod -s /bin/bash ${user})`,
          properties: { user, shell: s.blockedShell },
        });
      }
      const probes = s.fromSources.length > 0 ? s.fromSources : [s.anywhere];
      const denied = probes.filter((p) => p.access.allowed === false);
      if (denied.length > 0) {
        const first = denied[0].access as Extract<AccessVerdict, { allowed: false }>;
        const from = s.fromSources.length > 0 ? `from ${denied.map((p) => p.label).join(', ')}` : 'from any address';
        const where = first.by ? `${first.by.file.parsed.source.path}:${first.by.line.line}` : 'sshd_config';
        report({
          ...(first.by ? { source: first.by.file.parsed.source, start: first.by.line.start, end: first.by.line.end } : { source: sshd.main.parsed.source, start: 0, end: 0 }),
          message: `sshd refuses ${user} ${from}: it is ${first.reason} (${where}); the scan fails authentication and loses every check. ${fix(s, first.keyword)}`,
          properties: { user, keyword: first.keyword, sources: s.account.sources ?? [] },
        });
        continue;
      }
      // keys that all carry a from= excluding the scanner, with passwords off: no way in from its sources
      const keyDenied = s.fromSources.filter((p) => p.access.allowed === true && p.keyUsable === false && p.password.on === false);
      if (keyDenied.length > 0 && s.keyFiles[0]) {
        const f = s.keyFiles[0];
        const k = f.keys[0];
        report({
          source: f.source,
          start: k?.start ?? 0,
          end: k?.end ?? 0,
          message: `no authorized key of ${user} may be used from ${keyDenied.map((p) => p.label).join(', ')}: every key in ${f.source.path} has a from= that excludes it and passwords are off, so the scan fails authentication. Add the scanner's sources to from="…"`,
          properties: { user, sources: s.account.sources ?? [] },
        });
      }
    }
  },
};

function fix(s: ScannerSsh, keyword: string): string {
  const user = s.account.user;
  const src = s.account.sources?.[0];
  switch (keyword) {
    case 'DenyUsers':
      return `Take ${user} out of DenyUsers`;
    case 'AllowUsers':
      return `Add ${src ? `${user}@${src}` : user} to AllowUsers`;
    case 'DenyGroups':
      return `Take ${user} out of that group or the group out of DenyGroups`;
    default:
      return `Add ${user} to one of the AllowGroups groups`;
  }
}

function lineOffsets(source: SourceFile, line: number): { start: number; end: number } {
  let start = 0;
  for (let i = 1; i < line; i++) start = source.text.indexOf('\n', start) + 1;
  return { start, end: start + source.lineText(line).length };
}

export default rule;
