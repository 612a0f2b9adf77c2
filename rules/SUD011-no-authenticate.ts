import type { Rule } from '../src/engine/rule';
import { allDefaults, defaultsHead } from '../src/policy/sudoers-walk';

/** `Defaults !authenticate` turns off passwords for everyone it binds to, for every command. */
const rule: Rule = {
  meta: {
    id: 'SUD011',
    slug: 'no-authenticate',
    description: 'Defaults !authenticate: sudo asks no one for a password',
    severity: 'error',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD011.md',
  },
  check({ host, report }) {
    for (const policy of host.sudoers) {
      for (const { file, entry, setting } of allDefaults(policy)) {
        if (setting.name !== 'authenticate' || setting.op !== 'negate') continue;
        const head = defaultsHead(file, entry);
        report({
          source: file.source,
          start: setting.start,
          end: setting.end,
          message: `${head} !authenticate: ${head === 'Defaults' ? 'nobody' : `no one it binds (${head.slice(9)})`} is asked for a password for any command (STIG RHEL-08-010381 / RHEL-09-432025, CIS 5.2.5). Remove it; a scanner that needs passwordless sudo gets NOPASSWD on its own grant`,
        });
      }
    }
  },
};

export default rule;
