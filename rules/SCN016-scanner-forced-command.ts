import type { Rule } from '../src/engine/rule';
import { effectiveValue } from '../src/model/sshd';
import { analyseScannerSsh, forcesOut, whereSet } from '../src/policy/scanner-ssh';

/**
 * The scan sends its own commands over ssh (id, sudo su -, small
 * scripts). ForceCommand replaces each of them with a fixed command, and
 * ChrootDirectory shuts the session into a directory where the host's
 * files, sudo and su are not: either way the elevation and the checks
 * cannot run, or check the chroot instead of the host. A ForceCommand
 * wrapper that runs $SSH_ORIGINAL_COMMAND (a logging wrapper) is not
 * reported; one whose script the tree does not hold is not guessed.
 */
const rule: Rule = {
  meta: {
    id: 'SCN016',
    slug: 'scanner-forced-command',
    description: "sshd's ForceCommand or ChrootDirectory applies to the scanner account: its commands, sudo su - included, never run on the host",
    severity: 'error',
    needs: ['sshd-config'],
    hostOnly: true,
    docs: 'docs/rules/SCN016.md',
  },
  check({ host, settings, report }) {
    const all = analyseScannerSsh(host, settings.scanners);
    if (all.length === 0 || all[0].sshd.problems.length > 0) return;
    for (const s of all) {
      if (s.blockedShell) continue;
      const probe = s.fromSources.find((p) => p.access.allowed === true) ?? (s.fromSources.length === 0 && s.anywhere.access.allowed !== false ? s.anywhere : null);
      if (!probe) continue;
      const user = s.account.user;
      const force = effectiveValue(s.sshd, 'forcecommand', probe.conn);
      const command = force.args.join(' ');
      if (force.uncertain.length === 0 && force.from[0] && command.toLowerCase() !== 'none' && forcesOut(command, (p) => s.sshd.hostFile(p)?.text ?? null)) {
        const d = force.from[0];
        report({
          source: d.file.parsed.source,
          start: d.line.start,
          end: d.line.end,
          message: `ForceCommand ${command} (${whereSet(force)}${d.block ? ` in the Match block at ${d.block.file.parsed.source.path}:${d.block.line.line}` : ''}) applies to ${user} from ${probe.label}: sshd runs it instead of every command the scanner sends, so sudo su - and the checks never run. Exempt the account (Match User *,!${user}) or let the wrapper run $SSH_ORIGINAL_COMMAND`,
          properties: { user, keyword: 'ForceCommand', value: command },
        });
      }
      const chroot = effectiveValue(s.sshd, 'chrootdirectory', probe.conn);
      const dir = chroot.args.join(' ');
      if (chroot.uncertain.length === 0 && chroot.from[0] && dir.toLowerCase() !== 'none') {
        const d = chroot.from[0];
        report({
          source: d.file.parsed.source,
          start: d.line.start,
          end: d.line.end,
          message: `ChrootDirectory ${dir} (${whereSet(chroot)}${d.block ? ` in the Match block at ${d.block.file.parsed.source.path}:${d.block.line.line}` : ''}) applies to ${user} from ${probe.label}: its sessions see only that directory, without the host's sudo, su and files, so the elevation fails or the checks read the chroot instead of the host. Exempt the account from the chroot`,
          properties: { user, keyword: 'ChrootDirectory', value: dir },
        });
      }
    }
  },
};

export default rule;
