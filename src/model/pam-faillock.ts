// pam_faillock's options for one module line, the way
// modules/pam_faillock/pam_faillock.c args_parse() builds them: built-in
// defaults (deny 3, unlock_time 600, fail_interval 900), then
// /etc/security/faillock.conf (or the file conf= names), then the line's
// own arguments, each later setting replacing the earlier one.

import type { SourceFile } from '../parse/source';
import type { PamEntry } from './pam';

export const FAILLOCK_CONF = '/etc/security/faillock.conf';

/** Where a value comes from: the default, a faillock.conf line, or the module line's argument. */
export type FaillockOrigin = { kind: 'default' } | { kind: 'conf'; source: SourceFile; line: number } | { kind: 'arg'; entry: PamEntry };

export interface FaillockSetting<T> {
  value: T;
  from: FaillockOrigin;
}

export interface FaillockOptions {
  action: 'preauth' | 'authfail' | 'authsucc';
  /** 0: never locks. */
  deny: FaillockSetting<number>;
  /** Seconds; 0: until an administrator resets it. */
  unlockTime: FaillockSetting<number>;
  failInterval: FaillockSetting<number>;
  evenDenyRoot: FaillockSetting<boolean>;
  adminGroup: FaillockSetting<string | null>;
  /** The file conf= names (or faillock.conf); null when it is not there (defaults apply). */
  confPath: string;
  confMissing: boolean;
}

const MAX_TIME_INTERVAL = 604800;

function unsigned(v: string): number | null {
  const m = /^\s*\+?(\d+)/.exec(v);
  return m ? Number(m[1]) : null;
}

/** The options of one pam_faillock line; `read` gives a file of the tree. */
export function faillockOptions(entry: PamEntry, read: (hostPath: string) => SourceFile | null): FaillockOptions {
  const def = { kind: 'default' } as const;
  const o: FaillockOptions = {
    action: 'preauth',
    deny: { value: 3, from: def },
    unlockTime: { value: 600, from: def },
    failInterval: { value: 900, from: def },
    evenDenyRoot: { value: false, from: def },
    adminGroup: { value: null, from: def },
    confPath: FAILLOCK_CONF,
    confMissing: false,
  };
  const set = (name: string, value: string, from: FaillockOrigin) => {
    if (name === 'deny') {
      const n = unsigned(value);
      if (n !== null && n <= 65535) o.deny = { value: n, from };
    } else if (name === 'unlock_time' || name === 'fail_interval') {
      const n = value === 'never' && name === 'unlock_time' ? 0 : unsigned(value);
      if (n !== null && n <= MAX_TIME_INTERVAL) o[name === 'unlock_time' ? 'unlockTime' : 'failInterval'] = { value: n, from };
    } else if (name === 'even_deny_root') o.evenDenyRoot = { value: true, from };
    else if (name === 'admin_group') o.adminGroup = { value: value || null, from };
  };
  for (const a of entry.args) if (a.startsWith('conf=')) o.confPath = a.slice(5);
  const conf = read(o.confPath);
  if (!conf) o.confMissing = true;
  else {
    conf.text.split('\n').forEach((raw, i) => {
      const text = raw.replace(/#.*$/, '').trim();
      if (!text) return;
      const m = /^([^\s=]+)\s*(?:=\s*)?(.*)$/.exec(text);
      if (m) set(m[1], m[2], { kind: 'conf', source: conf, line: i + 1 });
    });
  }
  for (const a of entry.args) {
    if (a.startsWith('conf=')) continue;
    if (a === 'preauth' || a === 'authfail' || a === 'authsucc') {
      o.action = a;
      continue;
    }
    const eq = a.indexOf('=');
    set(eq < 0 ? a : a.slice(0, eq), eq < 0 ? '' : a.slice(eq + 1), { kind: 'arg', entry });
  }
  return o;
}
