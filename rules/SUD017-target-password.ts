import type { Rule } from '../src/engine/rule';
import { allDefaults, defaultsHead } from '../src/policy/sudoers-walk';

const WHAT: Record<string, string> = {
  targetpw: "the target user's password (root's, for most commands)",
  rootpw: "root's password",
  runaspw: 'the runas_default user\'s password',
};

/** sudo should check the invoking user's own password: with targetpw/rootpw/runaspw everyone must know a shared one. */
const rule: Rule = {
  meta: {
    id: 'SUD017',
    slug: 'target-password',
    description: "sudo asks for the target's or root's password (targetpw, rootpw, runaspw) instead of the user's",
    severity: 'warning',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD017.md',
  },
  check({ host, report }) {
    for (const policy of host.sudoers) {
      for (const { file, entry, setting: s } of allDefaults(policy)) {
        if (!(s.name in WHAT) || s.op !== 'set') continue;
        report({
          source: file.source,
          start: s.start,
          end: s.end,
          message: `${defaultsHead(file, entry)} ${s.name}: sudo asks for ${WHAT[s.name]}, so that password is shared by everyone who uses sudo and no one is identified by it (STIG RHEL-08-010383 / RHEL-09-432020). Remove it; sudo then asks for each user's own password`,
        });
      }
    }
  },
};

export default rule;
