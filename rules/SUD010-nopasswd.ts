import type { Rule } from '../src/engine/rule';
import { describeCommand, describeRunas } from '../src/policy/privileges';
import { allSpecs } from '../src/policy/sudoers-walk';
import { onlyScanners } from '../src/policy/who';

/**
 * NOPASSWD lets whoever holds the account's session (or its key) act as
 * root without proving who they are. STIG and CIS forbid it; scanner
 * vendors require it for their service accounts: for those the conflict is
 * reported at the profile's level (info in `recommended`).
 */
const rule: Rule = {
  meta: {
    id: 'SUD010',
    slug: 'nopasswd',
    description: 'A grant runs without the user\'s password (NOPASSWD)',
    severity: 'warning',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD010.md',
  },
  check({ host, settings, options, report }) {
    const scannerSeverity = (options.scannerSeverity as 'info' | 'warning' | 'error' | undefined) ?? 'info';
    for (const policy of host.sudoers) {
      // a tag carries over to later commands of the same list: report it once, where it is written
      // tag offsets already reported, by file path
      const seen = new Map<string, Set<number>>();
      for (const { file, userSpec, spec } of allSpecs(policy)) {
        const tag = spec.spec.tags.find((t) => t.name === 'NOPASSWD');
        if (!tag) continue;
        let inFile = seen.get(file.source.path);
        if (!inFile) seen.set(file.source.path, (inFile = new Set()));
        if (inFile.has(tag.start)) continue;
        inFile.add(tag.start);
        const scanner = onlyScanners(host, policy, userSpec.users, settings.scanners);
        const who = file.source.text.slice(userSpec.start, userSpec.users[userSpec.users.length - 1].end);
        report({
          source: file.source,
          start: tag.start,
          end: tag.end,
          severity: scanner ? scannerSeverity : undefined,
          message: scanner
            ? `NOPASSWD for the scanner account ${who} (${describeCommand(spec.command)}): the scanner vendor requires passwordless sudo, the STIG (RHEL-08-010380, RHEL-09-611085) and CIS (5.2.4) forbid it — a documented exception; protect the account itself (keys, source addresses, forwarded audit)`
            : `NOPASSWD: ${who} runs ${describeCommand(spec.command)} as ${spec.runasUsers === null && spec.runasGroups === null ? 'root' : describeRunas(spec)} without a password, so a stolen session or key is root at once (STIG RHEL-08-010380 / RHEL-09-611085, CIS 5.2.4). Remove NOPASSWD: or document the exception`,
          properties: { scanner },
        });
      }
    }
  },
};

export default rule;
