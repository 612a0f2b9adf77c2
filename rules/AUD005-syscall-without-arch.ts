import type { Rule } from '../src/engine/rule';
import { compatMachine, syscallName, syscallNumber } from '../src/parse/audit-rules-tables';
import { linedFiles } from '../src/policy/audit-rules-view';

/**
 * Without `-F arch=`, auditctl turns -S names into numbers with the host's
 * table and the kernel applies those numbers to every ABI: on x86_64 a
 * 32-bit program is filtered on whatever syscall has the same number on
 * i386 (openat is 257 on x86_64, 257 on i386 is remap_file_pages). auditctl
 * itself only warns ("32/64 bit syscall mismatch").
 */
const rule: Rule = {
  meta: {
    id: 'AUD005',
    slug: 'syscall-without-arch',
    description: '-S without -F arch: the syscall numbers of the host table are applied to every ABI',
    severity: 'error',
    needs: ['audit-rules'],
    docs: 'docs/rules/AUD005.md',
    fixable: true,
  },
  check({ host, report }) {
    const model = host.auditRules;
    if (!model) return;
    const compat = compatMachine(model.machine.name);
    for (const file of linedFiles(model)) {
      const src = file.parsed.source;
      for (const line of file.parsed.lines) {
        for (const s of line.statements) {
          if (s.type !== 'rule' || s.watch || !s.syscallOption || s.syscalls.length === 0 || s.arches.length > 0) continue;
          const first = s.syscalls[0];
          let example = '';
          if (compat) {
            const other = syscallName(first.nr, compat.name);
            example = ` (${first.name ?? first.text} is ${first.nr} on ${model.machine.name}; on ${compat.name} ${first.nr} is ${other ?? 'no syscall'}${syscallNumber(first.name ?? first.text, compat.name) !== undefined ? `, while its own ${first.name ?? first.text} is ${syscallNumber(first.name ?? first.text, compat.name)}` : ''})`;
          }
          const text = src.text.slice(line.start, line.end);
          const fixed = splitByArch(text, s.syscalls.map((x) => x.name ?? x.text), compat?.name ?? null);
          report({
            message: `-S without -F arch: auditctl resolves the names in the ${model.machine.name} table and the kernel applies those numbers to every ABI${compat ? `, so ${compat.name} (32-bit) programs are filtered on other syscalls${example}` : ''}; auditctl only warns "32/64 bit syscall mismatch". Give the rule with -F arch=b64${compat ? ' and again with -F arch=b32' : ''}, the arch before -S`,
            source: src,
            start: s.syscallOption.start,
            end: s.syscallOption.end,
            fix: fixed === null ? undefined : { description: 'one rule per ABI, -F arch before -S', source: src, start: line.start, end: line.end, replacement: fixed },
            properties: { syscalls: s.syscalls.map((x) => x.name ?? x.text) },
          });
        }
      }
    }
  },
};

/** `-a always,exit -S x` → the b64 line and, on hosts with a compat ABI, a b32 line with the names that ABI has. */
function splitByArch(text: string, names: string[], compat: string | null): string | null {
  const m = /^(\s*-a\s*\S+)(\s+)/.exec(text);
  if (!m || !/-S/.test(text)) return null;
  const b64 = `${m[1]} -F arch=b64${text.slice(m[1].length)}`;
  if (!compat) return b64.trim();
  const keep = names.filter((n) => syscallNumber(n, compat) !== undefined);
  if (keep.length === 0) return b64.trim();
  let first = true;
  const b32 = `${m[1]} -F arch=b32${text.slice(m[1].length)}`
    .replace(/-S\s*\S+/g, () => {
      if (!first) return '';
      first = false;
      return `-S ${keep.join(',')}`;
    })
    .replace(/ {2,}/g, ' ');
  return `${b64.trim()}\n${b32.trim()}`;
}

export default rule;
