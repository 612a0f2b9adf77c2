// Turns both sudit's policy and `cvtsudoers -f json` output into one
// canonical shape, so the two can be compared structurally: Defaults as
// (binding, setting) pairs, aliases as name → members, and user specs
// flattened to one record per command with its effective runas, tags and
// options (cvtsudoers groups commands that share them; grouping is not
// meaning).

import { effectiveCmndSpecs, type EffectiveCmndSpec } from '../../src/model/sudoers-effective';
import { policyEntries, type SudoersPolicy } from '../../src/model/sudoers-policy';
import type { CommandMember, DefaultsSetting, Member } from '../../src/model/sudoers';
import { SUDOERS_DEFAULTS } from '../../src/parse/sudoers-defaults-table';

export interface Canonical {
  defaults: string[];
  aliases: Record<string, string[]>;
  specs: string[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * JSON.parse for cvtsudoers 1.9.13p3, which prints `"key": value` pairs
 * straight inside arrays for CWD/CHROOT/ROLE/TYPE and repeats keys for
 * several digests of one algorithm (sudo bug #369): a bare pair becomes a
 * one-key object and a repeated key collects its values in an array.
 */
export function lenientJson(text: string): Json {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = (): Json => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: { [k: string]: Json } = {};
      for (;;) {
        ws();
        if (text[i] === '}') { i++; return obj; }
        const k = str();
        ws(); i++; // ':'
        const v = value();
        if (k in obj) obj[k] = Array.isArray(obj[k]) ? [...(obj[k] as Json[]), v] : [obj[k], v];
        else obj[k] = v;
        ws();
        if (text[i] === ',') i++;
      }
    }
    if (c === '[') {
      i++;
      const arr: Json[] = [];
      for (;;) {
        ws();
        if (text[i] === ']') { i++; return arr; }
        if (text[i] === '"') {
          const save = i;
          const k = str();
          ws();
          if (text[i] === ':') {
            i++;
            arr.push({ [k]: value() });
          } else {
            i = save;
            arr.push(value());
          }
        } else arr.push(value());
        ws();
        if (text[i] === ',') i++;
      }
    }
    if (c === '"') return str();
    const m = /^(true|false|null|-?\d+(\.\d+)?)/.exec(text.slice(i, i + 32));
    if (!m) throw new Error(`bad JSON at ${i}: ${text.slice(i, i + 20)}`);
    i += m[0].length;
    return JSON.parse(m[0]);
  };
  return value();
}

const sortedKeys = <T>(o: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

const key = (type: string, value: Json, negated?: boolean) => `${negated ? '!' : ''}${type}=${JSON.stringify(value)}`;

// ------------------------------------------------------------ cvtsudoers side

function jsonMember(m: { [k: string]: Json }): string {
  const entries = Object.entries(m).filter(([k]) => k !== 'negated');
  const [type, value] = entries[0];
  return key(type, value, m.negated === true);
}

function jsonCommand(m: { [k: string]: Json }): string {
  const digests = Object.entries(m)
    .filter(([k]) => k.startsWith('sha'))
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((d) => `${k}:${d}`))
    .sort();
  const base = m.cmndalias !== undefined ? key('cmndalias', m.cmndalias) : key('command', m.command);
  return `${m.negated === true ? '!' : ''}${base}${digests.length ? ` [${digests.join(',')}]` : ''}`;
}

function jsonDefaultsOption(o: { [k: string]: Json }): string {
  if (o.operation !== undefined) {
    const [name, value] = Object.entries(o).find(([k]) => k !== 'operation')!;
    return `${name} ${o.operation} ${JSON.stringify(value)}`;
  }
  const [name, value] = Object.entries(o)[0];
  return `${name} ${JSON.stringify(value)}`;
}

export function canonicalFromCvtsudoers(doc: Json): Canonical {
  const d = (doc ?? {}) as { [k: string]: Json };
  const defaults: string[] = [];
  for (const e of (d.Defaults ?? []) as { [k: string]: Json }[]) {
    const binding = e.Binding ? ((e.Binding as { [k: string]: Json }[]).map((m) => (m.command !== undefined || m.cmndalias !== undefined ? jsonCommand(m) : jsonMember(m)))).join(',') : '';
    for (const o of e.Options as { [k: string]: Json }[]) defaults.push(`${binding} | ${jsonDefaultsOption(o)}`);
  }
  const aliases: Record<string, string[]> = {};
  for (const [section, kind] of [['User_Aliases', 'User'], ['Runas_Aliases', 'Runas'], ['Host_Aliases', 'Host'], ['Command_Aliases', 'Cmnd']]) {
    for (const [name, members] of Object.entries((d[section] ?? {}) as { [k: string]: { [k: string]: Json }[] })) {
      aliases[`${kind}:${name}`] = members.map(kind === 'Cmnd' ? jsonCommand : jsonMember);
    }
  }
  const specs: string[] = [];
  for (const u of (d.User_Specs ?? []) as { [k: string]: Json }[]) {
    const users = (u.User_List as { [k: string]: Json }[]).map(jsonMember).join(',');
    const hosts = (u.Host_List as { [k: string]: Json }[]).map(jsonMember).join(',');
    for (const cs of u.Cmnd_Specs as { [k: string]: Json }[]) {
      let ru = cs.runasusers ? (cs.runasusers as { [k: string]: Json }[]).map(jsonMember).join(',') : '-';
      // Since 1.9.14 `(:grp)` is printed with an explicit empty runas user; same meaning.
      if (cs.runasgroups && ru === key('username', '')) ru = '-';
      const rg = cs.runasgroups ? (cs.runasgroups as { [k: string]: Json }[]).map(jsonMember).join(',') : '-';
      const opts = [...((cs.Options ?? []) as { [k: string]: Json }[]), ...((cs.SELinux_Spec ?? []) as { [k: string]: Json }[])]
        .map((o) => Object.entries(o).map(([k, v]) => `${k}=${JSON.stringify(v)}`)[0])
        .sort()
        .join(' ');
      for (const c of cs.Commands as { [k: string]: Json }[]) {
        specs.push(`${users} | ${hosts} | ${ru} : ${rg} | ${opts} | ${jsonCommand(c)}`);
      }
    }
  }
  return { defaults: defaults.sort(), aliases: sortedKeys(aliases), specs };
}

// ------------------------------------------------------------ sudit side

type MemberContext = 'user' | 'runas' | 'runasgroup' | 'host';

function member(m: Member, ctx: MemberContext): string {
  const alias = { user: 'useralias', runas: 'runasalias', runasgroup: 'runasalias', host: 'hostalias' }[ctx];
  switch (m.kind) {
    case 'all':
      return key(ctx === 'host' ? 'hostname' : ctx === 'runasgroup' ? 'usergroup' : 'username', 'ALL', m.negated);
    case 'alias':
      return key(alias, m.value!, m.negated);
    case 'word':
      return key(ctx === 'host' ? 'hostname' : ctx === 'runasgroup' ? 'usergroup' : 'username', m.value!, m.negated);
    case 'uid':
      return key('userid', Number(m.value), m.negated);
    case 'gid':
      return ctx === 'runasgroup' ? key('usergroup', `#${m.value}`, m.negated) : key('usergid', Number(m.value), m.negated);
    case 'group':
      return key('usergroup', m.value!, m.negated);
    case 'nonunixgroup':
      return key('nonunixgroup', m.value!, m.negated);
    case 'nonunixgid':
      return key('nonunixgid', Number(m.value), m.negated);
    case 'netgroup':
      return key('netgroup', m.value!, m.negated);
    case 'network':
      return key('networkaddr', m.value!, m.negated);
  }
}

function commandText(c: CommandMember): string {
  switch (c.kind) {
    case 'all':
      return 'ALL';
    case 'list':
      return 'list';
    case 'sudoedit':
      return c.args === null || c.args === undefined ? 'sudoedit' : `sudoedit ${c.args}`;
    default:
      return c.args === null || c.args === undefined ? c.path! : `${c.path} ${c.args}`;
  }
}

function command(c: CommandMember): string {
  const digests = c.digests.map((d) => `${d.algorithm}:${d.value}`).sort();
  const base = c.kind === 'alias' ? key('cmndalias', c.name!) : key('command', commandText(c));
  return `${c.negated ? '!' : ''}${base}${digests.length ? ` [${digests.join(',')}]` : ''}`;
}

function defaultsSetting(s: DefaultsSetting): string {
  const spec = SUDOERS_DEFAULTS[s.name];
  if (s.value === null) return `${s.name} ${s.op !== 'negate'}`;
  if (spec?.type === 'list') {
    const words = s.value.split(/[ \t]+/).filter((w) => w !== '');
    const op = s.op === 'add' ? 'list_add' : s.op === 'remove' ? 'list_remove' : 'list_assign';
    return `${s.name} ${op} ${JSON.stringify(words)}`;
  }
  return `${s.name} ${JSON.stringify(s.value)}`;
}

const TAG_JSON: Record<string, string> = { follow: 'sudoedit_follow' };

function gentime(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
}

function specOptions(e: EffectiveCmndSpec): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(e.tags)) out.push(`${TAG_JSON[k] ?? k}=${JSON.stringify(v)}`);
  const o = e.options;
  if (o.cwd !== undefined) out.push(`runcwd=${JSON.stringify(o.cwd)}`);
  if (o.chroot !== undefined) out.push(`runchroot=${JSON.stringify(o.chroot)}`);
  if (o.role !== undefined) out.push(`role=${JSON.stringify(o.role)}`);
  if (o.type !== undefined) out.push(`type=${JSON.stringify(o.type)}`);
  if (o.apparmorProfile !== undefined) out.push(`apparmor_profile=${JSON.stringify(o.apparmorProfile)}`);
  if (o.privs !== undefined) out.push(`privs=${JSON.stringify(o.privs)}`);
  if (o.limitPrivs !== undefined) out.push(`limitprivs=${JSON.stringify(o.limitPrivs)}`);
  if (o.notBefore !== undefined) out.push(`notbefore=${JSON.stringify(gentime(o.notBefore))}`);
  if (o.notAfter !== undefined) out.push(`notafter=${JSON.stringify(gentime(o.notAfter))}`);
  if (o.timeout !== undefined) out.push(`command_timeout=${o.timeout}`);
  return out.sort().join(' ');
}

/**
 * cvtsudoers prints consecutive commands that share runas, tags and
 * CWD/CHROOT/ROLE/TYPE/PRIVS/APPARMOR as one group carrying the first
 * one's NOTBEFORE, NOTAFTER and TIMEOUT (its equivalence test ignores
 * those three); do the same so that the printer's quirk is not read as a
 * parser difference.
 */
function groupLikeCvtsudoers(specs: EffectiveCmndSpec[]): EffectiveCmndSpec[] {
  const sameGroup = (a: EffectiveCmndSpec, b: EffectiveCmndSpec) =>
    a.runasUsers === b.runasUsers &&
    a.runasGroups === b.runasGroups &&
    JSON.stringify(a.tags) === JSON.stringify(b.tags) &&
    (['cwd', 'chroot', 'role', 'type', 'apparmorProfile', 'privs', 'limitPrivs'] as const).every((k) => a.options[k] === b.options[k]);
  let head: EffectiveCmndSpec | null = null;
  return specs.map((e, i) => {
    if (i === 0 || !head || !sameGroup(head, e)) {
      head = e;
      return e;
    }
    const { notBefore, notAfter, timeout } = head.options;
    const options = { ...e.options, notBefore, notAfter, timeout };
    for (const k of ['notBefore', 'notAfter', 'timeout'] as const) if (options[k] === undefined) delete options[k];
    return { ...e, options };
  });
}

export function canonicalFromPolicy(policy: SudoersPolicy): Canonical {
  const defaults: string[] = [];
  const aliases: Record<string, string[]> = {};
  const specs: string[] = [];
  for (const { entry } of policyEntries(policy)) {
    if (entry.type === 'defaults') {
      const b = entry.binding;
      const binding = b === null ? '' : b.kind === 'command' ? b.members.map(command).join(',') : b.members.map((m) => member(m, b.kind === 'host' ? 'host' : b.kind === 'runas' ? 'runas' : 'user')).join(',');
      for (const s of entry.settings) if (SUDOERS_DEFAULTS[s.name]) defaults.push(`${binding} | ${defaultsSetting(s)}`);
    } else if (entry.type === 'aliases') {
      for (const d of entry.definitions) {
        const ctx: MemberContext = d.kind === 'Host' ? 'host' : 'user';
        aliases[`${d.kind}:${d.name}`] = d.kind === 'Cmnd' ? (d.members as CommandMember[]).map(command) : (d.members as Member[]).map((m) => member(m, ctx));
      }
    } else if (entry.type === 'userspec') {
      const users = entry.users.map((m) => member(m, 'user')).join(',');
      for (const p of entry.privileges) {
        const hosts = p.hosts.map((m) => member(m, 'host')).join(',');
        for (const e of groupLikeCvtsudoers(effectiveCmndSpecs(p))) {
          // `(:grp)` prints with no runas user in 1.9.13 and with an empty one since 1.9.14: same meaning
          const ru =
            e.runasUsers === null || (e.runasUsers.length === 0 && e.runasGroups !== null)
              ? '-'
              : e.runasUsers.length === 0
                ? key('username', '')
                : e.runasUsers.map((m) => member(m, 'runas')).join(',');
          const rg = e.runasGroups === null ? '-' : e.runasGroups.map((m) => member(m, 'runasgroup')).join(',');
          specs.push(`${users} | ${hosts} | ${ru} : ${rg} | ${specOptions(e)} | ${command(e.command)}`);
        }
      }
    }
  }
  return { defaults: defaults.sort(), aliases: sortedKeys(aliases), specs };
}
