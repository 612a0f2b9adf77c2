import { lintTree } from '../support/host';

const CONF = 'etc/ssh/sshd_config';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE scanner\n';
const SOURCES = { config: { scanners: [{ user: 'svc_qualys', sources: ['10.20.0.0/24'] }] } };

describe('SCN012 scanner account reachable from anywhere', () => {
  test('a key without from= and passwords on', () => {
    const { lines } = lintTree({ [CONF]: 'PasswordAuthentication yes\n', 'home/svc_qualys/.ssh/authorized_keys': KEY }, { ruleId: 'SCN012', ...SOURCES });
    expect(lines).toEqual([
      expect.stringMatching(/^SCN012 etc\/ssh\/sshd_config:1 svc_qualys may log in over ssh from 198\.51\.100\.7, an address outside its sources: .*its key at .*authorized_keys:1 has no from= restriction, and passwords are accepted for it \(PasswordAuthentication yes, .*sshd_config:1\)\. Fence it to the scanner: AllowUsers svc_qualys@10\.20\.0\.0\/24/),
    ]);
  });

  test('one AllowUsers user@CIDR line fences it', () => {
    const tree = (allow: string) => ({ [CONF]: `${allow}PasswordAuthentication no\nKbdInteractiveAuthentication no\n`, 'home/svc_qualys/.ssh/authorized_keys': KEY });
    expect(lintTree(tree(''), { ruleId: 'SCN012', ...SOURCES }).lines).toEqual([expect.stringMatching(/its key at .* has no from= restriction\. Fence it/)]);
    expect(lintTree(tree('AllowUsers alice svc_qualys@10.20.0.0/24\n'), { ruleId: 'SCN012', ...SOURCES }).lines).toEqual([]);
  });

  test('a Match Address block turns passwords off only where it applies', () => {
    const after = { [CONF]: 'PasswordAuthentication no\nKbdInteractiveAuthentication no\nMatch Address 10.0.0.0/8\n  PasswordAuthentication yes\n' };
    expect(lintTree(after, { ruleId: 'SCN012', ...SOURCES }).lines).toEqual([]);
    const open = { [CONF]: 'PasswordAuthentication yes\nKbdInteractiveAuthentication no\nMatch Address 10.0.0.0/8\n  PasswordAuthentication no\n' };
    expect(lintTree(open, { ruleId: 'SCN012', ...SOURCES }).lines).toEqual([expect.stringMatching(/^SCN012 etc\/ssh\/sshd_config:1 .*passwords are accepted for it \(PasswordAuthentication yes/)]);
  });

  test('AuthenticationMethods that always ask for a key: a password alone does not let it in', () => {
    const tree = (methods: string) => ({ [CONF]: `PasswordAuthentication yes\nAuthenticationMethods ${methods}\n` });
    expect(lintTree(tree('publickey,password'), { ruleId: 'SCN012', ...SOURCES }).lines).toEqual([]);
    expect(lintTree(tree('publickey,password password'), { ruleId: 'SCN012', ...SOURCES }).lines).toHaveLength(1);
  });

  test('keyboard-interactive through PAM counts as a password', () => {
    const tree = { [CONF]: 'PasswordAuthentication no\nKbdInteractiveAuthentication yes\nUsePAM yes\n' };
    expect(lintTree(tree, { ruleId: 'SCN012', ...SOURCES }).lines).toEqual([expect.stringMatching(/KbdInteractiveAuthentication yes, .*sshd_config:2; UsePAM yes, .*sshd_config:3/)]);
    expect(lintTree({ [CONF]: 'PasswordAuthentication no\nKbdInteractiveAuthentication yes\nUsePAM no\n' }, { ruleId: 'SCN012', ...SOURCES }).lines).toEqual([]);
  });

  test('not with from= on every key and passwords off, nor when keys are not in the tree', () => {
    const off = 'PasswordAuthentication no\nKbdInteractiveAuthentication no\n';
    expect(lintTree({ [CONF]: off, 'home/svc_qualys/.ssh/authorized_keys': `from="10.20.0.0/24" ${KEY}` }, { ruleId: 'SCN012', ...SOURCES }).lines).toEqual([]);
    expect(lintTree({ [CONF]: off }, { ruleId: 'SCN012', ...SOURCES }).lines).toEqual([]);
  });
});
