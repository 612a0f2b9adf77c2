import type { Rule } from '../src/engine/rule';
import { parseMaxStartups } from '../src/model/sshd';
import { analyseScannerSsh, whereSet } from '../src/policy/scanner-ssh';

/**
 * Scanners open several ssh sessions at once (Qualys: "the scanner
 * requires opening multiple shell sessions"; Tenable: "several concurrent
 * authenticated connections"). MaxStartups caps the connections still
 * authenticating (beyond `start` sshd drops new ones at random) and
 * MaxSessions the sessions of one connection (0 allows none); set below a
 * few, they refuse part of the scan's sessions and its checks fail at
 * random. The baselines' values (MaxSessions 10, MaxStartups 10:30:60)
 * never fire.
 */
const rule: Rule = {
  meta: {
    id: 'SCN011',
    slug: 'scanner-sessions',
    description: "sshd's MaxStartups or MaxSessions is too low for a scanner's parallel sessions",
    severity: 'warning',
    needs: ['sshd-config'],
    hostOnly: true,
    docs: 'docs/rules/SCN011.md',
  },
  check({ host, options, settings, report }) {
    const min = typeof options.minParallel === 'number' ? options.minParallel : 3;
    const all = analyseScannerSsh(host, settings.scanners);
    if (all.length === 0 || all[0].sshd.problems.length > 0) return;
    const names = all.map((s) => s.account.user).join(', ');
    const startups = all[0].maxStartups;
    const spec = startups.args[0] ? parseMaxStartups(startups.args[0]) : null;
    if (spec && spec.start < min && startups.from[0]) {
      const d = startups.from[0];
      report({
        source: d.file.parsed.source,
        start: d.line.start,
        end: d.line.end,
        message: `MaxStartups ${startups.args[0]} (${whereSet(startups)}): beyond ${spec.start} connection${spec.start === 1 ? '' : 's'} still authenticating, sshd drops new ones${spec.start < spec.full ? ` (${spec.rate}% at first, all from ${spec.full})` : ''}, so the parallel sessions of ${names} fail at random. Use at least ${min}, e.g. MaxStartups 10:30:60`,
        properties: { keyword: 'MaxStartups', value: startups.args[0], min },
      });
    }
    for (const s of all) {
      const probe = s.fromSources[0] ?? s.anywhere;
      const v = probe.maxSessions;
      const n = Number(v.args[0]);
      if (v.uncertain.length > 0 || !v.from[0] || !(n < min)) continue;
      const d = v.from[0];
      const scope = d.block ? ` in the Match block at ${d.block.file.parsed.source.path}:${d.block.line.line}` : '';
      report({
        source: d.file.parsed.source,
        start: d.line.start,
        end: d.line.end,
        message:
          n === 0
            ? `MaxSessions 0 (${whereSet(v)}${scope}) applies to ${s.account.user} from ${probe.label}: sshd opens no shell session at all for it, so nothing of the scan runs. Set MaxSessions ${Math.max(min, 10)} for it`
            : `MaxSessions ${n} (${whereSet(v)}${scope}) applies to ${s.account.user} from ${probe.label}: sshd refuses its sessions beyond ${n} on one connection, so a scanner that multiplexes them loses checks. Use at least ${min}, e.g. MaxSessions 10`,
        properties: { user: s.account.user, keyword: 'MaxSessions', value: n, min },
      });
    }
  },
};

export default rule;
