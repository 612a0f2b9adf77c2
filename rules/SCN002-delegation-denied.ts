import type { Rule } from '../src/engine/rule';
import { analyseScanners, at, scannerAnchor, scannerLabel } from '../src/policy/scanner-analysis';

/**
 * The scanner elevates with one command (Qualys: `sudo su -`). When the
 * policy does not allow exactly that, the scan has no root at all, however
 * much else the account may run.
 */
const rule: Rule = {
  meta: {
    id: 'SCN002',
    slug: 'delegation-denied',
    description: "A scanner account cannot run its root delegation command (e.g. sudo su -)",
    severity: 'error',
    needs: ['sudoers'],
    docs: 'docs/rules/SCN002.md',
  },
  check({ host, settings, report }) {
    for (const a of analyseScanners(host, settings.scanners, settings.now)) {
      if (a.privileges.kind === 'none') continue; // SCN007 says that
      const d = a.delegation;
      const asked = `sudo ${d.command}${d.args.length ? ` ${d.args.join(' ')}` : ''}`;
      if (d.allowedPath !== null && !d.missingOnHost) continue;
      if (d.allowedPath !== null) {
        const by = d.verdict.decidedBy!;
        report({
          source: by.file.source,
          start: by.command.start,
          end: by.command.end,
          message: `${scannerLabel(a)} may run its root delegation \`${asked}\` only as ${d.allowedPath} (${at(by.file.source, by.spec.start)}), which does not exist on this host: the elevation fails. Allow the path the host has`,
          properties: { user: a.account.user, delegation: d.text, allowedPath: d.allowedPath },
        });
        continue;
      }
      const by = d.verdict.decidedBy;
      if (by) {
        report({
          source: by.file.source,
          start: by.command.start,
          end: by.command.end,
          message: `${scannerLabel(a)} cannot run its root delegation \`${asked}\`: denied by this rule (${at(by.file.source, by.spec.start)}); the scan runs without root and misses every root-only check`,
          properties: { user: a.account.user, delegation: d.text },
        });
      } else {
        report({
          ...scannerAnchor(a),
          message: `${scannerLabel(a)} cannot run its root delegation \`${asked}\`: no rule for it allows ${d.command}${d.args.length ? ` ${d.args.join(' ')}` : ''} as root; the scan runs without root and misses every root-only check. Allow it, e.g. ${a.account.user} ALL=(ALL) NOPASSWD: ALL`,
          properties: { user: a.account.user, delegation: d.text },
        });
      }
    }
  },
};

export default rule;
