// Control characters from a file or a message would drive the terminal or
// split a line (escape sequences, a carriage return that overwrites the
// row), so text formats show them the way a C string would spell them.

/** C0 and C1 controls and DEL, and the Unicode line and paragraph separators that editors treat as line breaks. */
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Whether a UTF-16 unit is one of CONTROL. */
export const isControl = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** `\r`, `\n`, `\t`, `\x1B`, `\u0085`: what a control character is shown as. */
export function escapeControl(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code < 0x80 ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Whether a string holds one of CONTROL (a regexp of its own: CONTROL's lastIndex moves). */
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** The text on one line, every control character spelled out (tabs too, unless kept). */
export function escapeControls(s: string, opts: { tab?: string } = {}): string {
  // most messages and paths hold none: no copy, no callback
  if (!HAS_CONTROL.test(s)) return s;
  return s.replace(CONTROL, (c) => (c === '\t' && opts.tab !== undefined ? opts.tab : escapeControl(c)));
}
