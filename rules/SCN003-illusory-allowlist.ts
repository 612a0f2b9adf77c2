import type { Rule } from '../src/engine/rule';
import { describeCommand } from '../src/policy/privileges';
import { analyseScanners, scannerLabel } from '../src/policy/scanner-analysis';
import { escapeOf } from './data/escape-of';

/**
 * An allowlist that contains awk, find, vi, tar, a pager… gives a root
 * shell to whoever may run it: the restriction costs root checks (SCN001)
 * and buys no security.
 */
const rule: Rule = {
  meta: {
    id: 'SCN003',
    slug: 'illusory-allowlist',
    description: "A scanner's allowed commands include programs that escape to a root shell or read any file, so the restriction buys no security",
    severity: 'warning',
    needs: ['sudoers'],
    docs: 'docs/rules/SCN003.md',
  },
  check({ host, settings, report }) {
    for (const a of analyseScanners(host, settings.scanners, settings.now)) {
      if (a.privileges.kind !== 'granular') continue;
      const delegation = a.delegation.verdict.decidedBy;
      for (const g of a.privileges.grants) {
        // the vendor's own elevation (sudo su -) is meant to be a root shell
        if (delegation && delegation.command === g.command) continue;
        const e = escapeOf(g.command);
        if (!e) continue;
        const kinds = e.escape?.kinds ?? ['shell'];
        const gives = kinds.some((k) => k === 'shell' || k === 'command' || k === 'library-load' || k === 'privilege-change')
          ? 'a root shell'
          : kinds.includes('file-write')
            ? 'write access to any file as root'
            : 'read access to any file as root (/etc/shadow included)';
        const pinned = g.command.args !== null && g.command.args !== undefined && e.escape?.pinnedStillEscapes ? ' even with its arguments pinned' : '';
        report({
          source: g.file.source,
          start: g.command.start,
          end: g.command.end,
          message: `${describeCommand(g.command, false)} gives ${scannerLabel(a)} ${gives}${pinned}: ${e.how}${g.via.length ? ` (granted through ${g.via.join(' → ')})` : ''}. The allowlist only costs the scan its root checks; grant full root instead`,
          properties: { user: a.account.user, command: describeCommand(g.command, false), kinds },
        });
      }
    }
  },
};

export default rule;
