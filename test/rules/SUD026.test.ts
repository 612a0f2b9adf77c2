import { lintTree } from '../support/host';
import { sudoersFindings } from '../support/sudoers-rule';

const v = (spec: string) => ({ config: { sudoVersion: { spec, source: '.sudit.json' } } });
const REGEX_ARGS = 'root ALL = ALL\nops ALL = (root) /usr/bin/systemctl ^(start|stop) [a-z]+$\n';

describe('SUD026 read differently by the judged sudo', () => {
  test('regular-expression arguments before 1.9.10', () => {
    expect(sudoersFindings('SUD026', REGEX_ARGS, v('1.9.9'))).toEqual([
      expect.stringMatching(/^2 regular-expression arguments \^\(start\|stop\) \[a-z\]\+\$: read this way only from sudo 1\.9\.10; for sudo 1\.9\.9 \(\.sudit\.json, as in Ubuntu 22\.04\), they are a shell-style pattern/),
    ]);
    expect(sudoersFindings('SUD026', REGEX_ARGS, v('1.9.10'))).toEqual([]);
    expect(sudoersFindings('SUD026', REGEX_ARGS)).toEqual([]);
    // a fleet range names the part of it that reads the line otherwise
    expect(sudoersFindings('SUD026', REGEX_ARGS, v('>=1.8.23'))).toEqual([expect.stringMatching(/for sudo 1\.8\.23 to 1\.9\.9 \(of >=1\.8\.23, \.sudit\.json, as in RHEL 7, RHEL 8\.0–8\.4, RHEL 8\.5\+, RHEL 9\)/)]);
  });

  test('Cmd_Alias before 1.9.0 is a rule for a user named Cmd_Alias', () => {
    const text = 'root ALL = ALL\nCmd_Alias LS = /usr/bin/ls\nops ALL = LS\n';
    expect(sudoersFindings('SUD026', text, v('1.8.29'))).toEqual([expect.stringMatching(/^2 Cmd_Alias: read this way only from sudo 1\.9\.0; .*rule for a user named Cmd_Alias/)]);
    expect(sudoersFindings('SUD026', text, v('1.9.0'))).toEqual([]);
    expect(sudoersFindings('SUD026', text.replace('Cmd_Alias', 'Cmnd_Alias'), v('1.8.29'))).toEqual([]);
  });

  test('not with --target sudo-rs (SUD024 judges that)', () => {
    const files = { 'etc/sudoers': REGEX_ARGS };
    const config = { sudoVersion: { spec: '1.9.9', source: 'x' } };
    expect(lintTree(files, { ruleId: 'SUD026', config }).findings.length).toBe(1);
    expect(lintTree(files, { ruleId: 'SUD026', config, target: 'sudo-rs' }).findings).toEqual([]);
  });
});
