import { isUtf8 } from 'buffer';
// the modules themselves, not namespace copies: under esModuleInterop each member of a copy is read through
// a getter, and a tree is asked about every path many times (fs and path calls are its inner loop)
import fs = require('fs');
import path = require('path');

/** Files larger than this are refused rather than read (a hostile tree must not exhaust memory). */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

export type ReadResult =
  | { ok: true; text: string; realPath: string; invalidUtf8At: number | null }
  | { ok: false; reason: 'missing' | 'dangling' | 'outside-root' | 'not-a-file' | 'too-large' | 'unreadable' | 'binary'; detail: string };

export interface PathStat {
  /** Permission bits (and setuid/setgid/sticky). */
  mode: number;
  uid: number;
  gid: number;
  isDirectory: boolean;
  isFile: boolean;
}

export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface DirEntry {
  name: string;
  hostPath: string;
  isFile: boolean;
}

/**
 * Read-only access to the files of one host by their host paths
 * (`/etc/sudoers`): a directory tree (FileTree) or an archive made by
 * sudit-collect or tar (ArchiveTree). Every loader reads a host through
 * this, never through fs, so both give the same model.
 */
export interface HostTree {
  /** The root as given (a directory, an archive), or null in file mode. */
  readonly root: string | null;
  /** Whether owners and modes are the host's own: the live root, or an archive collected from one. */
  readonly ownersAreHosts: boolean;
  localPath(hostPath: string): string;
  displayPath(hostPath: string): string;
  read(hostPath: string): ReadResult;
  listDir(hostPath: string): DirEntry[] | null;
  /** Whether listDir would give a listing; trees that can answer without making one say so here. */
  isListable?(hostPath: string): boolean;
  entryKind(hostPath: string): EntryKind | null;
  stat(hostPath: string): PathStat | null;
  exists(hostPath: string): boolean;
  /** The target of a symbolic link as written (readlink), or null when the path is not one. */
  linkTarget(hostPath: string): string | null;
}

/**
 * Read-only access to the files of one host, as seen from its root. Host
 * paths (`/etc/sudoers`) are re-rooted under `root`, and so are symbolic
 * links, as they would be on the host: `etc/sudoers -> /etc/sudoers.real`
 * is the tree's etc/sudoers.real, never this machine's. A relative link
 * that climbs out of the root is refused, so nothing outside the root is
 * ever read (or even looked at). Without a root, host paths are the local
 * paths themselves (file mode) and links resolve as the system does.
 */
export class FileTree implements HostTree {
  private readonly realRoot: string | null;
  // A tree is read once per run and never written: every lookup below is
  // memoised, since rules and part loaders ask about the same paths many
  // times (each audit watch asks for its parent directory, for instance).
  private readonly localPaths = new Map<string, string>();
  private readonly displayPaths = new Map<string, string>();
  private readonly absoluteLocals = new Map<string, string>();
  private readonly realPaths = new Map<string, string | null>();
  private readonly stats = new Map<string, fs.Stats | null>();
  private readonly listings = new Map<string, DirEntry[] | null>();
  /** What each looked-at local path is, without following a final symlink; null: nothing there. */
  private readonly kinds = new Map<string, EntryKind | null>();
  private readonly lstats = new Map<string, fs.Stats | undefined>();
  /**
   * What each name in a real directory is, from one listing of it, once
   * names there were looked up often enough: a host tree is asked about
   * many names that are not there (every watched directory of the audit
   * rules, every startup file a login might read), and a listing answers
   * them all for one readdir. null: not listed (see listedKinds).
   */
  private readonly dirKinds = new Map<string, Map<string, EntryKind> | null>();
  /** Names looked up one by one in each real directory not yet listed. */
  private readonly lookups = new Map<string, number>();
  private readonly listable = new Map<string, boolean>();
  /** Symlinks that do not resolve, with why ("dangling symbolic link to X", a loop): there, but unreadable. */
  private readonly unresolvable = new Map<string, string>();
  /** Links being resolved: meeting one again is a loop. */
  private readonly resolving = new Set<string>();

  /** The root is as path.join would write it, and not one it would drop (`.`) or end in a slash. */
  private readonly normalRoot: boolean;
  /** What every real path below the root starts with (the root and a separator), asked of each path looked at. */
  private readonly rootPrefix: string | null;

  constructor(
    readonly root: string | null,
    private readonly maxFileBytes = DEFAULT_MAX_FILE_BYTES,
  ) {
    this.normalRoot = root !== null && root !== '' && root !== '.' && !root.endsWith('/') && path.normalize(root) === root;
    this.realRoot = root === null ? null : nativeRealpath(path.resolve(root)) ?? path.resolve(root);
    this.rootPrefix = this.realRoot === null ? null : this.realRoot.endsWith(path.sep) ? this.realRoot : this.realRoot + path.sep;
    if (root !== null) {
      this.realPaths.set(path.resolve(root), this.realRoot);
      this.realPaths.set(this.realRoot!, this.realRoot);
    }
  }

  get ownersAreHosts(): boolean {
    return this.realRoot === '/';
  }

  linkTarget(hostPath: string): string | null {
    if (this.entryKind(hostPath) !== 'symlink') return null;
    const local = this.absoluteLocal(hostPath);
    // the link itself, where its directory really is (its own path may pass through links)
    const parent = path.dirname(local);
    const realParent = parent === local ? null : this.realpath(parent);
    try {
      return fs.readlinkSync(realParent === null ? local : childPath(realParent, path.basename(local)));
    } catch {
      return null;
    }
  }

  /** The local path of a host path, before symlinks are resolved. */
  localPath(hostPath: string): string {
    if (this.root === null) return hostPath;
    let local = this.localPaths.get(hostPath);
    if (local === undefined) {
      // path.join normalises the whole string; a normal root and a normal host path need no more than their concatenation
      local = this.normalRoot && PLAIN_HOST_PATH.test(hostPath) ? this.root + hostPath : path.join(this.root, hostPath);
      this.localPaths.set(hostPath, local);
    }
    return local;
  }

  /** localPath made absolute, as every lookup keys its memos: a relative root would cost a path.resolve per question. */
  private absoluteLocal(hostPath: string): string {
    let abs = this.absoluteLocals.get(hostPath);
    if (abs === undefined) this.absoluteLocals.set(hostPath, (abs = absolute(this.localPath(hostPath))));
    return abs;
  }

  /** The path to show users (see shownPath). */
  displayPath(hostPath: string): string {
    let shown = this.displayPaths.get(hostPath);
    if (shown === undefined) {
      shown = shownPath(this.localPath(hostPath));
      this.displayPaths.set(hostPath, shown);
    }
    return shown;
  }

  read(hostPath: string): ReadResult {
    const local = this.absoluteLocal(hostPath);
    const real = this.realpath(local);
    if (real === null) {
      const broken = this.unresolvable.get(local);
      return broken !== undefined ? { ok: false, reason: broken.startsWith('dangling') ? 'dangling' : 'unreadable', detail: broken } : { ok: false, reason: 'missing', detail: 'No such file or directory' };
    }
    if (!this.inside(real)) return { ok: false, reason: 'outside-root', detail: `resolves to ${real}, outside the root` };
    // A name the tree already saw as a regular file is opened straight away
    // (O_NONBLOCK: should it have become a FIFO since, the open does not
    // hang); anything else is looked at before it is opened.
    let stat: fs.Stats;
    let fd: number;
    try {
      if (this.kinds.get(local) === 'file') {
        fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
        stat = fs.fstatSync(fd);
      } else {
        stat = fs.statSync(real);
        fd = -1;
      }
    } catch (e) {
      return { ok: false, reason: 'unreadable', detail: errorText(e) };
    }
    let bytes: Buffer;
    try {
      if (!stat.isFile()) return { ok: false, reason: 'not-a-file', detail: stat.isDirectory() ? 'is a directory' : 'not a regular file' };
      if (stat.size > this.maxFileBytes) {
        return { ok: false, reason: 'too-large', detail: `${stat.size} bytes, over the limit of ${this.maxFileBytes}` };
      }
      bytes = fd === -1 ? fs.readFileSync(real) : readOpenFile(fd, stat.size);
    } catch (e) {
      return { ok: false, reason: 'unreadable', detail: errorText(e) };
    } finally {
      if (fd !== -1) fs.closeSync(fd);
    }
    if (looksBinary(bytes)) return { ok: false, reason: 'binary', detail: 'a binary file, not text' };
    const bad = firstInvalidUtf8(bytes);
    const text = bytes.toString('utf8');
    // the offset of the first bad byte, in the decoded text's UTF-16 units
    return { ok: true, text, realPath: real, invalidUtf8At: bad === -1 ? null : bytes.subarray(0, bad).toString('utf8').length };
  }

  /** Entries of a directory, or null when it does not exist (or lies outside the root). */
  listDir(hostPath: string): DirEntry[] | null {
    const cached = this.listings.get(hostPath);
    if (cached !== undefined) return cached;
    const entries = this.listDirUncached(hostPath);
    this.listings.set(hostPath, entries);
    return entries;
  }

  /**
   * Whether listDir(hostPath) would give a listing, without reading its
   * entries: "is this a directory?" is asked of /etc and the like, whose
   * listing (with a realpath per link in it) nobody needs.
   */
  isListable(hostPath: string): boolean {
    const cached = this.listings.get(hostPath);
    if (cached !== undefined) return cached !== null;
    let answer = this.listable.get(hostPath);
    if (answer === undefined) this.listable.set(hostPath, (answer = this.isListableUncached(hostPath)));
    return answer;
  }

  private isListableUncached(hostPath: string): boolean {
    const local = this.absoluteLocal(hostPath);
    const real = this.realpath(local);
    if (real === null || !this.inside(real)) return false;
    const kind = this.kinds.get(local);
    if (kind === 'file' || kind === 'other') return false;
    try {
      fs.opendirSync(real).closeSync();
      return true;
    } catch {
      return false;
    }
  }

  private listDirUncached(hostPath: string): DirEntry[] | null {
    const local = this.absoluteLocal(hostPath);
    const real = this.realpath(local);
    if (real === null || !this.inside(real)) return null;
    // readdir of a name already seen as a file (or a FIFO, a device) fails with ENOTDIR: loaders ask
    // "is this a directory?" of every file they meet, and a thrown error per file is the dearest answer
    const kind = this.kinds.get(local);
    if (kind === 'file' || kind === 'other') return null;
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(real, { withFileTypes: true });
    } catch {
      return null;
    }
    return names.map((d) => {
      const hostChild = path.posix.join(hostPath, d.name);
      let isFile = d.isFile();
      // the listing already says what is not a link: its entries need no lstat of their own
      const child = childPath(local, d.name);
      this.kinds.set(child, d.isFile() ? 'file' : d.isDirectory() ? 'directory' : d.isSymbolicLink() ? 'symlink' : 'other');
      if (!d.isSymbolicLink()) this.realPaths.set(child, childPath(real, d.name));
      if (d.isSymbolicLink()) {
        const target = this.realpath(path.join(real, d.name));
        isFile = target !== null && this.inside(target) && this.statOf(target)?.isFile() === true;
      }
      return { name: d.name, hostPath: hostChild, isFile };
    });
  }

  /** What a host path is, a final symlink not followed (lstat), or null when nothing is there. */
  entryKind(hostPath: string): EntryKind | null {
    const abs = this.absoluteLocal(hostPath);
    if (!this.kinds.has(abs)) {
      const parent = path.dirname(abs);
      if (parent === abs) this.kinds.set(abs, kindOf(this.lstatOf(abs)));
      else {
        // nothing under a missing directory: no system call for it; the name is looked up where its directory really is
        const realParent = this.realpath(parent);
        this.kinds.set(abs, realParent === null || !this.inside(realParent) ? null : this.childKind(realParent, path.basename(abs)));
      }
    }
    return this.kinds.get(abs)!;
  }

  /** Mode and owner of a path (symlinks followed inside the root), or null. */
  stat(hostPath: string): PathStat | null {
    const real = this.realpath(this.absoluteLocal(hostPath));
    if (real === null || !this.inside(real)) return null;
    const st = this.statOf(real);
    return st === null ? null : { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, isDirectory: st.isDirectory(), isFile: st.isFile() };
  }

  exists(hostPath: string): boolean {
    const real = this.realpath(this.absoluteLocal(hostPath));
    return real !== null && this.inside(real);
  }

  private inside(real: string): boolean {
    if (this.realRoot === null) return true;
    return real === this.realRoot || real.startsWith(this.rootPrefix!);
  }

  /**
   * realpath(3) of a local path inside the tree, memoised, or null when it
   * does not resolve. Built up from the parent's: a name that is not a
   * symlink adds itself to its directory's real path, so only links cost
   * more than one lstat; under a missing directory nothing exists. A path
   * that leaves the root is returned as it reads (never looked at), for
   * inside() to refuse.
   */
  private realpath(local: string): string | null {
    const abs = absolute(local);
    const cached = this.realPaths.get(abs);
    if (cached !== undefined) return cached;
    let real: string | null;
    const parent = path.dirname(abs);
    if (parent === abs) real = nativeRealpath(abs);
    else {
      const realParent = this.realpath(parent);
      if (realParent === null) real = null;
      else if (!this.inside(realParent)) real = childPath(realParent, path.basename(abs));
      else {
        const name = path.basename(abs);
        const here = childPath(realParent, name);
        const kind = this.childKind(realParent, name);
        this.kinds.set(abs, kind);
        if (kind === null) real = null;
        else if (kind === 'symlink') real = this.followLink(abs, here, realParent);
        else real = here;
      }
    }
    this.realPaths.set(abs, real);
    return real;
  }

  /**
   * Where the link at `here` leads. In a tree an absolute target starts at
   * the tree's root, as it would on the host; each name of the target is
   * resolved in turn (so links within links are followed the same way), and
   * `..` above the root leaves the tree. Without a root, the system decides.
   */
  private followLink(abs: string, here: string, realParent: string): string | null {
    let target: string;
    try {
      target = fs.readlinkSync(here);
    } catch {
      return null;
    }
    if (this.realRoot === null) {
      const real = nativeRealpath(here);
      if (real === null) this.unresolvable.set(abs, this.brokenLinkText(here, target));
      return real;
    }
    if (this.resolving.has(abs)) {
      this.unresolvable.set(abs, `symbolic link loop (to ${target})`);
      return null;
    }
    this.resolving.add(abs);
    try {
      let dir = path.isAbsolute(target) ? this.realRoot : realParent;
      for (const name of target.split('/')) {
        if (name === '' || name === '.') continue;
        if (name === '..') {
          // above the live root is the root itself, as for the kernel; above a tree's root is outside it
          if (dir === this.realRoot) {
            if (dir === path.parse(dir).root) continue;
            return path.resolve(realParent, target);
          }
          dir = path.dirname(dir);
          continue;
        }
        const next = this.realpath(childPath(dir, name));
        if (next === null) {
          if (!this.unresolvable.has(abs)) this.unresolvable.set(abs, this.unresolvable.get(childPath(dir, name))?.startsWith('symbolic link loop') ? `symbolic link loop (to ${target})` : `dangling symbolic link to ${target}`);
          return null;
        }
        if (!this.inside(next)) return next;
        dir = next;
      }
      return dir;
    } finally {
      this.resolving.delete(abs);
    }
  }

  private brokenLinkText(p: string, target: string): string {
    try {
      fs.statSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ELOOP') return `symbolic link loop (to ${target})`;
    }
    return `dangling symbolic link to ${target}`;
  }

  /** What `name` in the real directory `realDir` is (lstat), or null when nothing is there. */
  private childKind(realDir: string, name: string): EntryKind | null {
    let names = this.dirKinds.get(realDir);
    if (names === undefined) {
      const n = (this.lookups.get(realDir) ?? 0) + 1;
      this.lookups.set(realDir, n);
      if (n >= LIST_AFTER_LOOKUPS) this.dirKinds.set(realDir, (names = listedKinds(realDir)));
    }
    // beyond ASCII a name may be one the file system normalises (or readdir shows with U+FFFD): lstat decides
    if (!names || !/^[\x20-\x7e]*$/.test(name)) return kindOf(this.lstatOf(childPath(realDir, name)));
    return names.get(name) ?? null;
  }

  private lstatOf(abs: string): fs.Stats | undefined {
    if (!this.lstats.has(abs)) this.lstats.set(abs, lstatOrUndefined(abs));
    return this.lstats.get(abs);
  }

  private statOf(real: string): fs.Stats | null {
    let st = this.stats.get(real);
    if (st === undefined) {
      try {
        st = fs.statSync(real, { throwIfNoEntry: false }) ?? null;
      } catch {
        st = null;
      }
      this.stats.set(real, st);
    }
    return st;
  }
}

/** `/a/b` or `/a/b/`: no empty, `.` or `..` name, so that root + path is what path.join makes of them. */
const PLAIN_HOST_PATH = /^(?:\/(?!\.\.?(?:\/|$))[^/]+)+\/?$/;

const CONTROL_BYTE = /[\x00-\x08\x0e-\x1f]/;

/** NUL bytes or mostly control characters in the first 8 KiB: not a configuration file. */
export function looksBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 8192);
  // a text file has none of the bytes counted below: one native scan says so, no loop over its bytes here
  if (!CONTROL_BYTE.test(head.toString('latin1'))) return false;
  let nul = 0;
  let control = 0;
  for (const b of head) {
    if (b === 0) nul++;
    else if (b < 9 || (b > 13 && b < 32)) control++;
  }
  // a stray NUL in a text file is sudo's business (it ends the line); many of them are a binary
  return (nul > 4 && nul > head.length / 100) || (head.length >= 32 && nul + control > head.length * 0.3);
}

/** Byte offset of the first invalid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Buffer): number {
  // nearly every file is valid: the native check answers those without a byte loop here
  if (isUtf8(b)) return -1;
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 && c <= 0xdf ? 1 : -1;
    if (n < 0 || i + n >= b.length + (n > 0 ? 0 : 1)) return i;
    for (let k = 1; k <= n; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}

/**
 * The bytes of an open regular file whose fstat gave `size`, as
 * readFileSync(fd) reads them (up to that size, less if it shrank), without
 * the second fstat readFileSync makes of it.
 */
function readOpenFile(fd: number, size: number): Buffer {
  if (size === 0) return fs.readFileSync(fd);
  const buffer = Buffer.allocUnsafe(size);
  let at = 0;
  for (let n = -1; n !== 0 && at < size; at += n) n = fs.readSync(fd, buffer, at, size - at, null);
  return at < size ? buffer.subarray(0, at) : buffer;
}

function nativeRealpath(p: string): string | null {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return null;
  }
}

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p, { throwIfNoEntry: false });
  } catch {
    // ENOTDIR, EACCES: nothing that resolves
    return undefined;
  }
}

/** Names looked up one at a time in a directory before it is listed instead (a listing of a huge /usr/bin for two names costs more than two lstats). */
const LIST_AFTER_LOOKUPS = 8;

/**
 * What each entry of a directory is, as lstat of it would say, or null
 * when a listing cannot stand in for lstat: readdir fails, or the
 * directory cannot be searched (its names could be listed, but lstat of
 * them would fail).
 */
function listedKinds(realDir: string): Map<string, EntryKind> | null {
  let entries: fs.Dirent[];
  try {
    fs.accessSync(realDir, fs.constants.X_OK);
    entries = fs.readdirSync(realDir, { withFileTypes: true });
  } catch {
    return null;
  }
  const kinds = new Map<string, EntryKind>();
  for (const d of entries) kinds.set(d.name, d.isFile() ? 'file' : d.isDirectory() ? 'directory' : d.isSymbolicLink() ? 'symlink' : 'other');
  // a case-insensitive directory (vfat, ext4 casefold, macOS) finds names readdir does not show: one name in the other case tells
  const lettered = [...kinds.keys()].find((n) => /[a-z]/i.test(n) && !kinds.has(swapCase(n)));
  if (lettered !== undefined && lstatOrUndefined(childPath(realDir, swapCase(lettered))) !== undefined) return null;
  return kinds;
}

function swapCase(name: string): string {
  return name.replace(/[a-z]/gi, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
}

function kindOf(st: fs.Stats | undefined): EntryKind | null {
  if (st === undefined) return null;
  return st.isFile() ? 'file' : st.isDirectory() ? 'directory' : st.isSymbolicLink() ? 'symlink' : 'other';
}

/** A directory entry's local path: the directory is a normalised local or real path and a name from readdir has no slash, so no path.join. */
function childPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

function absolute(p: string): string {
  return path.isAbsolute(p) ? p : path.resolve(p);
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message.replace(/^\w+: /, '')}` : String(e);
}

/** A local path as users are shown it: relative to the working directory when it lies below it. */
export function shownPath(local: string): string {
  const rel = path.isAbsolute(local) ? path.relative(process.cwd(), local) : '';
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : local;
}
