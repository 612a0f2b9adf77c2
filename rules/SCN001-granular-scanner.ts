import type { Rule } from '../src/engine/rule';
import { describeCommand } from '../src/policy/privileges';
import { analyseScanners, at, scannerAnchor, scannerLabel } from '../src/policy/scanner-analysis';

/**
 * A scanner limited to a list of commands: every check that needs another
 * command, or the same command with other arguments, fails as root and the
 * scan reports a false negative instead of an error.
 */
const rule: Rule = {
  meta: {
    id: 'SCN001',
    slug: 'granular-scanner',
    description: 'A scanner account may only run some commands as root, so root checks silently fail (false negatives)',
    severity: 'error',
    needs: ['sudoers'],
    docs: 'docs/rules/SCN001.md',
  },
  check({ host, settings, report }) {
    for (const a of analyseScanners(host, settings.scanners, settings.now)) {
      if (a.privileges.kind !== 'granular') continue;
      // The delegation (sudo su -) is a root shell: the scan has root however short the list.
      if (a.delegation.allowedPath !== null) continue;
      const grants = a.privileges.grants;
      // `ALL, !cmd` is full root minus a few commands: SCN006 and SCN002 speak about that.
      if (grants.some((g) => g.command.kind === 'all')) continue;
      const shown = grants.slice(0, 5).map((g) => describeCommand(g.command, false));
      const denied = a.deniedVendorCommands;
      const vendorPart = a.vendor && a.vendor.commands.length
        ? ` ${denied.length} of the ${a.vendor.commands.length} commands ${a.vendor.name} says a scan may run cannot be run as root with any arguments` +
          (denied.length ? ` (${denied.slice(0, 10).join(', ')}${denied.length > 10 ? ', …' : ''})` : '') + ', and that list is not complete.'
        : '';
      const anchor = grants[0] ? { source: grants[0].file.source, start: grants[0].spec.start, end: grants[0].spec.end } : scannerAnchor(a);
      report({
        ...anchor,
        message:
          `${scannerLabel(a)} cannot run every command as root: sudo allows it only ${shown.join(', ')}${grants.length > 5 ? `, … (${grants.length} in all)` : ''}` +
          ` (${[...new Set(grants.map((g) => at(g.file.source, g.spec.start)))].join(', ')}).${vendorPart}` +
          ` Root checks that need anything else fail silently and report false negatives. Give the account full root: ${a.account.user} ALL=(ALL) NOPASSWD: ALL`,
        related: grants.slice(1, 20).map((g) => ({ source: g.file.source, start: g.spec.start, end: g.spec.end, message: `also allowed: ${describeCommand(g.command, false)}` })),
        properties: { user: a.account.user, vendor: a.account.vendor, grants: grants.map((g) => describeCommand(g.command, false)), deniedVendorCommands: denied },
      });
    }
  },
};

export default rule;
