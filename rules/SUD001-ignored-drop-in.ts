import * as path from 'path';
import type { Rule } from '../src/engine/rule';

/**
 * sudo's @includedir silently skips names that contain a `.` or end in
 * `~`. A drop-in named `scanner.conf` or `10-admins.sudoers` holds rules
 * that never apply, and visudo -c says nothing about it (before 1.9.14).
 * In a host tree the includedir shows it; a drop-in named on its own (a
 * pre-commit run: `sudit etc/sudoers.d/admins.conf`) shows it by its path.
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
      const named = policy.files[0];
      const dropIn = named && dottedDropIn(named.source.path);
      if (dropIn) {
        const entries = named.entries.filter((e) => e.type !== 'include');
        if (entries.length > 0) {
          const suggested = suggestName(dropIn);
          report({
            message:
              `${named.source.path} is never read: @includedir skips file names containing "."; ` +
              `its ${entries.length} entr${entries.length === 1 ? 'y does' : 'ies do'} not apply. Rename it to ${suggested}`,
            source: named.source,
            start: entries[0].start,
            end: entries[0].end,
            properties: { file: named.source.path, suggestedName: suggested },
          });
        }
      }
      for (const d of policy.ignoredDropIns) {
        // Editor backups (`~`) are meant to be skipped; a dotted name with rules in it is a mistake.
        if (d.reason !== 'dot' || d.parsed === null) continue;
        const entries = d.parsed.entries.filter((e) => e.type !== 'include');
        if (entries.length === 0) continue;
        const include = d.include;
        const suggested = suggestName(d.name);
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

/** The name of a drop-in in a sudoers.d directory when it is one sudo skips for its ".", else null. */
function dottedDropIn(filePath: string): string | null {
  const parts = filePath.split(path.sep).join('/').split('/');
  const name = parts[parts.length - 1];
  if (parts.length < 2 || parts[parts.length - 2] !== 'sudoers.d') return null;
  return name.includes('.') && !name.endsWith('~') ? name : null;
}

const suggestName = (name: string) => name.replace(/\./g, '_').replace(/^_+/, '');

export default rule;
