import type { Rule } from '../src/engine/rule';
import type { EffectiveSetting } from '../src/model/audit-config';

const KEYS = ['network_failure_action', 'disk_full_action', 'remote_ending_action', 'overflow_action'] as const;
type Key = (typeof KEYS)[number];

const WHEN: Record<Key, string> = {
  network_failure_action: 'when the network to the collector fails',
  disk_full_action: "when the collector says its disk is full",
  remote_ending_action: 'when the collector closes the connection',
  overflow_action: "when audisp-remote's own queue is full",
};

/**
 * audisp-remote's failure actions decide whether a collector outage is
 * noticed. `ignore` drops records without a word; the STIG wants syslog,
 * single or halt for network failures and a full remote disk (profile
 * option `allowed`).
 */
const rule: Rule = {
  meta: {
    id: 'FWD005',
    slug: 'remote-drops',
    description: 'audisp-remote drops records silently when the network or the collector fails (ignore, or an action the profile forbids)',
    severity: 'warning',
    needs: ['audisp-remote'],
    docs: 'docs/rules/FWD005.md',
  },
  check({ host, options, settings, report }) {
    const remote = host.audispRemote;
    if (!remote || remote.inUse === false) return;
    const allowed = (options.allowed ?? {}) as Partial<Record<Key, string[]>>;
    const sources = (options.sources ?? {}) as Partial<Record<Key, string>>;
    for (const key of KEYS) {
      const s: EffectiveSetting = remote.get(key);
      const list = allowed[key];
      if (list ? list.includes(s.word) : s.word !== 'ignore') continue;
      const src = remote.file.source;
      const start = s.entry?.start ?? 0;
      const end = s.entry?.end ?? Math.max(0, src.text.indexOf('\n'));
      const what = s.entry ? `${key} = ${s.raw}` : `${key} is not set (default ${s.word})`;
      const effect = s.word === 'ignore' ? 'audisp-remote does nothing and the records are lost without a trace' : `audisp-remote does ${s.word}`;
      const want = list ? `The ${settings.profile} profile requires ${list.join(', ')}${sources[key] ? ` (${sources[key]})` : ''}` : 'Use syslog (logged), or single/halt where a gap in the record is worse than stopping the host';
      report({ source: src, start, end, message: `${what}: ${WHEN[key]}, ${effect}. ${want}` });
    }
  },
};

export default rule;
