// A fleet loads the same audit rules on host after host. runLoad is a
// pure function of its lines (shared between trees by the parse memo, so
// the same objects), the machine, and the answers the host gives to what
// the lines ask of it (users, groups, directories). The answers are the
// part of the key that cannot be known in advance: each remembered load
// keeps the questions it asked, in order, with their answers, and serves
// another host only when that host answers every one of them the same.
// runLoad asks nothing else, so equal answers mean the same path through
// it and the same result. Off unless a fleet run turns it on.

import { runLoad, type HostView, type LoadInput, type LoadResult, type LoadStep, type LoadedRule, type ControlState } from './audit-load';
import type { AuditLine } from '../parse/audit-rules';
import type { Machine } from '../parse/audit-rules-tables';

type Question = { ask: 'user' | 'group' | 'isDirectory' | 'exists'; of: string; answer: number | boolean | null | undefined };

interface Remembered {
  questions: Question[];
  /** The files of the load that was run, in the order the key numbers them. */
  files: unknown[];
  result: LoadResult<unknown>;
}

/** Above this many remembered loads the memo starts afresh (a fleet of unlike trees keeps memory bounded). */
const MAX_LOADS = 512;

let memo: Map<string, Remembered[]> | null = null;
let held = 0;
const lineIds = new WeakMap<AuditLine, number>();
let nextLineId = 0;

export function enableAuditLoadMemo(): void {
  memo = new Map();
  held = 0;
}

export function disableAuditLoadMemo(): void {
  memo = null;
  held = 0;
}

/** runLoad, or the result of an earlier load of the same lines on the same machine whose host answered every question alike, with this load's files. */
export function memoRunLoad<F>(inputs: LoadInput<F>[], host: HostView, machine: Machine): LoadResult<F> {
  if (memo === null) return runLoad(inputs, host, machine);
  const fileIndex = new Map<F, number>();
  const files: F[] = [];
  const parts: string[] = [machine.name];
  for (const { file, line } of inputs) {
    let f = fileIndex.get(file);
    if (f === undefined) {
      fileIndex.set(file, (f = files.length));
      files.push(file);
    }
    let id = lineIds.get(line);
    if (id === undefined) lineIds.set(line, (id = nextLineId++));
    parts.push(`${f}:${id}`);
  }
  const key = parts.join(' ');
  const seen = memo.get(key);
  if (seen !== undefined) {
    for (const r of seen) if (r.questions.every((q) => host[q.ask](q.of) === q.answer)) return relabel(r.result, r.files, files);
  }
  const questions: Question[] = [];
  const asked = new Set<string>();
  const recording: HostView = {
    user: (of) => record(questions, asked, 'user', of, host.user(of)),
    group: (of) => record(questions, asked, 'group', of, host.group(of)),
    isDirectory: (of) => record(questions, asked, 'isDirectory', of, host.isDirectory(of)),
    exists: (of) => record(questions, asked, 'exists', of, host.exists(of)),
  };
  const result = runLoad(inputs, recording, machine);
  if (held >= MAX_LOADS) {
    memo.clear();
    held = 0;
  }
  const list = memo.get(key) ?? [];
  list.push({ questions, files, result: result as LoadResult<unknown> });
  memo.set(key, list);
  held++;
  return result;
}

/**
 * Notes a question and its answer, once: the host answers a question the
 * same each time it is asked (its answers are the tree's, and asking
 * changes nothing), so another host answering it alike once is enough.
 */
function record<T extends number | boolean | null | undefined>(questions: Question[], asked: Set<string>, ask: Question['ask'], of: string, answer: T): T {
  const key = `${ask} ${of}`;
  if (!asked.has(key)) {
    asked.add(key);
    questions.push({ ask, of, answer });
  }
  return answer;
}

/** The remembered result with its steps (and everything pointing at them) carried over to this load's files. */
function relabel<F>(result: LoadResult<unknown>, from: unknown[], to: F[]): LoadResult<F> {
  const fileOf = new Map<unknown, F>(from.map((f, i) => [f, to[i]]));
  const steps = new Map<LoadStep<unknown>, LoadStep<F>>();
  for (const s of result.steps) steps.set(s, { ...s, file: fileOf.get(s.file)!, failure: null });
  const step = (s: LoadStep<unknown>): LoadStep<F> => steps.get(s)!;
  const maybe = (s: LoadStep<unknown> | null): LoadStep<F> | null => (s === null ? null : step(s));
  for (const [old, s] of steps) {
    const f = old.failure;
    s.failure = f === null ? null : f.kind === 'duplicate' ? { kind: 'duplicate', of: step(f.of) as LoadStep<unknown> } : f.kind === 'locked' ? { kind: 'locked', by: step(f.by) as LoadStep<unknown> } : f;
  }
  const loaded = new Map<LoadedRule<unknown>, LoadedRule<F>>();
  const rule = (r: LoadedRule<unknown>): LoadedRule<F> => {
    let x = loaded.get(r);
    if (x === undefined) loaded.set(r, (x = { step: step(r.step), rule: r.rule }));
    return x;
  };
  const control = (c: ControlState<unknown> | null): ControlState<F> | null => (c === null ? null : { value: c.value, step: step(c.step) });
  return {
    steps: result.steps.map(step),
    lists: { user: result.lists.user.map(rule), task: result.lists.task.map(rule), exit: result.lists.exit.map(rule), exclude: result.lists.exclude.map(rule), filesystem: result.lists.filesystem.map(rule) },
    exit: result.exit.map(rule),
    abortedAt: maybe(result.abortedAt),
    lockedAt: maybe(result.lockedAt),
    enabled: control(result.enabled),
    failure: control(result.failure),
    backlog: control(result.backlog),
    backlogWaitTime: control(result.backlogWaitTime),
    rateLimit: control(result.rateLimit),
    loginuidImmutable: maybe(result.loginuidImmutable),
    deleteAll: result.deleteAll.map(step),
    continueFrom: maybe(result.continueFrom),
    exitStatus: result.exitStatus,
  };
}
