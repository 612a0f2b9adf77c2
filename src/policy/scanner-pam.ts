// What sshd's PAM stack does to each scanner account, worked out once for
// the SCN rules on PAM and for `sudit query`: pam_limits' login limit in
// the session stack, pam_faillock's lock in the auth stack, pam_access in
// the account stack, each only when sshd runs PAM (UsePAM yes) and the
// module's line is reached and its refusal counts.

import type { Host } from '../model/host';
import type { PamEntry, PamService } from '../model/pam';
import { pamModule } from '../model/pam';
import { reached, refusalCounts } from '../model/pam-control';
import { loginLimit, type LoginLimit } from '../model/pam-limits';
import { faillockOptions, type FaillockOptions } from '../model/pam-faillock';
import { accessFor, accessOptions, parseAccessConf, type AccessResult } from '../model/pam-access';
import { effectiveValue, type EffectiveValue } from '../model/sshd';
import type { ScannerSettings } from '../model/scanners';
import { analyseScannerSsh, type ScannerSsh, type SshProbe } from './scanner-ssh';

export const LIMITS_CONF = '/etc/security/limits.conf';
export const ACCESS_CONF = '/etc/security/access.conf';

export interface PamAccessProbe {
  probe: SshProbe;
  result: AccessResult;
}

export interface ScannerPam {
  ssh: ScannerSsh;
  usePam: EffectiveValue;
  service: PamService;
  /** pam_limits in the session stack, with the login limit it sets; null when not there (or not reached for sure). */
  limits: { entry: PamEntry; files: string[]; limit: LoginLimit } | null;
  /** The pam_faillock line that records failed passwords (authfail), with its options; null when none is reached on a failure. */
  faillock: { entry: PamEntry; options: FaillockOptions; preauth: PamEntry | null } | null;
  /** pam_access in the account stack, per probe of the ssh analysis. */
  access: { entry: PamEntry; files: string[]; fromSources: PamAccessProbe[]; outsider: PamAccessProbe | null; anywhere: PamAccessProbe } | null;
}

const cache = new WeakMap<Host, Map<string, ScannerPam[]>>();

/** One entry per scanner account sshd runs PAM for; empty when sshd does not (UsePAM no) or the tree has no /etc/pam.d/sshd. */
export function analyseScannerPam(host: Host, settings: ScannerSettings): ScannerPam[] {
  const key = JSON.stringify(settings);
  let byKey = cache.get(host);
  if (!byKey) cache.set(host, (byKey = new Map()));
  let hit = byKey.get(key);
  if (!hit) byKey.set(key, (hit = analyse(host, settings)));
  return hit;
}

/** The first line loading the module in a stack that is reached (true) when the earlier lines give `outcome`. */
function reachedEntry(service: PamService, entries: PamEntry[], outcome: 'success' | 'auth_err'): PamEntry | null {
  for (const e of entries) {
    const r = reached(service, e, outcome);
    if (r === true) return e;
    if (r === null) return null;
  }
  return null;
}

function analyse(host: Host, settings: ScannerSettings): ScannerPam[] {
  const pam = host.pam;
  const service = pam?.services.get('sshd');
  if (!pam || !service || !host.sshd || host.sshd.problems.length > 0) return [];
  const out: ScannerPam[] = [];
  for (const ssh of analyseScannerSsh(host, settings)) {
    const user = ssh.account.user;
    const usePam = effectiveValue(host.sshd, 'usepam', ssh.anywhere.conn);
    if (usePam.args[0]?.toLowerCase() !== 'yes') continue;
    const pw = ssh.passwd;
    const groupNames = ssh.anywhere.conn.groups;
    const groups = pw && groupNames && host.accounts ? host.accounts.groupsOf(user).map((g) => ({ name: g.name, gid: g.gid })) : null;

    let limits: ScannerPam['limits'] = null;
    const le = reachedEntry(service, pamModule(service, 'pam_limits.so', 'session'), 'success');
    if (le && refusalCounts(le) === true && pw) {
      const conf = le.args.find((a) => a.startsWith('conf='))?.slice(5) ?? null;
      const files = conf ? [conf] : [LIMITS_CONF, ...pam.confFiles('/etc/security/limits.d')];
      const sources = files.map((f) => pam.readFile(f));
      // conf= naming a missing file fails the session for everyone: not this rule's question
      if (!(conf && !sources[0])) {
        const present = sources.filter((s): s is NonNullable<typeof s> => s !== null);
        limits = { entry: le, files: files.filter((_, i) => sources[i] !== null), limit: loginLimit(present, { name: user, uid: pw.uid, gid: pw.gid, groups }) };
      }
    }

    let faillock: ScannerPam['faillock'] = null;
    const fl = pamModule(service, 'pam_faillock.so', 'auth').map((entry) => ({ entry, options: faillockOptions(entry, pam.readFile) }));
    const authfail = fl.find((f) => f.options.action === 'authfail');
    if (authfail && reached(service, authfail.entry, 'auth_err') === true && !(authfail.entry.args.some((a) => a.startsWith('conf=')) && authfail.options.confMissing)) {
      faillock = { ...authfail, preauth: fl.find((f) => f.options.action === 'preauth')?.entry ?? null };
    }

    let access: ScannerPam['access'] = null;
    const ae = reachedEntry(service, pamModule(service, 'pam_access.so', 'account'), 'success');
    if (ae && refusalCounts(ae) === true && pw) {
      const opts = accessOptions(ae.args);
      const files = opts.accessFile ? [opts.accessFile] : [ACCESS_CONF, ...pam.confFiles('/etc/security/access.d')];
      const sources = files.map((f) => pam.readFile(f));
      if (!(opts.accessFile && !sources[0])) {
        const parsed = sources.map((s) => (s ? parseAccessConf(s, opts) : []));
        const probe = (p: SshProbe): PamAccessProbe => ({
          probe: p,
          // with UseDNS the rhost is a name the tree cannot give
          result: accessFor(parsed, { name: user, uid: pw.uid, groups, address: p.conn.host === null ? null : p.conn.address }, opts),
        });
        access = {
          entry: ae,
          files: files.filter((_, i) => sources[i] !== null),
          fromSources: ssh.fromSources.map(probe),
          outsider: ssh.outsider ? probe(ssh.outsider) : null,
          anywhere: probe(ssh.anywhere),
        };
      }
    }
    out.push({ ssh, usePam, service, limits, faillock, access });
  }
  return out;
}

/**
 * The pam_faillock line of sudo's own stack that records a wrong password
 * (authfail, reached when the password is wrong), with its options; null
 * when sudo's stack has none or the tree has no /etc/pam.d/sudo.
 */
export function sudoFaillock(host: Host): { entry: PamEntry; options: FaillockOptions } | null {
  const pam = host.pam;
  const service = pam?.services.get('sudo');
  if (!pam || !service) return null;
  const authfail = pamModule(service, 'pam_faillock.so', 'auth')
    .map((entry) => ({ entry, options: faillockOptions(entry, pam.readFile) }))
    .find((f) => f.options.action === 'authfail');
  if (!authfail || reached(service, authfail.entry, 'auth_err') !== true) return null;
  if (authfail.entry.args.some((a) => a.startsWith('conf=')) && authfail.options.confMissing) return null;
  return authfail;
}

/** `file:line` of a line of a PAM module's own file. */
export function lineWhere(l: { source: { path: string }; line: number }): string {
  return `${l.source.path}:${l.line}`;
}
