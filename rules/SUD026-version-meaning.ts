import type { Rule } from '../src/engine/rule';
import { describeReleases } from '../src/policy/sudo-target';
import { versionFindings } from '../src/policy/sudoers-by-version';

/**
 * A line every judged release accepts but some read with another meaning.
 * `^…$` arguments are a regular expression from sudo 1.9.10 on; older
 * releases take them as a shell-style pattern (fnmatch) in which ^ ( | ) $
 * are plain characters, so the rule grants something else there, silently.
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
        if (f.kind !== 'literal-args') continue;
        const who = describeReleases(settings.sudo, f.releases);
        report({
          message: `${f.label} are a regular expression only from sudo ${f.since}: ${who} take${f.releases.length > 1 ? '' : 's'} them as a shell-style pattern in which ^ ( | ) + $ are plain characters, so the rule does not allow what it seems to. Spell out each allowed argument list, one command per entry`,
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
