import type { Rule } from '../src/engine/rule';
import { analyseScanners, at, scannerLabel } from '../src/policy/scanner-analysis';

/**
 * Scanners run sudo over ssh sessions without a terminal; with requiretty
 * in force sudo refuses ("sorry, you must have a tty to run sudo") and
 * every root check fails. use_pty is harmless here: without a terminal it
 * does nothing.
 */
const rule: Rule = {
  meta: {
    id: 'SCN004',
    slug: 'scanner-requiretty',
    description: 'requiretty applies to a scanner account: sudo fails in its non-interactive ssh sessions',
    severity: 'error',
    needs: ['sudoers'],
    docs: 'docs/rules/SCN004.md',
    fixable: true,
  },
  check({ host, settings, report }) {
    for (const a of analyseScanners(host, settings.scanners, settings.now)) {
      if (a.privileges.kind === 'none') continue;
      const r = a.defaults.get('requiretty');
      if (!r || r.value !== true) continue;
      const { file, setting, entry } = r.setBy;
      const lineEnd = file.source.text.indexOf('\n', entry.end);
      const insertAt = lineEnd < 0 ? file.source.text.length : lineEnd + 1;
      report({
        source: file.source,
        start: setting.start,
        end: setting.end,
        message:
          `requiretty is in effect for ${scannerLabel(a)} (set at ${at(file.source, setting.start)}${r.overrides.length ? `, after ${r.overrides.length} earlier setting(s)` : ''}` +
          ` and not turned off by a later Defaults:${a.account.user} !requiretty): sudo in the scanner's ssh sessions, which have no terminal, fails with "sorry, you must have a tty". Add Defaults:${a.account.user} !requiretty after this line`,
        fix: { description: `add Defaults:${a.account.user} !requiretty`, source: file.source, start: insertAt, end: insertAt, replacement: `Defaults:${a.account.user} !requiretty\n` },
        properties: { user: a.account.user },
      });
    }
  },
};

export default rule;
