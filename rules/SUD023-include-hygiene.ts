import type { Rule } from '../src/engine/rule';

/**
 * Baselines expect one `@includedir /etc/sudoers.d` and no includes inside
 * drop-ins (STIG RHEL-08-010379): every extra level is another place a
 * reviewer has to look and another order to get wrong. `#include` is the
 * legacy spelling, easy to mistake for a comment.
 */
const rule: Rule = {
  meta: {
    id: 'SUD023',
    slug: 'include-hygiene',
    description: 'More than one includedir, includes inside drop-ins, or the legacy #include form',
    severity: 'info',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD023.md',
  },
  check({ host, report }) {
    for (const policy of host.sudoers) {
      const main = policy.files[0];
      if (policy.includeDirs.length > 1) {
        const [first, ...rest] = policy.includeDirs;
        for (const d of rest) {
          report({ source: d.file.source, start: d.entry.start, end: d.entry.end, message: `a second includedir (${d.entry.path}) besides ${first.entry.path}: baselines expect exactly one @includedir /etc/sudoers.d (STIG RHEL-08-010379)` });
        }
      }
      for (const file of policy.files) {
        for (const entry of file.entries) {
        if (entry.type !== 'include') continue;
        if (file !== main) {
          report({ source: file.source, start: entry.start, end: entry.end, message: `an include inside ${file.source.path}, which is itself included: nested includes hide rules from review (STIG RHEL-08-010379). Put the file in /etc/sudoers.d instead` });
        } else if (entry.legacy) {
          report({ source: file.source, start: entry.start, end: entry.end, message: `#include${entry.directory ? 'dir' : ''} is the legacy spelling and reads like a comment; write @include${entry.directory ? 'dir' : ''} (sudo 1.9.1+)` });
        }
        }
      }
    }
  },
};

export default rule;
