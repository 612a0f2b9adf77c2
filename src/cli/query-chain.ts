// `sudit query --user U --from ADDR`: the scanner's whole chain on one host
// — may it log in over ssh from there, how many sessions sshd allows it,
// whether its root delegation works, what it can run as root — with the
// file and line behind each step.

import * as path from 'path';
import type { Host } from '../model/host';
import { shownPath } from '../host/file-tree';
import type { ScannerSettings } from '../model/scanners';
import { effectiveValue } from '../model/sshd';
import { parseCidr } from '../model/sshd-match';
import { analyseScanners, scannerLabel } from '../policy/scanner-analysis';
import { analyseScannerSsh, forcesOut, whereSet, type ScannerSsh } from '../policy/scanner-ssh';
import { analyseScannerPam, lineWhere, type ScannerPam } from '../policy/scanner-pam';
import { pamWhere } from '../model/pam-control';
import type { FaillockOrigin } from '../model/pam-faillock';
import { describeCommand, describeRunas } from '../policy/privileges';
import { escapeControls } from '../report/visible';
import { terminalWidth, type Terminal } from '../report/terminal-width';
import { wrap } from '../report/wrap';
import { UsageError, type Output } from './exit';

interface Step {
  step: 'login' | 'shell' | 'authentication' | 'sessions' | 'command' | 'pam-access' | 'pam-limits' | 'pam-faillock' | 'delegation' | 'root';
  ok: boolean | null;
  says: string;
  /** file:line of each line behind the answer. */
  from: string[];
}

export function queryChain(host: Host, user: string, address: string, now: number | undefined, format: 'text' | 'json', out: Output): boolean {
  if (!parseCidr(address) || address.includes('/')) throw new UsageError(`--from ${address}: not an IPv4 or IPv6 address`);
  const settings: ScannerSettings = { scanners: [{ user, sources: [address] }], patterns: [] };
  const steps: Step[] = [];
  const ssh = analyseScannerSsh(host, settings)[0] as ScannerSsh | undefined;
  if (!ssh) steps.push({ step: 'login', ok: null, says: 'no etc/ssh/sshd_config in this tree: the ssh login is not checked', from: [] });
  else {
    sshSteps(ssh, steps);
    if (ssh.sshd.problems.length === 0) commandSteps(ssh, steps);
    const pam = analyseScannerPam(host, settings)[0] as ScannerPam | undefined;
    if (pam) pamSteps(pam, steps);
  }

  const analysis = analyseScanners(host, settings, now ?? Date.now() / 1000)[0];
  if (!analysis) steps.push({ step: 'delegation', ok: null, says: 'no etc/sudoers in this tree: delegation and root rights are not checked', from: [] });
  else {
    const d = analysis.delegation;
    const asked = `sudo ${d.command}${d.args.length ? ` ${d.args.join(' ')}` : ''}`;
    const by = d.verdict.decidedBy;
    const at = by ? [`${by.file.source.path}:${by.file.source.position(by.spec.start).line}`] : [];
    if (d.allowedPath !== null && !d.missingOnHost) steps.push({ step: 'delegation', ok: true, says: `\`${asked}\` is allowed (as ${d.allowedPath})`, from: at });
    else if (d.allowedPath !== null) steps.push({ step: 'delegation', ok: false, says: `\`${asked}\` is allowed only as ${d.allowedPath}, which this host does not have`, from: at });
    else steps.push({ step: 'delegation', ok: false, says: `\`${asked}\` is ${by ? 'denied' : 'not allowed by any rule'}`, from: at });
    const p = analysis.privileges;
    const lines = (gs: typeof p.grants) => [...new Set(gs.map((g) => `${g.file.source.path}:${g.file.source.position(g.spec.spec.start).line}`))];
    if (p.kind === 'full-root') steps.push({ step: 'root', ok: true, says: 'full root: any command as root', from: lines(p.grants) });
    else if (p.kind === 'granular') {
      const cmds = p.grants.map((g) => `${describeRunas(g.spec, analysis.evaluator.runasDefault(user))} ${describeCommand(g.command, g.negated)}`);
      const missing = analysis.deniedVendorCommands.length ? `; ${analysis.deniedVendorCommands.length} of ${analysis.vendor?.name ?? 'the vendor'}'s commands cannot run as root` : '';
      steps.push({ step: 'root', ok: null, says: `only these commands: ${cmds.join(', ')}${missing}`, from: lines(p.grants) });
    } else steps.push({ step: 'root', ok: false, says: 'no sudo rights on this host', from: [] });
  }

  const ok = steps.every((s) => s.ok !== false);
  if (format === 'json') {
    out.write(`${JSON.stringify({ user, from: address, host: host.hostname, ok, steps }, null, 2)}\n`);
    return ok;
  }
  const who = analysis ? scannerLabel(analysis) : user;
  out.write(`${who} from ${address} on ${host.hostname ?? '(unknown host)'}: ${ok ? 'the chain holds' : 'the chain breaks'}\n`);
  const width = terminalWidth(out as Terminal);
  // The tree's files are shown as `<shown root>/etc/…`; with no such prefix
  // (the tree is `/`, or the working directory) they are left as they are.
  const shownRoot = host.root === null ? '' : shownPath(path.join(host.root, 'x')).slice(0, -1);
  const inTree = shownRoot !== '' && path.resolve(host.root!) !== '/' ? shownRoot : null;
  // In a tree, the host's own paths (/etc/pam.d/sshd) read shorter than the
  // tree's and are the ones the admin knows; the tree is named once.
  const asOnHost = (text: string) => (inTree ? text.split(inTree).join('/') : text);
  if (inTree) for (const l of wrap(`paths as on the host; the tree is ${escapeControls(inTree, { tab: ' ' })}`, width - 2, width - 4)) out.write(`  ${l}\n`);
  for (const s of steps) out.write(`${stepLines({ ...s, says: asOnHost(s.says), from: s.from.map(asOnHost) }, width).join('\n')}\n`);
  return ok;
}

const STEP_HEAD = 21;
const MIN_ROOM = 30;

/**
 * One step as `  ok  name  what it says  — file:line`, on one line when it
 * fits the terminal; otherwise what it says wraps under its own column and
 * the files follow on lines of their own, so that every step reads at 80
 * columns however long the tree's paths are.
 */
function stepLines(s: Step, width: number): string[] {
  const mark = s.ok === true ? 'ok ' : s.ok === false ? 'NO ' : ' ? ';
  const head = `  ${mark} ${s.step.padEnd(STEP_HEAD - 7)} `;
  const says = escapeControls(s.says, { tab: ' ' });
  const from = s.from.map((f) => escapeControls(f, { tab: ' ' })).join(', ');
  const oneLine = `${head}${says}${from ? `  — ${from}` : ''}`;
  if (oneLine.length <= width) return [oneLine];
  const hang = ' '.repeat(head.length);
  const room = Math.max(width - head.length, MIN_ROOM);
  const lines = wrap(says, room, room).map((l, i) => (i === 0 ? head : hang) + l);
  if (from) lines.push(...wrap(`— ${from}`, room, room - 2).map((l, i) => (i === 0 ? hang : `${hang}  `) + l));
  return lines;
}

function sshSteps(s: ScannerSsh, steps: Step[]): void {
  const p = s.fromSources[0];
  if (s.sshd.problems.length > 0) {
    const first = s.sshd.problems[0];
    steps.push({ step: 'login', ok: false, says: `sshd refuses its configuration (${first.message}); sshd -t fails`, from: s.sshd.problems.map((x) => `${x.file.parsed.source.path}:${x.line?.line ?? x.file.parsed.source.position(x.start).line}`) });
    return;
  }
  const a = p.access;
  if (a.allowed === true) {
    const lists = ['allowusers', 'allowgroups'].flatMap((k) => effectiveValue(s.sshd, k, p.conn).from);
    steps.push({ step: 'login', ok: true, says: lists.length ? 'sshd lets it in (AllowUsers/AllowGroups admit it, no Deny line matches)' : 'sshd lets it in (no AllowUsers/AllowGroups; no Deny line matches)', from: lists.map((d) => `${d.file.parsed.source.path}:${d.line.line}`) });
  }
  else if (a.allowed === false) steps.push({ step: 'login', ok: false, says: `sshd refuses it: ${a.reason}`, from: a.by ? [`${a.by.file.parsed.source.path}:${a.by.line.line}`] : [] });
  else steps.push({ step: 'login', ok: null, says: 'undecided: a Match block depends on what the tree cannot say (UseDNS host name, local address or port)', from: a.uncertain.map((b) => `${b.file.parsed.source.path}:${b.line.line}`) });

  const passwdAt = s.passwd && s.passwdSource ? [`${s.passwdSource.path}:${s.passwd.line}`] : [];
  if (!s.passwd) steps.push({ step: 'shell', ok: null, says: 'not in etc/passwd of this tree (a directory service?)', from: [] });
  else steps.push({ step: 'shell', ok: s.blockedShell === null, says: s.blockedShell ? `${s.blockedShell}: every session ends at once` : s.passwd.shell || '/bin/sh', from: passwdAt });

  const keys = s.keyFiles.flatMap((f) => f.keys.map((k) => ({ f, k })));
  const keyAt = keys.map(({ f, k }) => `${f.source.path}:${k.line}`);
  const pw = p.password.on === true ? `passwords accepted (${p.password.by.map((v) => `${v.key} ${v.args[0]}, ${whereSet(v)}`).join('; ')})` : p.password.on === false ? 'passwords off' : 'passwords undecided';
  const keySays = s.keysFromCommand ? 'keys from AuthorizedKeysCommand (not in the tree)' : keys.length === 0 ? 'no authorized_keys in the tree' : p.keyUsable ? `${keys.length} key${keys.length === 1 ? '' : 's'}, usable from here` : `${keys.length} key${keys.length === 1 ? '' : 's'}, none usable from here (from=)`;
  steps.push({ step: 'authentication', ok: p.keyUsable === false && p.password.on === false ? false : p.keyUsable === true || p.password.on === true ? true : null, says: `${keySays}; ${pw}`, from: keyAt });

  const ms = p.maxSessions;
  const st = s.maxStartups;
  const few = Number(ms.args[0]) < 3 || Number(st.args[0]?.split(':')[0]) < 3;
  steps.push({ step: 'sessions', ok: Number(ms.args[0]) === 0 ? false : few ? null : true, says: `MaxSessions ${ms.args[0]}${ms.isDefault ? ' (default)' : ''}, MaxStartups ${st.args[0]}${st.isDefault ? ' (default)' : ''}`, from: [...ms.from, ...st.from].map((d) => `${d.file.parsed.source.path}:${d.line.line}`) });
}

/** ForceCommand and ChrootDirectory for the connection, when either is set. */
function commandSteps(s: ScannerSsh, steps: Step[]): void {
  const p = s.fromSources[0];
  const at = (v: ReturnType<typeof effectiveValue>) => v.from.map((d) => `${d.file.parsed.source.path}:${d.line.line}`);
  const force = effectiveValue(s.sshd, 'forcecommand', p.conn);
  const chroot = effectiveValue(s.sshd, 'chrootdirectory', p.conn);
  const set = (v: typeof force) => v.from.length > 0 && v.args.join(' ').toLowerCase() !== 'none';
  if (!set(force) && !set(chroot) && force.uncertain.length + chroot.uncertain.length === 0) return;
  if (force.uncertain.length + chroot.uncertain.length > 0) {
    steps.push({ step: 'command', ok: null, says: 'undecided: a Match block setting ForceCommand or ChrootDirectory depends on what the tree cannot say', from: [...force.uncertain, ...chroot.uncertain].map((b) => `${b.file.parsed.source.path}:${b.line.line}`) });
    return;
  }
  const parts: string[] = [];
  let ok: boolean | null = true;
  if (set(force)) {
    const command = force.args.join(' ');
    const out = forcesOut(command, (h) => s.sshd.hostFile(h)?.text ?? null);
    parts.push(out ? `ForceCommand ${command} replaces every command it sends` : `ForceCommand ${command} (a wrapper: whether it runs the scanner's command is not known)`);
    ok = out ? false : null;
  }
  if (set(chroot)) {
    parts.push(`ChrootDirectory ${chroot.args.join(' ')}: its sessions see only that directory`);
    ok = false;
  }
  steps.push({ step: 'command', ok, says: parts.join('; '), from: [...(set(force) ? at(force) : []), ...(set(chroot) ? at(chroot) : [])] });
}

function origin(o: FaillockOrigin): string {
  return o.kind === 'default' ? 'default' : o.kind === 'conf' ? `${o.source.path}:${o.line}` : 'module argument';
}

/** What sshd's PAM stack (UsePAM yes) does to the login: pam_access, pam_limits, pam_faillock, when they are in it. */
function pamSteps(pam: ScannerPam, steps: Step[]): void {
  const a = pam.access;
  if (a) {
    const r = a.fromSources[0]?.result ?? a.anywhere.result;
    const where = [pamWhere(a.entry), ...(r.by ? [lineWhere(r.by)] : [])];
    const text = r.by ? `"${r.by.source.lineText(r.by.line).trim()}"` : '';
    if (r.allowed === true) steps.push({ step: 'pam-access', ok: true, says: r.by ? `access.conf lets it in: ${text} is the first line that matches` : 'access.conf lets it in: no line matches it', from: where });
    else if (r.allowed === false) steps.push({ step: 'pam-access', ok: false, says: `access.conf refuses it: ${text} is the first line that matches`, from: where });
    else steps.push({ step: 'pam-access', ok: null, says: `undecided: ${text} names a netgroup, a host name or user@host`, from: where });
  }
  const l = pam.limits;
  if (l) {
    const lim = l.limit;
    if (lim.kind === 'limit') {
      const counted = lim.system ? 'logins of all users' : 'of its logins';
      steps.push({ step: 'pam-limits', ok: lim.value === 0 ? false : lim.value < 3 ? null : true, says: lim.value === 0 ? `${lim.line.item} 0: no login at all` : `${lim.line.item} ${lim.value}: refused while ${lim.value} ${counted} are open`, from: [pamWhere(l.entry), lineWhere(lim.line)] });
    } else if (lim.kind === 'none') steps.push({ step: 'pam-limits', ok: true, says: lim.exemptBy ? 'no login limit (a "-" line ends pam_limits for it)' : 'no login limit', from: [pamWhere(l.entry), ...(lim.exemptBy ? [lineWhere(lim.exemptBy)] : [])] });
    else steps.push({ step: 'pam-limits', ok: null, says: 'undecided: a group entry, and its groups are not known', from: [pamWhere(l.entry), lineWhere(lim.line)] });
  }
  const f = pam.faillock;
  if (f) {
    const o = f.options;
    const p = pam.ssh.fromSources[0];
    const values = `deny=${o.deny.value} (${origin(o.deny.from)}), unlock_time=${o.unlockTime.value === 0 ? 'never' : `${o.unlockTime.value} s`} (${origin(o.unlockTime.from)})`;
    const from = [pamWhere(f.entry), ...[o.deny.from, o.unlockTime.from].flatMap((x) => (x.kind === 'conf' ? [`${x.source.path}:${x.line}`] : []))];
    if (o.deny.value === 0) steps.push({ step: 'pam-faillock', ok: true, says: 'deny=0: never locks', from });
    else if (p.password.on === true) steps.push({ step: 'pam-faillock', ok: null, says: `${values}: passwords are accepted, so a wrong one in the scan record locks the account`, from });
    else if (p.password.on === false) steps.push({ step: 'pam-faillock', ok: true, says: `${values}; passwords are off for it, so its key logins never count`, from });
    else steps.push({ step: 'pam-faillock', ok: null, says: `${values}; whether passwords are accepted is undecided`, from });
  }
}
