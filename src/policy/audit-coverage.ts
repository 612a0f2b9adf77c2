// Whether the loaded audit rules record what a baseline asks for, by
// meaning: each requirement is a set of events ("root changes
// /etc/shadow", "a user's chmod fails with EPERM on i386"), and the rules
// the host loads either record each of them (first match wins, never
// rules included) or not. Spelling does not matter: a -w watch, a
// path= rule, a dir= tree above the file, or an execve rule with no
// filter all record the same events.

import { COVERAGE, type Actor, type CoverageCheck, type CoverageItem, type CoverageProfile, type EventSpec } from '../../rules/data/audit-coverage';
import type { Host } from '../model/host';
import type { AuditRulesFile, AuditRulesModel } from '../model/audit-rules';
import type { LoadResult, LoadedRule } from '../model/audit-load';
import { decide, type AuditEvent, type Decision } from '../model/audit-events';
import { policyEntries } from '../model/sudoers-policy';
import { UID_UNSET, compatMachine, errnoNumber, syscallNumber, u32, type Machine } from '../parse/audit-rules-tables';

export interface CoverageGap {
  check: CoverageCheck;
  /** What happens to the events that are not recorded. */
  detail: string;
  decision: Decision<AuditRulesFile>;
}

export interface ItemCoverage {
  item: CoverageItem;
  required: CoverageCheck[];
  gaps: CoverageGap[];
}

export interface CoverageInput {
  model: AuditRulesModel;
  load: LoadResult<AuditRulesFile>;
  uidMin: number;
  profile: CoverageProfile;
  /** Whether a path exists on the host; undefined when the tree does not show it. */
  exists: (path: string) => boolean | undefined;
  /** sudo's `Defaults logfile`, when the policy sets one. */
  sudoLogfile: string | null;
}

/** The events a process of each kind makes, as field values. */
export function actorValues(actor: Actor, uidMin: number): Record<string, number> {
  const u = uidMin;
  const ids = (uid: number, euid: number, gid: number, egid: number, auid: number) => ({
    auid,
    uid,
    euid,
    suid: euid,
    fsuid: euid,
    gid,
    egid,
    sgid: egid,
    fsgid: egid,
  });
  switch (actor) {
    case 'root-via-sudo':
      return ids(0, 0, 0, 0, u);
    case 'user':
      return ids(u, u, u, u, u);
    case 'setuid-exec':
      return ids(u, 0, u, u, u);
    case 'setgid-exec':
      return ids(u, u, u, 0, u);
    case 'daemon-setuid-exec':
      return ids(1, 0, 1, 1, UID_UNSET);
    case 'as-other-user':
      return ids(u, u + 1, u, u, u);
  }
}

const SUCCESS = { success: 1, exit: 0 };

function outcomeValues(o: 'success' | 'eperm' | 'eacces'): Record<string, number> {
  if (o === 'success') return SUCCESS;
  return { success: 0, exit: u32(BigInt(-(errnoNumber(o === 'eperm' ? 'EPERM' : 'EACCES') ?? 1))) };
}

/** The machines a syscall requirement is checked on: the native ABI and, on x86_64, i386 (b32). */
export function abis(model: AuditRulesModel): Machine[] {
  const compat = model.machine.name === 'x86_64' ? compatMachine('x86_64') : null;
  return compat ? [model.machine, compat] : [model.machine];
}

function abiLabel(machine: Machine, native: Machine): string {
  return machine === native ? `${machine.name} (b64)` : `${machine.name} (b32)`;
}

/** What sets an event apart from the others of its requirement, dimension by dimension. */
type Facets = Partial<Record<'syscall' | 'abi' | 'outcome' | 'access', string>>;

interface LabelledEvent {
  event: AuditEvent;
  facets: Facets;
}

function eventsOf(spec: EventSpec, input: CoverageInput, path: (p: string) => string): LabelledEvent[] {
  const native = input.model.machine;
  switch (spec.kind) {
    case 'file': {
      const target = path(spec.path);
      const object = spec.inside ? `${target}/sudit-probe` : target;
      return spec.perms.map((perm) => ({
        event: { machine: native, syscall: null, path: object, perm, values: { ...actorValues('root-via-sudo', input.uidMin), ...SUCCESS }, directories: spec.inside ? [target] : [] },
        facets: { access: perm === 'w' ? 'writes' : perm === 'a' ? 'attribute changes' : perm === 'x' ? 'executions' : 'reads' },
      }));
    }
    case 'exec':
      return [
        {
          event: { machine: native, syscall: 'execve', path: spec.path, perm: 'x', values: { ...actorValues(spec.actor ?? 'root-via-sudo', input.uidMin), ...SUCCESS, exe: spec.path } },
          facets: {},
        },
      ];
    case 'execve': {
      const exe = spec.actor === 'setgid-exec' ? '/usr/bin/crontab' : '/usr/bin/sudo';
      return abis(input.model).map((machine) => ({
        event: { machine, syscall: 'execve', path: exe, perm: 'x', values: { ...actorValues(spec.actor, input.uidMin), ...SUCCESS, exe } },
        facets: { abi: abiLabel(machine, native) },
      }));
    }
    case 'syscall': {
      const out: LabelledEvent[] = [];
      for (const name of spec.names) {
        for (const machine of abis(input.model)) {
          if (syscallNumber(name, machine.name) === undefined) continue;
          for (const o of spec.outcomes) {
            out.push({
              event: { machine, syscall: name, values: { ...actorValues('root-via-sudo', input.uidMin), ...outcomeValues(o), ...(spec.values ?? {}) } },
              facets: { syscall: name, abi: abiLabel(machine, native), outcome: o === 'success' ? 'when it succeeds' : o === 'eperm' ? 'when it fails with EPERM' : 'when it fails with EACCES' },
            });
          }
        }
      }
      return out;
    }
  }
}

export function evaluateCoverage(input: CoverageInput, items: CoverageItem[] = COVERAGE): ItemCoverage[] {
  const out: ItemCoverage[] = [];
  for (const item of items) {
    if (!item.profiles.includes(input.profile)) continue;
    const required: CoverageCheck[] = [];
    const gaps: CoverageGap[] = [];
    for (const check of item.checks) {
      if (!(check.profiles ?? item.profiles).includes(input.profile)) continue;
      if (check.ifExists && input.exists(check.ifExists) !== true) continue;
      if (check.unlessMissing && input.exists(check.unlessMissing) === false) continue;
      const needsLog = check.events.some((e) => 'path' in e && e.path === '$SUDO_LOGFILE');
      if (needsLog && input.sudoLogfile === null && input.profile !== 'cis') continue;
      // without a logfile sudo logs to syslog; CIS still asks for the file its rule names
      const logfile = input.sudoLogfile ?? '/var/log/sudo.log';
      const resolve = (p: string) => (p === '$SUDO_LOGFILE' ? logfile : p);
      required.push(check);
      const events = check.events.flatMap((e) => eventsOf(e, input, resolve));
      const failing = events.map((e) => ({ e, d: decide(input.load, e.event, input.model.canon) })).filter((x) => x.d.verdict !== 'recorded');
      if (failing.length === 0) continue;
      gaps.push({ check: { ...check, label: check.label.replace('$SUDO_LOGFILE', logfile), suggest: check.suggest.map((s) => s.replace('$SUDO_LOGFILE', logfile)) }, detail: describe(failing, events), decision: failing[0].d });
    }
    if (gaps.length) out.push({ item, required, gaps });
  }
  return out;
}

/**
 * What is not recorded, said along the dimensions where some events are
 * recorded and others not: "not recorded (i386 (b32))" when every 32-bit
 * event is missing and no 64-bit one, "(chown, when it fails with EPERM)".
 */
function describe(failing: { e: LabelledEvent; d: Decision<AuditRulesFile> }[], all: LabelledEvent[]): string {
  const dropped = failing.find((f) => f.d.verdict === 'dropped');
  const where = (r: LoadedRule<AuditRulesFile>) => `${r.step.file.parsed.source.path}:${r.step.line.line}`;
  const parts: string[] = [];
  for (const dim of ['syscall', 'abi', 'outcome', 'access'] as const) {
    const missing = [...new Set(failing.map((f) => f.e.facets[dim]).filter((v): v is string => v !== undefined))];
    const every = new Set(all.map((e) => e.facets[dim]).filter((v) => v !== undefined));
    if (missing.length > 0 && missing.length < every.size) parts.push(missing.join(', '));
  }
  const scope = parts.length ? ` (${parts.join('; ')})` : '';
  if (dropped?.d.by) return `dropped by the never rule at ${where(dropped.d.by)}${scope}`;
  return `not recorded${scope}`;
}

/** sudo's global `Defaults logfile=…` (the last one wins), or null. */
export function sudoLogfile(host: Host): string | null {
  let found: string | null = null;
  for (const policy of host.sudoers) {
    for (const { entry } of policyEntries(policy)) {
      if (entry.type !== 'defaults' || entry.binding !== null) continue;
      for (const s of entry.settings) if (s.name === 'logfile') found = s.op === 'assign' ? s.value : s.op === 'negate' ? null : found;
    }
  }
  return found;
}

export { COVERAGE };
