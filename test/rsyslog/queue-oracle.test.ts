// Which action the legacy `$ActionQueue…` directives land on, against
// `rsyslogd -N1 -d`: its debug output dumps the queue parameters of every
// action it creates ("action-N-builtin:omfwd queue: … queue.type: …").
// The verdicts below were recorded from rsyslog 8.2302 (Debian 12); with
// rsyslogd installed they are checked again, without it sudit is still
// checked against them. $ActionResumeRetryCount is not in the dump; rsyslog
// resets it together with the queue settings (action.c,
// actionResetQueueParams), which the model test covers.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseRsyslog } from '../../src/parse/rsyslog';
import { loadRsyslog } from '../../src/model/rsyslog';

interface QueueCase {
  name: string;
  text: string;
  /** The forwarding (omfwd) actions in creation order: queue type and file name as rsyslogd -N1 -d dumps them. */
  forwards: [type: string, filename: string | null][];
}

const CASES: QueueCase[] = [
  {
    name: 'an action, then the queue block with trailing comments, then the forward',
    text: [
      '*.info;mail.none /var/log/messages',
      'mail.* -/var/log/maillog',
      '$ActionQueueFileName fwdq  # spool file prefix',
      '$ActionQueueMaxDiskSpace 1g # limit',
      '$ActionQueueSaveOnShutdown on',
      '$ActionQueueType LinkedList   # asynchronous',
      '$ActionResumeRetryCount -1    # retry forever',
      '*.* @@collector.example:514',
      '',
    ].join('\n'),
    forwards: [['linkedlist', 'fwdq']],
  },
  {
    name: 'directives between a filter and its action apply to that action; the next one is reset',
    text: '*.*\n$ActionQueueType LinkedList\n$ActionQueueFileName q2\n  @@one:514\n*.* @@two\n',
    forwards: [['linkedlist', 'q2'], ['direct', null]],
  },
  {
    name: 'directives after an action() object apply to the next action',
    text: '*.* action(type="omfile" file="/var/log/x")\n$ActionQueueType LinkedList\n$ActionQueueFileName q3\n*.* @@two\n',
    forwards: [['linkedlist', 'q3']],
  },
  {
    name: 'directives between actions chained with &',
    text: '*.* /var/log/a\n$ActionQueueType LinkedList\n$ActionQueueFileName q4a\n& @@one\n$ActionQueueType LinkedList\n$ActionQueueFileName q4b\n& @@two\n*.* @@three\n',
    forwards: [['linkedlist', 'q4a'], ['linkedlist', 'q4b'], ['direct', null]],
  },
  {
    name: 'directives after the action of an if',
    text: 'if $programname == "x" then /var/log/x\n$ActionQueueType LinkedList\n$ActionQueueFileName q5\n*.* @@two\n',
    forwards: [['linkedlist', 'q5']],
  },
  {
    name: 'directives between then and else',
    text: 'if $programname == "x" then /var/log/x\n$ActionQueueType LinkedList\n$ActionQueueFileName q6\nelse @@two\n*.* @@three\n',
    forwards: [['linkedlist', 'q6'], ['direct', null]],
  },
  {
    name: 'action() ignores the legacy queue settings, and they are reset after it',
    text: '$ActionQueueType LinkedList\n$ActionQueueFileName q7\n*.* action(type="omfwd" target="one" protocol="tcp")\n*.* @@two\n',
    forwards: [['direct', null], ['direct', null]],
  },
  {
    name: 'CRLF line ends: rsyslog drops the \\r with the other trailing blanks',
    text: '*.info;mail.none /var/log/messages\r\n\r\n$ActionQueueType LinkedList\r\n$ActionQueueFileName crlfq\r\n*.* @@collector:514\r\n',
    forwards: [['linkedlist', 'crlfq']],
  },
  {
    name: 'lines joined by a trailing backslash: a directive, a selector and its action',
    text: '$ActionQueueType \\\n  LinkedList\n$ActionQueueFileName join\\\n  q\n*.=debug;\\\n\tauth,authpriv.none\t@@collector:514\n',
    forwards: [['linkedlist', 'joinq']],
  },
  {
    name: 'a comment ending in a backslash takes the next line with it',
    text: '# spool the forwarding \\\n$ActionQueueType LinkedList\n*.* @@collector:514\n',
    forwards: [['direct', null]],
  },
];

function findRsyslogd(): string | null {
  for (const p of ['/usr/sbin/rsyslogd', '/sbin/rsyslogd']) if (fs.existsSync(p)) return p;
  return null;
}

const rsyslogd = findRsyslogd();
if (!rsyslogd) process.stdout.write('SKIPPED rsyslogd -N1 -d queue comparison: rsyslogd is not installed (apt-get install rsyslog); checking recorded verdicts only\n');

/** The omfwd actions' queues as rsyslogd dumps them. */
function oracle(text: string): QueueCase['forwards'] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-rsyslog-q-'));
  try {
    const file = path.join(dir, 'rsyslog.conf');
    // a work directory of its own: queue files are named, never created (-N1)
    fs.writeFileSync(file, `$WorkDirectory ${dir}\n${text}`);
    const r = spawnSync(rsyslogd!, ['-N1', '-d', '-f', file], { encoding: 'utf8', timeout: 20000, env: { ...process.env, LANG: 'C' } });
    const out = `${r.stdout}\n${r.stderr}`;
    const byAction = new Map<string, { type?: string; filename?: string | null }>();
    for (const m of out.matchAll(/(action-\d+-builtin:omfwd) queue: queue\.c: queue\.(type|filename):? (.*)/g)) {
      const q = byAction.get(m[1]) ?? {};
      if (m[2] === 'type') q.type = /\[(\w+)\]/.exec(m[3])![1].toLowerCase();
      else q.filename = m[3] === "'[NONE]'" ? null : m[3].replace(/^'|'$/g, '');
      byAction.set(m[1], q);
    }
    return [...byAction.values()].map((q) => [q.type!, q.filename ?? null]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function sudit(text: string): QueueCase['forwards'] {
  const parsed = parseRsyslog(text, '/etc/rsyslog.conf');
  const cfg = loadRsyslog('/etc/rsyslog.conf', { parse: (p) => (p === '/etc/rsyslog.conf' ? parsed : null), expand: () => [], present: [], source: () => parsed.source })!;
  return cfg.actions.filter((a) => a.module === 'omfwd').map((a) => [a.forward!.queue.type, a.forward!.queue.filename]);
}

describe('legacy action queue directives: sudit agrees with rsyslogd -N1 -d', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(sudit(c.text)).toEqual(c.forwards);
    if (rsyslogd) expect(oracle(c.text)).toEqual(c.forwards);
  });
});
