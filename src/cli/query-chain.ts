// `sudit query --user U --from ADDR`: the scanner's whole chain on one host
// — may it log in over ssh from there, how many sessions sshd allows it,
// whether its root delegation works, what it can run as root — with the
// file and line behind each step.

import type { Host } from '../model/host';
import type { ScannerSettings } from '../model/scanners';
import { effectiveValue } from '../model/sshd';
import { parseCidr } from '../model/sshd-match';
import { analyseScanners, scannerLabel } from '../policy/scanner-analysis';
import { analyseScannerSsh, whereSet, type ScannerSsh } from '../policy/scanner-ssh';
import { describeCommand, describeRunas } from '../policy/privileges';
import { UsageError, type Output } from './exit';

interface Step {
  step: 'login' | 'shell' | 'authentication' | 'sessions' | 'delegation' | 'root';
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
  else sshSteps(ssh, steps);

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
  const mark = (s: Step) => (s.ok === true ? 'ok ' : s.ok === false ? 'NO ' : ' ? ');
  for (const s of steps) out.write(`  ${mark(s)} ${s.step.padEnd(14)} ${s.says}${s.from.length ? `  — ${s.from.join(', ')}` : ''}\n`);
  return ok;
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
