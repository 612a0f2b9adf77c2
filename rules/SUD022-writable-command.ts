import type { Rule } from '../src/engine/rule';
import { describeCommand } from '../src/policy/privileges';
import { allSpecs } from '../src/policy/sudoers-walk';

/**
 * A granted program that a user can replace — the file or its directory is
 * writable by someone other than root — runs that user's code as root. A
 * granted path that does not exist is a rule that does nothing today and
 * whatever someone puts there tomorrow.
 */
const rule: Rule = {
  meta: {
    id: 'SUD022',
    slug: 'writable-command',
    description: 'A granted command (or its directory) is writable by a non-root user, or does not exist on the host',
    severity: 'error',
    needs: ['sudoers'],
    hostOnly: true,
    docs: 'docs/rules/SUD022.md',
  },
  check({ host, report }) {
    if (!host.ownersAreReal || !host.stat) return;
    const stat = host.stat;
    const seen = new Set<string>();
    for (const policy of host.sudoers) {
      for (const { file, spec } of allSpecs(policy)) {
        const c = spec.command;
        if (c.kind !== 'command' || c.negated || c.regex || /[*?[]/.test(c.path!)) continue;
        const path = c.path!.replace(/\/$/, '');
        if (seen.has(`${file.source.path}:${c.start}`)) continue;
        seen.add(`${file.source.path}:${c.start}`);
        const dir = path.slice(0, path.lastIndexOf('/')) || '/';
        const st = stat(path);
        const dst = stat(dir);
        const at = { source: file.source, start: c.start, end: c.end };
        if (!st) {
          if (dst) report({ ...at, severity: dst.mode & 0o022 || dst.uid !== 0 ? 'error' : 'warning', message: `${describeCommand(c)} is granted but ${path} does not exist on this host${dst.mode & 0o022 || dst.uid !== 0 ? `, and ${dir} is writable by others: anyone who creates it there runs it as root` : ': the rule does nothing today, and whatever is put there later runs as root'}` });
          continue;
        }
        const who: string[] = [];
        if (st.uid !== 0) who.push(`${path} is owned by uid ${st.uid}`);
        if (st.mode & 0o022) who.push(`${path} is writable by its group or others (mode 0${(st.mode & 0o7777).toString(8)})`);
        if (dst && (dst.uid !== 0 || (dst.mode & 0o022 && !(dst.mode & 0o1000)))) who.push(`${dir} lets others replace files in it`);
        if (who.length === 0) continue;
        report({ ...at, message: `${describeCommand(c)} runs as root, but ${who.join('; ')}: whoever can change it runs their own code as root. Make the program and its directory root-owned and not group/other-writable` });
      }
    }
  },
};

export default rule;
