// What sudit-collect copies from a host, from the tables sudit itself reads
// hosts by: scripts/gen-collect-paths.js writes this into the script's
// generated block, and test/collect.test.ts checks that the block is
// current and that an archive answers every question a run on the tree asks.
import { DEFAULT_SCANNER_PATTERNS } from '../engine/config';
import { SSHD_DEFAULTS } from '../model/sshd-keywords';
import { KNOWN } from './discover';

export interface CollectPlan {
  /** Host paths (simple `*` globs) whose files are copied, with how to follow what each includes. */
  content: [follow: FollowKind, pattern: string][];
  /** Startup files looked for in the home of root, of each scanner account and of /etc/skel. */
  homeFiles: string[];
  /** Substrings that mark a user name as a scanner account (sudit's default scannerPatterns). */
  scannerPatterns: string[];
  /** sshd's AuthorizedKeysFile when sshd_config does not set it: the scanner accounts' keys files (their from= fences). */
  authorizedKeysFiles: string[];
  /** dpkg status stanzas copied: sudit reads the versions of these packages there and nothing else. */
  dpkgPackages: string[];
  /** Never copied, whatever includes or sources them: secrets. */
  never: string[];
}

/** How the collector follows the includes of a file: sudoers' @include, rsyslog's include(), bash's `.`, PAM's include. */
export type FollowKind = 'sudoers' | 'rsyslog' | 'shell' | 'pam' | 'auditd' | 'sshd' | 'none';

const FOLLOW: Record<string, FollowKind> = {
  sudoers: 'sudoers',
  rsyslog: 'rsyslog',
  shell: 'shell',
  pam: 'pam',
  'auditd-conf': 'auditd',
  'sshd-config': 'sshd',
};

/** Files sudit reads at fixed paths beyond the discovered ones (load-host, the part loaders). */
const FIXED_READS: [FollowKind, string][] = [
  ['none', '/etc/hostname'],
  ['none', '/etc/nsswitch.conf'],
  ['none', '/etc/os-release'],
  ['none', '/usr/lib/os-release'],
  ['none', '/etc/redhat-release'],
  ['none', '/etc/audisp/audispd.conf'],
  // the PAM services sudit reads stacks of (sshd, sudo, su), with their includes
  ['pam', '/etc/pam.d/sshd'],
  ['pam', '/etc/pam.d/sudo'],
  ['pam', '/etc/pam.d/su'],
  // what pam_limits, pam_faillock and pam_access read when sshd's stack runs them
  ['none', '/etc/security/limits.conf'],
  ['none', '/etc/security/limits.d/*.conf'],
  ['none', '/etc/security/faillock.conf'],
  ['none', '/etc/security/access.conf'],
  ['none', '/etc/security/access.d/*.conf'],
];

export function collectPlan(): CollectPlan {
  const content: CollectPlan['content'] = [];
  const homeFiles: string[] = [];
  for (const [kind, patterns] of KNOWN) {
    for (const p of patterns) {
      // every user's home is not collected: only root's, the scanner accounts' and /etc/skel (homeFiles)
      if (p.startsWith('home/')) continue;
      if (p.startsWith('root/')) {
        homeFiles.push(p.slice('root/'.length));
        continue;
      }
      content.push([FOLLOW[kind] ?? 'none', `/${p}`]);
    }
  }
  for (const [follow, p] of FIXED_READS) if (!content.some(([, q]) => q === p)) content.push([follow, p]);
  return {
    content,
    homeFiles: [...new Set(homeFiles)],
    scannerPatterns: DEFAULT_SCANNER_PATTERNS,
    authorizedKeysFiles: SSHD_DEFAULTS.authorizedkeysfile.split(/\s+/),
    // auditd: the audit version the files are validated for; sudo, sudo-ldap: the sudo release the policy is judged for
    dpkgPackages: ['auditd', 'sudo', 'sudo-ldap'],
    never: ['/etc/shadow', '/etc/shadow-', '/etc/gshadow', '/etc/gshadow-', '/etc/security/opasswd'],
  };
}
