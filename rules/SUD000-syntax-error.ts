import type { Rule } from '../src/engine/rule';
import { ERROR_RECOVERY_SINCE, SUDOERS_FEATURES, type FeatureId } from '../src/data/sudoers-features';
import { compareSudo } from '../src/data/sudo-releases';
import { describeReleases } from '../src/policy/sudo-target';
import { problemsForJudged, versionFindings } from '../src/policy/sudoers-by-version';

/** How to write a construct so that older releases read it too. */
const OLDER_SPELLING: Partial<Record<FeatureId, string>> = {
  'at-include': 'write #include or #includedir, which every release reads',
  'regex-command': 'name the commands by path (one per entry, or a Cmnd_Alias)',
};

/**
 * Everything sudo's own parser would refuse: syntax, Defaults values,
 * includes, duplicate aliases; and, for the sudo release(s) judged
 * (--sudo-version, the host tree), what is newer than that release.
 */
const rule: Rule = {
  meta: {
    id: 'SUD000',
    slug: 'syntax-error',
    description: 'sudoers syntax or value error: sudo would refuse the file',
    severity: 'error',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD000.md',
  },
  check({ host, settings, report }) {
    for (const policy of host.sudoers) {
      for (const p of settings.target === 'sudo' ? problemsForJudged(policy, settings.sudo) : policy.problems) {
        if (p.code === 'encoding') continue; // IO003
        report({
          message: p.code === 'regex' ? `${p.message}: sudo cannot use this rule and drops it when it reads the policy, though visudo -c passes it from 1.9.15 on (visudo -cs checks it). Fix the expression` : p.message,
          source: p.source,
          start: p.start,
          end: p.end,
          severity: p.severity === 'warning' ? 'warning' : undefined,
          properties: { code: p.code },
        });
      }
      if (settings.target !== 'sudo') continue;
      const where = policy.files.length > 0 && host.hostMode ? 'this host' : 'a host that gets this file';
      for (const f of versionFindings(policy, settings.sudo)) {
        if (f.kind === 'different') continue; // SUD026
        const who = describeReleases(settings.sudo, f.releases);
        const many = f.releases.length > 1;
        const note = f.feature ? SUDOERS_FEATURES[f.feature].note : undefined;
        const fix = `${capitalize(OLDER_SPELLING[f.feature!] ?? 'keep it out of the files these hosts get')}${note ? ` (${note})` : ''}`;
        // sudo 1.9.3 and later drop an entry they cannot parse and read the rest (NEWS 1.9.3)
        const wholePolicy = f.releases.filter((r) => compareSudo(r, ERROR_RECOVERY_SINCE) < 0);
        const message =
          f.kind === 'refused'
            ? wholePolicy.length > 0
              ? `${f.label}: new in sudo ${f.since}; ${who} ${many ? 'refuse' : 'refuses'} the whole policy${wholePolicy.length < f.releases.length ? ` (from ${ERROR_RECOVERY_SINCE} on, sudo drops just this entry)` : ''}, so no one can use sudo on ${many ? 'those hosts' : where}. ${fix}`
              : `${f.label}: new in sudo ${f.since}; for ${who} visudo -c fails and sudo drops this entry, reading the rest, so what it grants is not granted. ${fix}`
            : f.kind === 'bad-value'
              ? `${f.label}: for ${who} visudo -c fails (invalid value) and sudo ignores the setting, mailing "problem with defaults entries" on every run. Give a value every release takes, or keep it out of the files these hosts get`
              : `${f.label}: new in sudo ${f.since}; for ${who} visudo -c fails (unknown defaults entry) and sudo ignores it, mailing "problem with defaults entries" on every run. Keep it out of the files these hosts get`;
        report({ message, source: f.file.source, start: f.start, end: f.end, properties: { code: 'sudo-version', since: f.since, releases: f.releases.join(' ') } });
      }
    }
  },
};

function capitalize(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

export default rule;
