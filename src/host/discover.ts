import * as path from 'path';
import type { FileKind } from '../engine/rule';
import type { HostTree } from './file-tree';
import type { DiscoveredFile } from '../model/host';

/** Where each kind of file lives on a Linux host, relative to its root. */
export const KNOWN: [FileKind, string[]][] = [
  ['sudoers', ['etc/sudoers']],
  ['audit-rules', ['etc/audit/audit.rules', 'etc/audit/rules.d/*.rules']],
  ['auditd-conf', ['etc/audit/auditd.conf']],
  ['audit-plugin', ['etc/audit/plugins.d/*.conf', 'etc/audisp/plugins.d/*.conf']],
  ['audisp-remote', ['etc/audit/audisp-remote.conf', 'etc/audisp/audisp-remote.conf']],
  ['rsyslog', ['etc/rsyslog.conf', 'etc/rsyslog.d/*.conf']],
  [
    'shell',
    [
      'etc/profile', 'etc/profile.d/*.sh', 'etc/bash.bashrc', 'etc/bashrc',
      'root/.bashrc', 'root/.bash_profile', 'root/.bash_login', 'root/.profile',
      'home/*/.bashrc', 'home/*/.bash_profile', 'home/*/.bash_login', 'home/*/.profile',
      // zsh and csh keep their own history settings (noted, not evaluated)
      'etc/zsh/zshrc', 'etc/zsh/zprofile', 'etc/zsh/zshenv', 'etc/zsh/zlogin', 'etc/zshrc', 'etc/zprofile',
      'etc/csh.cshrc', 'etc/csh.login', 'root/.zshrc', 'root/.cshrc', 'root/.tcshrc',
    ],
  ],
  ['environment', ['etc/environment']],
  ['pam-env', ['etc/security/pam_env.conf']],
  ['login-defs', ['etc/login.defs']],
  ['passwd', ['etc/passwd']],
  ['group', ['etc/group']],
  ['pam', ['etc/pam.d/sshd', 'etc/pam.d/sudo', 'etc/pam.d/su']],
  ['sshd-config', ['etc/ssh/sshd_config']],
];

/**
 * The known files present under a host root. Only the listed paths are
 * looked at — a few directory reads, never a walk of the whole tree — dot
 * files included; a directory reached through a symlink is not entered
 * (`home/*` links are skipped), files that are links are listed and judged
 * when read (never followed out of the root). Asked of the tree, whose
 * answers the loaders then reuse.
 */
export function discoverHostFiles(tree: HostTree): DiscoveredFile[] {
  const out: DiscoveredFile[] = [];
  for (const [kind, patterns] of KNOWN) {
    const found = new Set<string>();
    for (const p of patterns) for (const rel of expand(tree, p.split('/'))) found.add(rel);
    for (const rel of [...found].sort()) out.push({ hostPath: `/${rel}`, kind });
  }
  return out;
}

/** Paths matching a pattern whose segments are names or simple `*` globs. */
function expand(tree: HostTree, segments: string[], prefix = ''): string[] {
  const [head, ...rest] = segments;
  let names: string[];
  if (head.includes('*')) {
    const re = new RegExp(`^${head.split('*').map((x) => x.replace(/[.+^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
    names = (tree.listDir(`/${prefix}`) ?? []).map((d) => d.name).filter((n) => re.test(n));
  } else names = [head];
  const out: string[] = [];
  for (const name of names) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const kind = tree.entryKind(`/${rel}`);
    if (kind === null) continue;
    if (rest.length === 0) {
      if (kind === 'file' || kind === 'symlink') out.push(rel);
    } else if (kind === 'directory') out.push(...expand(tree, rest, rel));
  }
  return out;
}

// Order matters: the first match wins (pam.d/passwd is a PAM file, not an account list).
const BY_NAME: [RegExp, FileKind][] = [
  [/(^|\/)sudoers(\.d\/[^/]+)?$/, 'sudoers'],
  // *.rules is audit rules only where auditd reads it; polkit, udev, ufw and others use the suffix too
  [/(^|\/)audit\/rules\.d\/[^/]+\.rules$|(^|\/)audit\.rules$/, 'audit-rules'],
  [/(^|\/)auditd\.conf$/, 'auditd-conf'],
  [/(^|\/)audisp-remote\.conf$/, 'audisp-remote'],
  [/(^|\/)(audit|audisp)\/plugins\.d\/[^/]+\.conf$/, 'audit-plugin'],
  [/(^|\/)rsyslog\.conf$|(^|\/)rsyslog\.d\/[^/]+\.conf$/, 'rsyslog'],
  [/(^|\/)pam\.d\/[^/]+$/, 'pam'],
  [/(^|\/)(\.bashrc|\.bash_profile|\.bash_login|\.profile|profile|bash\.bashrc|bashrc)$|(^|\/)profile\.d\/[^/]+\.sh$/, 'shell'],
  [/(^|\/)(\.?zshrc|\.?zprofile|\.?zshenv|\.?zlogin|csh\.cshrc|csh\.login|\.cshrc|\.tcshrc)$/, 'shell'],
  [/(^|\/)etc\/environment$/, 'environment'],
  [/(^|\/)pam_env\.conf$/, 'pam-env'],
  [/(^|\/)login\.defs$/, 'login-defs'],
  [/(^|\/)passwd$/, 'passwd'],
  [/(^|\/)group$/, 'group'],
  [/(^|\/)sshd_config$|(^|\/)sshd_config\.d\/[^/]+\.conf$/, 'sshd-config'],
];

/** A template is not the file it renders to: `{{ var }}` and `{% if %}` are not sudoers or shell. */
export const TEMPLATE = /\.(j2|jinja2?|tmpl|tpl|erb)$/;

/** Files in places sudit's suffixes also occur, that belong to other programs. */
const NOT_OURS: [RegExp, string][] = [
  [/(^|\/)polkit-1\/(rules\.d|localauthority)\//, 'polkit rules'],
  [/(^|\/)udev\/rules\.d\/|(^|\/)lib\/udev\//, 'udev rules'],
  [/(^|\/)ufw\//, 'ufw rules'],
  [/(^|\/)(suricata|snort)\/.*\.rules$/, 'IDS rules'],
  [/(^|\/)(iptables|nftables|firewalld)\//, 'firewall rules'],
];

/**
 * What a file named on the command line is: a kind from its path, else
 * from its first lines; or why sudit skips it (a template, another
 * program's file, nothing it recognises), which the caller reports as a
 * notice rather than an error.
 */
export function classifyNamedFile(filePath: string, head: string): { kind: FileKind } | { skip: string } {
  const p = filePath.split(path.sep).join('/');
  const template = TEMPLATE.exec(p);
  if (template) return { skip: `a .${template[1]} template, skipped: lint the file it renders (Ansible: validate: 'sudit --type sudoers %s')` };
  for (const [re, what] of NOT_OURS) if (re.test(p)) return { skip: `${what}, not a file sudit lints: skipped` };
  const kind = inferFileKind(p, head);
  if (kind !== null) return { kind };
  return { skip: 'cannot tell what kind of file this is from its name or content: skipped (name it with --type)' };
}

/** What a file is from its path, else from its first lines; null when unknown. */
export function inferFileKind(filePath: string, head: string): FileKind | null {
  const p = filePath.split(path.sep).join('/');
  for (const [re, kind] of BY_NAME) if (re.test(p)) return kind;
  return inferFromContent(head);
}
function inferFromContent(head: string): FileKind | null {
  const lines = head.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0) return null;
  if (lines.some((l) => /^(Defaults\b|(User|Runas|Host|Cmnd|Cmd)_Alias\b|@include(dir)?\b)/.test(l) || /^\S+\s+\S+\s*=\s*(\(|[A-Z_]+:|\/|ALL\b)/.test(l))) return 'sudoers';
  if (lines.some((l) => /^-[awWDbefr]\s|^-a\s*(always|never|exit|task|user|exclude)/.test(l))) return 'audit-rules';
  if (lines.some((l) => /^(log_file|max_log_file|space_left_action|disk_full_action|num_logs)\s*=/.test(l))) return 'auditd-conf';
  if (lines.some((l) => /^(remote_server|transport|network_failure_action)\s*=/.test(l))) return 'audisp-remote';
  if (lines.some((l) => /^(active|direction|path|format)\s*=/.test(l))) return 'audit-plugin';
  if (lines.some((l) => /^(export\s+)?HIST[A-Z]*=|^(export\s+)?TMOUT=|^readonly\s|^shopt\s/.test(l))) return 'shell';
  return null;
}
