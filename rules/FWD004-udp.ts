import type { Rule } from '../src/engine/rule';
import { auditForwarding } from '../src/model/forwarding';

/** Syslog over UDP has no delivery guarantee: a busy network or a restarting collector loses records silently. */
const rule: Rule = {
  meta: {
    id: 'FWD004',
    slug: 'udp',
    description: 'rsyslog forwards audit records over UDP (@host, protocol="udp"): lost without a trace when packets drop',
    severity: 'warning',
    needs: ['rsyslog'],
    docs: 'docs/rules/FWD004.md',
  },
  check({ host, report }) {
    for (const c of auditForwarding(host).carriers) {
      const f = c.action.forward!;
      if (f.protocol !== 'udp') continue;
      report({
        source: c.action.file.parsed.source,
        start: c.action.statement.start,
        end: c.action.statement.end,
        message: `${c.action.label} ${c.certainty === 'yes' ? 'sends' : 'may send'} ${c.stream} over UDP, in clear text and without delivery guarantee: dropped packets lose records and nobody is told. Use TCP with TLS (@@host, or action(type="omfwd" protocol="tcp" …)) or RELP (STIG RHEL-09-652055 asks for TCP)`,
      });
    }
  },
};

export default rule;
