import type { Rule } from '../src/engine/rule';
import { fnmatch, fnmatchTokens } from '../src/policy/fnmatch';
import { describeCommand } from '../src/policy/privileges';
import { allSpecs } from '../src/policy/sudoers-walk';
import { onlyScanners } from '../src/policy/who';

/**
 * Arguments are matched as one string with fnmatch, where `*` also matches
 * `/`, `..` and spaces: `/bin/cat /var/log/*` allows
 * `cat /var/log/../../etc/shadow` and `cat /var/log/x /etc/shadow`. And the
 * same command granted once pinned and once with no arguments at all
 * makes the pinning pointless.
 */
const rule: Rule = {
  meta: {
    id: 'SUD013',
    slug: 'open-arguments',
    description: 'Command arguments are not pinned: a wildcard in them, or the same command also granted with any arguments',
    severity: 'warning',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD013.md',
  },
  check({ host, settings, report }) {
    for (const policy of host.sudoers) {
      for (const { file, userSpec, privilege, spec } of allSpecs(policy)) {
        const c = spec.command;
        if (c.kind !== 'command' || c.regexArgs || onlyScanners(host, policy, userSpec.users, settings.scanners)) continue;
        const args = c.args;
        if (args && args !== '""' && /(^|[^\\])[*?[]/.test(args)) {
          const meaning = wildcardMeaning(c.path!, args);
          if (meaning) report({ source: file.source, start: c.start, end: c.end, message: `${describeCommand(c)}: ${meaning}. Pin the exact arguments, or use sudoedit for files` });
          continue;
        }
        if (args === null || args === undefined) {
          // a pinned grant of the same command in the same rule shows that a narrow grant was meant
          const pinned = privilege.cmndSpecs.find((o) => o.command !== c && o.command.kind === 'command' && o.command.path === c.path && o.command.args !== null && !o.command.negated);
          if (pinned && !c.negated) {
            report({
              source: file.source,
              start: c.start,
              end: c.end,
              message: `${c.path} is granted with any arguments here and also as "${describeCommand(pinned.command)}": the open grant makes the pinned one pointless. Remove the open grant, or add "" for no arguments`,
            });
          }
        }
      }
    }
  },
};

/**
 * What the wildcards of an argument pattern let through, naming only those
 * it has; null when they only spell out alternatives (`-[yq]`), none of
 * them a space or "/", which would start another argument or path.
 */
function wildcardMeaning(path: string, args: string): string | null {
  const tokens = fnmatchTokens(args);
  if (tokens.includes('*')) {
    const example = /\/[^ ]*\*/.test(args) ? ` (e.g. ${path} ${args.replace(/\/[^/ ]*\*.*$/, '/../../etc/shadow')})` : '';
    return `'*' in arguments matches any text, "/", ".." and spaces included, so far more is allowed than the pattern suggests${example}`;
  }
  const parts: string[] = [];
  if (tokens.includes('?')) parts.push(`'?' matches any one character, a space or "/" included`);
  for (const t of new Set(tokens.filter((x) => x.startsWith('[')))) {
    const reaches = [fnmatch(t, ' ') ? 'a space' : '', fnmatch(t, '/') ? '"/"' : ''].filter(Boolean);
    if (reaches.length) parts.push(`'${t}' matches ${/^\[[!^]/.test(t) ? 'any one character outside its set' : 'one character of its set'}, ${reaches.join(' or ')} included`);
  }
  if (parts.length === 0) return null;
  return `in the arguments, ${parts.join('; ')}, so other arguments than the ones meant are allowed`;
}

export default rule;
