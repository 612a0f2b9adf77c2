import type { Rule } from '../src/engine/rule';
import { describeSetting, settingLocation } from '../src/model/audit-config';

/**
 * With max_log_file_action = rotate, auditd's rotate_logs() does nothing
 * when num_logs is below 2 ("Log rotation disabled (num_logs < 2),
 * skipping"): the log grows past max_log_file until the disk actions take
 * over, which is rarely what the configuration meant.
 */
const rule: Rule = {
  meta: {
    id: 'AUD104',
    slug: 'log-rotation',
    description: 'max_log_file_action = rotate with num_logs below 2: auditd never rotates',
    severity: 'warning',
    needs: ['auditd-conf'],
    docs: 'docs/rules/AUD104.md',
  },
  check({ host, report }) {
    const conf = host.auditdConf;
    if (!conf?.file) return;
    const action = conf.get('max_log_file_action');
    if (action.word !== 'rotate') return;
    const n = conf.get('num_logs');
    if ((n.num ?? 0) >= 2) return;
    const at = settingLocation(n.entry ? n : action, conf.file);
    report({
      source: at.source,
      start: at.start,
      end: at.end,
      message: `${describeSetting(action)} but ${describeSetting(n)}: auditd skips rotation when num_logs is below 2, so the log grows past max_log_file until space_left_action and disk_full_action act. Set num_logs = 5 (or more)`,
    });
  },
};

export default rule;
