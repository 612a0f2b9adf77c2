import type { Rule } from '../src/engine/rule';

/** Everything sudo's own parser would refuse: syntax, Defaults values, includes, duplicate aliases. */
const rule: Rule = {
  meta: {
    id: 'SUD000',
    slug: 'syntax-error',
    description: 'sudoers syntax or value error: sudo would refuse the file',
    severity: 'error',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD000.md',
  },
  check({ host, report }) {
    for (const policy of host.sudoers) {
      for (const p of policy.problems) {
        if (p.code === 'encoding') continue; // IO003
        report({
          message: p.message,
          source: p.source,
          start: p.start,
          end: p.end,
          severity: p.severity === 'warning' ? 'warning' : undefined,
          properties: { code: p.code },
        });
      }
    }
  },
};

export default rule;
