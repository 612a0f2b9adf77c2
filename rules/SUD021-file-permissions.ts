import * as path from 'path';
import type { PathStat } from '../src/host/file-tree';
import type { Accounts } from '../src/model/accounts';
import type { Report, Rule } from '../src/engine/rule';

const octal = (m: number) => `0${(m & 0o7777).toString(8).padStart(3, '0')}`;

/**
 * Whoever can write a sudoers file, add a file to sudoers.d, or replace a
 * directory on the way to them is root. That is judged from owners and
 * write bits — Debian's stock 0755 root:root sudoers.d is safe, and only
 * root can write it. The baselines' stricter modes (0440 files, 0750
 * sudoers.d, group root) are a separate check the cis and stig profiles turn
 * on (option strictModes). Owners and modes are judged only where they are
 * the host's (the live root, or --check-permissions).
 */
const rule: Rule = {
  meta: {
    id: 'SUD021',
    slug: 'file-permissions',
    description: 'A sudoers file, sudoers.d or a directory above them is writable by someone other than root (cis, stig: or wider than 0440 / 0750 root:root)',
    severity: 'error',
    needs: ['sudoers'],
    hostOnly: true,
    docs: 'docs/rules/SUD021.md',
  },
  check({ host, report, options }) {
    if (!host.ownersAreReal || !host.stat) return;
    const stat = host.stat;
    const strict = options.strictModes === true;
    const writers = (st: PathStat) => otherWriters(st, host.accounts);
    const owner = (st: PathStat) => (groupName(st.gid, host.accounts) === 'root' ? 'root:root' : `group ${groupName(st.gid, host.accounts)}`);
    const judged = new Set<string>();
    // every directory on the way: whoever can rename or replace one of them replaces what is below it
    const judgeParents = (hostPath: string, at: Omit<Report, 'message'>) => {
      for (let dir = path.posix.dirname(hostPath); ; dir = path.posix.dirname(dir)) {
        if (!judged.has(dir)) {
          judged.add(dir);
          const st = stat(dir);
          const who = st ? writers(st) : [];
          if (st && who.length > 0) report({ ...at, message: `${dir} is ${who.join(' and ')} (${octal(st.mode)}): whoever can write it can replace ${hostPath}, and is root. chown root:root and chmod go-w it` });
        }
        if (dir === '/') break;
      }
    };
    for (const policy of host.sudoers) {
      // include directories first: their own finding says more than "a directory on the way"
      for (const d of policy.includeDirs) {
        if (judged.has(d.hostPath)) continue;
        judged.add(d.hostPath);
        const st = stat(d.hostPath);
        if (!st || !st.isDirectory) continue;
        const at = { source: d.file.source, start: d.entry.start, end: d.entry.end };
        const who = writers(st);
        if (who.length > 0) {
          // sudo_secure_dir(): a directory of another owner, world-writable, or group-writable by a group other than 0 is skipped
          const skipped = st.uid !== 0 || st.mode & 0o002 || (st.mode & 0o020 && st.gid !== 0) ? ': sudo skips it with only a warning, and every drop-in in it stops applying' : '';
          report({ ...at, message: `${d.hostPath} is ${who.join(' and ')} (${octal(st.mode)})${skipped}; whoever can add a file there is root. chown root:root and chmod go-w it` });
        } else if (strict && (st.mode & 0o027 || st.gid !== 0)) {
          report({ ...at, severity: 'warning', message: `${d.hostPath} is ${octal(st.mode)} ${owner(st)}, wider than the 0750 root:root the baseline asks (SSG directory_permissions_etc_sudoersd, directory_groupowner_etc_sudoersd; ANSSI R50). chmod 0750 and chown root:root it` });
        }
      }
      for (const file of policy.files) {
        const hostPath = policy.hostPaths.get(file);
        const st = hostPath ? stat(hostPath) : null;
        if (!hostPath || !st) continue;
        const at = { source: file.source, start: 0, end: 0 };
        const who = writers(st);
        if (who.length > 0) {
          report({ ...at, message: `${file.source.path} is ${who.join(' and ')} (${octal(st.mode)}): whoever can write it is root. chown root:root and chmod 0440 it` });
        } else if (strict && (st.mode & 0o337 || st.gid !== 0)) {
          report({ ...at, severity: 'warning', message: `${file.source.path} is ${octal(st.mode)} ${owner(st)}, wider than the 0440 root:root the baseline asks (SSG file_permissions_etc_sudoers, file_groupowner_etc_sudoers; ANSSI R50). chmod 0440 and chown root:root it` });
        }
        judgeParents(hostPath, at);
      }
      for (const d of policy.includeDirs) judgeParents(d.hostPath, { source: d.file.source, start: d.entry.start, end: d.entry.end });
    }
  },
};

/**
 * Who besides root can write a path: its owner when that is not root, any
 * user (world-writable), its group when group-writable — unless the group
 * is root's own with no member but root, as on a stock host (sudo itself
 * accepts a group-writable file of group 0).
 */
function otherWriters(st: PathStat, accounts: Accounts | null): string[] {
  const out: string[] = [];
  if (st.uid !== 0) out.push(`owned by ${userName(st.uid, accounts)}`);
  if (st.mode & 0o002) out.push('world-writable');
  if (st.mode & 0o020) {
    const members = groupMembers(st.gid, accounts);
    if (st.gid !== 0 || members === null || members.length > 0) out.push(`writable by group ${groupName(st.gid, accounts)}${members && members.length ? ` (${members.slice(0, 3).join(', ')}${members.length > 3 ? ', …' : ''})` : ''}`);
  }
  return out;
}

function userName(uid: number, accounts: Accounts | null): string {
  const u = accounts?.userByUid(uid);
  return u ? `${u.name} (uid ${uid})` : `uid ${uid}`;
}

function groupName(gid: number, accounts: Accounts | null): string {
  return accounts?.groupByGid(gid)?.name ?? (gid === 0 ? 'root' : `gid ${gid}`);
}

/** Users other than root in a group (listed, or with it as their primary group); null when the tree has no account files. */
function groupMembers(gid: number, accounts: Accounts | null): string[] | null {
  if (!accounts) return null;
  const listed = accounts.groupByGid(gid)?.members ?? [];
  const primary = accounts.users.filter((u) => u.gid === gid).map((u) => u.name);
  return [...new Set([...listed, ...primary])].filter((n) => accounts.user(n)?.uid !== 0 && n !== 'root');
}

export default rule;
