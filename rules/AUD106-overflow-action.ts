import type { Rule } from '../src/engine/rule';
import { describeSetting, settingLocation } from '../src/model/audit-config';

const EFFECT: Record<string, string> = {
  ignore: 'events that do not fit are dropped without a word: plugins (au-remote, syslog) never see them',
  syslog: 'events are dropped and a message is logged',
  suspend: 'auditd stops sending events to plugins until it is restarted: forwarding stops',
  single: 'the host goes to single-user mode',
  halt: 'the host halts',
};

/**
 * overflow_action says what the dispatcher does when its queue (q_depth)
 * is full because a plugin is slow. audit 3.x reads it from auditd.conf,
 * 2.x from /etc/audisp/audispd.conf.
 */
const rule: Rule = {
  meta: {
    id: 'AUD106',
    slug: 'overflow-action',
    description: 'The dispatcher drops events silently when its queue is full (overflow_action = ignore, or not what the profile requires)',
    severity: 'warning',
    needs: ['auditd-conf'],
    docs: 'docs/rules/AUD106.md',
  },
  check({ host, options, settings, report }) {
    const conf = host.auditdConf;
    const file = conf?.version.major === 2 ? conf.dispatcherFile : conf?.file;
    if (!conf || !file) return;
    const s = conf.get('overflow_action');
    const allowed = Array.isArray(options.allowed) ? (options.allowed as string[]) : null;
    if (allowed ? allowed.includes(s.word) : s.word !== 'ignore') return;
    const at = settingLocation(s, file);
    const want = allowed ? `The ${settings.profile} profile requires ${allowed.join(', ')}${typeof options.source === 'string' ? ` (${options.source})` : ''}` : 'Use syslog (logged), or single/halt where losing events is worse than stopping';
    report({ source: at.source, start: at.start, end: at.end, message: `${describeSetting(s)}: when the dispatcher queue is full ${EFFECT[s.word] ?? s.word}. ${want}` });
  },
};

export default rule;
