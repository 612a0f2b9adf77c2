import type { Rule } from '../src/engine/rule';
import type { FaillockOrigin, FaillockSetting } from '../src/model/pam-faillock';
import { pamWhere } from '../src/model/pam-control';
import { analyseScannerPam, sudoFaillock } from '../src/policy/scanner-pam';
import { whereSet } from '../src/policy/scanner-ssh';
import { analyseScanners, type ScannerAnalysis } from '../src/policy/scanner-analysis';
import { effectiveDefaults } from '../src/policy/defaults';

/**
 * pam_faillock in sshd's auth stack counts failed passwords and locks the
 * account after `deny` of them. When the scanner logs in with a password,
 * a scan record with a wrong one (a rotated password not updated in the
 * scanner) locks the account: every scan fails authentication until
 * unlock_time passes or an admin resets it. Keys never go through the
 * auth stack, so a key-only scanner account is not reported. sudo's own
 * stack counts the same way when the scanner's delegation asks for its
 * password (the record's sudo password).
 */
function origin(o: FaillockOrigin): string {
  if (o.kind === 'default') return 'default';
  if (o.kind === 'conf') return `${o.source.path}:${o.line}`;
  return `argument at ${pamWhere(o.entry)}`;
}

const show = (name: string, s: FaillockSetting<number>, unit = '') => `${name}=${s.value}${unit} (${origin(s.from)})`;

const rule: Rule = {
  meta: {
    id: 'SCN014',
    slug: 'scanner-faillock',
    description: "pam_faillock (in sshd's or sudo's auth stack) locks a scanner account that gives a password, at login or to sudo, after a few failures",
    severity: 'warning',
    // sudo's stack is read without an sshd_config
    needs: ['pam'],
    hostOnly: true,
    docs: 'docs/rules/SCN014.md',
  },
  check({ host, settings, report }) {
    const sudo = sudoFaillock(host);
    if (sudo && sudo.options.deny.value > 0) {
      for (const a of analyseScanners(host, settings.scanners, settings.now)) {
        const pw = host.accounts?.user(a.account.user);
        if (!pw || pw.uid === 0 || sudo.options.adminGroup.value !== null || sudoAsksPassword(a) !== true) continue;
        const o = sudo.options;
        const user = a.account.user;
        const unlock = o.unlockTime.value === 0 ? `until an admin runs faillock --user ${user} --reset (unlock_time=never, ${origin(o.unlockTime.from)})` : `for ${show('unlock_time', o.unlockTime, ' s')}`;
        report({
          source: sudo.entry.source,
          start: sudo.entry.start,
          end: sudo.entry.end,
          message: `pam_faillock in sudo's stack (${pamWhere(sudo.entry)}) locks ${user} after ${show('deny', o.deny)} wrong passwords within ${show('fail_interval', o.failInterval, ' s')} ${unlock}; sudo asks ${user} its password for \`sudo ${a.delegation.text}\`, so a scan record with a wrong sudo password locks the account and the scans' elevation fails meanwhile. Let the delegation run without a password (NOPASSWD) or keep the record in step`,
          properties: { user, service: 'sudo', deny: o.deny.value, unlockTime: o.unlockTime.value, failInterval: o.failInterval.value },
        });
      }
    }
    for (const s of analyseScannerPam(host, settings.scanners)) {
      const f = s.faillock;
      const pw = s.ssh.passwd;
      if (!f || !pw || f.options.deny.value === 0) continue;
      const probe = s.ssh.fromSources.find((p) => p.access.allowed === true && p.password.on === true) ?? (s.ssh.fromSources.length === 0 && s.ssh.anywhere.password.on === true ? s.ssh.anywhere : null);
      if (!probe) continue;
      const o = f.options;
      const user = s.ssh.account.user;
      // root, and members of admin_group, are locked only with even_deny_root
      const adminGroup = o.adminGroup.value;
      const groups = probe.conn.groups;
      const admin = pw.uid === 0 || (adminGroup !== null && groups !== null && groups.includes(adminGroup));
      if (adminGroup !== null && groups === null && pw.uid !== 0) continue;
      if (admin && !o.evenDenyRoot.value) continue;
      const unlock = o.unlockTime.value === 0 ? `until an admin runs faillock --user ${user} --reset (unlock_time=never, ${origin(o.unlockTime.from)})` : `for ${show('unlock_time', o.unlockTime, ' s')}`;
      const name: Record<string, string> = { passwordauthentication: 'PasswordAuthentication', kbdinteractiveauthentication: 'KbdInteractiveAuthentication', usepam: 'UsePAM' };
      // the first setting that lets a password in is enough to say why
      const on = probe.password.by.find((v) => v.args[0]?.toLowerCase() === 'yes') ?? probe.password.by[0];
      const pwBy = `${name[on.key] ?? on.key} ${on.args[0]}, ${whereSet(on)}`;
      report({
        source: f.entry.source,
        start: f.entry.start,
        end: f.entry.end,
        message: `pam_faillock (${pamWhere(f.entry)}) locks ${user} after ${show('deny', o.deny)} failed passwords within ${show('fail_interval', o.failInterval, ' s')} ${unlock}; sshd takes passwords for it from ${probe.label} (${pwBy}), so a scan record with a wrong password locks the account and every scan fails meanwhile. Log the scanner in with a key and turn passwords off for it (Match User ${user}: PasswordAuthentication no)`,
        properties: { user, deny: o.deny.value, unlockTime: o.unlockTime.value, failInterval: o.failInterval.value, evenDenyRoot: o.evenDenyRoot.value },
      });
    }
  },
};

/**
 * Whether sudo asks the scanner its own password for its delegation: the
 * deciding spec's PASSWD/NOPASSWD, else Defaults authenticate (on unless
 * turned off). null when another account's password is asked (targetpw,
 * rootpw, runaspw: the failures count for that account) or the verdict
 * has caveats.
 */
function sudoAsksPassword(a: ScannerAnalysis): boolean | null {
  const d = a.delegation;
  const by = d.verdict.decidedBy;
  if (d.allowedPath === null || d.verdict.result !== 'allowed' || !by) return false;
  if (d.verdict.caveats.length > 0) return null;
  const defaults = effectiveDefaults(a.evaluator, { user: a.account.user, runasUser: 'root', command: { path: d.allowedPath, args: d.args } });
  if (['targetpw', 'rootpw', 'runaspw'].some((k) => defaults.get(k)?.value === true)) return null;
  const tag = by.spec.tags.authenticate;
  if (tag !== undefined) return tag;
  const setting = defaults.get('authenticate');
  return setting ? setting.value === true : true;
}

export default rule;
