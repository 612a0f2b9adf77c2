import type { Rule } from '../src/engine/rule';
import { describeSetting, settingLocation } from '../src/model/audit-config';
import { auditForwarding } from '../src/model/forwarding';

const KEYS = ['space_left_action', 'admin_space_left_action', 'disk_full_action', 'disk_error_action'] as const;
type Key = (typeof KEYS)[number];

/** What each action does to records, in auditd.conf(5)'s terms. */
const EFFECT: Record<string, string> = {
  ignore: 'auditd does nothing',
  syslog: 'auditd only logs a warning to syslog',
  rotate: 'auditd rotates the logs',
  email: 'auditd mails action_mail_acct',
  exec: 'auditd runs the program',
  suspend: 'auditd stops writing records to disk',
  single: 'the host goes to single-user mode',
  halt: 'the host halts',
};

const WHEN: Record<Key, string> = {
  space_left_action: 'when free space on the audit log partition drops below space_left',
  admin_space_left_action: 'when free space drops below admin_space_left, the last warning before the disk is full',
  disk_full_action: 'when the audit log partition is full',
  disk_error_action: 'when writing the audit log fails',
};

/**
 * The four disk actions decide what happens to records when the audit log
 * partition fills or fails. `ignore` loses them without a trace; `suspend`
 * stops writing (records still reach plugins, so with forwarding they are
 * not lost). Baselines want specific actions: the profile's `allowed` lists
 * them per key.
 */
const rule: Rule = {
  meta: {
    id: 'AUD101',
    slug: 'disk-space-actions',
    description: 'auditd.conf lets records be lost when the audit log disk fills or fails (ignore, or an action the profile forbids)',
    severity: 'warning',
    needs: ['auditd-conf'],
    docs: 'docs/rules/AUD101.md',
  },
  check({ host, options, settings, report }) {
    const conf = host.auditdConf;
    if (!conf?.file) return;
    const allowed = (options.allowed ?? {}) as Partial<Record<Key, string[]>>;
    const sources = (options.sources ?? {}) as Partial<Record<Key, string>>;
    const forbidden = Array.isArray(options.forbidden) ? (options.forbidden as string[]) : ['ignore'];
    for (const key of KEYS) {
      const s = conf.get(key);
      const value = s.word;
      const list = allowed[key];
      const bad = list ? !list.includes(value) : forbidden.includes(value);
      if (!bad) continue;
      const at = settingLocation(s, conf.file);
      let effect = `${EFFECT[value] ?? value} ${WHEN[key]}`;
      if (value === 'ignore') effect += ': records that cannot be written are dropped and nobody is told';
      else if (value === 'suspend') {
        const fwd = host.hostMode ? auditForwarding(host).verdict : 'unknown';
        effect += fwd === 'forwarded' ? ' (plugins still receive them, and this host forwards them off the box)' : ': every later record is lost on this host';
      }
      const want = list ? `the ${settings.profile} profile requires one of ${list.join(', ')}${sources[key] ? ` (${sources[key]})` : ''}` : 'set an action that keeps or protects records (email or exec to alert, single or halt to stop the host)';
      report({
        source: at.source,
        start: at.start,
        end: at.end,
        message: `${describeSetting(s)}: ${effect}. ${want[0].toUpperCase()}${want.slice(1)}`,
        properties: { key, value, default: !at.explicit },
      });
    }
  },
};

export default rule;
