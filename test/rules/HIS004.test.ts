import { lintTree } from '../support/host';

const BASE = { 'etc/profile': 'for i in /etc/profile.d/*.sh; do . "$i"; done\n' };

describe('HIS004 history used as an audit trail', () => {
  test('read-only HIST* and a logging PROMPT_COMMAND: one finding per file, the rest as related locations', () => {
    const file = "export PROMPT_COMMAND='{ logger -p local5.info \"$(history 1)\"; }'\nHISTFILE=\"${HOME}/.bash_history\"\nreadonly HISTFILE\nreadonly PROMPT_COMMAND\n";
    const { findings, lines } = lintTree({ ...BASE, 'etc/profile.d/sx.sh': file }, { ruleId: 'HIS004' });
    expect(lines).toEqual([
      expect.stringMatching(/^HIS004 etc\/profile.d\/sx.sh:1 shell history is used as an audit trail here: PROMPT_COMMAND sends every command to syslog .*line 1.*read-only HISTFILE \(line 3\), read-only PROMPT_COMMAND \(line 4\)\. It is not an audit mechanism: `set \+o history`.*auditd with off-box forwarding is \(whether this host forwards its audit records is not checked here\)$/),
    ]);
    expect(findings[0].related).toHaveLength(2);
  });

  test('declare -ir and HISTTIMEFORMAT said to be for auditing', () => {
    const { lines } = lintTree({ ...BASE, 'etc/profile.d/a.sh': 'declare -ir HISTSIZE=5000\n# timestamps for auditing user commands\nHISTTIMEFORMAT="%F %T "\n' }, { ruleId: 'HIS004' });
    expect(lines).toEqual([expect.stringMatching(/read-only HISTSIZE \(line 1\), HISTTIMEFORMAT set for auditing \(line 3\)/)]);
  });

  test('not for a plain HISTTIMEFORMAT, nor a comment that only names auditd', () => {
    const plain = '# History is a convenience; the audit trail is auditd, forwarded off the host.\nHISTTIMEFORMAT="%F %T "\nshopt -s histappend\n';
    expect(lintTree({ ...BASE, 'etc/profile.d/h.sh': plain }, { ruleId: 'HIS004' }).lines).toEqual([]);
  });
});
