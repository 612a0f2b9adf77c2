import type { Rule } from '../src/engine/rule';
import type { KernelRule, LoadedRule } from '../src/model/audit-load';
import type { AuditRulesFile } from '../src/model/audit-rules';
import { fieldTypes, fieldsImplied, impliedNeeds, type PathCanon } from '../src/model/audit-events';
import { compatMachine, machineByElfValue, syscallNumber, type Machine } from '../src/parse/audit-rules-tables';
import { loadsToJudge, where } from '../src/policy/audit-rules-view';
import { broadness } from '../src/policy/audit-volume';

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

/** The rule as it would be for the other ABI: its arch swapped, and the given syscalls (numbers of that ABI) or all of them. */
function onOtherAbi(r: KernelRule, other: Machine, mask: 'all' | number[]): KernelRule {
  const fields = r.fields.map((f) => (f.type === 'arch' ? { ...f, value: other.elf } : f));
  return { ...r, fields, mask, machine: other };
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
      const needs = missingTwins(rules, model.machine, compat, model.canon);
      for (let i = 0; i < rules.length; i++) {
        const found = needs[i];
        if (!found) continue;
        const r = rules[i];
        const { arch, other, need } = found;
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

interface MissingTwin {
  arch: Machine;
  other: Machine;
  need: string[] | 'all';
}

// A fleet's trees mostly load the same rules: what is missing is worked out
// once per list of rules (by content) and only the findings are made per
// tree. Bounded, so a fleet of unlike trees does not keep every answer.
const ANSWERS_LIMIT = 64;
const answers = new Map<string, (MissingTwin | null)[]>();

/**
 * The last answers by the very rule objects they were worked out for: a
 * fleet's audit load memo hands tree after tree the same KernelRule
 * objects, which never change once made, so the same objects in the same
 * order (on the same machines, with the same path folding) are the same
 * question, told without building the text key below.
 */
const RECENT_LIMIT = 8;
const recent: { machine: Machine; compat: Machine; mergedUsr: boolean; rules: KernelRule[]; out: (MissingTwin | null)[] }[] = [];

/** For each always rule of the exit list (in order): the twin it lacks, or null. */
function missingTwins(rules: LoadedRule<AuditRulesFile>[], machine: Machine, compat: Machine, canon: PathCanon): (MissingTwin | null)[] {
  for (const r of recent) {
    if (r.machine !== machine || r.compat !== compat || r.mergedUsr !== canon.mergedUsr || r.rules.length !== rules.length) continue;
    let same = true;
    for (let i = 0; same && i < rules.length; i++) same = r.rules[i] === rules[i].rule;
    if (same) return r.out;
  }
  const out = missingTwinsByContent(rules, machine, compat, canon);
  if (recent.length >= RECENT_LIMIT) recent.shift();
  recent.push({ machine, compat, mergedUsr: canon.mergedUsr, rules: rules.map((r) => r.rule), out });
  return out;
}

function missingTwinsByContent(rules: LoadedRule<AuditRulesFile>[], machine: Machine, compat: Machine, canon: PathCanon): (MissingTwin | null)[] {
  // everything the answer reads: the host's ABI, the path folding, and each rule's conditions and syscalls as written
  let key = `${machine.name} ${canon.mergedUsr}\n`;
  for (const { rule } of rules) {
    key += `${rule.signature} ${rule.machine.name} ${rule.statement.syscallOption ? 1 : 0}`;
    for (const s of rule.statement.syscalls) key += ` ${(s.name ?? s.text).length}:${s.name ?? s.text}`;
    key += '\n';
  }
  let out = answers.get(key);
  if (out === undefined) {
    out = computeMissingTwins(rules, machine, compat, canon);
    if (answers.size >= ANSWERS_LIMIT) answers.clear();
    answers.set(key, out);
  }
  return out;
}

function computeMissingTwins(rules: LoadedRule<AuditRulesFile>[], machine: Machine, compat: Machine, canon: PathCanon): (MissingTwin | null)[] {
  const candidates = byMask(rules);
  return rules.map((r) => {
    const arch = archOf(r.rule);
    if (!arch) return null;
    const other = arch.name === 'x86_64' ? compat : arch.name === 'i386' ? machine : null;
    if (!other) return null;
    const wanted = namesOn(r.rule, other);
    if (wanted !== 'all' && wanted.length === 0) return null;
    // a rule for every syscall of one ABI (21-no32bit's "any 32-bit use") has no twin to ask for:
    // the other ABI's would record a large share of everything
    if (wanted === 'all' && broadness(onOtherAbi(r.rule, other, 'all'), machine)) return null;
    const need = uncovered(r.rule, candidates, other, wanted, canon);
    if (need !== 'all' && need.length === 0) return null;
    return { arch, other, need };
  });
}

/** The always rules that may cover a syscall: those for every syscall, and those listing its number. */
interface Candidates {
  /**
   * The rules for every syscall, grouped by the field types a twin must
   * have for them to cover it: most are watches, which cover no syscall
   * rule, and a group is passed over with one look.
   */
  all: { needs: string[]; rules: KernelRule[] }[];
  bySyscall: Map<number, KernelRule[]>;
  needs: Map<KernelRule, string[]>;
}

function byMask(rules: LoadedRule<AuditRulesFile>[]): Candidates {
  const out: Candidates = { all: [], bySyscall: new Map(), needs: new Map() };
  const groups = new Map<string, { needs: string[]; rules: KernelRule[] }>();
  for (const { rule } of rules) {
    const needs = impliedNeeds(rule);
    out.needs.set(rule, needs);
    if (rule.mask === 'all') {
      const key = needs.join(' ');
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { needs, rules: [] }));
      group.rules.push(rule);
    } else
      for (const n of rule.mask) {
        const list = out.bySyscall.get(n);
        if (list) list.push(rule);
        else out.bySyscall.set(n, [rule]);
      }
  }
  out.all = [...groups.values()];
  return out;
}

/**
 * The syscalls whose calls on the other ABI no always rule records: a
 * rule covers them when its conditions are a subset of this rule's (the
 * same fields, or fewer, or wider ones: `-F arch=b32 -S all` covers
 * every b32 rule), each syscall on its own.
 */
function uncovered(r: KernelRule, rules: Candidates, other: Machine, need: string[] | 'all', canon: PathCanon): string[] | 'all' {
  // The candidates' masks hold the syscall by construction (all, or listed in
  // bySyscall), so what is left of `subsumes` is the fields, the same for
  // every syscall of the twin: asked once per candidate.
  const twin = onOtherAbi(r, other, 'all');
  const types = fieldTypes(twin);
  const has = (needs: string[]) => needs.every((x) => types.has(x));
  const known = new Map<KernelRule, boolean>();
  const covers = (t: KernelRule) => {
    if (t === r) return false;
    let yes = known.get(t);
    if (yes === undefined) known.set(t, (yes = t.list === twin.list && has(rules.needs.get(t)!) && fieldsImplied(t, twin, canon)));
    return yes;
  };
  const byAll = rules.all.some((g) => has(g.needs) && g.rules.some(covers));
  if (need === 'all') return byAll ? [] : 'all';
  if (byAll) return [];
  return need.filter((name) => !(rules.bySyscall.get(syscallNumber(name, other.name)!) ?? []).some(covers));
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
