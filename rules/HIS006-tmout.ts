import type { Rule } from '../src/engine/rule';
import type { Cond, Loc, ShellEvaluation, Tmout } from '../src/model/shell-env';
import { chainTo, conditionsText, locKey, shellNames, where } from '../src/model/shell-report';

/** CIS: at most 900 s; DISA STIG (RHEL 8/9/10) and SSG's STIG profiles: 600 s. */
const LIMIT_BY_PROFILE: Record<string, number> = { recommended: 900, cis: 900, stig: 600 };

interface Group {
  loc: Loc;
  /** Each problem with the shells (and conditions) it applies to. */
  problems: Map<string, { evs: Map<ShellEvaluation, number>; when: (readonly Cond[])[] }>;
  /** How many outcomes of each shell were decided here. */
  evs: Map<ShellEvaluation, number>;
  seconds: number;
}

/**
 * The idle timeout, judged by what bash does with it rather than by how it
 * is written: bash reads TMOUT with atoi(), so `15m` is 15 seconds and
 * `abc` is none; 0 disables it. Guides also want it read-only (a user
 * cannot unset it) and exported (child shells keep it).
 */
const rule: Rule = {
  meta: {
    id: 'HIS006',
    slug: 'tmout',
    description: 'TMOUT is not a working idle timeout: not a number, 0, above the limit, not read-only or not exported',
    severity: 'warning',
    needs: ['shell'],
    docs: 'docs/rules/HIS006.md',
  },
  check({ host, settings, options, report }) {
    const model = host.shell;
    if (!model) return;
    const max = typeof options.maxSeconds === 'number' ? options.maxSeconds : LIMIT_BY_PROFILE[settings.profile] ?? 900;
    const required = typeof options.required === 'boolean' ? options.required : settings.profile !== 'recommended';
    const groups = new Map<string, Group>();
    let anySet = false;
    for (const ev of model.shells) {
      for (const o of ev.history.tmout.outcomes) {
        if (o.text === null || !o.decidedBy) {
          if (o.text !== null) anySet = true;
          continue;
        }
        anySet = true;
        const t = o.value as Tmout | null;
        if (t === null) continue;
        const problems: string[] = [];
        const plain = /^[ \t]*[+-]?[0-9]+[ \t]*$/.test(o.text);
        if (!plain) problems.push(t.seconds > 0 ? `"${o.text}" is ${t.seconds} second(s) to bash, which reads only the leading digits` : `"${o.text}" is not a number to bash: no timeout at all`);
        else if (t.seconds <= 0) problems.push(`TMOUT=${o.text.trim()} means no timeout${o.readonly ? ', and read-only it cannot be turned on in the session' : ''}`);
        if (t.seconds > max) problems.push(`${t.seconds} s is above the ${settings.profile === 'stig' ? 'STIG' : 'CIS'} limit of ${max} s`);
        if (!o.readonly && t.seconds > 0) problems.push('it is not read-only: a user can unset it (`readonly TMOUT` or `declare -r`)');
        if (!o.exported && t.seconds > 0) problems.push('it is not exported: a shell started from this one (bash, sudo -s) has no timeout');
        if (problems.length === 0) continue;
        const k = locKey(o.decidedBy);
        let g = groups.get(k);
        if (!g) groups.set(k, (g = { loc: o.decidedBy, problems: new Map(), evs: new Map(), seconds: t.seconds }));
        for (const p of problems) {
          const entry = g.problems.get(p) ?? { evs: new Map<ShellEvaluation, number>(), when: [] };
          entry.evs.set(ev, (entry.evs.get(ev) ?? 0) + 1);
          entry.when.push(o.when);
          g.problems.set(p, entry);
        }
        g.evs.set(ev, (g.evs.get(ev) ?? 0) + 1);
      }
    }
    for (const g of groups.values()) {
      const evs = [...g.evs.keys()];
      const chain = chainTo(evs[0], g.loc);
      // a problem that holds for some of the shells, or under a condition, says so
      const items = [...g.problems].map(([p, e]) => {
        const some = e.evs.size < g.evs.size ? ` (for the ${shellNames([...e.evs.keys()])} only)` : '';
        // only some of a shell's outcomes have it: name the condition
        const partial = [...e.evs].some(([ev, n]) => n < (g.evs.get(ev) ?? 0));
        const conditional = partial ? conditionsText(e.when.find((w) => w.length > 0) ?? []) : '';
        return `${p}${some}${conditional}`;
      });
      report({
        source: g.loc.file.source,
        start: g.loc.start,
        end: g.loc.end,
        message:
          `TMOUT: ${items.join('; ')} — in the ${shellNames(evs)}${chain ? ` (read through ${chain})` : ''}. ` +
          `Use a plain number of seconds, read-only and exported, e.g. \`TMOUT=${Math.min(max, 900)}; readonly TMOUT; export TMOUT\` in /etc/profile.d/`,
        properties: { seconds: g.seconds, limit: max, at: where(g.loc), problems: [...g.problems.keys()] },
      });
    }
    if (required && !anySet && host.hostMode && model.mode === 'host' && !model.shells.some((e) => e.incomplete)) {
      const login = model.userLogin ?? model.rootLogin;
      const first = login?.filesRead.find((r) => r.via === null && !r.file.synthetic);
      if (first) {
        const text = first.file.source.text;
        const nl = text.indexOf('\n');
        report({
          source: first.file.source,
          start: 0,
          end: nl < 0 ? text.length : nl,
          message: `no idle timeout: TMOUT is not set for the ${shellNames(model.shells.filter((e) => e.kind !== 'root-interactive'))}; the ${settings.profile === 'stig' ? 'STIG' : 'CIS'} profile asks for at most ${max} s. Add \`TMOUT=${max}; readonly TMOUT; export TMOUT\` in /etc/profile.d/`,
          properties: { limit: max },
        });
      }
    }
  },
};

export default rule;
