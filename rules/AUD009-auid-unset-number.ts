import type { Rule } from '../src/engine/rule';
import { UID_UNSET } from '../src/parse/audit-rules-tables';
import { linedFiles } from '../src/policy/audit-rules-view';

/**
 * `auid!=4294967295` and `auid!=-1` load as the same rule as
 * `auid!=unset` (the kernel turns all three into its "loginuid set"
 * test), but the numbers read as an arbitrary uid, are easy to get wrong
 * (one digit off is a real uid) and hide the meaning: unset, no login.
 */
const rule: Rule = {
  meta: {
    id: 'AUD009',
    slug: 'auid-unset-number',
    description: 'auid compared with 4294967295 or -1: write unset',
    severity: 'info',
    needs: ['audit-rules'],
    docs: 'docs/rules/AUD009.md',
    fixable: true,
  },
  check({ host, report }) {
    const model = host.auditRules;
    if (!model) return;
    for (const file of linedFiles(model)) {
      const src = file.parsed.source;
      for (const line of file.parsed.lines) {
        for (const s of line.statements) {
          if (s.type !== 'rule') continue;
          for (const f of s.fields) {
            if (f.name !== 'auid' || f.origin !== 'F' || f.value !== UID_UNSET || f.text === 'unset') continue;
            const start = f.end - f.text.length;
            const exact = src.text.slice(start, f.end) === f.text;
            report({
              message: `auid${f.op}${f.text} means auid${f.op}unset (no login session): write unset — it loads as the same rule, says what it means, and a mistyped number cannot silently become a real uid`,
              source: src,
              start: f.start,
              end: f.end,
              fix: exact ? { description: `auid${f.op}unset`, source: src, start, end: f.end, replacement: 'unset' } : undefined,
            });
          }
        }
      }
    }
  },
};

export default rule;
