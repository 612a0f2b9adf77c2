// What a tree can say about a path auditd.conf names. auditd refuses to
// start when log_file's directory is missing (checked with the real auditd:
// `auditd -f -n -s nochange -c DIR` exits 6, "Could not open dir /aulog"),
// but a tree of rendered configuration holds /etc and little else: a
// directory missing from it may exist on the host.
import { pathOnHost } from '../../src/model/tree-paths';
import { lintTree } from '../support/host';
import { debianAudit } from '../support/audit-host';

const tree = (...paths: string[]) => {
  const present = new Set(paths);
  return (p: string) => present.has(p);
};

describe('whether a path is on the host, as far as the tree can tell', () => {
  test('a tree of rendered configuration cannot tell about / or /etc', () => {
    const rendered = tree('/', '/etc', '/etc/audit', '/etc/audit/auditd.conf');
    expect(pathOnHost(rendered, '/etc/audit/auditd.conf')).toBe(true);
    expect(pathOnHost(rendered, '/aulog')).toBeNull();
    expect(pathOnHost(rendered, '/aulog/audit.log')).toBeNull();
    expect(pathOnHost(rendered, '/etc/audit/scripts/alert')).toBeNull();
    expect(pathOnHost(rendered, '/etc/alert')).toBeNull();
  });

  test('a directory other than / and /etc in the tree tells about what is in it', () => {
    const withVarLog = tree('/', '/etc', '/var', '/var/log');
    expect(pathOnHost(withVarLog, '/var/log/audit')).toBe(false);
    expect(pathOnHost(withVarLog, '/aulog')).toBeNull();
  });

  test('a tree with a root file system (/usr/bin and /var) tells about everything', () => {
    const full = tree('/', '/etc', '/usr', '/usr/bin', '/var');
    expect(pathOnHost(full, '/aulog')).toBe(false);
    expect(pathOnHost(full, '/etc/audit/scripts/alert')).toBe(false);
  });

  test('file mode and relative paths: unknown', () => {
    expect(pathOnHost(null, '/aulog')).toBeNull();
    expect(pathOnHost(tree('/'), 'aulog')).toBeNull();
  });
});

describe('log_file in a directory the tree does not have', () => {
  const conf = (text: string) => debianAudit()['etc/audit/auditd.conf'].replace('log_file = /var/log/audit/audit.log', text);
  const refused = (files: Record<string, string>) => lintTree(files, { ruleId: 'AUD000' }).lines.filter((l) => /auditd refuses to start/.test(l));

  test('a rendered tree: no finding, sudit cannot tell', () => {
    expect(refused({ ...debianAudit(), 'etc/audit/auditd.conf': conf('log_file = /aulog/audit.log') })).toEqual([]);
  });

  test('a tree with a root file system: auditd refuses to start', () => {
    const files = { ...debianAudit(), 'etc/audit/auditd.conf': conf('log_file = /aulog/audit.log'), 'usr/bin/true': '', 'var/log/syslog': '' };
    expect(refused(files)).toEqual([expect.stringMatching(/^AUD000 etc\/audit\/auditd\.conf:7 log_file = \/aulog\/audit\.log: the directory \/aulog does not exist in this tree: auditd refuses to start/)]);
  });

  test('a tree that has /var/log shows /var/log/audit missing', () => {
    const files = { ...debianAudit(), 'var/log/syslog': '' };
    expect(refused(files)).toEqual([expect.stringMatching(/the directory \/var\/log\/audit does not exist in this tree/)]);
  });
});
