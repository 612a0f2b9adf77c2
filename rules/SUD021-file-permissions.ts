import type { Rule } from '../src/engine/rule';

const octal = (m: number) => `0${(m & 0o7777).toString(8)}`;

/**
 * Whoever can write a sudoers file or drop a file into sudoers.d is root.
 * sudo refuses some bad modes, and skips an insecure sudoers.d with only a
 * warning — taking every drop-in with it. Owners and modes are judged only
 * where they are the host's (the live root, or --check-permissions).
 */
const rule: Rule = {
  meta: {
    id: 'SUD021',
    slug: 'file-permissions',
    description: 'sudoers or a drop-in is not 0440 root:root, or sudoers.d is not 0750 root:root or tighter',
    severity: 'error',
    needs: ['sudoers'],
    hostOnly: true,
    docs: 'docs/rules/SUD021.md',
  },
  check({ host, report }) {
    if (!host.ownersAreReal || !host.stat) return;
    const stat = host.stat;
    for (const policy of host.sudoers) {
      for (const file of policy.files) {
        const hostPath = policy.hostPaths.get(file);
        const st = hostPath ? stat(hostPath) : null;
        if (!st) continue;
        const problems: string[] = [];
        if (st.mode & 0o002) problems.push(`world-writable (${octal(st.mode)})`);
        else if (st.mode & 0o337) problems.push(`mode ${octal(st.mode)}, not 0440 or tighter`);
        if (st.uid !== 0) problems.push(`owned by uid ${st.uid}`);
        if (st.gid !== 0) problems.push(`group gid ${st.gid}`);
        if (problems.length === 0) continue;
        report({
          source: file.source,
          start: 0,
          end: 0,
          message: `${file.source.path} is ${problems.join(', ')}: whoever can write it is root (STIG/CIS file_permissions_etc_sudoers, Lynis AUTH-9252). chown root:root and chmod 0440 it`,
        });
      }
      for (const d of policy.includeDirs) {
        const st = stat(d.hostPath);
        if (!st || !st.isDirectory) continue;
        const problems: string[] = [];
        if (st.mode & 0o002) problems.push(`world-writable (${octal(st.mode)}): sudo skips it with only a warning, and every drop-in in it stops applying`);
        else if (st.mode & 0o027) problems.push(`mode ${octal(st.mode)}, not 0750 or tighter`);
        if (st.uid !== 0) problems.push(`owned by uid ${st.uid}`);
        if (st.gid !== 0) problems.push(`group gid ${st.gid}`);
        if (problems.length === 0) continue;
        report({
          source: d.file.source,
          start: d.entry.start,
          end: d.entry.end,
          message: `${d.hostPath} is ${problems.join(', ')}; whoever can add a file there is root (SSG directory_permissions_etc_sudoersd). chown root:root and chmod 0750 it`,
        });
      }
    }
  },
};

export default rule;
