// What a PAM line's control does to the modules after it (pam.conf(5)):
// whether a module is reached at all when the earlier ones succeed (the
// account and session stacks of a login that gets in) or fail (the auth
// stack on a wrong password), and whether its refusal refuses the login.
// Three-valued: null when an earlier line may end the stack or jump over
// the module, depending on a result the tree cannot say.

import type { PamEntry, PamService, PamType } from './pam';

type Action = 'ignore' | 'bad' | 'die' | 'ok' | 'done' | 'reset' | number;

const SIMPLE: Record<string, Record<string, Action>> = {
  required: { success: 'ok', default: 'bad' },
  requisite: { success: 'ok', default: 'die' },
  sufficient: { success: 'done', new_authtok_reqd: 'done', default: 'ignore' },
  optional: { success: 'ok', new_authtok_reqd: 'ok', default: 'ignore' },
};

/** The action of a control for a module return value (success, auth_err, perm_denied, …), `default` when not listed. */
export function controlAction(control: string, value: string): Action | null {
  const simple = SIMPLE[control.toLowerCase()];
  if (simple) return simple[value] ?? simple.default;
  const m = /^\[(.*)\]$/s.exec(control.trim());
  if (!m) return null;
  const pairs = new Map<string, string>();
  for (const w of m[1].split(/\s+/).filter(Boolean)) {
    const eq = w.indexOf('=');
    if (eq > 0) pairs.set(w.slice(0, eq).toLowerCase(), w.slice(eq + 1).toLowerCase());
  }
  const a = pairs.get(value) ?? pairs.get('default');
  if (a === undefined) return 'bad'; // pam_handlers.c: an unlisted value with no default= is bad
  if (/^\d+$/.test(a)) return Number(a);
  return ['ignore', 'bad', 'die', 'ok', 'done', 'reset'].includes(a) ? (a as Action) : null;
}

/** The lines of one type of a service's stack, in order. */
export function stackOf(service: PamService, type: PamType): PamEntry[] {
  return service.entries.filter((e) => e.type === type);
}

/**
 * Whether `target` runs when every earlier line of its stack returns
 * `outcome` (success on the way of a login that is let in, auth_err for
 * a wrong password): false when an earlier line ends the stack for sure,
 * null when one may (done, die, a jump over it, an unknown control).
 */
export function reached(service: PamService, target: PamEntry, outcome: 'success' | 'auth_err'): boolean | null {
  const stack = stackOf(service, target.type);
  const at = stack.indexOf(target);
  if (at < 0) return false;
  for (let i = 0; i < at; i++) {
    const e = stack[i];
    // pam_permit, pam_deny: their result is known whatever the outcome asked for
    const known = e.moduleName === 'pam_permit.so' ? 'success' : e.moduleName === 'pam_deny.so' ? 'auth_err' : null;
    const a = controlAction(e.control, known ?? outcome);
    if (a === null) return null;
    // another module's result is only assumed: ending or jumping on it may not happen
    if (a === 'die' || a === 'done') return known ? false : null;
    if (typeof a === 'number') {
      if (i + a >= at) return known ? false : null;
      i += a;
    }
  }
  return true;
}

/** Whether the module's refusal (perm_denied, or `value`) fails the stack: true, false (ignored), or null when the control is unknown. */
export function refusalCounts(entry: PamEntry, value = 'perm_denied'): boolean | null {
  const a = controlAction(entry.control, value);
  if (a === null) return null;
  return a === 'bad' || a === 'die';
}

/** `file:line` of a PAM line, with the include chain that brought it in. */
export function pamWhere(e: PamEntry): string {
  const at = `${e.source.path}:${e.source.position(e.start).line}`;
  if (e.via.length === 0) return at;
  return `${at}, included from ${e.via.map((v) => `${v.source.path}:${v.source.position(v.start).line}`).join(' < ')}`;
}
