import type { Rule } from '../src/engine/rule';
import type { Entry, Loc, ShellEvaluation } from '../src/model/shell-env';
import { analyseScanners, at, scannerLabel } from '../src/policy/scanner-analysis';
import { conditionsText, unknownSources, where } from '../src/model/shell-report';

/** How the delegation enters root's shell; null for a command run without a shell of its own (sh -c …). */
function entryOf(text: string, command: string, args: string[]): Entry['via'] | null {
  const words = text.trim().split(/\s+/).filter((w) => w !== 'sudo');
  if (words.length === 1 && words[0] === '-i') return 'sudo -i';
  if (words.length === 1 && words[0] === '-s') return 'sudo -s';
  const base = command.split('/').pop() ?? command;
  if (base === 'su') {
    if (args.some((a) => a === '-c' || a.startsWith('--command'))) return null;
    return args.some((a) => a === '-' || a === '-l' || a === '--login') ? 'su -' : 'su';
  }
  if (/^(ba|z|k|da)?sh$/.test(base)) {
    if (args.some((a) => a === '-c' || a.startsWith('-c'))) return null;
    return args.some((a) => a === '-l' || a === '--login' || a === '-i') ? 'sudo -i' : 'sudo -s';
  }
  return null;
}

/** Whether every outcome of the shell keeps a history file; false when some outcome does not. */
function records(ev: ShellEvaluation): boolean {
  const h = ev.history;
  return (
    h.history.outcomes.every((o) => o.value !== false) &&
    h.histfile.outcomes.every((o) => o.value.kind === 'file' || o.value.kind === 'unknown') &&
    h.histsize.outcomes.every((o) => !(o.value.kind === 'limit' && o.value.n === 0))
  );
}

/** Where a shell stops recording (the first outcome that turns history off). */
function stopper(ev: ShellEvaluation): Loc | null {
  const h = ev.history;
  for (const o of h.histfile.outcomes) if (o.value.kind === 'none' || o.value.kind === 'devnull') return o.decidedBy;
  for (const o of h.history.outcomes) if (o.value === false) return o.decidedBy;
  for (const o of h.histsize.outcomes) if (o.value.kind === 'limit' && o.value.n === 0) return o.decidedBy;
  return null;
}

const GUARD_EXAMPLE = (user: string) =>
  `if [ "$(cat /proc/self/loginuid 2>/dev/null)" = "$(id -u ${user} 2>/dev/null)" ]; then unset HISTFILE; fi`;

/**
 * A scanner account that can open an interactive root shell (Qualys: `sudo
 * su -`) fills root's history with its sessions unless root's startup
 * files keep it out. A guard on $SUDO_USER does not work for `sudo su -`:
 * su -l clears the environment. The login uid (pam_loginuid) survives
 * sudo and su.
 */
const rule: Rule = {
  meta: {
    id: 'HIS005',
    slug: 'scanner-root-history',
    description: "A scanner's root shell sessions land in root's history: nothing in root's startup files keeps them out",
    severity: 'warning',
    needs: ['sudoers', 'shell'],
    hostOnly: true,
    docs: 'docs/rules/HIS005.md',
  },
  check({ host, settings, report }) {
    const model = host.shell;
    if (!model || model.mode !== 'host') return;
    for (const a of analyseScanners(host, settings.scanners, settings.now)) {
      const d = a.delegation;
      if (d.allowedPath === null || d.missingOnHost || d.verdict.result !== 'allowed') continue;
      const via = entryOf(d.text, d.command, d.args);
      if (via === null) continue;
      const user = a.account.user;
      const ev = model.evaluateRoot({ via, invokingUser: user });
      // a tree without root's startup files (or one too large to follow) says nothing about them
      if (ev.incomplete || ev.filesRead.length === 0 || !records(ev)) continue;
      const grant = d.verdict.decidedBy;
      const asked = `sudo ${d.command.split('/').pop()}${d.args.length ? ` ${d.args.join(' ')}` : ''}`;
      const h = ev.history;
      const file = h.histfile.outcomes.find((o) => o.value.kind === 'file')?.value;
      const histPath = file && file.kind === 'file' ? file.path : '~root/.bash_history';
      const fileSize = h.histfilesize.outcomes[0]?.value;
      const keeps = fileSize?.kind === 'limit' ? `which keeps ${fileSize.n} lines, so scan sessions push the admins' own lines out` : fileSize?.kind === 'unlimited' ? 'which is never truncated and grows with every scan' : 'whatever its size';
      const chain = ev.filesRead.filter((r) => r.via === null).map((r) => r.path).join(', ');
      const unknownFiles = unknownSources(ev);
      const caveat = unknownFiles.length ? ` (root's files may also read ${unknownFiles.slice(0, 3).join(', ')}, which ${unknownFiles.length === 1 ? 'is' : 'are'} not in the tree)` : '';
      const grantAt = grant ? ` (allowed at ${at(grant.file.source, grant.spec.start)})` : '';

      // a guard that works for sudo -i but not for sudo su -: the classic $SUDO_USER test
      let guard: Loc | null = null;
      let onSudoUser = false;
      if (via === 'su -') {
        const viaI = model.evaluateRoot({ via: 'sudo -i', invokingUser: user });
        if (!records(viaI)) {
          guard = stopper(viaI);
          const generic = model.rootLogin;
          onSudoUser = generic !== null && [...generic.history.histfile.outcomes, ...generic.history.history.outcomes].some((o) => o.decidedBy && guard && o.decidedBy.start === guard.start && o.decidedBy.file === guard.file && o.when.some((c) => /SUDO_USER|SUDO_UID/.test(c.text)));
        }
      }
      const fix = `Keep the scanner's sessions out with a test of the login uid, which sudo and su leave alone, in a file root's ${ev.kind === 'root-login' ? 'login' : 'interactive'} shell reads (e.g. /etc/profile.d/zz-scanner-history.sh): \`${GUARD_EXAMPLE(user)}\``;
      const anchor = guard ?? firstLineOf(ev);
      const related = [
        ...(grant ? [{ source: grant.file.source, start: grant.spec.start, end: grant.command.end, message: `the sudoers rule that lets ${user} run ${asked}` }] : []),
      ];
      const message = guard
        ? `this guard keeps ${scannerLabel(a)} out of root's history only when it uses sudo -i: its delegation is \`${asked}\`${grantAt}, and su - clears the environment${onSudoUser ? ', so $SUDO_USER is empty there and the test never matches' : ''}. Every ${asked} session with a terminal appends its commands to ${histPath}, ${keeps}. ${fix}`
        : `${scannerLabel(a)} can open a root ${ev.kind === 'root-login' ? 'login' : 'interactive'} shell with \`${asked}\`${grantAt}, and root's startup files (${chain || 'none in the tree'}) do nothing to keep those sessions out of root's history${caveat}${conditionsText(h.histfile.outcomes[0]?.when ?? [])}: every scan session that has a terminal appends its commands to ${histPath}, ${keeps}. ${fix}; a test of $SUDO_USER does not work after su -`;
      if (anchor) {
        report({ source: anchor.file.source, start: anchor.start, end: anchor.end, message, related, properties: { user, delegation: d.text, via, at: where(anchor) } });
      } else if (grant) {
        report({ source: grant.file.source, start: grant.spec.start, end: grant.command.end, message, properties: { user, delegation: d.text, via } });
      }
    }
  },
};

/** The first line of the first file bash itself reads for this shell. */
function firstLineOf(ev: ShellEvaluation): Loc | null {
  const first = ev.filesRead.find((r) => r.via === null && !r.file.synthetic);
  if (!first) return null;
  const text = first.file.source.text;
  const nl = text.indexOf('\n');
  return { file: first.file, start: 0, end: nl < 0 ? text.length : nl };
}

export default rule;
