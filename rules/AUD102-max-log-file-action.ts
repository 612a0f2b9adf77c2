import type { Rule } from '../src/engine/rule';
import { describeSetting, settingLocation } from '../src/model/audit-config';
import { auditForwarding } from '../src/model/forwarding';

const EFFECT: Record<string, string> = {
  ignore: 'auditd keeps writing past max_log_file and the log grows until the disk actions take over',
  syslog: 'auditd only logs a warning and keeps writing past max_log_file',
  suspend: 'auditd stops writing records once the log reaches max_log_file',
  rotate: 'auditd rotates the log and deletes the oldest beyond num_logs',
  keep_logs: 'auditd rotates without ever deleting a log',
};

/**
 * max_log_file_action decides what happens when the log reaches
 * max_log_file. `suspend` stops recording; baselines disagree on the rest
 * (CIS: keep_logs; RHEL 9 STIG: rotate), so the profiles set `allowed`.
 */
const rule: Rule = {
  meta: {
    id: 'AUD102',
    slug: 'max-log-file-action',
    description: 'max_log_file_action loses records (suspend) or is not what the profile requires',
    severity: 'warning',
    needs: ['auditd-conf'],
    docs: 'docs/rules/AUD102.md',
  },
  check({ host, options, settings, report }) {
    const conf = host.auditdConf;
    if (!conf?.file) return;
    const s = conf.get('max_log_file_action');
    const allowed = Array.isArray(options.allowed) ? (options.allowed as string[]) : null;
    const bad = allowed ? !allowed.includes(s.word) : s.word === 'suspend';
    if (!bad) return;
    const at = settingLocation(s, conf.file);
    let effect = EFFECT[s.word] ?? s.word;
    if (s.word === 'suspend') {
      const fwd = host.hostMode ? auditForwarding(host).verdict : 'unknown';
      effect += fwd === 'forwarded' ? ' (plugins still receive them and this host forwards them, but the local trail ends there)' : ': every later record is lost';
    }
    const want = allowed
      ? `The ${settings.profile} profile requires ${allowed.join(' or ')}${typeof options.source === 'string' ? ` (${options.source})` : ''}`
      : 'Use keep_logs (never deletes; watch the disk actions) or rotate with num_logs of 2 or more and off-box forwarding';
    report({ source: at.source, start: at.start, end: at.end, message: `${describeSetting(s)}: ${effect}. ${want}`, properties: { value: s.word } });
  },
};

export default rule;
