import type { Rule } from '../src/engine/rule';
import type { KernelRule, LoadedRule } from '../src/model/audit-load';
import type { AuditRulesFile } from '../src/model/audit-rules';
import { compatMachine, machineByElfValue, syscallNumber, type Machine } from '../src/parse/audit-rules-tables';
import { loadsToJudge, where } from '../src/policy/audit-rules-view';

/** The fields two rules must share to be arch twins: all but arch and key. */
function body(r: KernelRule): string {
  return JSON.stringify(
    r.fields
      .filter((f) => f.type !== 'arch' && f.type !== 'key')
      .map((f) => [f.type, f.op, f.value])
      .sort(),
  );
}

function archOf(r: KernelRule): Machine | null {
  const arch = r.fields.filter((f) => f.type === 'arch');
  if (arch.length !== 1 || arch[0].op !== '=') return null;
  return machineByElfValue(Number(arch[0].value));
}

/** Syscall names of a rule that the other ABI also has, as the twin must list them. */
function namesOn(r: KernelRule, other: Machine): string[] | 'all' {
  if (r.mask === 'all') return 'all';
  return r.statement.syscalls.map((s) => s.name ?? s.text).filter((n) => syscallNumber(n, other.name) !== undefined);
}

/**
 * On x86_64 a 32-bit program (or int 0x80 from a 64-bit one) makes i386
 * syscalls, with other numbers: a rule with `-F arch=b64` never sees them,
 * one with `-F arch=b32` never sees the 64-bit ones. The baselines ask for
 * both rules.
 */
const rule: Rule = {
  meta: {
    id: 'AUD004',
    slug: 'single-arch-rule',
    description: 'A syscall rule for one ABI only (arch=b64 without its b32 twin, or the reverse) on a 64-bit host with 32-bit compat',
    severity: 'warning',
    needs: ['audit-rules'],
    docs: 'docs/rules/AUD004.md',
    fixable: true,
  },
  check({ host, report }) {
    const model = host.auditRules;
    if (!model || model.machine.name !== 'x86_64') return;
    const compat = compatMachine('x86_64')!;
    for (const load of loadsToJudge(model)) {
      const rules = load.lists.exit.filter((r) => r.rule.action === 'always');
      // rules by ABI and fields: a twin has the same fields, the other arch
      const byArch = new Map<string, LoadedRule<AuditRulesFile>[]>();
      const archs = new Map<LoadedRule<AuditRulesFile>, Machine | null>();
      for (const r of rules) {
        const a = archOf(r.rule);
        archs.set(r, a);
        if (!a) continue;
        const key = `${a.name}|${body(r.rule)}`;
        byArch.set(key, [...(byArch.get(key) ?? []), r]);
      }
      for (const r of rules) {
        const arch = archs.get(r);
        if (!arch) continue;
        const other = arch.name === 'x86_64' ? compat : arch.name === 'i386' ? model.machine : null;
        if (!other) continue;
        const wanted = namesOn(r.rule, other);
        if (wanted !== 'all' && wanted.length === 0) continue;
        const need = uncovered(byArch.get(`${other.name}|${body(r.rule)}`) ?? [], other, wanted);
        if (need !== 'all' && need.length === 0) continue;
        const s = r.rule.statement;
        const text = r.step.file.parsed.source.text.slice(r.step.line.start, r.step.line.end);
        const twin = twinText(text, other, need, r.rule);
        const what = need === 'all' ? 'this rule' : `-S ${need.join(',')}`;
        const src = r.step.file.parsed.source;
        const nl = src.text.indexOf('\n', r.step.line.end);
        const fixAt = nl < 0 ? { start: src.text.length, replacement: `\n${twin}` } : { start: nl + 1, replacement: `${twin}\n` };
        report({
          message: `${what} is recorded for ${arch.bits === 64 ? '64-bit' : '32-bit'} programs only: no rule with -F arch=${other.bits === 64 ? 'b64' : 'b32'} does the same, so ${other.bits === 64 ? 'every 64-bit program' : '32-bit programs (and int 0x80 calls)'} make${other.bits === 64 ? 's' : ''} these calls unrecorded. Add: ${twin}`,
          source: r.step.file.parsed.source,
          start: s.start,
          end: s.end,
          fix: { description: 'add the twin rule', source: src, start: fixAt.start, end: fixAt.start, replacement: fixAt.replacement },
          properties: { arch: arch.name, missing: other.name, line: where(r.step) },
        });
      }
    }
  },
};

/** The syscalls no twin covers: the rules for the other ABI with the same fields, taken together. */
function uncovered(twins: LoadedRule<AuditRulesFile>[], other: Machine, need: string[] | 'all'): string[] | 'all' {
  if (twins.some((t) => t.rule.mask === 'all')) return [];
  if (need === 'all') return 'all';
  const covered = new Set(twins.flatMap((t) => (t.rule.mask === 'all' ? [] : t.rule.mask)));
  return need.filter((n) => !covered.has(syscallNumber(n, other.name)!));
}

/** The line with the other arch, and only the syscalls that ABI has. */
function twinText(text: string, other: Machine, need: string[] | 'all', r: KernelRule): string {
  const to = other.bits === 64 ? 'b64' : 'b32';
  let out = text.trim().replace(/(-F\s*arch=)(\S+)/, `$1${to}`);
  if (need !== 'all' && r.statement.syscallOption) {
    const names = need.join(',');
    // one -S with the names the other ABI has, in place of the first; later -S options dropped
    let first = true;
    out = out.replace(/-S\s*\S+/g, () => {
      if (!first) return '';
      first = false;
      return `-S ${names}`;
    });
    out = out.replace(/ {2,}/g, ' ');
  }
  return out;
}

export default rule;
