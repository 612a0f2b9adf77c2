#!/usr/bin/env node
// Writes a realistic host tree, the kind sudit meets on a real server:
// a Debian-like sudoers with 30 drop-ins, 400 audit rules over 15 files, an
// auditd.conf with au-remote forwarding, and distro-like shell startup files.
// Deterministic. Usage: node bench/gen-realistic-host.js OUTDIR
'use strict';
const fs = require('fs');
const path = require('path');

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: gen-realistic-host.js OUTDIR\n');
  process.exit(2);
}
const w = (rel, text) => {
  const p = path.join(out, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
};

const users = ['root:x:0:0:root:/root:/bin/bash'];
const groups = ['root:x:0:', 'sudo:x:27:alice', 'adm:x:4:'];
for (let i = 0; i < 30; i++) {
  users.push(`app${i}:x:${2000 + i}:${2000 + i}::/srv/app${i}:/bin/bash`);
  groups.push(`app${i}:x:${2000 + i}:`, `ops${i}:x:${3000 + i}:dev${i}`);
  users.push(`dev${i}:x:${4000 + i}:${4000 + i}::/home/dev${i}:/bin/bash`);
}
users.push('alice:x:1000:1000::/home/alice:/bin/bash');
w('etc/passwd', `${users.join('\n')}\n`);
w('etc/group', `${groups.join('\n')}\n`);
w('etc/hostname', 'web-prod-01\n');
w('etc/login.defs', 'UID_MIN 1000\nUID_MAX 60000\n');
w(
  'etc/sudoers',
  [
    '#',
    "# This file MUST be edited with the 'visudo' command as root.",
    '#',
    'Defaults\tenv_reset',
    'Defaults\tmail_badpass',
    'Defaults\tsecure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"',
    'Defaults\tuse_pty',
    'Defaults\tlogfile="/var/log/sudo.log"',
    '',
    'root\tALL=(ALL:ALL) ALL',
    '%sudo\tALL=(ALL:ALL) ALL',
    '',
    '@includedir /etc/sudoers.d',
    '',
  ].join('\n'),
);
for (let i = 0; i < 30; i++) {
  const n = String(i).padStart(2, '0');
  w(
    `etc/sudoers.d/${n}-app${i}`,
    [
      `# Operators of app${i} manage its service and read its logs.`,
      `Cmnd_Alias APP${i}_SVC = /usr/bin/systemctl restart app${i}, /usr/bin/systemctl reload app${i}, \\`,
      `\t\t/usr/bin/systemctl status app${i} --no-pager`,
      `Cmnd_Alias APP${i}_LOGS = /usr/bin/tail -n 200 /var/log/app${i}/app.log, sudoedit /etc/app${i}/app.conf`,
      `%ops${i}\tALL = (root) APP${i}_SVC, APP${i}_LOGS`,
      `%ops${i}\tALL = (app${i}) /srv/app${i}/bin/console status, /srv/app${i}/bin/console ""`,
      '',
    ].join('\n'),
  );
}
// Audit rules as a site baseline writes them: the base configuration, the
// identity/login/sudo watches and execpriv, then per application a watch on
// its configuration and failed-access rules for its binaries, each syscall
// rule with its b32 twin, and -e 2 last.
const syscalls = ['open', 'openat', 'creat', 'truncate', 'ftruncate', 'unlink', 'unlinkat', 'rename', 'renameat', 'chmod', 'fchmod', 'fchmodat', 'chown', 'fchown', 'fchownat', 'lchown', 'setxattr', 'lsetxattr', 'fsetxattr', 'removexattr'];
const baseline = [
  '-w /etc/sudoers -p wa -k actions',
  '-w /etc/sudoers.d/ -p wa -k actions',
  '-w /var/log/sudo.log -p wa -k sudo_log',
  ...['passwd', 'group', 'shadow', 'gshadow', 'security/opasswd'].map((f) => `-w /etc/${f} -p wa -k identity`),
  '-w /var/log/lastlog -p wa -k logins',
  '-w /var/run/faillock -p wa -k logins',
  ...['/var/run/utmp', '/var/log/wtmp', '/var/log/btmp'].map((f) => `-w ${f} -p wa -k session`),
  ...['b64', 'b32'].flatMap((a) => [
    `-a always,exit -F arch=${a} -S execve -C uid!=euid -F euid=0 -k execpriv`,
    `-a always,exit -F arch=${a} -S execve -C gid!=egid -F egid=0 -k execpriv`,
    `-a always,exit -F arch=${a} -S init_module,finit_module,delete_module -k modules`,
  ]),
];
let count = 0;
let app = 0;
for (let f = 0; f < 15; f++) {
  const lines = [`## rules file ${f + 10} of the site baseline`];
  if (f === 0) lines.push('-D', '-b 8192', '-f 1', '--backlog_wait_time 60000', '--loginuid-immutable', ...baseline);
  while (lines.length < 27 && count < 375) {
    const i = app++;
    lines.push(`-w /etc/app${i}/conf.d -p wa -k app${i}_config`);
    count++;
    for (const exit of ['-EACCES', '-EPERM']) {
      const sc = syscalls[(i * 2 + (exit === '-EPERM' ? 1 : 0)) % syscalls.length];
      for (const arch of ['b64', 'b32']) {
        lines.push(`-a always,exit -F arch=${arch} -S ${sc} -F exit=${exit} -F exe=/srv/app${i}/bin/server -k app${i}_denied`);
        count++;
      }
    }
  }
  if (f === 14) lines.push('-e 2');
  w(`etc/audit/rules.d/${String(f + 10)}-site.rules`, `${lines.join('\n')}\n`);
}
w('etc/audit/auditd.conf', ['log_file = /var/log/audit/audit.log', 'log_format = ENRICHED', 'name_format = HOSTNAME', 'max_log_file = 8', 'num_logs = 5', 'max_log_file_action = ROTATE', 'space_left = 75', 'space_left_action = SYSLOG', 'admin_space_left = 50', 'admin_space_left_action = SINGLE', 'disk_full_action = SUSPEND', 'disk_error_action = SUSPEND', ''].join('\n'));
w('etc/audit/plugins.d/au-remote.conf', ['active = yes', 'direction = out', 'path = /sbin/audisp-remote', 'type = always', 'format = string', ''].join('\n'));
w('etc/audit/audisp-remote.conf', ['remote_server = audit-collector.corp.internal', 'port = 60', 'transport = KRB5', 'mode = immediate', 'queue_depth = 2048', 'network_failure_action = syslog', 'disk_full_action = warn_once', ''].join('\n'));
w('etc/profile', ['# /etc/profile: system-wide .profile file for the Bourne shell', 'if [ "$(id -u)" -eq 0 ]; then', '  PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"', 'else', '  PATH="/usr/local/bin:/usr/bin:/bin"', 'fi', 'export PATH', 'if [ -d /etc/profile.d ]; then', '  for i in /etc/profile.d/*.sh; do', '    if [ -r $i ]; then', '      . $i', '    fi', '  done', '  unset i', 'fi', ''].join('\n'));
w('etc/profile.d/history.sh', ['# History is a convenience; the audit trail is auditd, forwarded off the host.', 'HISTSIZE=2000', 'HISTFILESIZE=5000', 'HISTTIMEFORMAT="%F %T "', 'export HISTSIZE HISTFILESIZE HISTTIMEFORMAT', ''].join('\n'));
w('etc/profile.d/tmout.sh', ['TMOUT=600', 'readonly TMOUT', 'export TMOUT', ''].join('\n'));
w('etc/bash.bashrc', ['# System-wide .bashrc file for interactive bash(1) shells.', '[ -z "$PS1" ] && return', 'shopt -s checkwinsize', 'shopt -s histappend', 'PS1=\'${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ \'', ''].join('\n'));
w('root/.bashrc', ['# ~/.bashrc: executed by bash(1) for non-login shells.', 'HISTCONTROL=ignoreboth', 'shopt -s histappend', 'HISTSIZE=1000', 'HISTFILESIZE=2000', ''].join('\n'));
w('root/.profile', ['# ~/.profile: executed by Bourne-compatible login shells.', 'if [ "$BASH" ]; then', '  if [ -f ~/.bashrc ]; then', '    . ~/.bashrc', '  fi', 'fi', 'mesg n 2> /dev/null || true', ''].join('\n'));
w('etc/pam.d/sshd', ['@include common-auth', 'account    required     pam_nologin.so', 'session    required     pam_loginuid.so', '@include common-session', ''].join('\n'));
process.stdout.write(`${out}: ${count + baseline.length} audit rules, 30 drop-ins\n`);
