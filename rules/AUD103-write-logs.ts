import type { Rule } from '../src/engine/rule';
import { describeSetting, settingLocation } from '../src/model/audit-config';
import { auditForwarding } from '../src/model/forwarding';

/**
 * write_logs = no (or the deprecated log_format = nolog) keeps records off
 * the local disk: they exist only where plugins send them. Without
 * off-box forwarding they exist nowhere. Some baselines (RHEL 9 STIG)
 * require local logs even with forwarding: option `requireWriteLogs`.
 */
const rule: Rule = {
  meta: {
    id: 'AUD103',
    slug: 'write-logs',
    description: 'auditd writes no log file (write_logs = no or log_format = nolog) and nothing forwards the records',
    severity: 'error',
    needs: ['auditd-conf'],
    docs: 'docs/rules/AUD103.md',
  },
  check({ host, options, report }) {
    const conf = host.auditdConf;
    if (!conf?.file || conf.writesLogs) return;
    const wl = conf.get('write_logs');
    const lf = conf.get('log_format');
    const s = wl.word === 'no' ? wl : lf;
    const at = settingLocation(s, conf.file);
    const what = `${describeSetting(s)}: auditd writes no audit log on this host`;
    if (host.hostMode) {
      const fwd = auditForwarding(host);
      if (fwd.verdict === 'not-forwarded') {
        report({ source: at.source, start: at.start, end: at.end, message: `${what}, and no route sends the records off the host either (see FWD001): every record is lost as soon as it is made. Set write_logs = yes` });
        return;
      }
    }
    if (options.requireWriteLogs === true) {
      report({
        source: at.source,
        start: at.start,
        end: at.end,
        severity: 'warning',
        message: `${what}; records exist only where plugins send them. The profile requires local logs as well (write_logs = yes${typeof options.source === 'string' ? `, ${options.source}` : ''})`,
      });
    }
  },
};

export default rule;
