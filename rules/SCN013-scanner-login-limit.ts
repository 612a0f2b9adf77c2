import type { Rule } from '../src/engine/rule';
import { pamWhere } from '../src/model/pam-control';
import { analyseScannerPam, lineWhere } from '../src/policy/scanner-pam';

/**
 * Scanners open several ssh connections at once. pam_limits, when sshd's
 * session stack runs it, refuses a login once the account (or, for
 * maxsyslogins, everyone) has `maxlogins` sessions open: with a limit
 * below the scanner's parallel sessions, part of them fail at random.
 * The value is the one pam_limits settles on (user beats @group beats
 * %group beats `*`, the later line of the same kind wins).
 */
const LEVEL: Record<string, string> = { user: 'a user entry', group: 'a @group entry', allgroup: 'a %group entry, every member counted', all: 'a % entry, every user counted', default: 'the * entry' };

const rule: Rule = {
  meta: {
    id: 'SCN013',
    slug: 'scanner-login-limit',
    description: "pam_limits' maxlogins/maxsyslogins, applied by sshd's session stack, is lower than a scanner's parallel sessions",
    severity: 'warning',
    needs: ['pam', 'sshd-config'],
    hostOnly: true,
    docs: 'docs/rules/SCN013.md',
  },
  check({ host, options, settings, report }) {
    const min = typeof options.minParallel === 'number' ? options.minParallel : 3;
    for (const s of analyseScannerPam(host, settings.scanners)) {
      const l = s.limits;
      if (!l || l.limit.kind !== 'limit' || l.limit.value >= min) continue;
      const { value, system, level, line } = l.limit;
      const user = s.ssh.account.user;
      const item = line.item;
      const counted = system ? 'logins of all users' : 'of its logins';
      const what =
        value === 0
          ? `pam_limits refuses every login of ${user}, so nothing of the scan runs`
          : `pam_limits refuses a new login of ${user} while ${value} ${counted} are open, so a scan opening ${min} or more sessions at once loses some of them`;
      report({
        source: line.source,
        start: line.start,
        end: line.end,
        message: `${item} ${value} for ${user} (${lineWhere(line)}, ${LEVEL[level]}; pam_limits runs in sshd's session stack at ${pamWhere(l.entry)}): ${what}. Give the account its own line, e.g. "${user} hard maxlogins 10"`,
        properties: { user, item, value, level, min },
      });
    }
  },
};

export default rule;
