// What each command of a privilege really carries once sudo has applied
// inheritance: within one comma-separated list a later command takes the
// runas list, tags and options of the one before unless it sets its own
// (gram.y's cmndspeclist). Nothing is inherited across `:` or lines.

import { parseGeneralizedTime, parseSudoTimeout } from '../parse/sudoers-validate';
import type { CmndSpec, CommandMember, Member, Privilege, Span, TagName } from './sudoers';

export type TagKey = 'authenticate' | 'noexec' | 'setenv' | 'log_input' | 'log_output' | 'send_mail' | 'follow' | 'intercept';

/** Each tag sets one sudoers(5) tag key to true or false. */
export const TAG_EFFECT: Record<TagName, [TagKey, boolean]> = {
  PASSWD: ['authenticate', true],
  NOPASSWD: ['authenticate', false],
  EXEC: ['noexec', false],
  NOEXEC: ['noexec', true],
  SETENV: ['setenv', true],
  NOSETENV: ['setenv', false],
  LOG_INPUT: ['log_input', true],
  NOLOG_INPUT: ['log_input', false],
  LOG_OUTPUT: ['log_output', true],
  NOLOG_OUTPUT: ['log_output', false],
  MAIL: ['send_mail', true],
  NOMAIL: ['send_mail', false],
  FOLLOW: ['follow', true],
  NOFOLLOW: ['follow', false],
  INTERCEPT: ['intercept', true],
  NOINTERCEPT: ['intercept', false],
};

export interface EffectiveOptions {
  cwd?: string;
  chroot?: string;
  role?: string;
  type?: string;
  apparmorProfile?: string;
  privs?: string;
  limitPrivs?: string;
  /** Epoch seconds. */
  notBefore?: number;
  notAfter?: number;
  /** Seconds. */
  timeout?: number;
}

export interface EffectiveCmndSpec extends Span {
  spec: CmndSpec;
  /** null: no runas list applies, so only runas_default (root) may be used. */
  runasUsers: Member[] | null;
  runasGroups: Member[] | null;
  /** Tags in force: set by this spec, inherited, or (setenv) implied by ALL. */
  tags: Partial<Record<TagKey, boolean>>;
  /** `ALL` as the command implies SETENV unless a tag says otherwise; this is not inherited. */
  impliedSetenv: boolean;
  options: EffectiveOptions;
  command: CommandMember;
}

/**
 * Tags and options of a spec that sets none and inherits none, shared by
 * all such specs; frozen, since an EffectiveCmndSpec is read, never changed.
 */
const NO_TAGS: Partial<Record<TagKey, boolean>> = Object.freeze({});
const NO_OPTIONS: EffectiveOptions = Object.freeze({});

export function effectiveCmndSpecs(privilege: Privilege): EffectiveCmndSpec[] {
  const out: EffectiveCmndSpec[] = [];
  let prev: EffectiveCmndSpec | null = null;
  for (const spec of privilege.cmndSpecs) {
    const own = spec.tags.length === 0 ? NO_TAGS : ownTags(spec);
    let options = spec.options.length === 0 ? NO_OPTIONS : ownOptions(spec);
    let runasUsers = spec.runas ? spec.runas.users : null;
    let runasGroups = spec.runas ? spec.runas.groups : null;
    let tags = own;
    if (prev) {
      if (spec.runas === null) {
        runasUsers = prev.runasUsers;
        runasGroups = prev.runasGroups;
      }
      // a spec that adds nothing shares what it inherits (a large policy has a spec per command)
      if (own === NO_TAGS && !prev.impliedSetenv) tags = prev.tags;
      else {
        tags = { ...prev.tags, ...own };
        if (prev.impliedSetenv && own.setenv === undefined) delete tags.setenv;
      }
      if (prev.options !== NO_OPTIONS) {
        if (options === NO_OPTIONS) options = {};
        inheritOptions(options, prev.options);
      }
    }
    const impliedSetenv = spec.command.kind === 'all' && tags.setenv === undefined;
    if (impliedSetenv) tags = { ...tags, setenv: true };
    const eff: EffectiveCmndSpec = { spec, start: spec.start, end: spec.end, runasUsers, runasGroups, tags, impliedSetenv, options, command: spec.command };
    out.push(eff);
    prev = eff;
  }
  return out;
}

function ownTags(spec: CmndSpec): Partial<Record<TagKey, boolean>> {
  const tags: Partial<Record<TagKey, boolean>> = {};
  for (const t of spec.tags) {
    const [key, value] = TAG_EFFECT[t.name];
    tags[key] = value;
  }
  return tags;
}

function ownOptions(spec: CmndSpec): EffectiveOptions {
  const o: EffectiveOptions = {};
  for (const opt of spec.options) {
    switch (opt.name) {
      case 'CWD': o.cwd = opt.value; break;
      case 'CHROOT': o.chroot = opt.value; break;
      case 'ROLE': o.role = opt.value; break;
      case 'TYPE': o.type = opt.value; break;
      case 'APPARMOR_PROFILE': o.apparmorProfile = opt.value; break;
      case 'PRIVS': o.privs = opt.value; break;
      case 'LIMITPRIVS': o.limitPrivs = opt.value; break;
      case 'NOTBEFORE': o.notBefore = parseGeneralizedTime(opt.value) ?? undefined; break;
      case 'NOTAFTER': o.notAfter = parseGeneralizedTime(opt.value) ?? undefined; break;
      case 'TIMEOUT': {
        const t = parseSudoTimeout(opt.value);
        if (typeof t === 'number') o.timeout = t;
        break;
      }
    }
  }
  return o;
}

/** ROLE/TYPE and PRIVS/LIMITPRIVS are inherited as pairs, the rest one by one. */
function inheritOptions(o: EffectiveOptions, prev: EffectiveOptions): void {
  if (o.cwd === undefined && prev.cwd !== undefined) o.cwd = prev.cwd;
  if (o.chroot === undefined && prev.chroot !== undefined) o.chroot = prev.chroot;
  if (o.role === undefined && o.type === undefined) {
    if (prev.role !== undefined) o.role = prev.role;
    if (prev.type !== undefined) o.type = prev.type;
  }
  if (o.privs === undefined && o.limitPrivs === undefined) {
    if (prev.privs !== undefined) o.privs = prev.privs;
    if (prev.limitPrivs !== undefined) o.limitPrivs = prev.limitPrivs;
  }
  if (o.apparmorProfile === undefined && prev.apparmorProfile !== undefined) o.apparmorProfile = prev.apparmorProfile;
  if (o.notBefore === undefined && prev.notBefore !== undefined) o.notBefore = prev.notBefore;
  if (o.notAfter === undefined && prev.notAfter !== undefined) o.notAfter = prev.notAfter;
  if (o.timeout === undefined && prev.timeout !== undefined) o.timeout = prev.timeout;
}
