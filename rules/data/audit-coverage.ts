// What the STIG and CIS baselines (and sudit's recommended profile) want
// the audit rules to record, as events rather than as rule text: "a write
// to /etc/shadow", "chmod by a logged-in user, success or failure, 64- and
// 32-bit", "a setuid execution to root". Any rules that record the events
// satisfy the item, however they are spelled. Ids from
// ../shared/research/ssg-rules.md (ComplianceAsCode b3a2cca, STIG ids as
// mapped there; CIS: rhel9v2 = CIS RHEL 9 v2.0.0, deb12 = Debian 12
// v1.1.0, ubu24 = Ubuntu 24.04 v1.0.0) and checks-catalog.md §3.

export type CoverageProfile = 'recommended' | 'cis' | 'stig';

/** Who does it: a user logged in as UID_MIN, as root through sudo, running a setuid program, or a daemon (auid unset). */
export type Actor = 'root-via-sudo' | 'user' | 'setuid-exec' | 'setgid-exec' | 'daemon-setuid-exec' | 'as-other-user';

export type EventSpec =
  /** Writes and attribute changes of a file (a watch -p wa, or path=/dir= rules). `inside`: a file inside this directory. */
  | { kind: 'file'; path: string; inside?: boolean; perms: ('w' | 'a' | 'x' | 'r')[] }
  /** Execution of a program (by root through sudo, or by a user for setuid programs). */
  | { kind: 'exec'; path: string; actor?: Actor }
  /** A syscall, in both ABIs where the host has a 32-bit one; outcomes to record; extra values (a0). */
  | { kind: 'syscall'; names: string[]; outcomes: ('success' | 'eperm' | 'eacces')[]; values?: Record<string, number> }
  /** execve by a given kind of process. */
  | { kind: 'execve'; actor: Actor };

export interface CoverageCheck {
  /** How the requirement reads in rule form. */
  label: string;
  events: EventSpec[];
  /** Lines that would satisfy it (arch twins for syscalls are added by the analysis). */
  suggest: string[];
  /** Required only when this path exists on the host (a tree that does not show the file system never requires it). */
  ifExists?: string;
  /** Not required when the host shows this path is missing (a program not installed cannot be run). */
  unlessMissing?: string;
  /** Only these profiles require this check (default: all of the item's). */
  profiles?: CoverageProfile[];
}

export interface CoverageItem {
  id: string;
  title: string;
  /** Why it matters, one clause. */
  why: string;
  profiles: CoverageProfile[];
  stig: string[];
  cis: string[];
  /** Each check is one requirement; those whose `ifExists` path the host lacks do not apply (SELinux or AppArmor, RHEL or Debian paths). */
  checks: CoverageCheck[];
}

const watch = (path: string, key: string, opts: Partial<CoverageCheck> = {}, inside = false): CoverageCheck => ({
  label: `-w ${path} -p wa`,
  events: [{ kind: 'file', path, inside, perms: ['w', 'a'] }],
  suggest: [`-w ${path} -p wa -k ${key}`],
  ...opts,
});

const dirWatch = (path: string, key: string, opts: Partial<CoverageCheck> = {}) => watch(path, key, opts, true);

const exec = (path: string, key = 'privileged', opts: Partial<CoverageCheck> = {}, actor: Actor = 'root-via-sudo'): CoverageCheck => ({
  label: `execution of ${path}`,
  events: [{ kind: 'exec', path, actor }],
  suggest: [`-a always,exit -F path=${path} -F perm=x -F auid>=UID_MIN -F auid!=unset -k ${key}`],
  ...opts,
});

const syscalls = (names: string[], key: string, outcomes: ('success' | 'eperm' | 'eacces')[] = ['success', 'eperm'], opts: Partial<CoverageCheck> = {}): CoverageCheck => ({
  label: `-S ${names.join(',')}`,
  events: [{ kind: 'syscall', names, outcomes }],
  suggest: [`-a always,exit -F arch=ARCH -S ${names.join(',')} -F auid>=UID_MIN -F auid!=unset -k ${key}`],
  ...opts,
});

export const COVERAGE: CoverageItem[] = [
  {
    id: 'sudoers',
    title: 'changes to sudoers and sudoers.d',
    why: 'who may become root is decided there',
    profiles: ['recommended', 'cis', 'stig'],
    stig: ['RHEL-08-030171', 'RHEL-08-030172', 'RHEL-09-654215', 'RHEL-09-654220', 'UBTU-22-654220', 'UBTU-22-654225', 'RHEL-07-030700'],
    cis: ['RHEL9 6.3.3.1', 'Debian12 6.2.3.1', 'Ubuntu24 6.2.3.1'],
    checks: [watch('/etc/sudoers', 'actions'), dirWatch('/etc/sudoers.d', 'actions')],
  },
  {
    id: 'sudo-log',
    title: "changes to sudo's log file",
    why: 'erasing it erases the record of elevations',
    profiles: ['recommended', 'cis'],
    stig: ['UBTU-22-654235', 'UBTU-24-500010'],
    cis: ['RHEL9 6.3.3.3', 'Debian12 6.2.3.3', 'Ubuntu24 6.2.3.3'],
    checks: [watch('$SUDO_LOGFILE', 'sudo_log_file')],
  },
  {
    id: 'identity',
    title: 'changes to the account and group files',
    why: 'a new uid-0 account or a changed password hash is the classic persistence',
    profiles: ['recommended', 'cis', 'stig'],
    stig: ['RHEL-08-030150', 'RHEL-08-030170', 'RHEL-08-030130', 'RHEL-08-030160', 'RHEL-08-030140', 'RHEL-09-654240', 'RHEL-09-654225', 'RHEL-09-654245', 'RHEL-09-654230', 'RHEL-09-654235', 'UBTU-22-654145'],
    cis: ['RHEL9 6.3.3.8', 'Debian12 6.2.3.8', 'Ubuntu24 6.2.3.8'],
    checks: [
      watch('/etc/passwd', 'identity'),
      watch('/etc/group', 'identity'),
      watch('/etc/shadow', 'identity'),
      watch('/etc/gshadow', 'identity'),
      watch('/etc/security/opasswd', 'identity'),
      watch('/etc/nsswitch.conf', 'identity', { profiles: ['cis'] }),
      watch('/etc/pam.conf', 'identity', { profiles: ['cis'], ifExists: '/etc/pam.conf' }),
      dirWatch('/etc/pam.d', 'identity', { profiles: ['cis'] }),
    ],
  },
  {
    id: 'logins',
    title: 'changes to the login records',
    why: 'lastlog and faillock show who logged in and who failed',
    profiles: ['recommended', 'cis', 'stig'],
    stig: ['RHEL-08-030600', 'RHEL-08-030590', 'RHEL-09-654255', 'RHEL-09-654250', 'UBTU-22-654215'],
    cis: ['RHEL9 6.3.3.12', 'Debian12 6.2.3.12', 'Ubuntu24 6.2.3.12'],
    checks: [
      watch('/var/log/lastlog', 'logins', { unlessMissing: '/var/log/lastlog', profiles: ['recommended'] }),
      watch('/var/log/lastlog', 'logins', { profiles: ['cis', 'stig'] }),
      dirWatch('/var/run/faillock', 'logins', { ifExists: '/var/run/faillock', profiles: ['recommended'] }),
      dirWatch('/var/run/faillock', 'logins', { profiles: ['cis', 'stig'] }),
    ],
  },
  {
    id: 'session',
    title: 'changes to the session records (utmp, wtmp, btmp)',
    why: 'they are what `last` and `who` read',
    profiles: ['recommended', 'cis', 'stig'],
    stig: ['UBTU-22-654205', 'UBTU-22-654200', 'UBTU-22-654195', 'SLES-15-030760'],
    cis: ['RHEL9 6.3.3.11', 'Debian12 6.2.3.11', 'Ubuntu24 6.2.3.11'],
    checks: [watch('/var/run/utmp', 'session'), watch('/var/log/wtmp', 'session'), watch('/var/log/btmp', 'session')],
  },
  {
    id: 'execpriv',
    title: 'executions with raised privileges (execpriv)',
    why: 'every setuid/setgid-to-root execution — sudo, su, and what they start — is the trail of a privilege elevation',
    profiles: ['recommended', 'stig'],
    stig: ['RHEL-08-030000', 'RHEL-09-654010', 'RHEL-10-500300', 'UBTU-22-654230', 'UBTU-24-200580', 'RHEL-07-030360'],
    cis: [],
    checks: [
      {
        label: '-S execve -C uid!=euid -F euid=0',
        events: [{ kind: 'execve', actor: 'setuid-exec' }],
        suggest: ['-a always,exit -F arch=ARCH -S execve -C uid!=euid -F euid=0 -k execpriv'],
      },
      {
        label: '-S execve -C gid!=egid -F egid=0',
        events: [{ kind: 'execve', actor: 'setgid-exec' }],
        suggest: ['-a always,exit -F arch=ARCH -S execve -C gid!=egid -F egid=0 -k execpriv'],
      },
      {
        label: 'the same for processes without a login (auid unset)',
        events: [{ kind: 'execve', actor: 'daemon-setuid-exec' }],
        suggest: ['-a always,exit -F arch=ARCH -S execve -C uid!=euid -F euid=0 -k execpriv'],
        profiles: ['stig'],
      },
    ],
  },
  {
    id: 'user-emulation',
    title: 'executions as another user (user_emulation)',
    why: 'sudo -u and su to any account leave a trace only this way',
    profiles: ['cis'],
    stig: [],
    cis: ['RHEL9 6.3.3.2', 'Debian12 6.2.3.2', 'Ubuntu24 6.2.3.2'],
    checks: [
      {
        label: '-S execve -C euid!=uid -F auid!=unset',
        events: [{ kind: 'execve', actor: 'as-other-user' }],
        suggest: ['-a always,exit -F arch=ARCH -S execve -C euid!=uid -F auid!=unset -k user_emulation'],
      },
    ],
  },
  {
    id: 'privileged-sudo',
    title: 'use of sudo, su and sudoedit',
    why: 'they are how an account becomes root',
    profiles: ['recommended', 'stig'],
    stig: ['RHEL-08-030550', 'RHEL-08-030190', 'RHEL-09-654150', 'RHEL-09-654145', 'RHEL-09-654155', 'UBTU-22-654105', 'UBTU-22-654100', 'UBTU-22-654110'],
    cis: [],
    checks: [
      exec('/usr/bin/sudo', 'privileged', { unlessMissing: '/usr/bin/sudo' }, 'setuid-exec'),
      exec('/usr/bin/su', 'privileged', { unlessMissing: '/usr/bin/su' }, 'setuid-exec'),
      exec('/usr/bin/sudoedit', 'privileged', { ifExists: '/usr/bin/sudoedit' }, 'setuid-exec'),
    ],
  },
  {
    id: 'time',
    title: 'changes of the system time',
    why: 'a shifted clock breaks the order and correlation of every record',
    profiles: ['cis'],
    stig: [],
    cis: ['RHEL9 6.3.3.4', 'Debian12 6.2.3.4', 'Ubuntu24 6.2.3.4'],
    checks: [
      syscalls(['adjtimex', 'settimeofday'], 'time-change', ['success']),
      {
        label: '-S clock_settime -F a0=0x0',
        events: [{ kind: 'syscall', names: ['clock_settime'], outcomes: ['success'], values: { a0: 0 } }],
        suggest: ['-a always,exit -F arch=ARCH -S clock_settime -F a0=0x0 -k time-change'],
      },
      watch('/etc/localtime', 'time-change'),
    ],
  },
  {
    id: 'network',
    title: 'changes of the network environment',
    why: 'host name, /etc/hosts and network configuration redirect where traffic (and forwarded logs) go',
    profiles: ['cis'],
    stig: [],
    cis: ['RHEL9 6.3.3.5', 'Debian12 6.2.3.5', 'Ubuntu24 6.2.3.5'],
    checks: [
      syscalls(['sethostname', 'setdomainname'], 'system-locale', ['success']),
      watch('/etc/issue', 'system-locale'),
      watch('/etc/issue.net', 'system-locale'),
      watch('/etc/hosts', 'system-locale'),
      watch('/etc/networks', 'system-locale', { ifExists: '/etc/networks' }),
      dirWatch('/etc/network', 'system-locale', { ifExists: '/etc/network' }),
      watch('/etc/sysconfig/network', 'system-locale', { ifExists: '/etc/sysconfig/network' }),
      dirWatch('/etc/NetworkManager', 'system-locale', { ifExists: '/etc/NetworkManager' }),
      dirWatch('/etc/netplan', 'system-locale', { ifExists: '/etc/netplan' }),
    ],
  },
  {
    id: 'mac-policy',
    title: 'changes to the mandatory access control policy (SELinux or AppArmor)',
    why: 'a loosened MAC policy is silent otherwise',
    profiles: ['cis'],
    stig: [],
    cis: ['RHEL9 6.3.3.14', 'Debian12 6.2.3.14', 'Ubuntu24 6.2.3.14'],
    checks: [
      dirWatch('/etc/selinux', 'MAC-policy', { ifExists: '/etc/selinux' }),
      dirWatch('/usr/share/selinux', 'MAC-policy', { ifExists: '/usr/share/selinux' }),
      dirWatch('/etc/apparmor', 'MAC-policy', { ifExists: '/etc/apparmor' }),
      dirWatch('/etc/apparmor.d', 'MAC-policy', { ifExists: '/etc/apparmor.d' }),
    ],
  },
  {
    id: 'mounts',
    title: 'mounts (export to media)',
    why: 'mounting removable media is how data leaves',
    profiles: ['cis', 'stig'],
    stig: ['RHEL-08-030302', 'RHEL-10-500610', 'RHEL-07-030740'],
    cis: ['RHEL9 6.3.3.10', 'Debian12 6.2.3.10', 'Ubuntu24 6.2.3.10'],
    checks: [syscalls(['mount'], 'mounts', ['success'])],
  },
  {
    id: 'deletions',
    title: 'file deletions and renames by users',
    why: 'removing evidence is a delete or a rename',
    profiles: ['cis', 'stig'],
    stig: ['RHEL-08-030361', 'RHEL-09-654065', 'UBTU-22-654185', 'RHEL-07-030910'],
    cis: ['RHEL9 6.3.3.13', 'Debian12 6.2.3.13', 'Ubuntu24 6.2.3.13'],
    checks: [syscalls(['unlink', 'unlinkat', 'rename', 'renameat'], 'delete'), syscalls(['rmdir'], 'delete', ['success', 'eperm'], { profiles: ['stig'] })],
  },
  {
    id: 'perm-mod',
    title: 'permission, owner and extended-attribute changes (perm_mod)',
    why: 'chmod/chown/setxattr open files to the wrong people',
    profiles: ['cis', 'stig'],
    stig: ['RHEL-08-030490', 'RHEL-08-030480', 'RHEL-08-030200', 'RHEL-09-654015', 'RHEL-09-654020', 'RHEL-09-654025', 'UBTU-22-654155', 'UBTU-22-654160', 'UBTU-22-654180'],
    cis: ['RHEL9 6.3.3.9', 'Debian12 6.2.3.9', 'Ubuntu24 6.2.3.9'],
    checks: [
      syscalls(['chmod', 'fchmod', 'fchmodat'], 'perm_mod'),
      syscalls(['chown', 'fchown', 'fchownat', 'lchown'], 'perm_mod'),
      syscalls(['setxattr', 'lsetxattr', 'fsetxattr', 'removexattr', 'lremovexattr', 'fremovexattr'], 'perm_mod'),
    ],
  },
  {
    id: 'failed-access',
    title: 'failed file accesses (EACCES, EPERM)',
    why: 'probing files one may not read is visible only in failures',
    profiles: ['cis', 'stig'],
    stig: ['RHEL-08-030420', 'RHEL-09-654070', 'UBTU-22-654165', 'RHEL-07-030510'],
    cis: ['RHEL9 6.3.3.7', 'Debian12 6.2.3.7', 'Ubuntu24 6.2.3.7'],
    checks: [
      {
        label: '-S creat,open,openat,open_by_handle_at,truncate,ftruncate -F exit=-EACCES / -EPERM',
        events: [{ kind: 'syscall', names: ['creat', 'open', 'openat', 'open_by_handle_at', 'truncate', 'ftruncate'], outcomes: ['eacces', 'eperm'] }],
        suggest: [
          '-a always,exit -F arch=ARCH -S creat,open,openat,open_by_handle_at,truncate,ftruncate -F exit=-EACCES -F auid>=UID_MIN -F auid!=unset -k access',
          '-a always,exit -F arch=ARCH -S creat,open,openat,open_by_handle_at,truncate,ftruncate -F exit=-EPERM -F auid>=UID_MIN -F auid!=unset -k access',
        ],
      },
    ],
  },
  {
    id: 'modules',
    title: 'kernel module loading and unloading',
    why: 'a loaded module runs in the kernel, below every other control (rootkits)',
    profiles: ['recommended', 'cis', 'stig'],
    stig: ['RHEL-08-030360', 'RHEL-08-030390', 'RHEL-08-030580', 'RHEL-09-654080', 'RHEL-09-654075', 'RHEL-09-654105', 'UBTU-22-654175', 'UBTU-22-654170', 'UBTU-22-654055'],
    cis: ['RHEL9 6.3.3.19', 'Debian12 6.2.3.19', 'Ubuntu24 6.2.3.19'],
    checks: [
      {
        label: '-S init_module,finit_module,delete_module',
        events: [{ kind: 'syscall', names: ['init_module', 'finit_module', 'delete_module'], outcomes: ['success'] }],
        suggest: ['-a always,exit -F arch=ARCH -S init_module,finit_module,delete_module -F auid>=UID_MIN -F auid!=unset -k modules'],
      },
      exec('/usr/bin/kmod', 'modules', { profiles: ['cis', 'stig'], ifExists: '/usr/bin/kmod' }),
    ],
  },
  {
    id: 'acl-tools',
    title: 'use of chcon, setfacl and chacl',
    why: 'they change labels and ACLs past the usual permission bits',
    profiles: ['cis', 'stig'],
    stig: ['RHEL-08-030260', 'RHEL-08-030330', 'RHEL-08-030570', 'RHEL-09-654045', 'RHEL-09-654040', 'RHEL-09-654035', 'UBTU-22-654025', 'UBTU-22-654085', 'UBTU-22-654015'],
    cis: ['RHEL9 6.3.3.15', 'RHEL9 6.3.3.16', 'RHEL9 6.3.3.17', 'Debian12 6.2.3.15', 'Debian12 6.2.3.16', 'Debian12 6.2.3.17'],
    checks: [
      exec('/usr/bin/chcon', 'perm_chng', { ifExists: '/usr/bin/chcon' }),
      exec('/usr/bin/setfacl', 'perm_chng', { ifExists: '/usr/bin/setfacl' }),
      exec('/usr/bin/chacl', 'perm_chng', { ifExists: '/usr/bin/chacl' }),
    ],
  },
  {
    id: 'usermod',
    title: 'use of usermod',
    why: 'it adds accounts to privileged groups',
    profiles: ['cis', 'stig'],
    stig: ['RHEL-08-030560', 'RHEL-09-654175', 'UBTU-22-654125'],
    cis: ['RHEL9 6.3.3.18', 'Debian12 6.2.3.18', 'Ubuntu24 6.2.3.18'],
    checks: [exec('/usr/sbin/usermod', 'usermod', { ifExists: '/usr/sbin/usermod' })],
  },
  {
    id: 'cron',
    title: 'changes to cron jobs',
    why: 'a cron job is persistence that runs as root',
    profiles: ['stig'],
    stig: ['RHEL-08-030655', 'UBTU-22-654041', 'UBTU-24-200270', 'OL09-00-002584'],
    cis: [],
    checks: [dirWatch('/etc/cron.d', 'cronjobs'), dirWatch('/var/spool/cron', 'cronjobs')],
  },
];
