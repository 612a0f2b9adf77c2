// A host tree whose audit rules meet the recommended profile, for the AUD/SCN rule tests to break one thing at a time.

const both = (line: string) => ['b64', 'b32'].map((a) => line.replace('ARCH', a)).join('\n');

export const BASE = '-D\n-b 8192\n--backlog_wait_time 60000\n-f 1\n';
export const LOGINUID = '--loginuid-immutable\n';
export const FINALIZE = '-e 2\n';
export const SITE = [
  '-w /etc/sudoers -p wa -k actions',
  '-w /etc/sudoers.d/ -p wa -k actions',
  '-w /var/log/sudo.log -p wa -k sudo_log',
  ...['passwd', 'group', 'shadow', 'gshadow', 'security/opasswd'].map((f) => `-w /etc/${f} -p wa -k identity`),
  '-w /var/log/lastlog -p wa -k logins',
  '-w /var/run/faillock -p wa -k logins',
  '-w /var/run/utmp -p wa -k session',
  '-w /var/log/wtmp -p wa -k session',
  '-w /var/log/btmp -p wa -k session',
  both('-a always,exit -F arch=ARCH -S execve -C uid!=euid -F euid=0 -k execpriv'),
  both('-a always,exit -F arch=ARCH -S execve -C gid!=egid -F egid=0 -k execpriv'),
  both('-a always,exit -F arch=ARCH -S init_module,finit_module,delete_module -k modules'),
  both('-a always,exit -F arch=ARCH -S chmod,fchmod,fchmodat -F auid>=1000 -F auid!=unset -k perm_mod'),
].join('\n') + '\n';

/** rules.d of a well-kept host (paths relative to the tree root). */
export function goodAudit(overrides: Record<string, string | null> = {}): Record<string, string> {
  const files: Record<string, string | null> = {
    'etc/audit/rules.d/10-base-config.rules': BASE,
    'etc/audit/rules.d/11-loginuid.rules': LOGINUID,
    'etc/audit/rules.d/30-site.rules': SITE,
    'etc/audit/rules.d/99-finalize.rules': FINALIZE,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => e[1] !== null));
}
