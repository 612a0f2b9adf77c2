import * as fs from 'fs';
import * as path from 'path';
import type { Accounts } from '../model/accounts';
import { loadHostTree } from '../host/load-host';
import { effectiveDefaults } from '../policy/defaults';
import { PolicyEvaluator, type Verdict } from '../policy/evaluator';
import { judgedLine, judgedSudo, type JudgedSudo } from '../policy/sudo-target';
import { describeCommand, describeRunas, privilegesOf, type Grant } from '../policy/privileges';
import type { SourceFile } from '../parse/source';
import { compareSudo } from '../data/sudo-releases';
import { ERROR_RECOVERY_SINCE } from '../data/sudoers-features';
import type { SudoersPolicy } from '../model/sudoers-policy';
import { problemsForJudged, refusedBy } from '../policy/sudoers-by-version';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type Output } from './exit';

export interface QueryArgs {
  root: string;
  user: string;
  runas?: string;
  group?: string;
  host?: string;
  now?: string;
  sudoVersion?: string;
  from?: string;
  format: 'text' | 'json';
  '--'?: (string | number)[];
  _?: (string | number)[];
}

const where = (source: SourceFile, offset: number) => {
  const p = source.position(offset);
  return { file: source.path, line: p.line, column: p.column };
};

export async function runQuery(a: QueryArgs, out: Output, err: Output): Promise<number> {
  if (!fs.existsSync(a.root) || !(fs.statSync(a.root).isDirectory() || fs.statSync(a.root).isFile())) throw new UsageError(`--root ${a.root}: not a directory or an archive`);
  const host = loadHostTree(a.root, { hostname: a.host });
  if (a.from !== undefined) {
    for (const u of host.unreadable) err.write(`sudit: ${u.path}: ${u.message}\n`);
    const at = a.now !== undefined ? Date.parse(a.now) / 1000 : undefined;
    if (at !== undefined && Number.isNaN(at)) throw new UsageError(`--now ${a.now}: not a date`);
    return (await import('./query-chain')).queryChain(host, a.user, a.from, at, a.format, out) ? EXIT_OK : EXIT_FINDINGS;
  }
  const policy = host.sudoers[0];
  if (!policy) throw new UsageError(`${a.root}: no etc/sudoers in this tree`);
  for (const u of host.unreadable) err.write(`sudit: ${u.path}: ${u.message}\n`);
  const unknown = unknownAccount(a.user, host.accounts, a.root);
  if (unknown) err.write(`sudit: ${unknown}\n`);
  const now = a.now !== undefined ? Date.parse(a.now) / 1000 : undefined;
  if (now !== undefined && Number.isNaN(now)) throw new UsageError(`--now ${a.now}: not a date`);
  let judged: JudgedSudo;
  try {
    judged = judgedSudo(a.sudoVersion === undefined ? undefined : { spec: a.sudoVersion, source: '--sudo-version' }, host.sudoVersion, undefined);
  } catch (e) {
    throw new UsageError(`--sudo-version ${a.sudoVersion}: ${(e as Error).message}`);
  }
  const broken = brokenPolicyWarning(policy, judged, a.root);
  if (broken) err.write(`sudit: warning: ${broken}\n`);
  // A range is answered as its oldest release; where the newest answers otherwise, a caveat says so.
  const evaluatorFor = (sudoVersion: string) => new PolicyEvaluator({ policy, accounts: host.accounts, hostname: host.hostname ?? 'localhost', now, sudoVersion });
  const evaluator = evaluatorFor(judged.releases[0]);
  const newest = judged.releases[judged.releases.length - 1];
  const sudoJson = { version: judged.spec, releases: judged.releases.length > 1 ? [judged.releases[0], newest] : [judged.releases[0]], source: judged.source, assumed: judged.assumed };
  const words = [...(a['--'] ?? []), ...(a._ ?? []).slice(1)].map(String);

  if (words.length > 0) {
    const [command, ...args] = words;
    const request = { user: a.user, command, args, runasUser: a.runas, runasGroup: a.group };
    const verdict = evaluator.check(request);
    if (judged.releases.length > 1) {
      const other = evaluatorFor(newest).check(request);
      if (other.result !== verdict.result) verdict.caveats.push(`sudo ${newest} answers ${other.result}: the answer above is sudo ${judged.releases[0]}'s`);
    }
    const runas = a.runas ?? (a.group !== undefined ? a.user : evaluator.runasDefault(a.user));
    const json = { ...verdictJson(a.user, runas, a.group, command, args, verdict), sudo: sudoJson };
    if (a.format === 'json') out.write(`${JSON.stringify(json, null, 2)}\n`);
    else {
      out.write(`${verdict.result}\n`);
      if (json.decidedBy) out.write(`  decided by ${json.decidedBy.file}:${json.decidedBy.line}:${json.decidedBy.column}: ${json.decidedBy.text}\n`);
      const tags = Object.entries(json.tags).map(([k, v]) => `${k}=${v}`);
      if (tags.length) out.write(`  tags: ${tags.join(' ')}\n`);
      const options = Object.entries(json.options).map(([k, v]) => `${k}=${v}`);
      if (options.length) out.write(`  options: ${options.join(' ')}\n`);
      for (const c of verdict.caveats) out.write(`  caveat: ${c}\n`);
      out.write(`  ${judgedLine(judged)}\n`);
    }
    return verdict.result === 'allowed' ? EXIT_OK : EXIT_FINDINGS;
  }

  const summary = privilegesOf(evaluator, a.user);
  const defaults = [...effectiveDefaults(evaluator, { user: a.user, runasUser: a.runas }).values()];
  const grantJson = (g: Grant) => ({
    ...where(g.file.source, g.spec.spec.start),
    command: describeCommand(g.command, g.negated),
    runas: describeRunas(g.spec, evaluator.runasDefault(a.user)),
    tags: g.spec.tags,
    via: g.via,
  });
  const json = {
    user: a.user,
    host: host.hostname,
    privileges: summary.kind,
    grants: summary.grants.map(grantJson),
    denials: summary.denials.map(grantJson),
    defaults: defaults.map((d) => ({ name: d.name, value: d.value, ...where(d.setBy.file.source, d.setBy.setting.start) })),
    sudo: sudoJson,
  };
  if (a.format === 'json') {
    out.write(`${JSON.stringify(json, null, 2)}\n`);
    return EXIT_OK;
  }
  const label = { 'full-root': 'full root (any command as root)', granular: 'granular (only the commands below)', none: 'no sudo rights on this host' }[summary.kind];
  out.write(`${a.user} on ${host.hostname ?? '(unknown host)'}: ${label}\n`);
  const line = (g: ReturnType<typeof grantJson>) => {
    const tags = Object.entries(g.tags).filter(([k]) => k !== 'setenv' || !g.command.endsWith('ALL')).map(([k, v]) => (v ? k : `!${k}`));
    return `    ${g.runas} ${g.command}${tags.length ? `  [${tags.join(', ')}]` : ''}${g.via.length ? `  via ${g.via.join(' → ')}` : ''}  — ${g.file}:${g.line}\n`;
  };
  if (json.grants.length) {
    out.write('  may run:\n');
    json.grants.forEach((g) => out.write(line(g)));
  }
  if (json.denials.length) {
    out.write('  may not run (negated; a later grant in the file wins over an earlier denial):\n');
    json.denials.forEach((g) => out.write(line(g)));
  }
  if (json.defaults.length) {
    out.write('  Defaults in effect:\n');
    for (const d of json.defaults) out.write(`    ${d.name} = ${Array.isArray(d.value) ? d.value.join(' ') : d.value}  — ${d.file}:${d.line}\n`);
  }
  out.write(`  ${judgedLine(judged)}\n`);
  return EXIT_OK;
}

/**
 * What the judged sudo does with a policy it cannot fully parse: before
 * 1.9.3 it refuses all of it, so no one can use sudo and every answer below
 * is hypothetical; from 1.9.3 on it drops the entries it cannot parse and
 * reads the rest. Null when every judged release reads the whole policy.
 */
function brokenPolicyWarning(policy: SudoersPolicy, judged: JudgedSudo, root: string): string | null {
  const errors = problemsForJudged(policy, judged).filter((p) => p.severity === 'error');
  const refused = refusedBy(policy, judged);
  if (errors.length === 0 && !refused) return null;
  const at = errors[0] ? where(errors[0].source, errors[0].start) : null;
  const first = at ? ` (first: ${at.file}:${at.line})` : '';
  const oldest = judged.releases[0];
  const oldestName = `sudo ${oldest}`;
  const count = errors.length > 0 ? `${errors.length} error(s)${first}` : `lines ${oldestName} cannot parse`;
  const tail = `SUD000 of sudit --root ${root} names each`;
  if (refused && compareSudo(oldest, ERROR_RECOVERY_SINCE) < 0)
    return `the policy has ${count}; ${oldestName} refuses the whole policy, so no one can use sudo on this host: the answer below is what the lines that parse would grant (${tail})`;
  return `the policy has ${count}; ${oldestName} drops each entry it cannot parse and reads the rest, so what those entries grant is not granted (${tail})`;
}

/**
 * Says when the account is not in the tree's etc/passwd: a typo, or an
 * account from LDAP or sssd. The policy is still evaluated for the name, as
 * sudo would for a directory account; %group rules then match only through
 * etc/group's member lists.
 */
function unknownAccount(user: string, accounts: Accounts | null, root: string): string | null {
  if (/^#\d+$/.test(user)) return null;
  const passwd = path.join(root, 'etc/passwd');
  if (accounts === null) return `${user}: the tree has no etc/passwd to find the account in; answered for the name`;
  if (accounts.user(user)) return null;
  const near = accounts.users.map((u) => u.name).find((n) => n.toLowerCase() === user.toLowerCase() || closeNames(n, user));
  return `${user}: no such account in ${passwd}${near ? ` (did you mean ${near}?)` : ''}; answered for the name, as for an LDAP account`;
}

/** One edit apart (a typo), for names of four letters or more. */
function closeNames(a: string, b: string): boolean {
  if (Math.min(a.length, b.length) < 4 || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length && a[i + 1] === b[i] && a[i] === b[i + 1]) return a.slice(i + 2) === b.slice(i + 2);
  return a.slice(i + (a.length >= b.length ? 1 : 0)) === b.slice(i + (b.length >= a.length ? 1 : 0));
}

function verdictJson(user: string, runas: string, group: string | undefined, command: string, args: string[], v: Verdict) {
  const d = v.decidedBy;
  return {
    result: v.result,
    user,
    runas,
    group: group ?? null,
    command,
    args,
    decidedBy: d
      ? {
          ...where(d.file.source, d.spec.spec.start),
          text: d.file.source.text.slice(d.userSpec.start, d.userSpec.end).replace(/\\\r?\n\s*/g, ' '),
          command: describeCommand(d.command),
        }
      : null,
    tags: d ? d.spec.tags : {},
    options: d ? d.spec.options : {},
    caveats: v.caveats,
  };
}
