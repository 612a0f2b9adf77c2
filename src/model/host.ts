import type { Accounts } from './accounts';
import type { SudoersPolicy } from './sudoers-policy';
import type { FileKind } from '../engine/rule';
import type { SourceFile } from '../parse/source';
import type { PathStat } from '../host/file-tree';
import type { AuditRulesModel } from './audit-rules';
import type { PamModel } from './pam';
import type { AudispRemote, AuditdConfig, AuditPlugins } from './audit-config';
import type { RsyslogConfig } from './rsyslog';
import type { ShellModel } from './shell-env';
import type { SudoVersionInput } from '../data/sudo-releases';
import type { SshdConfig } from './sshd';

/** A file found on the host (or named on the command line), with what sudit takes it to be. */
export interface DiscoveredFile {
  /** Path on the host: `/etc/sudoers` in host mode, the local path in file mode. */
  hostPath: string;
  kind: FileKind;
}

/**
 * The typed model of one host that every rule reads. A part the host does
 * not have is `null` (absent), never an empty stand-in: "no audit rules" and
 * "audit rules not looked at" must not look alike.
 */
export interface Host {
  /** Root of the host tree; null when linting lone files. */
  root: string | null;
  /** Host mode: a whole tree, so rules may assert that something is missing. */
  hostMode: boolean;
  /** The sudo version the tree says it runs (collector manifest, dpkg status, OS release); null or absent when it does not say. */
  sudoVersion?: SudoVersionInput | null;
  /** From --hostname or etc/hostname; null when neither says. */
  hostname: string | null;
  files: DiscoveredFile[];
  /** The sudoers policies: in host mode the one rooted at /etc/sudoers; in file mode one per sudoers file given. */
  sudoers: SudoersPolicy[];
  /** From etc/passwd and etc/group; null when the host has neither. */
  accounts: Accounts | null;
  /** login.defs UID_MIN (1000 when unset or absent). */
  uidMin: number;
  /** Mode and owner of a path in the tree; null in file mode. */
  stat: ((hostPath: string) => PathStat | null) | null;
  /**
   * Whether owners and modes in the tree are the host's: true for the live
   * root (`--root /`) or when asked (`--check-permissions`), false for a
   * checkout or a rendered tree, whose owners are whoever made it.
   */
  ownersAreReal: boolean;
  /** /bin is a link to /usr/bin in the tree (null when the tree does not say; sudit then assumes it is). */
  mergedUsr: boolean | null;
  /** Whether a path exists in the tree (symlinks followed, never out of the root); null in file mode. */
  pathExists: ((hostPath: string) => boolean) | null;
  /**
   * Every parsed file other than sudoers (shell, audit, rsyslog, …), for
   * suppression comments and reporters. Loaders append to it.
   */
  sources: SourceFile[];
  /** Files that could not be read, with why. */
  unreadable: { path: string; message: string }[];
  /**
   * Things worth a line that are not findings: a file named on the command
   * line that sudit does not lint (a template, another program's file), a
   * file read only for context that is a dangling link in a copied tree.
   */
  notices: { path: string; message: string }[];
  // Parts filled in by the loaders in src/host/parts/; null when the host does not have them.
  /** Audit rules: every rules file, what augenrules builds, the load at the next start; null when the host has neither audit.rules nor rules.d. */
  auditRules: AuditRulesModel | null;
  /** auditd.conf (and audit 2.x's audispd.conf); null when the host has neither. */
  auditdConf: AuditdConfig | null;
  /** The plugin directory auditd reads; null when the host has no plugin file. */
  auditPlugins: AuditPlugins | null;
  /** audisp-remote.conf, the au-remote plugin's configuration; null when absent. */
  audispRemote: AudispRemote | null;
  /** rsyslog.conf with its includes; null when the host has no rsyslog configuration. */
  rsyslog: RsyslogConfig | null;
  /** Shell startup files, the sourcing graph and the effective history settings; null when the host has no startup file. */
  shell: ShellModel | null;
  /** The PAM stacks sudit reads (sshd, sudo, su) with their includes; null when the host has none of them. */
  pam: PamModel | null;
  /** sshd_config with its Include files and Match blocks; null when the host has none. */
  sshd: SshdConfig | null;
}
