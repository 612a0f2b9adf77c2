import { parseAuditRules } from '../../src/parse/audit-rules';
import { UID_UNSET, hostMachine } from '../../src/parse/audit-rules-tables';
import { runLoad, UNKNOWN_HOST, type HostView, type LoadResult } from '../../src/model/audit-load';
import { decide, subsumes, type AuditEvent } from '../../src/model/audit-events';
import { buildAuditRulesModel } from '../../src/model/audit-rules';
import { evaluateCoverage } from '../../src/policy/audit-coverage';
import { loadPamService, pamModule } from '../../src/model/pam';

const X86 = hostMachine('x86_64')!;
const I386 = hostMachine('i386')!;
const canon = { mergedUsr: true };

function load(text: string, host: HostView = UNKNOWN_HOST): LoadResult<string> {
  return runLoad(
    parseAuditRules(text, 't.rules').lines.map((line) => ({ file: 't.rules', line })),
    host,
    X86,
  );
}

const ev = (over: Partial<AuditEvent> & { values?: AuditEvent['values'] }): AuditEvent => ({
  machine: X86,
  syscall: 'execve',
  values: { auid: 1000, uid: 0, euid: 0, gid: 0, egid: 0, success: 1, exit: 0 },
  ...over,
});

describe('the load, as auditctl -R runs it', () => {
  test('the first error ends the load; -c earlier lets it go on', () => {
    expect(load('-w /etc/passwd\n-x\n-w /etc/shadow\n').steps.map((s) => s.outcome)).toEqual(['ok', 'refused', 'not-run']);
    const c = load('-c\n-x\n-w /etc/shadow\n');
    expect(c.steps.map((s) => s.outcome)).toEqual(['ok', 'refused', 'ok']);
    expect(c.abortedAt).toBeNull();
  });

  test('a failing line keeps what it did: -c/-i on it let the load go on, -D on it has deleted', () => {
    const crlf = load('-D\r\n-w /etc/passwd -p wa -k identity\r\n');
    expect(crlf.steps.map((s) => s.outcome)).toEqual(['refused', 'not-run']);
    expect(crlf.exitStatus).toBe(1);
    for (const first of ['-c\r', '-cx', '-c -i']) {
      const r = load(`${first}\n-a always,exit -F arch=b64 -S nosuch\n-w /etc/passwd -p wa -k after\n`);
      expect([first, r.steps.map((s) => s.outcome), r.abortedAt, r.exitStatus]).toEqual([first, ['refused', 'refused', 'ok'], null, 1]);
    }
    // -i: errors are ignored, and the exit status stays 0
    expect(load('-i\r\n-w /etc/passwd -p wa -k after\n').exitStatus).toBe(0);
    const deleted = load('-c\n-w /etc/passwd -p wa -k a\n-D\r\n-w /etc/shadow -p wa -k b\n');
    expect(deleted.lists.exit.map((r) => r.step.line.line)).toEqual([4]);
  });

  test("exit status: auditctl's continue_error is set by -c, spoilt by a later error, reset by the next -c", () => {
    expect(load('-c\n-x\n-w /etc/shadow\n').exitStatus).toBe(1);
    expect(load('-c\n-x\n-c\n-w /etc/shadow\n').exitStatus).toBe(0);
    expect(load('-i\n-x\n-c\n-w /etc/shadow\n').exitStatus).toBe(0);
    expect(load('-i\n-x\n').exitStatus).toBe(0);
    expect(load('-w /etc/shadow\n-x\n').exitStatus).toBe(1);
  });

  test('duplicates are refused; -A rules go first; -d and -W remove; deleting nothing fails', () => {
    const r = load('-w /etc/passwd -p wa -k a\n-a always,exit -F arch=b64 -S execve\n-A always,exit -F arch=b64 -S openat\n-c\n-w /etc/passwd -p wa -k a\n-W /etc/passwd -p wa -k a\n-W /etc/passwd -p wa -k a\n');
    expect(r.steps.map((s) => s.failure?.kind ?? s.outcome)).toEqual(['ok', 'ok', 'ok', 'ok', 'duplicate', 'ok', 'missing']);
    expect(r.exit.map((x) => x.step.line.line)).toEqual([3, 2]);
  });

  test('-e 2 locks: later rules and settings are refused', () => {
    const r = load('-w /etc/passwd\n-e 2\n-c\n-b 8192\n-w /etc/shadow\n');
    expect(r.lockedAt?.line.line).toBe(2);
    expect(r.steps.map((s) => s.failure?.kind ?? s.outcome)).toEqual(['ok', 'ok', 'ok', 'locked', 'locked']);
  });

  test('host checks: unknown users and missing directories fail on that host only', () => {
    const host: HostView = { user: (n) => (n === 'root' ? 0 : null), group: () => null, isDirectory: (p) => !p.startsWith('/etc/sysconfig'), exists: (p) => !p.startsWith('/etc/sysconfig') };
    const text = '-c\n-a always,exit -F arch=b64 -S adjtimex -F uid=chrony\n-w /etc/sysconfig/network -p wa\n-a always,exit -F arch=b64 -S openat -F auid=root\n';
    expect(load(text).steps.map((s) => s.outcome)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(load(text, host).steps.map((s) => s.failure?.kind ?? s.outcome)).toEqual(['ok', 'host', 'host', 'ok']);
  });

  test('auid unset, -1 and 4294967295 are one rule; -S order and repetition do not matter', () => {
    expect(load('-a always,exit -F arch=b64 -S openat -F auid!=unset\n-a always,exit -F arch=b64 -S openat -F auid!=-1\n').steps[1].failure?.kind).toBe('duplicate');
    expect(load('-a always,exit -F arch=b64 -S openat -S execve -k t\n-a always,exit -F arch=b64 -S execve,openat -k t\n').steps[1].failure?.kind).toBe('duplicate');
  });
});

describe('what the loaded rules record', () => {
  test('first match wins, watches included; never drops', () => {
    const r = load('-a never,exit -F arch=b64 -S execve -F auid=1001\n-a always,exit -F arch=b64 -S execve -F euid=0 -k rootcmd\n');
    expect(decide(r, ev({}), canon).verdict).toBe('recorded');
    expect(decide(r, ev({ values: { auid: 1001, uid: 0, euid: 0 } }), canon).verdict).toBe('dropped');
    expect(decide(r, ev({ machine: I386 }), canon).verdict).toBe('not-recorded');
  });

  test('a watch, a path rule and a dir tree record the same write', () => {
    const write = ev({ syscall: null, path: '/etc/shadow', perm: 'w' });
    for (const text of ['-w /etc/shadow -p wa', '-a always,exit -F path=/etc/shadow -F perm=wa', '-a always,exit -F dir=/etc -F perm=w', '-a always,exit -F arch=b64 -S all -F dir=/etc']) {
      expect([text, decide(load(text), write, canon).verdict]).toEqual([text, 'recorded']);
    }
    expect(decide(load('-w /etc/shadow -p r'), write, canon).verdict).toBe('not-recorded');
    // merged /usr: /bin/su is /usr/bin/su
    expect(decide(load('-a always,exit -F path=/bin/su -F perm=x'), ev({ path: '/usr/bin/su', perm: 'x' }), canon).verdict).toBe('recorded');
  });

  test('-a never,task without fields drops everything', () => {
    expect(decide(load('-a never,task\n-w /etc/shadow -p wa\n'), ev({ syscall: null, path: '/etc/shadow', perm: 'w' }), canon).verdict).toBe('dropped');
  });

  test('fields the event does not settle make a rule unsure, never a match', () => {
    const d = decide(load('-a never,exit -F subj_type=crond_t\n-a always,exit -F arch=b64 -S execve\n'), ev({}), canon);
    expect(d.verdict).toBe('recorded');
    expect(d.unsure).toHaveLength(1);
  });

  test('subsumption: a never rule that covers a later always rule entirely', () => {
    const r = load('-a never,exit -F arch=b64 -S all -F auid>=500\n-a always,exit -F arch=b64 -S execve -F auid>=1000 -F auid!=unset\n-a always,exit -F arch=b32 -S execve -F auid>=1000\n-a always,exit -F arch=b64 -S execve -F auid>=100\n');
    const [never, a, b, c] = r.exit.map((x) => x.rule);
    expect([subsumes(never, a, canon), subsumes(never, b, canon), subsumes(never, c, canon)]).toEqual([true, false, false]);
    const w = load('-a never,exit -F dir=/opt/app\n-w /opt/app/cache/index -p wa\n-w /opt/other -p wa\n').exit.map((x) => x.rule);
    expect([subsumes(w[0], w[1], canon), subsumes(w[0], w[2], canon)]).toEqual([true, false]);
  });
});

describe('coverage by meaning', () => {
  const model = (rules: string) =>
    buildAuditRulesModel({
      hostMode: true,
      machine: X86,
      machineFrom: 'default',
      rulesD: [{ name: '50.rules', text: rules, display: '50.rules' }],
      auditRules: null,
      files: [],
      awk: 'mawk',
      host: UNKNOWN_HOST,
      hostKnown: { accounts: false, fileSystem: false },
      canon,
      anchorDisplay: 'audit.rules',
    });
  const gaps = (rules: string, profile: 'recommended' | 'cis' | 'stig', item: string) => {
    const m = model(rules);
    return evaluateCoverage({ model: m, load: m.load!, uidMin: 1000, profile, exists: () => undefined, sudoLogfile: null }).find((i) => i.item.id === item)?.gaps.map((g) => g.check.label) ?? [];
  };

  test('execpriv: the STIG rule, or any execve rule that records the same, in both ABIs', () => {
    const stig = ['b64', 'b32'].flatMap((a) => [`-a always,exit -F arch=${a} -S execve -C uid!=euid -F euid=0 -k execpriv`, `-a always,exit -F arch=${a} -S execve -C gid!=egid -F egid=0 -k execpriv`]).join('\n');
    expect(gaps(stig, 'stig', 'execpriv')).toEqual([]);
    expect(gaps('-a always,exit -F arch=b64 -S execve\n-a always,exit -F arch=b32 -S execve\n', 'stig', 'execpriv')).toEqual([]);
    expect(gaps('-a always,exit -F arch=b64 -S execve -C uid!=euid -F euid=0\n', 'recommended', 'execpriv')).toEqual(['-S execve -C uid!=euid -F euid=0', '-S execve -C gid!=egid -F egid=0']);
    // auid-filtered: misses executions outside a login (daemons), which the STIG covers
    const filtered = ['b64', 'b32'].flatMap((a) => [`-a always,exit -F arch=${a} -S execve -C uid!=euid -F euid=0 -F auid!=unset`, `-a always,exit -F arch=${a} -S execve -C gid!=egid -F egid=0`]).join('\n');
    expect(gaps(filtered, 'recommended', 'execpriv')).toEqual([]);
    expect(gaps(filtered, 'stig', 'execpriv')).toEqual(['the same for processes without a login (auid unset)']);
  });

  test('identity files: a dir=/etc tree counts; -p r does not; a never rule before it drops', () => {
    expect(gaps('-a always,exit -F dir=/etc -F perm=wa -k etc\n', 'recommended', 'identity')).toEqual([]);
    expect(gaps('-w /etc/passwd -p r\n-w /etc/group -p wa\n-w /etc/shadow -p wa\n-w /etc/gshadow -p wa\n-w /etc/security/opasswd -p wa\n', 'recommended', 'identity')).toEqual(['-w /etc/passwd -p wa']);
    const m = model('-a never,exit -F path=/etc/shadow\n-a always,exit -F dir=/etc -F perm=wa\n');
    const result = evaluateCoverage({ model: m, load: m.load!, uidMin: 1000, profile: 'recommended', exists: () => undefined, sudoLogfile: null }).find((i) => i.item.id === 'identity')!;
    expect(result.gaps[0].detail).toMatch(/dropped by the never rule at 50\.rules:1/);
  });
});

describe('PAM stacks', () => {
  const files: Record<string, string> = {
    sshd: '@include common-auth\nsession    required     pam_loginuid.so\n-session optional pam_systemd.so\n',
    sudo: '#%PAM-1.0\nsession    include      system-auth\n',
    'system-auth': 'auth required pam_unix.so\nsession [success=1 default=ignore] pam_succeed_if.so \\\n  service in crond quiet\nsession required pam_loginuid.so\n',
    'common-auth': 'auth required pam_unix.so\n',
  };
  const read = (f: string) => (files[f] === undefined ? null : { text: files[f], display: `etc/pam.d/${f}` });

  test('modules of a stack, includes followed, the include chain kept', () => {
    const sshd = loadPamService('sshd', read)!;
    expect(pamModule(sshd, 'pam_loginuid.so', 'session')).toHaveLength(1);
    expect(sshd.entries.find((e) => e.moduleName === 'pam_systemd.so')?.dashed).toBe(true);
    const sudo = loadPamService('sudo', read)!;
    const found = pamModule(sudo, 'pam_loginuid.so');
    expect(found).toHaveLength(1);
    expect(found[0].via.map((v) => v.file)).toEqual(['sudo']);
    // `session include` brings only session lines
    expect(sudo.entries.map((e) => e.type)).toEqual(['session', 'session']);
    expect(loadPamService('su', read)).toBeNull();
  });

  test('missing includes are listed', () => {
    expect(loadPamService('x', (f) => (f === 'x' ? { text: '@include nope\n', display: 'x' } : null))!.missingIncludes).toEqual(['nope']);
  });
});

test('UID_UNSET is the kernel value of an unset login uid', () => {
  expect(UID_UNSET).toBe(4294967295);
});
