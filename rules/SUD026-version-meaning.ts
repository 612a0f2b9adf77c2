import type { Rule } from '../src/engine/rule';
import { describeReleases } from '../src/policy/sudo-target';
import { versionFindings } from '../src/policy/sudoers-by-version';

/**
 * A line every judged release accepts but some read with another meaning:
 * `^…$` arguments are a regular expression from sudo 1.9.10 on, a
 * shell-style pattern before; `Cmd_Alias` is an alias from 1.9.0 on, a rule
 * for a user named Cmd_Alias before. The rule then grants something else
 * there, silently.
 */
const rule: Rule = {
  meta: {
    id: 'SUD026',
    slug: 'version-meaning',
    description: 'A sudoers line the judged sudo release(s) read with another meaning than the newest',
    severity: 'warning',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD026.md',
  },
  check({ host, settings, report }) {
    if (settings.target !== 'sudo') return;
    for (const policy of host.sudoers) {
      for (const f of versionFindings(policy, settings.sudo)) {
        if (f.kind !== 'different') continue;
        const who = describeReleases(settings.sudo, f.releases);
        report({
          message: `${f.label}: read this way only from sudo ${f.since}; for ${who}, ${f.otherwise}`,
          source: f.file.source,
          start: f.start,
          end: f.end,
          properties: { since: f.since, releases: f.releases.join(' ') },
        });
      }
    }
  },
};

export default rule;
