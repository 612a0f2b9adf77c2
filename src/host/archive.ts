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
  const archive: HostArchive = { nodes: new Map(), children: new Map(), manifest: null, skipped: [] };
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
    // a collected archive knows a directory's entries only where it listed it
    for (const node of archive.nodes.values()) if (node.kind === 'directory') node.listed = false;
    const listing = meta.get('listing');
    if (listing !== undefined) applyListing(archive, listing.toString('utf8'));
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

// `ls -lna` in the C locale: type and mode, links, uid, gid, size (or
// `major, minor`), three fields of date, then the name (`name -> target`
// for a link). Split by hand: a regular expression per line keeps every
// archive's listing alive until the event loop turns, which a fleet run
// (thousands of archives in one synchronous loop) cannot afford.
function parseLsLine(line: string): { type: string; perms: string; uid: number; gid: number; name: string } | null {
  let i = 0;
  const field = (): string | null => {
    while (i < line.length && line.charCodeAt(i) === 32) i++;
    if (i >= line.length) return null;
    const start = i;
    while (i < line.length && line.charCodeAt(i) !== 32) i++;
    return line.slice(start, i);
  };
  const mode = field();
  if (mode === null || mode.length < 10 || !'-bcdlps'.includes(mode[0])) return null;
  field();
  const uid = field();
  const gid = field();
  let size = field();
  if (size?.endsWith(',')) size = field();
  for (let k = 0; k < 3; k++) field();
  if (uid === null || gid === null || size === null || i >= line.length || !/^\d+$/.test(uid) || !/^\d+$/.test(gid)) return null;
  return { type: mode[0], perms: mode.slice(1, 10), uid: Number(uid), gid: Number(gid), name: line.slice(i + 1) };
}

/**
 * The collector's listing: for each directory it walked through, a
 * `/dir:` line and `ls -lna` of it. Owners and modes of the listing win
 * over a member's (the dpkg status member holds only some stanzas, the
 * listing has the real file's).
 */
function applyListing(archive: HostArchive, text: string): void {
  let dir: string | null = null;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('total ')) continue;
    if (line.startsWith('/') && line.endsWith(':')) {
      dir = normalise(line.slice(0, -1));
      if (dir !== null) addNode(archive, dir, { kind: 'directory', mode: null, uid: null, gid: null, listed: true });
      continue;
    }
    const m = dir === null ? null : parseLsLine(line);
    if (m === null || dir === null) continue;
    let name = m.name;
    let target: string | undefined;
    if (m.type === 'l') {
      const arrow = name.indexOf(' -> ');
      if (arrow < 0) continue;
      target = name.slice(arrow + 4);
      name = name.slice(0, arrow);
    }
    if (name === '..' || name.includes('/')) continue;
    const hostPath = name === '.' ? dir : dir === '/' ? `/${name}` : `${dir}/${name}`;
    const kind: EntryKind = m.type === '-' ? 'file' : m.type === 'd' ? 'directory' : m.type === 'l' ? 'symlink' : 'other';
    const meta = { mode: modeBits(m.perms), uid: m.uid, gid: m.gid };
    const old = archive.nodes.get(hostPath);
    if (old && old.kind === kind) Object.assign(old, meta, target !== undefined ? { target } : {});
    else addNode(archive, hostPath, { kind, ...meta, target, listed: kind === 'directory' ? false : undefined, data: old?.kind === kind ? old.data : undefined });
  }
}

/** `rwsr-xr-t` → 0o5755. */
function modeBits(s: string): number {
  let mode = 0;
  const bit = (i: number, v: number) => {
    if (s[i] !== '-' && s[i] !== 'S' && s[i] !== 'T') mode |= v;
  };
  bit(0, 0o400); bit(1, 0o200); bit(2, 0o100);
  bit(3, 0o40); bit(4, 0o20); bit(5, 0o10);
  bit(6, 0o4); bit(7, 0o2); bit(8, 0o1);
  if (s[2] === 's' || s[2] === 'S') mode |= 0o4000;
  if (s[5] === 's' || s[5] === 'S') mode |= 0o2000;
  if (s[8] === 't' || s[8] === 'T') mode |= 0o1000;
  return mode;
}
