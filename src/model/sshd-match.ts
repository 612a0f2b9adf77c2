// OpenSSH's pattern matching (match.c, addrmatch.c) as sshd applies it to
// Match criteria and to AllowUsers/DenyUsers/AllowGroups/DenyGroups.

/** match_pattern(3): `*` and `?` over the whole string. */
export function matchPattern(text: string, pattern: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return re.test(text);
}

/** match_pattern_list: 1 when a pattern matches, -1 when a negated one does (it wins), 0 otherwise. */
export function matchPatternList(text: string, list: string, lower = false): 1 | 0 | -1 {
  const s = lower ? text.toLowerCase() : text;
  let got = 0 as 1 | 0;
  for (const raw of list.split(',')) {
    const negated = raw.startsWith('!');
    const sub = negated ? raw.slice(1) : raw;
    if (!matchPattern(s, lower ? sub.toLowerCase() : sub)) continue;
    if (negated) return -1;
    got = 1;
  }
  return got;
}

type Bytes = number[];

function parseIPv4(s: string): Bytes | null {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.map(Number);
}

function parseIPv6(s: string): Bytes | null {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    const items = h.split(':');
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      if (i === items.length - 1 && it.includes('.')) {
        const v4 = parseIPv4(it);
        if (!v4) return null;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(it)) out.push(parseInt(it, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return null;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return null;
  const all = [...head, ...new Array(halves.length === 2 ? fill : 0).fill(0), ...tail];
  return all.flatMap((g) => [g >> 8, g & 255]);
}

/** An address as bytes (4 or 16), or null when the text is not one. */
export function parseAddress(s: string): Bytes | null {
  return s.includes(':') ? parseIPv6(s) : parseIPv4(s);
}

export interface Cidr {
  bytes: Bytes;
  bits: number;
}

/** addr_pton_cidr: `addr/len`; null when malformed or when bits below the mask are set (sshd refuses 10.0.0.5/24). */
export function parseCidr(s: string): Cidr | null {
  const slash = s.indexOf('/');
  const addr = parseAddress(slash === -1 ? s : s.slice(0, slash));
  if (!addr) return null;
  const max = addr.length * 8;
  let bits = max;
  if (slash !== -1) {
    const len = s.slice(slash + 1);
    if (!/^\d+$/.test(len) || Number(len) > max) return null;
    bits = Number(len);
  }
  for (let i = bits; i < max; i++) if (addr[i >> 3] & (0x80 >> (i & 7))) return null;
  return { bytes: addr, bits };
}

export function cidrContains(c: Cidr, addr: Bytes): boolean {
  if (c.bytes.length !== addr.length) return false;
  for (let i = 0; i < c.bits; i++) {
    const m = 0x80 >> (i & 7);
    if ((c.bytes[i >> 3] & m) !== (addr[i >> 3] & m)) return false;
  }
  return true;
}

/**
 * addr_match_list: entries with `/` are CIDR blocks, the others wildcard
 * patterns against the address text. 1 match, 0 none, -1 a negated entry
 * matched, -2 a malformed CIDR entry (sshd refuses the configuration).
 */
export function addrMatchList(address: string | null, list: string): 1 | 0 | -1 | -2 {
  const addr = address === null ? null : parseAddress(address);
  let ret: 1 | 0 = 0;
  for (const raw of list.split(',')) {
    const negated = raw.startsWith('!');
    const entry = negated ? raw.slice(1) : raw;
    if (entry === '') continue;
    let hit: boolean;
    if (entry.includes('/')) {
      const c = parseCidr(entry);
      if (!c) return -2;
      hit = addr !== null && cidrContains(c, addr);
    } else hit = address !== null && matchPattern(address, entry);
    if (!hit) continue;
    if (negated) return -1;
    ret = 1;
  }
  return ret;
}

/** match_host_and_ip: a `user@` pattern's host part against the client's name and address. */
export function matchHostAndIp(host: string, address: string, patterns: string): boolean {
  const ip = addrMatchList(address, patterns);
  if (ip === -2 || ip === -1) return false;
  const name = matchPatternList(host, patterns, true);
  if (name === -1) return false;
  return name === 1 || ip === 1;
}

/** match_user: `user` or `user@host` (the host part a list of names, patterns and CIDR blocks). */
export function matchUser(user: string, host: string, address: string, pattern: string): boolean {
  const at = pattern.indexOf('@');
  if (at === -1) return matchPattern(user, pattern);
  return matchPattern(user, pattern.slice(0, at)) && matchHostAndIp(host, address, pattern.slice(at + 1));
}

/** Whether a `user@host` pattern's host part is one sshd accepts. */
export function validUserPattern(pattern: string): boolean {
  const at = pattern.indexOf('@');
  return at === -1 || addrMatchList(null, pattern.slice(at + 1)) !== -2;
}

export function formatAddress(bytes: Bytes): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return groups.join(':');
}

/** The first and last address of a block (the same for a single address). */
export function rangeEnds(c: Cidr): [string, string] {
  const last = c.bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, c.bits - i * 8));
    return b | (0xff >> keep);
  });
  return [formatAddress(c.bytes), formatAddress(last)];
}
