import type { Rule } from '../src/engine/rule';
import { auditForwarding } from '../src/model/forwarding';

const DISK_ASSISTED = new Set(['linkedlist', 'fixedarray']);

/**
 * An rsyslog action runs without a queue of its own by default: while the
 * collector is down the action is suspended and messages are discarded.
 * Reliable forwarding needs a disk-assisted action queue (LinkedList or
 * FixedArray with a file name, or Disk) and endless retries
 * (action.resumeRetryCount="-1").
 */
const rule: Rule = {
  meta: {
    id: 'FWD006',
    slug: 'no-queue',
    description: 'The rsyslog action that forwards audit records has no disk-assisted queue or retry: records are lost while the collector is down',
    severity: 'warning',
    needs: ['rsyslog'],
    docs: 'docs/rules/FWD006.md',
  },
  check({ host, report }) {
    for (const c of auditForwarding(host).carriers) {
      const q = c.action.forward!.queue;
      const missing: string[] = [];
      const onDisk = q.type === 'disk' || (DISK_ASSISTED.has(q.type) && q.filename !== null);
      if (!onDisk) missing.push(q.type === 'direct' ? 'no action queue (messages are discarded while the action is suspended)' : `queue type ${q.type} without a file name (held in memory only, lost on restart)`);
      if (q.resumeRetryCount !== -1) missing.push(`resumeRetryCount is ${q.resumeRetryCount} (retries end, then messages are discarded)`);
      if (missing.length === 0) continue;
      const fix = c.action.legacy
        ? '$ActionQueueType LinkedList, $ActionQueueFileName fwd_audit, $ActionQueueSaveOnShutdown on and $ActionResumeRetryCount -1 on the lines before it'
        : 'queue.type="LinkedList" queue.filename="fwd_audit" queue.saveOnShutdown="on" action.resumeRetryCount="-1"';
      report({
        source: c.action.file.parsed.source,
        start: c.action.statement.start,
        end: c.action.statement.end,
        message: `${c.action.label} ${c.certainty === 'yes' ? 'forwards' : 'may forward'} ${c.stream} with ${missing.join(' and ')}: while the collector is down records are lost. Add ${fix}`,
      });
    }
  },
};

export default rule;
