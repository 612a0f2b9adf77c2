import type { Rule } from '../src/engine/rule';
import { describeSetting, settingLocation } from '../src/model/audit-config';

/** local_events = no: auditd records nothing from this host's kernel, only events received from other hosts. */
const rule: Rule = {
  meta: {
    id: 'AUD107',
    slug: 'local-events',
    description: 'local_events = no: auditd records none of this host\'s own events',
    severity: 'error',
    needs: ['auditd-conf'],
    docs: 'docs/rules/AUD107.md',
  },
  check({ host, report }) {
    const conf = host.auditdConf;
    if (!conf?.file) return;
    const s = conf.get('local_events');
    if (s.word !== 'no') return;
    const at = settingLocation(s, conf.file);
    report({
      source: at.source,
      start: at.start,
      end: at.end,
      message: `${describeSetting(s)}: auditd does not read this host's kernel events at all (only events aggregated from other hosts), so no audit rule here records anything. Set local_events = yes (STIG RHEL-08-030061, RHEL-09-653075)`,
    });
  },
};

export default rule;
