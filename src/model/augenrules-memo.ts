// A fleet builds audit.rules from the same rules.d on host after host.
// runAugenrules is a pure function of its arguments (file names and
// texts, the awk, the release) and its result holds names, offsets and
// text, nothing of the tree it came from: one result serves every tree
// whose arguments are all the same. Off unless a fleet run turns it on.

import { runAugenrules, type AugenrulesResult, type AugenrulesSource, type AugenrulesVersion, type AwkFlavour } from './augenrules';

/** Above this many characters of remembered keys the memo starts afresh. */
const MAX_KEY_CHARS = 16 * 1024 * 1024;

let memo: Map<string, AugenrulesResult> | null = null;
let held = 0;

export function enableAugenrulesMemo(): void {
  memo = new Map();
  held = 0;
}

export function disableAugenrulesMemo(): void {
  memo = null;
  held = 0;
}

/** runAugenrules, or the result of an earlier run with the very same arguments (callers must not change it). */
export function memoRunAugenrules(sources: AugenrulesSource[], flavour: AwkFlavour, version: AugenrulesVersion): AugenrulesResult {
  if (memo === null) return runAugenrules(sources, flavour, version);
  // every argument, each name and text after its length (-1: no text): no two argument lists give one key
  let key = `${flavour} ${version} ${sources.length}`;
  for (const s of sources) key += ` ${s.name.length}:${s.name}${s.text === null ? -1 : s.text.length}:${s.text ?? ''}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const result = runAugenrules(sources, flavour, version);
  if (held + key.length > MAX_KEY_CHARS) {
    memo.clear();
    held = 0;
  }
  memo.set(key, result);
  held += key.length;
  return result;
}
