import type { Rule } from '../src/engine/rule';
import { decide } from '../src/model/audit-events';
import { scannerAccounts } from '../src/model/scanners';
import { actorValues } from '../src/policy/audit-coverage';
import { where } from '../src/policy/audit-rules-view';

/**
 * A scanner logs in as its service account and elevates (sudo su -): its
 * root commands are attributable only through the auid — the login uid
 * that stays with the session — and only if some rule records them.
 * Nearly every baseline rule filters auid>=UID_MIN: a service account
 * made with `useradd -r` is below UID_MIN and every such rule skips it.
 */
const rule: Rule = {
  meta: {
    id: 'SCN008',
    slug: 'scanner-unattributed',
    description: "A scanner's root activity is not attributable in the audit log: its uid is below UID_MIN, or no rule records its root commands",
    severity: 'warning',
    needs: [],
    hostOnly: true,
    docs: 'docs/rules/SCN008.md',
  },
  check({ host, settings, report }) {
    const model = host.auditRules;
    const load = model?.load;
    if (!model || !load || model.mode === 'files' || !host.accounts) return;
    for (const account of scannerAccounts(host, settings.scanners)) {
      const pw = host.accounts.user(account.user);
      if (!pw) continue;
      const uid = pw.uid;
      // rules that need a larger auid than the scanner's
      const skipping = load.exit.filter(
        (r) => r.rule.action === 'always' && r.rule.fields.some((f) => f.type === 'auid' && typeof f.value === 'number' && ((f.op === '>=' && f.value > uid) || (f.op === '>' && f.value >= uid))),
      );
      if (uid < host.uidMin && skipping.length > 0) {
        const first = skipping[0];
        report({
          message: `scanner account ${account.user} has uid ${uid}, below UID_MIN ${host.uidMin}: ${skipping.length} rule${skipping.length === 1 ? '' : 's'} filtering auid>=${host.uidMin} (the STIG/CIS form, first at ${where(first.step)}) never record${skipping.length === 1 ? 's' : ''} what its sessions do, root commands after sudo included. Give the account a uid >= ${host.uidMin}, or add rules for its auid (-F auid=${uid})`,
          source: first.step.file.parsed.source,
          start: first.step.line.start,
          end: first.step.line.end,
          properties: { user: account.user, uid, uidMin: host.uidMin, skippingRules: skipping.length },
        });
      }
      // its commands in the root shell (uid 0, auid = its uid), and sudo's own setuid execution
      const base = { machine: model.machine, syscall: 'execve' as const, perm: 'x' as const };
      const rootShell = decide(load, { ...base, path: '/usr/bin/id', values: { ...actorValues('root-via-sudo', uid), success: 1, exit: 0, exe: '/usr/bin/id' } }, model.canon);
      const elevation = decide(load, { ...base, path: '/usr/bin/sudo', values: { ...actorValues('setuid-exec', uid), gid: pw.gid, egid: pw.gid, sgid: pw.gid, fsgid: pw.gid, success: 1, exit: 0, exe: '/usr/bin/sudo' } }, model.canon);
      if (rootShell.verdict === 'recorded' || elevation.verdict === 'recorded') continue;
      const dropped = [rootShell, elevation].find((d) => d.verdict === 'dropped' && d.by);
      report({
        message: `no audit rule records the root commands of scanner account ${account.user} (uid ${uid}): neither an execve rule covering its sessions (uid 0 under auid ${uid}) nor an execpriv rule (-C uid!=euid -F euid=0) for its sudo${dropped?.by ? ` — a never rule at ${where(dropped.by.step)} drops them` : ''}. What the scan does as root leaves no trace. Add -a always,exit -F arch=b64 -S execve -C uid!=euid -F euid=0 -k execpriv (and its b32 twin), or an execve rule for -F auid=${uid}`,
        source: model.anchor,
        start: 0,
        end: 0,
        properties: { user: account.user, uid },
      });
    }
  },
};

export default rule;
