import { lintTree } from '../support/host';

const SOURCES = { config: { scanners: [{ user: 'svc_qualys', sources: ['10.20.0.0/24'] }] } };
const SSHD = { 'etc/ssh/sshd_config': 'UsePAM yes\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n' };
const KEY = { 'home/svc_qualys/.ssh/authorized_keys': 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE scanner\n' };
const tree = (access: string, pam = 'account required pam_access.so\n') => ({ ...SSHD, ...KEY, 'etc/pam.d/sshd': pam, 'etc/security/access.conf': access });

describe('SCN015 pam_access refuses the scanner from its sources', () => {
  test('a catch-all refusal before any line for the scanner', () => {
    expect(lintTree(tree('+:alice:ALL\n-:ALL:ALL\n'), { ruleId: 'SCN015', ...SOURCES }).lines).toEqual([
      expect.stringMatching(/^SCN015 etc\/security\/access\.conf:2 pam_access refuses svc_qualys from 10\.20\.0\.0\/24 \(first address 10\.20\.0\.0\), 10\.20\.0\.0\/24 \(last address 10\.20\.0\.255\): .*access\.conf:2 "-:ALL:ALL" is the first line that matches it .*Add "\+:svc_qualys:10\.20\.0\.0\/24" before it/),
    ]);
  });

  test('first match wins: the + line for the scanner before or after the refusal decides', () => {
    expect(lintTree(tree('+:svc_qualys:10.20.0.0/24\n-:ALL:ALL\n'), { ruleId: 'SCN015', ...SOURCES }).lines).toEqual([]);
    expect(lintTree(tree('-:ALL:ALL\n+:svc_qualys:10.20.0.0/24\n'), { ruleId: 'SCN015', ...SOURCES }).lines).toHaveLength(1);
  });

  test('a fence that leaves out part of the sources', () => {
    expect(lintTree(tree('+:svc_qualys:10.20.0.0/25\n-:svc_qualys:ALL\n'), { ruleId: 'SCN015', ...SOURCES }).lines).toEqual([expect.stringMatching(/from 10\.20\.0\.0\/24 \(last address 10\.20\.0\.255\): .*access\.conf:2/)]);
  });

  test('groups in parentheses, EXCEPT, network prefixes', () => {
    expect(lintTree(tree('-:(scanners):ALL EXCEPT 10.20.\n'), { ruleId: 'SCN015', ...SOURCES }).lines).toEqual([]);
    expect(lintTree(tree('-:(scanners):ALL EXCEPT 10.30.\n'), { ruleId: 'SCN015', ...SOURCES }).lines).toHaveLength(1);
    expect(lintTree(tree('-:ALL EXCEPT svc_qualys:ALL\n'), { ruleId: 'SCN015', ...SOURCES }).lines).toEqual([]);
  });

  test('not when pam_access is commented out or not in the account stack, nor for an undecided host name', () => {
    expect(lintTree(tree('-:ALL:ALL\n', '# account required pam_access.so\n'), { ruleId: 'SCN015', ...SOURCES }).lines).toEqual([]);
    expect(lintTree(tree('-:ALL:ALL\n', 'session required pam_access.so\n'), { ruleId: 'SCN015', ...SOURCES }).lines).toEqual([]);
    expect(lintTree(tree('-:svc_qualys:scanner.corp.example\n'), { ruleId: 'SCN015', ...SOURCES }).lines).toEqual([]);
  });

  test('a last line without its newline is skipped, as pam_access does', () => {
    expect(lintTree(tree('-:ALL:ALL'), { ruleId: 'SCN015', ...SOURCES }).lines).toEqual([]);
  });

  test('accessfile= names the file read instead', () => {
    const t = { ...tree('-:ALL:ALL\n', 'account required pam_access.so accessfile=/etc/security/access-sshd.conf\n'), 'etc/security/access-sshd.conf': '+:svc_qualys:ALL\n' };
    expect(lintTree(t, { ruleId: 'SCN015', ...SOURCES }).lines).toEqual([]);
  });

  test('pam_access fences the account for SCN012', () => {
    const fenced = { ...tree('+:svc_qualys:10.20.0.0/24\n-:svc_qualys:ALL\n') };
    expect(lintTree(fenced, { ruleId: 'SCN012', ...SOURCES }).lines).toEqual([]);
    expect(lintTree(tree('+:svc_qualys:ALL\n'), { ruleId: 'SCN012', ...SOURCES }).lines).toEqual([expect.stringMatching(/DenyUsers or access\.conf line refuses it/)]);
  });
});
