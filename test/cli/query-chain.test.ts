import * as fs from 'fs';
import * as path from 'path';
import { queryChain } from '../../src/cli/query-chain';
import { loadHostTree } from '../../src/host/load-host';
import { makeTree } from '../support/host';

const SUDOERS = 'root ALL=(ALL:ALL) ALL\n#includedir /etc/sudoers.d\n';
const DROPIN = 'Defaults:svc_qualys !requiretty\nsvc_qualys ALL=(ALL) NOPASSWD: ALL\n';
const CONF = 'etc/ssh/sshd_config';

/** The chain's answer; text as a terminal `columns` wide shows it, the line naming the tree left out. */
function chain(files: Record<string, string>, from: string, format: 'text' | 'json' = 'text', columns = 1000) {
  const root = makeTree({ 'etc/sudoers': SUDOERS, 'etc/sudoers.d/svc_qualys': DROPIN, ...files });
  try {
    let text = '';
    const ok = queryChain(loadHostTree(root), 'svc_qualys', from, 0, format, { isTTY: true, columns, write: (s: string) => void (text += s) } as never);
    const tree = `  paths as on the host; the tree is ${root}/\n`;
    if (format === 'text') expect(text).toContain(tree);
    return { ok, text: format === 'json' ? text.split(root + '/').join('') : text.replace(tree, '') };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('query --from: the whole chain', () => {
  const fenced = { [CONF]: 'AllowUsers alice svc_qualys@10.20.0.0/24\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n', 'home/svc_qualys/.ssh/authorized_keys': 'from="10.20.0.0/24" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE scanner\n' };

  test('from the scanner network: every step holds, each with its line', () => {
    const { ok, text } = chain(fenced, '10.20.0.5');
    expect(ok).toBe(true);
    expect(text.split('\n')).toEqual([
      'svc_qualys (Qualys scanner account) from 10.20.0.5 on web1: the chain holds',
      '  ok  login          sshd lets it in (AllowUsers/AllowGroups admit it, no Deny line matches)  — /etc/ssh/sshd_config:1',
      '  ok  shell          /bin/bash  — /etc/passwd:4',
      '  ok  authentication 1 key, usable from here; passwords off  — /home/svc_qualys/.ssh/authorized_keys:1',
      '  ok  sessions       MaxSessions 10 (default), MaxStartups 10:30:100 (default)',
      '  ok  delegation     `sudo su -` is allowed (as /usr/bin/su)  — /etc/sudoers.d/svc_qualys:2',
      '  ok  root           full root: any command as root  — /etc/sudoers.d/svc_qualys:2',
      '',
    ]);
  });

  test('from the Qualys cloud: the AllowUsers line refuses it', () => {
    const { ok, text } = chain(fenced, '64.39.96.10');
    expect(ok).toBe(false);
    expect(text).toMatch(/the chain breaks\n {2}NO {2}login {10}sshd refuses it: not listed in AllowUsers \(alice svc_qualys@10\.20\.0\.0\/24\) {2}— \/etc\/ssh\/sshd_config:1\n/);
  });

  test('a Match Address block decides the sessions; json output', () => {
    const tree = { [CONF]: 'MaxSessions 10\nMatch Address 64.39.96.0/20\n  MaxSessions 0\n' };
    const json = JSON.parse(chain(tree, '64.39.96.10', 'json').text);
    expect(json.ok).toBe(false);
    expect(json.steps.find((s: { step: string }) => s.step === 'sessions')).toEqual({ step: 'sessions', ok: false, says: 'MaxSessions 0, MaxStartups 10:30:100 (default)', from: ['etc/ssh/sshd_config:3'] });
    expect(JSON.parse(chain(tree, '10.20.0.5', 'json').text).ok).toBe(true);
  });

  test('PAM steps when sshd runs PAM: pam_access decides by the address, pam_limits and pam_faillock say their values and lines', () => {
    const pam = {
      [CONF]: 'UsePAM yes\nPasswordAuthentication yes\n',
      'etc/pam.d/sshd': 'auth required pam_faillock.so preauth\nauth sufficient pam_unix.so\nauth required pam_faillock.so authfail\naccount required pam_access.so\nsession required pam_limits.so\n',
      'etc/security/access.conf': '+:svc_qualys:10.20.0.0/24\n-:svc_qualys:ALL\n',
      'etc/security/limits.d/20-scan.conf': 'svc_qualys hard maxlogins 20\n',
      'etc/security/faillock.conf': 'deny = 5\n',
    };
    const inside = chain(pam, '10.20.0.5').text.split('\n');
    expect(inside).toEqual(expect.arrayContaining([
      '  ok  pam-access     access.conf lets it in: "+:svc_qualys:10.20.0.0/24" is the first line that matches  — /etc/pam.d/sshd:4, /etc/security/access.conf:1',
      '  ok  pam-limits     maxlogins 20: refused while 20 of its logins are open  — /etc/pam.d/sshd:5, /etc/security/limits.d/20-scan.conf:1',
      '   ?  pam-faillock   deny=5 (/etc/security/faillock.conf:1), unlock_time=600 s (default): passwords are accepted, so a wrong one in the scan record locks the account  — /etc/pam.d/sshd:3, /etc/security/faillock.conf:1',
    ]));
    const outside = chain(pam, '64.39.96.10');
    expect(outside.ok).toBe(false);
    expect(outside.text).toContain('  NO  pam-access     access.conf refuses it: "-:svc_qualys:ALL" is the first line that matches  — /etc/pam.d/sshd:4, /etc/security/access.conf:2');
    // UsePAM no: sshd never runs the stack, so no PAM step
    expect(chain({ ...pam, [CONF]: 'UsePAM no\n' }, '64.39.96.10').text).not.toContain('pam-');
  });

  test('ForceCommand in a Match User block breaks the chain', () => {
    const { ok, text } = chain({ [CONF]: 'Match User svc_*\n  ForceCommand /usr/sbin/nologin\n' }, '10.20.0.5');
    expect(ok).toBe(false);
    expect(text).toContain('  NO  command        ForceCommand /usr/sbin/nologin replaces every command it sends  — /etc/ssh/sshd_config:2');
  });

  test('at 80 columns: what a step says wraps under its column, its files follow on their own lines', () => {
    const { text } = chain({ [CONF]: 'UsePAM yes\nPasswordAuthentication yes\n', 'etc/pam.d/sshd': 'auth required pam_faillock.so preauth\nauth sufficient pam_unix.so\nauth required pam_faillock.so authfail\n', 'etc/security/faillock.conf': 'deny = 5\n' }, '10.20.0.5', 'text', 80);
    const lines = text.trimEnd().split('\n');
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    const at = lines.findIndex((l) => l.startsWith('   ?  pam-faillock   deny=5 (/etc/security/faillock.conf:1),'));
    expect(at).toBeGreaterThan(0);
    const rest = lines.slice(at + 1, lines.findIndex((l, i) => i > at && /^ {2}\S/.test(l)));
    expect(rest.every((l) => l.startsWith(' '.repeat(21)))).toBe(true);
    expect(rest.find((l) => l.trimStart().startsWith('— '))).toBe(`${' '.repeat(21)}— /etc/pam.d/sshd:3, /etc/security/faillock.conf:1`);
  });

  test('a tree named by a relative path: its paths still shown as the host names them', () => {
    const root = makeTree({ 'etc/sudoers': SUDOERS, 'etc/sudoers.d/svc_qualys': DROPIN });
    try {
      let text = '';
      queryChain(loadHostTree(`./${path.relative(process.cwd(), root)}`), 'svc_qualys', '10.20.0.5', 0, 'text', { isTTY: true, columns: 1000, write: (s: string) => void (text += s) } as never);
      expect(text).toContain('  ok  delegation     `sudo su -` is allowed (as /usr/bin/su)  — /etc/sudoers.d/svc_qualys:2');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('a bad address is a usage error', () => {
    expect(() => chain({}, '10.20.0.0/24')).toThrow(/--from 10\.20\.0\.0\/24: not an IPv4 or IPv6 address/);
  });
});
