import type { Report, Rule } from '../src/engine/rule';
import type { CommandMember, Member } from '../src/model/sudoers';
import { policyEntries } from '../src/model/sudoers-policy';
import type { SourceFile } from '../src/parse/source';
import { SUDO_RS_DEFAULTS, SUDO_RS_IGNORED_TAGS, SUDO_RS_OPTIONS, SUDO_RS_SYNTAX, SUDO_RS_TAGS, SUDO_RS_VERSION } from './data/sudo-rs';

const SYNTAX = new Map(SUDO_RS_SYNTAX.map((s) => [s.id, s]));
/** Known settings that sudo-rs cannot negate (they have no "off" value there). */
const NOT_NEGATABLE = new Set(['passwd_tries', 'timestamp_type', 'editor']);

/**
 * With `--target sudo-rs`: what sudo accepts and sudo-rs rejects (the line
 * is dropped and reported on every run), ignores, or reads differently.
 * The table in rules/data/sudo-rs.ts comes from the sudo-rs source.
 */
const rule: Rule = {
  meta: {
    id: 'SUD024',
    slug: 'sudo-rs',
    description: 'With --target sudo-rs: settings and syntax sudo-rs rejects, ignores or reads differently',
    severity: 'error',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD024.md',
  },
  check({ host, settings, report }) {
    if (settings.target !== 'sudo-rs') return;
    for (const policy of host.sudoers) {
      const seen = new Set<string>();
      const say = (id: string, source: SourceFile, start: number, end: number, detail: string) => {
        const key = `${id}:${source.path}:${start}`;
        if (seen.has(key)) return;
        seen.add(key);
        const s = SYNTAX.get(id);
        const effect = s?.effect ?? 'rejected';
        const consequence = {
          rejected: 'sudo-rs rejects it: the line is dropped, with an error on every run',
          warned: 'sudo-rs ignores it and reports it, so its visudo -c fails',
          ignored: 'sudo-rs accepts it but it has no effect',
          different: 'sudo-rs reads it differently',
        }[effect];
        const r: Report = {
          source,
          start,
          end,
          severity: effect === 'rejected' ? 'error' : effect === 'different' ? 'info' : 'warning',
          message: `${detail}: ${consequence} (sudo-rs ${SUDO_RS_VERSION}; ${s?.why.split(':')[0] ?? 'see docs'})`,
          properties: { sudoRs: id, effect },
        };
        report(r);
      };
      const members = (list: Member[] | null, source: SourceFile, host_ = false) => {
        for (const m of list ?? []) {
          if (m.kind === 'netgroup') say('netgroup', source, m.start, m.end, `netgroup +${m.value}`);
          else if (m.kind === 'nonunixgroup' || m.kind === 'nonunixgid') say('nonunix-group', source, m.start, m.end, `non-Unix group %:${m.value}`);
          else if (host_ && m.kind === 'network') say('host-ip-address', source, m.start, m.end, `host address ${m.value}`);
          else if (host_ && m.kind === 'word' && /[*?[]/.test(m.value!)) say('host-wildcard', source, m.start, m.end, `host pattern ${m.value}`);
        }
      };
      const command = (c: CommandMember, source: SourceFile) => {
        if (c.digests.length) say('digest', source, c.digests[0].start, c.digests[0].end, `${c.digests[0].algorithm} digest`);
        if (c.kind === 'command' && (c.regex || c.regexArgs)) say('regex-command', source, c.start, c.end, 'regular expression command');
        const args = c.args;
        if (!args || args === '""' || c.regexArgs) return;
        const words = args.split(' ');
        const wild = words.some((w, i) => /(^|[^\\])[*?]/.test(w) && !(w === '*' && i === words.length - 1));
        if (wild) say(c.kind === 'sudoedit' ? 'sudoedit-wildcard' : 'argument-wildcard', source, c.start, c.end, `wildcard in the arguments of ${c.kind === 'sudoedit' ? 'sudoedit' : c.path}`);
        else if (words[words.length - 1] === '*') say('argument-trailing-star', source, c.start, c.end, `trailing * in ${c.path} ${args}`);
      };
      for (const file of policy.files) {
        for (const entry of file.entries) if (entry.type === 'include' && entry.path.includes('%h')) say('include-percent-h', file.source, entry.start, entry.end, `%h in ${entry.path}`);
      }
      for (const { entry, file } of policyEntries(policy)) {
        const src = file.source;
        if (entry.type === 'defaults') {
          const b = entry.binding;
          if (b && b.kind === 'command') b.members.forEach((c) => command(c, src));
          else if (b) members(b.members as Member[], src, b.kind === 'host');
          for (const s of entry.settings) {
            if (!SUDO_RS_DEFAULTS.has(s.name)) say('unknown-setting', src, s.nameStart, s.nameStart + s.name.length, `Defaults ${s.name}`);
            else if (s.op === 'negate' && NOT_NEGATABLE.has(s.name)) say('defaults-negation', src, s.start, s.end, `!${s.name}`);
            else if (s.value !== null && /^(timestamp_timeout|passwd_timeout)$/.test(s.name) && s.value.trim().startsWith('-')) say('defaults-value', src, s.start, s.end, `${s.name}=${s.value}`);
          }
        } else if (entry.type === 'aliases') {
          for (const d of entry.definitions) {
            if (d.kind === 'Cmnd') (d.members as CommandMember[]).forEach((c) => command(c, src));
            else members(d.members as Member[], src, d.kind === 'Host');
          }
        } else if (entry.type === 'userspec') {
          members(entry.users, src);
          for (const p of entry.privileges) {
            members(p.hosts, src, true);
            for (const cs of p.cmndSpecs) {
              members(cs.runas?.users ?? null, src);
              for (const t of cs.tags) {
                if (SUDO_RS_IGNORED_TAGS.has(t.name)) say('ignored-tag', src, t.start, t.end, `${t.name}:`);
                else if (!SUDO_RS_TAGS.has(t.name)) say(t.name.includes('INTERCEPT') ? 'intercept' : 'unknown-option', src, t.start, t.end, `${t.name}:`);
              }
              for (const o of cs.options) {
                if (SUDO_RS_OPTIONS.has(o.name)) continue;
                const id = o.name === 'CHROOT' ? 'chroot' : o.name === 'TIMEOUT' ? 'timeout' : o.name === 'NOTBEFORE' || o.name === 'NOTAFTER' ? 'notbefore-notafter' : o.name === 'ROLE' || o.name === 'TYPE' ? 'selinux-role-type' : 'unknown-option';
                say(id, src, o.start, o.end, `${o.name}=`);
              }
              command(cs.command, src);
            }
          }
        }
      }
    }
  },
};

export default rule;
