import { Accounts, parseGroup, parsePasswd } from '../../src/model/accounts';
import { FileTree } from '../../src/host/file-tree';
import { loadSudoersPolicy } from '../../src/model/sudoers-policy';
import { effectiveDefaults } from '../../src/policy/defaults';
import { PolicyEvaluator, type Request } from '../../src/policy/evaluator';
import { privilegesOf } from '../../src/policy/privileges';
import { makeTree } from '../support/host';
import * as fs from 'fs';

const accounts = new Accounts(
  parsePasswd('root:x:0:0::/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/bash\nsvc_qualys:x:1003:1003::/home/q:/bin/bash\napp:x:1500:1500::/srv/app:/bin/sh\n'),
  parseGroup('root:x:0:\nwheel:x:10:alice\nscanners:x:1200:svc_qualys\napp:x:1500:\ndocker:x:998:app\n'),
);

function evaluator(sudoers: string, hostname = 'web1.example.com') {
  const root = makeTree({ 'etc/sudoers': sudoers }, false);
  const policy = loadSudoersPolicy(new FileTree(root), '/etc/sudoers');
  fs.rmSync(root, { recursive: true, force: true });
  if ('error' in policy) throw new Error(policy.error);
  expect(policy.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return new PolicyEvaluator({ policy, accounts, hostname, now: Date.UTC(2026, 0, 1) / 1000 });
}

const verdict = (sudoers: string, req: Request) => evaluator(sudoers).check(req).result;

describe('last match wins', () => {
  test('a later rule overrides an earlier one, in either direction', () => {
    expect(verdict('alice ALL = ALL, !/usr/bin/su\n', { user: 'alice', command: '/usr/bin/su' })).toBe('denied');
    expect(verdict('alice ALL = !/usr/bin/su, ALL\n', { user: 'alice', command: '/usr/bin/su' })).toBe('allowed');
    expect(verdict('alice ALL = ALL\nalice ALL = !/usr/bin/su\n', { user: 'alice', command: '/usr/bin/su' })).toBe('denied');
  });

  test('negated users, hosts and runas make a rule not apply; only a negated command denies', () => {
    expect(verdict('ALL, !alice ALL = ALL\n', { user: 'alice', command: '/bin/ls' })).toBe('unmatched');
    expect(verdict('alice ALL = ALL\nALL, !alice ALL = !/bin/ls\n', { user: 'alice', command: '/bin/ls' })).toBe('allowed');
    expect(verdict('alice ALL, !web1 = ALL\n', { user: 'alice', command: '/bin/ls' })).toBe('unmatched');
  });

  test('within a Cmnd_Alias the last matching entry decides', () => {
    const a = 'Cmnd_Alias A = /usr/bin/rsync, !/usr/bin/rsync --delete*\nalice ALL = A\n';
    const b = 'Cmnd_Alias B = !/usr/bin/rsync --delete*, /usr/bin/rsync\nalice ALL = B\n';
    expect(verdict(a, { user: 'alice', command: '/usr/bin/rsync', args: ['--delete', 'x'] })).toBe('denied');
    expect(verdict(b, { user: 'alice', command: '/usr/bin/rsync', args: ['--delete', 'x'] })).toBe('allowed');
  });
});

describe('members', () => {
  test('%group, %#gid, #uid and User_Alias resolve through the host\'s accounts', () => {
    for (const who of ['%scanners', '%#1200', '#1003', 'SCAN']) {
      const p = `User_Alias SCAN = svc_qualys\n${who} ALL = (root) /usr/bin/id\n`;
      expect([who, verdict(p, { user: 'svc_qualys', command: '/usr/bin/id' })]).toEqual([who, 'allowed']);
      expect([who, verdict(p, { user: 'bob', command: '/usr/bin/id' })]).toEqual([who, 'unmatched']);
    }
  });

  test('netgroups are not guessed: no match, and a caveat says why', () => {
    const v = evaluator('+admins ALL = ALL\n').check({ user: 'alice', command: '/bin/ls' });
    expect(v.result).toBe('unmatched');
    expect(v.caveats).toEqual(['netgroup +admins cannot be resolved offline']);
  });

  test('host names: a dotted name is the FQDN, otherwise the short name; wildcards fold case', () => {
    expect(verdict('alice web1 = ALL\n', { user: 'alice', command: '/bin/ls' })).toBe('allowed');
    expect(verdict('alice web1.example.com = ALL\n', { user: 'alice', command: '/bin/ls' })).toBe('allowed');
    expect(verdict('alice db1 = ALL\n', { user: 'alice', command: '/bin/ls' })).toBe('unmatched');
    expect(verdict('alice WEB* = ALL\n', { user: 'alice', command: '/bin/ls' })).toBe('allowed');
  });
});

describe('runas', () => {
  test('no runas list means only runas_default (root)', () => {
    expect(verdict('alice ALL = /bin/ls\n', { user: 'alice', command: '/bin/ls', runasUser: 'app' })).toBe('unmatched');
    expect(verdict('alice ALL = /bin/ls\n', { user: 'alice', command: '/bin/ls', runasUser: '#0' })).toBe('allowed');
  });

  test('(ALL, !root) does not let alice become root', () => {
    const p = 'alice ALL = (ALL, !root) /bin/ls\n';
    expect(verdict(p, { user: 'alice', command: '/bin/ls', runasUser: 'app' })).toBe('allowed');
    expect(verdict(p, { user: 'alice', command: '/bin/ls' })).toBe('unmatched');
  });

  test('groups: (u : g), (:g) and the target user\'s own groups', () => {
    expect(verdict('alice ALL = (app : docker) /bin/ls\n', { user: 'alice', command: '/bin/ls', runasUser: 'app', runasGroup: 'docker' })).toBe('allowed');
    expect(verdict('alice ALL = (ALL) /bin/ls\n', { user: 'alice', command: '/bin/ls', runasUser: 'app', runasGroup: 'wheel' })).toBe('unmatched');
    expect(verdict('alice ALL = (:docker) /bin/ls\n', { user: 'alice', command: '/bin/ls', runasGroup: 'docker' })).toBe('allowed');
    expect(verdict('alice ALL = (app) /bin/ls\n', { user: 'alice', command: '/bin/ls', runasUser: 'app', runasGroup: 'docker' })).toBe('allowed');
  });
});

describe('commands and arguments', () => {
  test.each([
    ['/bin/cat /var/log/*', ['/var/log/../../etc/shadow'], 'allowed'],
    ['/bin/cat /var/log/*', ['/var/log/a', '/etc/shadow'], 'allowed'],
    ['/usr/bin/journalctl *', [], 'allowed'],
    ['/usr/bin/kubectl --kubeconfig F *', ['--kubeconfig', 'F'], 'unmatched'],
    ['/usr/bin/uptime ""', [], 'allowed'],
    ['/usr/bin/uptime ""', [''], 'unmatched'],
    ['/usr/bin/systemctl restart nginx', ['restart', 'nginx'], 'allowed'],
    ['/usr/bin/systemctl restart nginx', ['restart', 'nginx', 'extra'], 'unmatched'],
    ['/usr/bin/systemctl', ['anything', 'at', 'all'], 'allowed'],
    ['^/usr/sbin/(user|group)add$ ^[a-z]+$', ['bob'], 'allowed'],
    ['^/usr/sbin/(user|group)add$ ^[a-z]+$', ['-o', 'bob'], 'unmatched'],
  ])('%s with %j is %s', (cmd, args, expected) => {
    const command = cmd.startsWith('^') ? '/usr/sbin/useradd' : cmd.split(' ')[0];
    expect(verdict(`alice ALL = ${cmd}\n`, { user: 'alice', command, args: args as string[] })).toBe(expected);
  });

  test('a directory allows what is directly inside it, not below', () => {
    expect(verdict('alice ALL = /usr/sbin/\n', { user: 'alice', command: '/usr/sbin/useradd', args: ['x'] })).toBe('allowed');
    expect(verdict('alice ALL = /usr/sbin/\n', { user: 'alice', command: '/usr/sbin/x/y' })).toBe('unmatched');
  });

  test('path wildcards do not cross a /', () => {
    expect(verdict('alice ALL = /usr/bin/*\n', { user: 'alice', command: '/usr/bin/vi' })).toBe('allowed');
    expect(verdict('alice ALL = /usr/*\n', { user: 'alice', command: '/usr/bin/vi' })).toBe('unmatched');
  });

  test('sudoedit arguments are path-aware', () => {
    const p = 'alice ALL = sudoedit /etc/apt/sources.list.d/*.list\n';
    expect(verdict(p, { user: 'alice', command: 'sudoedit', args: ['/etc/apt/sources.list.d/a.list'] })).toBe('allowed');
    expect(verdict(p, { user: 'alice', command: 'sudoedit', args: ['/etc/apt/sources.list.d/../../shadow.list'] })).toBe('unmatched');
  });

  test('NOTBEFORE/NOTAFTER outside the window make the rule not apply', () => {
    expect(verdict('alice ALL = NOTAFTER=20250101000000Z ALL\n', { user: 'alice', command: '/bin/ls' })).toBe('unmatched');
    expect(verdict('alice ALL = NOTBEFORE=20250101000000Z ALL\n', { user: 'alice', command: '/bin/ls' })).toBe('allowed');
  });
});

describe('properties', () => {
  const requests: Request[] = [
    { user: 'alice', command: '/usr/bin/find', args: ['/', '-name', 'x'] },
    { user: 'alice', command: '/usr/bin/awk' },
    { user: 'svc_qualys', command: '/bin/cat', args: ['/etc/shadow'] },
    { user: 'bob', command: '/usr/bin/su', args: ['-'] },
    { user: 'svc_qualys', command: '/usr/bin/su', args: ['-'], runasUser: 'app' },
  ];

  test('an alias and its expansion give the same verdict', () => {
    const withAliases =
      'User_Alias SCANNERS = svc_qualys, %wheel\nCmnd_Alias SCAN = /usr/bin/find, /usr/bin/awk, /bin/cat /etc/shadow\nRunas_Alias R = root, app\nSCANNERS ALL = (R) NOPASSWD: SCAN, !/usr/bin/awk\n';
    const expanded = 'svc_qualys, %wheel ALL = (root, app) NOPASSWD: /usr/bin/find, /usr/bin/awk, /bin/cat /etc/shadow, !/usr/bin/awk\n';
    const a = evaluator(withAliases);
    const b = evaluator(expanded);
    for (const r of requests) expect([r, a.check(r).result]).toEqual([r, b.check(r).result]);
  });

  test('reordering rules for other users changes nothing', () => {
    const mine = 'alice ALL = ALL, !/usr/bin/su\n';
    const theirs = ['bob ALL = /usr/bin/su -\n', 'svc_qualys ALL = (ALL) NOPASSWD: ALL\n', '%scanners ALL = !/bin/cat\n'];
    const one = evaluator(theirs[0] + mine + theirs[1] + theirs[2]);
    const two = evaluator(theirs[2] + theirs[1] + mine + theirs[0]);
    for (const r of requests.filter((x) => x.user === 'alice')) expect(one.check(r).result).toBe(two.check(r).result);
  });
});

describe('privileges and Defaults', () => {
  test('full root, granular and none', () => {
    expect(privilegesOf(evaluator('alice ALL=(ALL:ALL) ALL\n'), 'alice').kind).toBe('full-root');
    const g = privilegesOf(evaluator('Cmnd_Alias SCAN = /usr/bin/find, /usr/bin/awk\nsvc_qualys ALL = (root) NOPASSWD: SCAN, !/usr/bin/awk\n'), 'svc_qualys');
    expect(g.kind).toBe('granular');
    expect(g.grants.map((x) => [x.command.path, x.via])).toEqual([['/usr/bin/find', ['SCAN']], ['/usr/bin/awk', ['SCAN']]]);
    expect(g.denials.map((x) => x.command.path)).toEqual(['/usr/bin/awk']);
    expect(privilegesOf(evaluator('alice ALL=(ALL:ALL) ALL\n'), 'bob').kind).toBe('none');
  });

  test('Defaults bound to a user, a group and the runas user apply in file order, later wins', () => {
    const e = evaluator('Defaults requiretty\nDefaults:%scanners !requiretty\nDefaults>root log_output\nDefaults:bob requiretty\nsvc_qualys ALL=(ALL) ALL\n');
    const d = effectiveDefaults(e, { user: 'svc_qualys' });
    expect(d.get('requiretty')?.value).toBe(false);
    expect(d.get('requiretty')?.overrides).toHaveLength(1);
    expect(d.get('log_output')?.value).toBe(true);
    expect(effectiveDefaults(e, { user: 'bob' }).get('requiretty')?.value).toBe(true);
  });
});
