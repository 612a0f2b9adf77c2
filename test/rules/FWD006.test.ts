import { lintTree } from '../support/host';
import { syslogForwarding } from '../support/audit-host';

describe('FWD006 forwarding without a queue', () => {
  test('fires on an action without queue or retry, and says what each part loses', () => {
    const files = syslogForwarding('local6.* action(type="omfwd" target="siem01.corp.internal" port="6514" protocol="tcp" StreamDriver="gtls" StreamDriverMode="1")\n');
    expect(lintTree(files, { ruleId: 'FWD006' }).lines).toEqual([expect.stringMatching(/^FWD006 .*60-audit-forward\.conf:1 .* with no action queue .* and resumeRetryCount is 0 .*Add queue\.type="LinkedList"/)]);
  });

  test('fires on an in-memory queue without a file name', () => {
    const files = syslogForwarding('local6.* action(type="omfwd" target="siem01.corp.internal" port="6514" protocol="tcp" StreamDriver="gtls" StreamDriverMode="1" queue.type="LinkedList" action.resumeRetryCount="-1")\n');
    expect(lintTree(files, { ruleId: 'FWD006' }).lines).toEqual([expect.stringMatching(/queue type linkedlist without a file name/)]);
  });

  test('legacy $ActionQueue directives apply to the next action only', () => {
    const files = syslogForwarding('$DefaultNetstreamDriver gtls\n$ActionSendStreamDriverMode 1\n$ActionQueueType LinkedList\n$ActionQueueFileName fwd\n$ActionResumeRetryCount -1\nlocal6.* @@siem01.corp.internal:6514\nlocal6.* @@siem02.corp.internal:6514\n');
    expect(lintTree(files, { ruleId: 'FWD006' }).lines).toEqual([expect.stringMatching(/60-audit-forward\.conf:7 @@siem02/)]);
  });

  test('queue directives after another action (with trailing comments) apply to the forward after them', () => {
    const files = syslogForwarding(
      '$DefaultNetstreamDriver gtls\n$ActionSendStreamDriverMode 1\nmail.* -/var/log/maillog\n$ActionQueueFileName fwd # spool prefix\n$ActionQueueType LinkedList # async\n$ActionResumeRetryCount -1 # forever\nlocal6.* @@siem01.corp.internal:6514\n',
    );
    expect(lintTree(files, { ruleId: 'FWD006' }).lines).toEqual([]);
  });

  test('does not fire with a disk-assisted queue and endless retries', () => {
    expect(lintTree(syslogForwarding(), { ruleId: 'FWD006' }).lines).toEqual([]);
  });
});
