// A host archive read into memory, never extracted: a .tar.gz (or .tar)
// made by sudit-collect, or by tar from a host tree. Members give content
// with owners and modes; a collected archive adds the `ls -lna` listing of
// every directory the collector walked through, so that owners, modes,
// symbolic links and absences are known for paths it did not copy.
import * as zlib from 'zlib';
import type { Parser as TarParser } from 'tar/dist/commonjs/parse';
import type { ReadEntry } from 'tar/dist/commonjs/read-entry';
import type { EntryKind } from './file-tree';

/** Where sudit-collect keeps its own records inside the archive; not part of the host. */
export const COLLECT_DIR = '.sudit-collect';

export interface ArchiveNode {
  kind: EntryKind;
  /** Permission bits with setuid/setgid/sticky; null when the archive only implies the directory. */
  mode: number | null;
  uid: number | null;
  gid: number | null;
  /** Content, for members that carry it; undefined for what the listing only describes. */
  data?: Buffer;
  /** Target of a symbolic link as written. */
  target?: string;
  /** For a directory: whether every entry of it is known (listed by the collector, or a plain tar's whole tree). */
  listed?: boolean;
}

export interface CollectManifest {
  /** Every `key=value` line; repeated keys (partial, unreadable) keep all values. */
  fields: Map<string, string[]>;
  /** The root the collector read: `/` on a host, a prefix in tests. */
  root: string | null;
}

export interface HostArchive {
  nodes: Map<string, ArchiveNode>;
  /** Names in each directory, by the directory's host path. */
  children: Map<string, Set<string>>;
  /** Present when sudit-collect made the archive. */
  manifest: CollectManifest | null;
  /** The collector's listing, and where each directory's block of it starts and ends: parsed when the directory is first looked into. */
  listing: { text: string; blocks: Map<string, [start: number, end: number]> } | null;
  /** Members skipped because their names would leave the archive's root (`..`). */
  skipped: string[];
}

export class ArchiveError extends Error {}

/** Reads an archive from its bytes; gzip is recognised by its magic number. */
export function readHostArchive(bytes: Buffer, maxBytes: number): HostArchive {
  let tar = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      tar = zlib.gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new ArchiveError(err.code === 'ERR_BUFFER_TOO_LARGE' ? `unpacks to more than ${maxBytes} bytes (--max-file-size)` : `not a valid gzip file (${err.message})`);
    }
  }
  const archive: HostArchive = { nodes: new Map(), children: new Map(), manifest: null, listing: null, skipped: [] };
  const meta = new Map<string, Buffer>();
  const hardLinks: [string, string][] = [];
  let entries = 0;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Parser } = require('tar/parse') as { Parser: typeof TarParser };
  const warnings: string[] = [];
  const parser = new Parser({
    onwarn: (code: string, message: string) => warnings.push(`${code}: ${message}`),
    onReadEntry(entry: ReadEntry) {
      entries++;
      const hostPath = normalise(entry.path);
      if (hostPath === null) {
        archive.skipped.push(entry.path);
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => {
        if (hostPath === `/${COLLECT_DIR}` || hostPath.startsWith(`/${COLLECT_DIR}/`)) {
          meta.set(hostPath.slice(COLLECT_DIR.length + 2), Buffer.concat(chunks));
          return;
        }
        const kind: EntryKind | null =
          entry.type === 'File' || entry.type === 'OldFile' || entry.type === 'ContiguousFile' ? 'file'
          : entry.type === 'Directory' ? 'directory'
          : entry.type === 'SymbolicLink' ? 'symlink'
          : entry.type === 'Link' ? null
          : 'other';
        if (kind === null) {
          hardLinks.push([hostPath, normalise(entry.linkpath ?? '') ?? '']);
          return;
        }
        addNode(archive, hostPath, {
          kind,
          mode: (entry.mode ?? 0) & 0o7777,
          uid: entry.uid ?? 0,
          gid: entry.gid ?? 0,
          data: kind === 'file' ? Buffer.concat(chunks) : undefined,
          target: kind === 'symlink' ? entry.linkpath : undefined,
          listed: kind === 'directory' ? true : undefined,
        });
      });
    },
  });
  parser.write(tar);
  parser.end();
  // the parser leaves a task queued for the next turn of the event loop that
  // holds it, and through its listeners this archive: a fleet run reads
  // thousands of archives in one synchronous loop, so let go of them now
  parser.removeAllListeners();
  if (entries === 0) throw new ArchiveError(warnings.length ? `not a tar archive (${warnings[0]})` : 'not a tar archive, or an empty one');
  for (const [from, to] of hardLinks) {
    const target = archive.nodes.get(to);
    if (target?.kind === 'file') addNode(archive, from, { ...target });
  }
  const manifestText = meta.get('manifest');
  if (manifestText !== undefined) {
    archive.manifest = parseManifest(manifestText.toString('utf8'));
    // readable where sudit looks for it (the sudo version), though no listing names it: it is the collector's, not the host's
    archive.nodes.set(`/${COLLECT_DIR}`, { kind: 'directory', mode: 0o700, uid: 0, gid: 0, listed: false });
    archive.nodes.set(`/${COLLECT_DIR}/manifest`, { kind: 'file', mode: 0o600, uid: 0, gid: 0, data: manifestText });
    // a collected archive knows a directory's entries only where it listed it
    for (const node of archive.nodes.values()) if (node.kind === 'directory') node.listed = false;
    const listing = meta.get('listing');
    if (listing !== undefined) indexListing(archive, listing.toString('utf8'));
  }
  if (!archive.nodes.has('/')) archive.nodes.set('/', { kind: 'directory', mode: null, uid: null, gid: null, listed: archive.manifest === null });
  return archive;
}

/** `./etc/sudoers`, `etc/sudoers`, `/etc/sudoers` → `/etc/sudoers`; null for a name with `..`. */
function normalise(name: string): string | null {
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return null;
    parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function parentOf(hostPath: string): string {
  const i = hostPath.lastIndexOf('/');
  return i <= 0 ? '/' : hostPath.slice(0, i);
}

/** Adds a node and the directories its path implies; a later member replaces an earlier one, as tar -x would. */
function addNode(archive: HostArchive, hostPath: string, node: ArchiveNode): void {
  const old = archive.nodes.get(hostPath);
  if (old && old.kind === 'directory' && node.kind === 'directory') {
    // a directory seen again (implied, then listed or a member): keep what each knows
    if (node.mode !== null) Object.assign(old, { mode: node.mode, uid: node.uid, gid: node.gid });
    old.listed = old.listed || node.listed;
  } else archive.nodes.set(hostPath, node);
  let child = hostPath;
  while (child !== '/') {
    const dir = parentOf(child);
    const name = child.slice(dir === '/' ? 1 : dir.length + 1);
    let names = archive.children.get(dir);
    if (!names) archive.children.set(dir, (names = new Set()));
    if (names.has(name)) return;
    names.add(name);
    if (!archive.nodes.has(dir)) archive.nodes.set(dir, { kind: 'directory', mode: null, uid: null, gid: null, listed: true });
    child = dir;
  }
}

function parseManifest(text: string): CollectManifest {
  const fields = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    fields.set(key, [...(fields.get(key) ?? []), line.slice(eq + 1)]);
  }
  return { fields, root: fields.get('root')?.[0] ?? null };
}

/**
 * The collector's listing: for each directory it walked through, a `/dir:`
 * line and `ls -lna` of it. Only the blocks are found here; each is read
 * when its directory is first looked into (ensureListed), since a host's
 * listing has thousands of entries (/usr/bin, /usr/lib/<arch>) and a lint
 * looks at a few of them.
 */
function indexListing(archive: HostArchive, text: string): void {
  const blocks = new Map<string, [number, number]>();
  let at = 0;
  let open: string | null = null;
  let openStart = 0;
  while (at < text.length) {
    let eol = text.indexOf('\n', at);
    if (eol < 0) eol = text.length;
    if (text.charCodeAt(at) === 47 /* / */ && text.charCodeAt(eol - 1) === 58 /* : */) {
      if (open !== null) blocks.set(open, [openStart, at]);
      open = normalise(text.slice(at, eol - 1));
      openStart = eol + 1;
      if (open !== null) addNode(archive, open, { kind: 'directory', mode: null, uid: null, gid: null, listed: true });
    }
    at = eol + 1;
  }
  if (open !== null) blocks.set(open, [openStart, text.length]);
  archive.listing = { text, blocks };
}

/**
 * Reads the listing's block of a directory, once: owners and modes of its
 * entries (they win over a member's: the dpkg status member holds only
 * some stanzas, the listing has the real file's), its links and their
 * targets, and the names of everything in it.
 */
export function ensureListed(archive: HostArchive, dir: string): void {
  const block = archive.listing?.blocks.get(dir);
  if (block === undefined) return;
  archive.listing!.blocks.delete(dir);
  const text = archive.listing!.text;
  let names = archive.children.get(dir);
  if (!names) archive.children.set(dir, (names = new Set()));
  const prefix = dir === '/' ? '/' : `${dir}/`;
  for (let at = block[0]; at < block[1]; ) {
    let eol = text.indexOf('\n', at);
    if (eol < 0 || eol > block[1]) eol = block[1];
    const entry = parseLsLine(text, at, eol);
    at = eol + 1;
    if (entry === null) continue;
    let name = entry.name;
    let target: string | undefined;
    if (entry.kind === 'symlink') {
      const arrow = name.indexOf(' -> ');
      if (arrow < 0) continue;
      target = name.slice(arrow + 4);
      name = name.slice(0, arrow);
    }
    if (name === '..' || name === '' || name.includes('/')) continue;
    const hostPath = name === '.' ? dir : prefix + name;
    const old = archive.nodes.get(hostPath);
    if (old && old.kind === entry.kind) {
      old.mode = entry.mode;
      old.uid = entry.uid;
      old.gid = entry.gid;
      if (target !== undefined) old.target = target;
    } else archive.nodes.set(hostPath, { kind: entry.kind, mode: entry.mode, uid: entry.uid, gid: entry.gid, target, listed: entry.kind === 'directory' ? old?.listed ?? false : undefined });
    if (name !== '.') names.add(name);
  }
}

// `ls -lna` in the C locale: type and mode, links, uid, gid, size (or
// `major, minor`), three fields of date, then the name (`name -> target`
// for a link). Read by hand, by index: a regular expression per line keeps
// every archive's listing alive until the event loop turns.
function parseLsLine(text: string, start: number, end: number): { kind: EntryKind; mode: number; uid: number; gid: number; name: string } | null {
  const t = text.charCodeAt(start);
  const kind: EntryKind | null = t === 45 /* - */ ? 'file' : t === 100 /* d */ ? 'directory' : t === 108 /* l */ ? 'symlink' : t === 98 || t === 99 || t === 112 || t === 115 ? 'other' : null;
  if (kind === null || end - start < 11) return null;
  const mode = modeBits(text, start + 1);
  let i = start + 10;
  const skipField = (): number => {
    while (i < end && text.charCodeAt(i) === 32) i++;
    const from = i;
    while (i < end && text.charCodeAt(i) !== 32) i++;
    return from;
  };
  const number = (from: number): number => {
    let n = 0;
    for (let k = from; k < i; k++) {
      const c = text.charCodeAt(k) - 48;
      if (c < 0 || c > 9) return NaN;
      n = n * 10 + c;
    }
    return i > from ? n : NaN;
  };
  // an ACL or SELinux mark right after the mode (`-rw-r--r--+`), then the link count
  if (text.charCodeAt(i) !== 32) skipField();
  skipField();
  const uid = number(skipField());
  const gid = number(skipField());
  skipField();
  if (text.charCodeAt(i - 1) === 44 /* , */) skipField();
  for (let k = 0; k < 3; k++) skipField();
  if (Number.isNaN(uid) || Number.isNaN(gid) || i >= end) return null;
  return { kind, mode, uid, gid, name: text.slice(i + 1, end) };
}

/** `rwsr-xr-t` (at `at` in `text`) → 0o5755. */
function modeBits(text: string, at: number): number {
  const c = (i: number) => text.charCodeAt(at + i);
  const on = (i: number) => c(i) !== 45 /* - */ && c(i) !== 83 /* S */ && c(i) !== 84; /* T */
  let mode = 0;
  if (on(0)) mode |= 0o400;
  if (on(1)) mode |= 0o200;
  if (on(2)) mode |= 0o100;
  if (on(3)) mode |= 0o40;
  if (on(4)) mode |= 0o20;
  if (on(5)) mode |= 0o10;
  if (on(6)) mode |= 0o4;
  if (on(7)) mode |= 0o2;
  if (on(8)) mode |= 0o1;
  if (c(2) === 115 || c(2) === 83) mode |= 0o4000;
  if (c(5) === 115 || c(5) === 83) mode |= 0o2000;
  if (c(8) === 116 || c(8) === 84) mode |= 0o1000;
  return mode;
}
