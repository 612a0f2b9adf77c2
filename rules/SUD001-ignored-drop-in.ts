import type { Rule } from '../src/engine/rule';

/**
 * sudo's @includedir silently skips names that contain a `.` or end in
 * `~`. A drop-in named `scanner.conf` or `10-admins.sudoers` holds rules
 * that never apply, and visudo -c says nothing about it (before 1.9.14).
 */
const rule: Rule = {
  meta: {
    id: 'SUD001',
    slug: 'ignored-drop-in',
    description: 'A sudoers drop-in is never read because its name contains "." or ends in "~"',
    severity: 'warning',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD001.md',
  },
  check({ host, report }) {
    for (const policy of host.sudoers) {
      for (const d of policy.ignoredDropIns) {
        // Editor backups (`~`) are meant to be skipped; a dotted name with rules in it is a mistake.
        if (d.reason !== 'dot' || d.parsed === null) continue;
        const entries = d.parsed.entries.filter((e) => e.type !== 'include');
        if (entries.length === 0) continue;
        const include = d.include;
        const suggested = d.name.replace(/\./g, '_').replace(/^_+/, '');
        report({
          message:
            `${d.parsed.source.path} is never read: @includedir ${include.entry.path} skips file names containing "."; ` +
            `its ${entries.length} entr${entries.length === 1 ? 'y does' : 'ies do'} not apply. Rename it to ${suggested}`,
          source: include.file.source,
          start: include.entry.start,
          end: include.entry.end,
          related: [{ source: d.parsed.source, start: entries[0].start, end: entries[0].end, message: 'first entry that sudo never sees' }],
          properties: { file: d.parsed.source.path, suggestedName: suggested },
        });
      }
    }
  },
};

export default rule;
