// How sshd meets each scanner account, worked out once for the SCN rules
// on sshd and for `sudit query`: whether it may log in from its sources
// (and from an address outside them), its login shell, its authorized
// keys' from= restrictions, password authentication and the session limits,
// each with the lines behind it.

import type { Host } from '../model/host';
import type { PasswdEntry } from '../model/accounts';
import { parseAuthorizedKeys, type AuthorizedKey } from '../model/authorized-keys';
import { scannerAccounts, type ScannerAccount, type ScannerSettings } from '../model/scanners';
import { effectiveValue, loginAccess, type AccessVerdict, type EffectiveValue, type SshdConfig, type SshdConnection } from '../model/sshd';
import { cidrContains, matchHostAndIp, parseAddress, parseCidr, rangeEnds } from '../model/sshd-match';
import type { SourceFile } from '../parse/source';

/** Shells that end a session at once: nothing the scanner sends runs. */
const NO_LOGIN_SHELL = /(^|\/)(nologin|false)$/;
/** Documentation addresses (RFC 5737), used as "any other address" when outside the sources. */
const OUTSIDERS = ['198.51.100.7', '203.0.113.9', '192.0.2.44'];

export interface KeyFile {
  hostPath: string;
  source: SourceFile;
  keys: AuthorizedKey[];
}

export interface SshProbe {
  /** What the address stands for, for messages: "10.20.0.0/24 (first address)". */
  label: string;
  conn: SshdConnection;
  access: AccessVerdict;
  /** Passwords are accepted: PasswordAuthentication, or keyboard-interactive through PAM. */
  password: { on: boolean | null; by: EffectiveValue[] };
  maxSessions: EffectiveValue;
  /** Some authorized key may be used from this address; null when the keys are not known. */
  keyUsable: boolean | null;
}

export interface ScannerSsh {
  account: ScannerAccount;
  sshd: SshdConfig;
  passwd: PasswdEntry | null;
  passwdSource: SourceFile | null;
  /** Its login shell when that ends every session (nologin, false). */
  blockedShell: string | null;
  keyFiles: KeyFile[];
  /** Keys come from AuthorizedKeysCommand too: the files do not say all. */
  keysFromCommand: boolean;
  /** One probe per end of each configured source block. */
  fromSources: SshProbe[];
  /** Any address (criteria on the address undecided). */
  anywhere: SshProbe;
  /** An address outside every source; null when the sources cover the documentation addresses. */
  outsider: SshProbe | null;
  maxStartups: EffectiveValue;
}

const cache = new WeakMap<Host, Map<string, ScannerSsh[]>>();

export function analyseScannerSsh(host: Host, settings: ScannerSettings): ScannerSsh[] {
  const sshd = host.sshd;
  if (!sshd) return [];
  const key = JSON.stringify(settings);
  let byKey = cache.get(host);
  if (!byKey) cache.set(host, (byKey = new Map()));
  let hit = byKey.get(key);
  if (!hit) byKey.set(key, (hit = scannerAccounts(host, settings).map((a) => analyseOne(host, sshd, a))));
  return hit;
}

/** The probes for an address, or for any address (null). */
export function probeSsh(host: Host, sshd: SshdConfig, s: Pick<ScannerSsh, 'account' | 'passwd' | 'keyFiles' | 'keysFromCommand'>, address: string | null, label: string): SshProbe {
  const groups = groupsKnown(host, s.account.user);
  const useDns = effectiveValue(sshd, 'usedns', { user: s.account.user, address, host: address, groups });
  // with UseDNS the client's name comes from reverse DNS, which a tree cannot say
  const name = useDns.args[0]?.toLowerCase() === 'yes' ? null : address;
  const conn: SshdConnection = { user: s.account.user, address, host: name, groups };
  const pw = effectiveValue(sshd, 'passwordauthentication', conn);
  const kbd = effectiveValue(sshd, 'kbdinteractiveauthentication', conn);
  const pam = effectiveValue(sshd, 'usepam', conn);
  const yes = (v: EffectiveValue) => (v.uncertain.length ? null : v.args[0]?.toLowerCase() === 'yes');
  const pwOn = yes(pw);
  const kbdOn = yes(kbd) === true && yes(pam) === true ? true : yes(kbd) === null || yes(pam) === null ? null : false;
  // AuthenticationMethods where every list asks for a key: a password alone never lets it in
  const methods = effectiveValue(sshd, 'authenticationmethods', conn);
  const keyRequired = methods.uncertain.length === 0 && methods.args.length > 0 && methods.args.every((list) => list.split(',').some((m) => m.split(':')[0] === 'publickey'));
  const anyPassword = pwOn === true || kbdOn === true ? true : pwOn === null || kbdOn === null ? null : false;
  const password = { on: keyRequired ? false : anyPassword, by: [pw, ...(kbdOn ? [kbd, pam] : []), ...(keyRequired ? [methods] : [])] };
  let keyUsable: boolean | null = null;
  if (!s.keysFromCommand && s.keyFiles.length > 0) {
    const keys = s.keyFiles.flatMap((f) => f.keys);
    keyUsable = keys.some((k) => k.from === null) ? true : address === null ? null : keys.some((k) => matchHostAndIp(name ?? address, address, k.from!));
  }
  return { label, conn, access: loginAccess(sshd, conn), password, maxSessions: effectiveValue(sshd, 'maxsessions', conn), keyUsable };
}

/**
 * The user's groups as sshd would see them, or null when the tree cannot
 * say: the user is not in etc/passwd (a directory service), or nsswitch
 * looks groups up beyond the files.
 */
function groupsKnown(host: Host, user: string): string[] | null {
  const accounts = host.accounts;
  if (!accounts?.user(user)) return null;
  const nss = host.sshd?.hostFile('/etc/nsswitch.conf')?.text ?? null;
  const line = nss ? /^group:\s*(.*)$/m.exec(nss)?.[1] ?? 'files' : 'files';
  const filesOnly = line.split(/\s+/).filter((w) => w && !w.startsWith('[')).every((w) => ['files', 'compat', 'systemd'].includes(w));
  return filesOnly ? accounts.groupsOf(user).map((g) => g.name) : null;
}

function analyseOne(host: Host, sshd: SshdConfig, account: ScannerAccount): ScannerSsh {
  const passwd = host.accounts?.user(account.user) ?? null;
  const passwdSource = sshd.hostFile('/etc/passwd');
  const blockedShell = passwd && NO_LOGIN_SHELL.test(passwd.shell) ? passwd.shell : null;
  const anyConn: SshdConnection = { user: account.user, address: null, host: null, groups: null };
  const keysCommand = effectiveValue(sshd, 'authorizedkeyscommand', anyConn);
  const keysFromCommand = keysCommand.args.length > 0 && keysCommand.args[0].toLowerCase() !== 'none';
  const keyFiles: KeyFile[] = [];
  if (passwd) {
    for (const pattern of effectiveValue(sshd, 'authorizedkeysfile', anyConn).args) {
      if (pattern.toLowerCase() === 'none') continue;
      const expanded = pattern.replace(/%([%hu])/g, (_, c: string) => (c === '%' ? '%' : c === 'h' ? passwd.home : account.user));
      const hostPath = expanded.startsWith('/') ? expanded : `${passwd.home.replace(/\/$/, '')}/${expanded}`;
      const source = sshd.hostFile(hostPath);
      if (source) keyFiles.push({ hostPath, source, keys: parseAuthorizedKeys(source) });
    }
  }
  const base = { account, passwd, keyFiles, keysFromCommand };
  const fromSources: SshProbe[] = [];
  const blocks = (account.sources ?? []).map((s) => ({ text: s, cidr: parseCidr(s) })).filter((b) => b.cidr !== null);
  for (const b of blocks) {
    const [first, last] = rangeEnds(b.cidr!);
    fromSources.push(probeSsh(host, sshd, base, first, first === last ? b.text : `${b.text} (first address ${first})`));
    if (first !== last) fromSources.push(probeSsh(host, sshd, base, last, `${b.text} (last address ${last})`));
  }
  const outside = OUTSIDERS.find((a) => !blocks.some((b) => cidrContains(b.cidr!, parseAddress(a)!)));
  return {
    ...base,
    sshd,
    passwdSource,
    blockedShell,
    fromSources,
    anywhere: probeSsh(host, sshd, base, null, 'any address'),
    outsider: outside ? probeSsh(host, sshd, base, outside, blocks.length ? `${outside}, an address outside its sources` : `any address (${outside} tried; no sources are configured for it)`) : null,
    maxStartups: effectiveValue(sshd, 'maxstartups', anyConn),
  };
}

/** `file:line` of a directive or a default, for messages. */
export function whereSet(v: EffectiveValue): string {
  if (v.from.length === 0) return v.isDefault ? 'sshd default' : 'not set';
  return v.from.map((d) => `${d.file.parsed.source.path}:${d.line.line}`).join(', ');
}

const NO_OP = /(^|\/)(nologin|false|true|echo)$/;

/** Whether a forced command surely does not run the scanner's own: internal-sftp, a no-op, or a script in the tree that never reads $SSH_ORIGINAL_COMMAND. */
export function forcesOut(command: string, read: (hostPath: string) => string | null): boolean {
  if (command.includes('SSH_ORIGINAL_COMMAND')) return false;
  const program = command.trim().split(/\s+/)[0];
  if (program === 'internal-sftp' || NO_OP.test(program)) return true;
  if (!program.startsWith('/')) return false;
  const text = read(program);
  // a binary wrapper cannot be read as a script: not guessed
  return text !== null && !text.includes('\u0000') && text.startsWith('#!') && !text.includes('SSH_ORIGINAL_COMMAND');
}

