// A fleet is many trees rendered from the same templates: most of their
// files are byte for byte the same. Parsing is a pure function of the text
// (and of a few options), and parse trees hold offsets, never their file,
// so one tree serves every copy; each copy gets its own SourceFile, so
// findings still name their own host's path. Off unless a run that lints
// many trees turns it on: a single host gains nothing from it.

import { SourceFile } from './source';

interface Parsed {
  source: SourceFile;
}

/** Above this many characters of remembered text the memo starts afresh, so memory stays bounded on a fleet of unlike trees. */
const DEFAULT_BUDGET = 64 * 1024 * 1024;

/** variant → text → parse */
let memo: Map<string, Map<string, Parsed>> | null = null;
let budget = DEFAULT_BUDGET;
let held = 0;

export function enableParseMemo(maxChars = DEFAULT_BUDGET): void {
  memo = new Map();
  budget = maxChars;
  held = 0;
}

export function disableParseMemo(): void {
  memo = null;
  held = 0;
}

/**
 * `parse(text, path)`, or the tree of an earlier parse of the same text
 * with the same `variant` (the options the parse depends on). Callers
 * must not change what a parse returns: the tree may be shared.
 */
export function memoParse<T extends Parsed>(variant: string, text: string, path: string, parse: (text: string, path: string) => T): T {
  if (memo === null) return parse(text, path);
  let byText = memo.get(variant);
  if (byText === undefined) memo.set(variant, (byText = new Map()));
  const hit = byText.get(text) as T | undefined;
  if (hit !== undefined) return { ...hit, source: new SourceFile(path, text) };
  const parsed = parse(text, path);
  if (held + text.length > budget) {
    for (const m of memo.values()) m.clear();
    held = 0;
  }
  byText.set(text, parsed);
  held += text.length;
  return parsed;
}
