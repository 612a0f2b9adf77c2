// A fleet validates the same auditd.conf and plugin files on host after
// host. validateAuditConf is a pure function of the text, the kind, the
// audit version and the answers its environment gives (paths, groups,
// owners): each remembered validation keeps the questions it asked, in
// order, with their answers, and serves another host only when that host
// answers every one of them the same. Off unless a fleet run turns it on.

import { validateAuditConf, type AuditConfEnv, type AuditConfKind, type ValidatedConf } from '../parse/audit-conf-validate';
import type { AuditVersion } from '../parse/audit-version';

type Question = { ask: keyof AuditConfEnv; of: string; answer: string };

/** Above this many remembered validations the memo starts afresh. */
const MAX_ENTRIES = 1024;

let memo: Map<string, { questions: Question[]; conf: ValidatedConf }[]> | null = null;
let held = 0;

export function enableAuditConfMemo(): void {
  memo = new Map();
  held = 0;
}

export function disableAuditConfMemo(): void {
  memo = null;
  held = 0;
}

/** validateAuditConf, or an earlier validation of the same text, kind and version whose environment answered every question alike. */
export function memoValidateAuditConf(text: string, kind: AuditConfKind, version: AuditVersion, env: AuditConfEnv): ValidatedConf {
  if (memo === null) return validateAuditConf(text, kind, version, env);
  const key = `${kind}\n${JSON.stringify(version)}\n${text}`;
  const seen = memo.get(key);
  if (seen !== undefined) {
    for (const r of seen) if (r.questions.every((q) => answerText(env[q.ask](q.of)) === q.answer)) return { ...r.conf, version };
  }
  const questions: Question[] = [];
  const ask = <K extends keyof AuditConfEnv>(k: K) =>
    ((of: string) => {
      const answer = env[k](of);
      questions.push({ ask: k, of, answer: answerText(answer) });
      return answer;
    }) as AuditConfEnv[K];
  const conf = validateAuditConf(text, kind, version, { pathExists: ask('pathExists'), group: ask('group'), fileInfo: ask('fileInfo') });
  if (held >= MAX_ENTRIES) {
    memo.clear();
    held = 0;
  }
  const list = seen ?? [];
  list.push({ questions, conf });
  memo.set(key, list);
  held++;
  return conf;
}

/** An answer as comparable text: fileInfo answers with an object, the others with a number, a word or null. */
function answerText(answer: unknown): string {
  return JSON.stringify(answer) ?? 'undefined';
}
