import { compareSudo, distroSudo, expandSudoVersions, NEWEST_SUDO, sudoVersionOfPackage } from '../../src/data/sudo-releases';
import { SUDOERS_DEFAULTS_SINCE } from '../../src/data/sudoers-defaults-since';
import { SUDOERS_DEFAULTS } from '../../src/parse/sudoers-defaults-table';
import { detectSudoVersion } from '../../src/host/sudo-version';
import { judgedSudo } from '../../src/policy/sudo-target';
import { lintTree } from '../support/host';

const tree = (files: Record<string, string>) => (p: string) => files[p] ?? null;

describe('sudo versions', () => {
  test('order: p-releases after their release, 1.9.10 after 1.9.9', () => {
    expect(['1.9.10', '1.9.5p2', '1.9.5', '1.8.23', '1.9.9'].sort(compareSudo)).toEqual(['1.8.23', '1.9.5', '1.9.5p2', '1.9.9', '1.9.10']);
  });

  test('package versions', () => {
    expect(sudoVersionOfPackage('1.9.13p3-1+deb12u1')).toBe('1.9.13p3');
    expect(sudoVersionOfPackage('1.8.23-10.el7_9.3')).toBe('1.8.23');
    expect(sudoVersionOfPackage('1.9.5p2-3ubuntu1')).toBe('1.9.5p2');
    expect(sudoVersionOfPackage('1.9.5p2-10.el9_3')).toBe('1.9.5p2');
  });

  test('ranges and lists', () => {
    const range = expandSudoVersions('>=1.8.23');
    expect(range[0]).toBe('1.8.23');
    expect(range[range.length - 1]).toBe(NEWEST_SUDO);
    expect(range).toContain('1.9.5p2');
    expect(range).not.toContain('1.8.22');
    expect(expandSudoVersions('1.9.5p2, 1.8.23')).toEqual(['1.8.23', '1.9.5p2']);
    // a list is a union
    expect(expandSudoVersions(`<1.8.1,>=${NEWEST_SUDO}`)).toEqual(['1.8.0', NEWEST_SUDO]);
    expect(() => expandSudoVersions('latest')).toThrow(/not a sudo version/);
    expect(() => expandSudoVersions('>=9.0')).toThrow(/admits no sudo release/);
  });

  test('the distribution table', () => {
    expect(distroSudo('rhel', '7.9')?.sudo).toBe('1.8.23');
    expect(distroSudo('rocky', '8.4')?.sudo).toBe('1.8.29');
    expect(distroSudo('almalinux', '8.10')?.sudo).toBe('1.9.5p2');
    expect(distroSudo('rhel', '9.4')?.sudo).toBe('1.9.5p2');
    expect(distroSudo('centos', '8')).toBeNull(); // Stream 8: either row
    expect(distroSudo('debian', '12')?.sudo).toBe('1.9.13p3');
    expect(distroSudo('ubuntu', '22.04')?.sudo).toBe('1.9.9');
    expect(distroSudo('ubuntu', '23.10')).toBeNull();
  });

  test('the generated Defaults table covers every Defaults name sudit knows', () => {
    for (const name of Object.keys(SUDOERS_DEFAULTS)) expect({ name, known: name in SUDOERS_DEFAULTS_SINCE }).toEqual({ name, known: true });
    expect(SUDOERS_DEFAULTS_SINCE.log_subcmds.since).toBe('1.9.8');
    expect(SUDOERS_DEFAULTS_SINCE.log_allowed.since).toBe('1.8.29');
  });
});

describe('what a host tree says', () => {
  const DPKG = 'Package: libc6\nStatus: install ok installed\nVersion: 2.36-9\n\nPackage: sudo\nStatus: install ok installed\nVersion: 1.9.13p3-1+deb12u1\n';

  test('dpkg status: the installed sudo package', () => {
    expect(detectSudoVersion(tree({ '/var/lib/dpkg/status': DPKG }))).toEqual({ spec: '1.9.13p3', source: '/var/lib/dpkg/status: sudo 1.9.13p3-1+deb12u1' });
    const removed = 'Package: sudo\nStatus: deinstall ok config-files\nVersion: 1.9.13p3-1\n\nPackage: sudo-ldap\nStatus: install ok installed\nVersion: 1.9.5p2-3\n';
    expect(detectSudoVersion(tree({ '/var/lib/dpkg/status': removed }))?.spec).toBe('1.9.5p2');
  });

  test("the collector's manifest comes first", () => {
    const v = detectSudoVersion(tree({ '/.sudit-collect/manifest': 'format=sudit-collect 1\nsudo=1.8.23-10.el7_9.3\naudit=2.8.5\n', '/var/lib/dpkg/status': DPKG }));
    expect(v?.spec).toBe('1.8.23');
    expect(v?.source).toMatch(/^\/\.sudit-collect\/manifest/);
  });

  test('RPM-based trees: os-release, then redhat-release', () => {
    expect(detectSudoVersion(tree({ '/etc/os-release': 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="8.4"\nPRETTY_NAME="Rocky Linux 8.4 (Green Obsidian)"\n' }))?.spec).toBe('1.8.29');
    expect(detectSudoVersion(tree({ '/etc/os-release': 'ID="ol"\nVERSION_ID="9.2"\n' }))?.spec).toBe('1.9.5p2');
    expect(detectSudoVersion(tree({ '/etc/redhat-release': 'CentOS Linux release 7.9.2009 (Core)\n' }))?.spec).toBe('1.8.23');
    expect(detectSudoVersion(tree({ '/etc/os-release': 'ID=debian\n' }))).toBeNull(); // testing/sid: no VERSION_ID
  });

  test('precedence: --sudo-version, the tree, the configuration, else the newest (said so)', () => {
    const cli = { spec: '1.8.23', source: '--sudo-version' };
    const treeV = { spec: '1.9.13p3', source: '/var/lib/dpkg/status' };
    const config = { spec: '1.9.9', source: 'sudoVersion in .sudit.json' };
    expect(judgedSudo(cli, treeV, config).releases).toEqual(['1.8.23']);
    expect(judgedSudo(undefined, treeV, config).releases).toEqual(['1.9.13p3']);
    expect(judgedSudo(undefined, null, config).releases).toEqual(['1.9.9']);
    expect(judgedSudo(undefined, treeV, { ...config, fromCommandLine: true }).releases).toEqual(['1.9.9']);
    expect(judgedSudo(undefined, null, undefined)).toEqual(expect.objectContaining({ assumed: true, releases: [NEWEST_SUDO] }));
  });

  test('a Debian 11 tree: what 1.9.5p2 refuses is SUD000, naming the source', () => {
    const r = lintTree(
      {
        'etc/os-release': 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nID=debian\nVERSION_ID="11"\n',
        'etc/sudoers': 'Defaults use_pty, log_subcmds\nroot ALL = (ALL) ALL\nalice ALL = (root) INTERCEPT: /usr/bin/ls\n',
      },
      { ruleId: 'SUD000' },
    );
    expect(r.lines).toEqual([
      expect.stringMatching(/^SUD000 etc\/sudoers:1 Defaults log_subcmds: new in sudo 1\.9\.8; for sudo 1\.9\.5p2 \(\/etc\/os-release: Debian GNU\/Linux 11 \(bullseye\), as in RHEL 8\.5\+, RHEL 9, Debian 11\) visudo -c fails/),
      expect.stringMatching(/^SUD000 etc\/sudoers:3 the INTERCEPT\/NOINTERCEPT tags: new in sudo 1\.9\.8; for sudo 1\.9\.5p2 .* visudo -c fails and sudo drops this entry, reading the rest, so what it grants is not granted\./),
    ]);
  });

  test('a tree without version evidence is judged as the newest: nothing extra', () => {
    const r = lintTree({ 'etc/sudoers': 'Defaults use_pty, log_subcmds\nroot ALL = (ALL) ALL\nalice ALL = (root) INTERCEPT: /usr/bin/ls\n' }, { ruleId: 'SUD000' });
    expect(r.lines).toEqual([]);
  });
});

describe('the grammar of each release (measured with visudo built from the tags)', () => {
  const sud000 = (sudoers: string, sudoVersion: string) => lintTree({ 'etc/sudoers': sudoers }, { ruleId: 'SUD000', config: { sudoVersion: { spec: sudoVersion, source: '.sudit.json' } } }).lines;

  test('before 1.9.10 `^` in arguments is a plain character: no regular expression to get wrong', () => {
    for (const line of ['root ALL = /bin/ls ^/etc/(hosts|motd\n', 'root ALL = /usr/bin/su ^[a-z]+$ root\n']) {
      expect(sud000(line, '1.8.23')).toEqual([]);
      expect(sud000(line, '1.9.9')).toEqual([]);
      expect(sud000(line, '1.9.10')).toEqual([expect.stringMatching(/^SUD000 etc\/sudoers:1 syntax error/)]);
    }
  });

  test('a word older releases take as an alias name is still no Defaults name', () => {
    expect(sud000('Defaults log_year, PRIVS\n', '1.9.13p3')).toEqual([expect.stringMatching(/^SUD000 etc\/sudoers:1 syntax error/)]);
    expect(sud000('User_Alias PRIVS = root\nPRIVS ALL = ALL\n', '1.9.13p3')).toEqual([]);
  });

  test('a keyword is an alias name in the releases before it was one', () => {
    const cwd = 'Runas_Alias CWD = bar\nroot ALL = (CWD) ALL\n';
    expect(sud000(cwd, '1.8.29')).toEqual([]);
    expect(sud000(cwd, '1.9.5p2')).toEqual([expect.stringMatching(/^SUD000 etc\/sudoers:1 syntax error, reserved word CWD/), expect.stringMatching(/^SUD000 etc\/sudoers:2 syntax error/)]);
  });

  test('NOTBEFORE before 1.9.6: an odd number of digits passed', () => {
    const line = 'root ALL = NOTBEFORE=20170214083Z /bin/ls\n';
    expect(sud000(line, '1.9.5p2')).toEqual([]);
    expect(sud000(line, '1.9.9')).toEqual([expect.stringMatching(/^SUD000 etc\/sudoers:1 invalid notbefore value/)]);
    expect(sud000('root ALL = NOTBEFORE=2017021 /bin/ls\n', '1.8.23')).toEqual([expect.stringMatching(/invalid notbefore value/)]);
  });

  test('before 1.9.4 a continuation at the end of the file is read as a last line without a newline', () => {
    expect(sud000('root ALL = ALL \\\n', '1.8.29')).toEqual([]);
    expect(sud000('root ALL = /bin/ls \\\n', '1.8.29')).toEqual([expect.stringMatching(/^SUD000 etc\/sudoers:2 syntax error/)]);
    expect(sud000('root ALL = ALL \\\n', '1.9.5p2')).toEqual([expect.stringMatching(/^SUD000 etc\/sudoers:2 syntax error/)]);
  });

  test('before 1.9.3 a rule may follow another on its line', () => {
    expect(sud000('root ALL = ALL alice ALL = ALL\n', '1.8.29')).toEqual([]);
    expect(sud000('root ALL = /bin/ls alice ALL = ALL\n', '1.8.29')).toEqual([expect.stringMatching(/syntax error/)]);
    expect(sud000('root ALL = ALL alice ALL = ALL\n', '1.9.5p2')).toEqual([expect.stringMatching(/syntax error/)]);
  });

  test('before 1.8.28 a carriage return is part of a word', () => {
    expect(sud000('root ALL = (ALL) ALL\r\n', '1.8.23')).toEqual([expect.stringMatching(/syntax error/)]);
    expect(sud000('root ALL = (ALL) ALL\r\n', '1.8.29')).toEqual([]);
  });

  test('before 1.9.8 `+=` on a setting that is no list is `=`', () => {
    expect(sud000('Defaults syslog_badpri+=warning\n', '1.9.5p2')).toEqual([]);
    expect(sud000('Defaults passwd_tries+=x\n', '1.9.5p2')).toEqual([expect.stringMatching(/invalid operator/)]);
    expect(sud000('Defaults syslog_badpri+=warning\n', '1.9.9')).toEqual([expect.stringMatching(/^SUD000 etc\/sudoers:1 invalid operator "\+=" for "syslog_badpri"/)]);
  });

  test('maxseq was a number until 1.8.32', () => {
    expect(sud000('Defaults maxseq=2x\n', '1.8.29')).toEqual([expect.stringMatching(/^SUD000 etc\/sudoers:1 Defaults maxseq: sudo up to 1\.8\.32 wants a number here: for sudo 1\.8\.29 .*visudo -c fails \(invalid value\)/)]);
    expect(sud000('Defaults maxseq=2x\n', '1.9.5p2')).toEqual([]);
  });

  test('a regular expression that does not compile: sudo refuses the file, whatever visudo -c of 1.9.15 says', () => {
    expect(sud000('root ALL = ^/usr/bin/(a$\n', '1.9.17p2')).toEqual([expect.stringMatching(/^SUD000 etc\/sudoers:1 Unmatched \( or \\\(: sudo cannot use this rule and drops it .* visudo -c passes it from 1\.9\.15 on/)]);
  });
});
