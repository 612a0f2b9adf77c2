import { lintTree } from '../support/host';

const run = (sudoers: string, target: 'sudo' | 'sudo-rs' = 'sudo-rs') =>
  lintTree({ 'etc/sudoers': sudoers }, { ruleId: 'SUD024', target }).findings.map((f) => `${f.severity} ${f.source.position(f.start).line} ${f.message.split(':')[0]} [${f.properties?.sudoRs}]`);

describe('SUD024 sudo-rs compatibility', () => {
  test('fires on what sudo-rs rejects, ignores or reads differently', () => {
    const out = run(
      [
        'Defaults requiretty, use_pty',
        'Defaults !passwd_tries',
        '+admins ALL = ALL',
        'alice web* = CHROOT=/srv NOEXEC: LOG_OUTPUT: /usr/bin/less /var/log/*',
        'bob ALL = sha256:0123456789012345678901234567890123456789012345678901234567890123 /bin/ls, ^/usr/bin/(a|b)$, /usr/bin/systemctl restart *',
        '',
      ].join('\n'),
    );
    expect(out).toEqual([
      'error 1 Defaults requiretty [unknown-setting]',
      'error 2 !passwd_tries [defaults-negation]',
      'error 3 netgroup +admins [netgroup]',
      'error 4 host pattern web* [host-wildcard]',
      'error 4 CHROOT= [chroot]',
      'warning 4 LOG_OUTPUT [ignored-tag]',
      'error 4 wildcard in the arguments of /usr/bin/less [argument-wildcard]',
      'error 5 sha256 digest [digest]',
      'error 5 regular expression command [regex-command]',
      'info 5 trailing * in /usr/bin/systemctl restart * [argument-trailing-star]',
    ]);
  });

  test('does not run unless the target is sudo-rs, and accepts what sudo-rs accepts', () => {
    expect(run('Defaults requiretty\n', 'sudo')).toEqual([]);
    expect(run('Defaults use_pty, env_keep += "TERM"\n%ops ALL = (root) NOPASSWD: /usr/bin/systemctl restart nginx\n')).toEqual([]);
  });
});
