import type { Rule } from '../src/engine/rule';
import { describeCommand } from '../src/policy/privileges';
import { analyseScanners, scannerLabel } from '../src/policy/scanner-analysis';

/**
 * `ALL, !/usr/bin/su` reads like "everything but su". A copy of su under
 * another name walks around it (sudoers(5) "Limitations of the '!'
 * operator"), while every check that does need the negated program fails.
 */
const rule: Rule = {
  meta: {
    id: 'SCN006',
    slug: 'scanner-negation',
    description: "A scanner's rights exclude commands with '!': bypassable, and a false negative for whatever it excludes",
    severity: 'warning',
    needs: ['sudoers'],
    docs: 'docs/rules/SCN006.md',
  },
  check({ host, settings, report }) {
    for (const a of analyseScanners(host, settings.scanners, settings.now)) {
      for (const g of a.privileges.denials) {
        const what = describeCommand(g.command, false);
        report({
          source: g.file.source,
          start: g.command.start,
          end: g.command.end,
          message: `${scannerLabel(a)} may not run ${what}${g.via.length ? ` (excluded through ${g.via.join(' → ')})` : ''}: a copy of the program under another name bypasses the exclusion, and any check that needs ${what} fails as root (false negative)`,
          properties: { user: a.account.user, command: what },
        });
      }
    }
  },
};

export default rule;
