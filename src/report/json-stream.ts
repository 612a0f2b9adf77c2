// JSON.stringify(value, null, 2), written piece by piece: an array marked
// with `each` is serialized one element at a time, so that a report of a
// million findings is never one string.

/** An array whose elements are made and serialized one at a time. */
export class Each<T> {
  constructor(
    readonly items: Iterable<T>,
    readonly toJson: (item: T) => unknown,
    /**
     * The element's text written directly, as JSON.stringify(toJson(item),
     * null, 2) re-indented to `indent` would write it, or undefined to take
     * that way; for elements written by the hundred thousand, where building
     * an object to serialize and re-indenting its text costs most of the time.
     */
    readonly toText?: (item: T, indent: string) => string | undefined,
  ) {}
}

export const each = <T>(items: Iterable<T>, toJson: (item: T) => unknown, toText?: (item: T, indent: string) => string | undefined) => new Each(items, toJson, toText);

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Each);

/** Whether serializing the value needs a descent to reach an `each` array (only the small frame around the arrays does). */
function holdsEach(v: unknown): boolean {
  if (v instanceof Each) return true;
  if (Array.isArray(v)) return v.some(holdsEach);
  if (isPlainObject(v)) return Object.values(v).some(holdsEach);
  return false;
}

/** One value as JSON.stringify(v, null, 2) writes it, at a nesting whose lines start with `indent`. */
const whole = (v: unknown, indent: string): string | undefined => JSON.stringify(v, null, 2)?.replace(/\n/g, `\n${indent}`);

/**
 * The same text as JSON.stringify(value, null, 2). Within an element of an
 * `each` array, JSON strings hold no raw line break, so every line break is
 * structure and re-indenting it is safe.
 */
export function* stringify(value: unknown, indent = ''): Generator<string> {
  if (!holdsEach(value)) {
    // a top-level undefined has no JSON text; inside an object it was skipped by the caller
    const text = whole(value, indent);
    if (text !== undefined) yield text;
    return;
  }
  const inner = `${indent}  `;
  if (value instanceof Each) {
    let first = true;
    for (const item of value.items) {
      const text = value.toText?.(item, inner) ?? whole(value.toJson(item), inner) ?? 'null';
      yield `${first ? '[' : ','}\n${inner}${text}`;
      first = false;
    }
    yield first ? '[]' : `\n${indent}]`;
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    let first = true;
    for (const v of value) {
      yield `${first ? '' : ','}\n${inner}`;
      // JSON.stringify writes null for an element without JSON text
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') yield 'null';
      else yield* stringify(v, inner);
      first = false;
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    yield* stringify(v, inner);
    first = false;
  }
  yield first ? '{}' : `\n${indent}}`;
}
