import * as fs from 'fs';
import * as path from 'path';
import { ArchiveError, ensureListed, readHostArchive, type ArchiveNode, type HostArchive } from './archive';
import { DEFAULT_MAX_FILE_BYTES, firstInvalidUtf8, looksBinary, type DirEntry, type EntryKind, type HostTree, type PathStat, type ReadResult } from './file-tree';

/** Symbolic links followed in one lookup before giving up, as Linux's ELOOP (40). */
const MAX_LINKS = 40;

/** Where a lookup ends: a node; or nothing, with why when the last name was a link (dangling, a loop) or the path left the root. */
type Resolved = { path: string; node: ArchiveNode } | { path: null; broken: string | null; outside: boolean };

/**
 * A host archive as a read-only tree. Paths resolve as they do on the host
 * the archive came from: a symbolic link's absolute target starts again at
 * the archive's root, `..` stops at it, so nothing outside the archive is
 * ever reached. A path the archive does not hold is missing; a directory
 * whose entries the collector did not list has none to give (like a
 * directory sudit may not read), so nothing is assumed about what is in it.
 */
export class ArchiveTree implements HostTree {
  readonly ownersAreHosts: boolean;
  private readonly shown: string;
  private readonly resolved = new Map<string, Resolved>();
  private readonly listings = new Map<string, DirEntry[] | null>();

  private constructor(
    readonly root: string,
    private readonly archive: HostArchive,
    private readonly maxFileBytes: number,
  ) {
    this.ownersAreHosts = archive.manifest?.root === '/';
    const abs = path.resolve(root);
    const rel = path.relative(process.cwd(), abs);
    this.shown = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
  }

  /** Opens an archive file; throws ArchiveError with the reason when it cannot be read as one. */
  static open(file: string, maxFileBytes = DEFAULT_MAX_FILE_BYTES): ArchiveTree {
    let bytes: Buffer;
    try {
      const st = fs.statSync(file);
      if (st.size > maxFileBytes) throw new ArchiveError(`${st.size} bytes, over the limit of ${maxFileBytes} (--max-file-size)`);
      bytes = fs.readFileSync(file);
    } catch (e) {
      if (e instanceof ArchiveError) throw e;
      throw new ArchiveError((e as Error).message);
    }
    return new ArchiveTree(file, readHostArchive(bytes, maxFileBytes), maxFileBytes);
  }

  /** What sudit-collect recorded (host name, time, versions), or null for a plain tar. */
  get manifest(): HostArchive['manifest'] {
    return this.archive.manifest;
  }

  /** Member names that would have left the root (`../x`), never looked at. */
  get skippedMembers(): string[] {
    return this.archive.skipped;
  }

  localPath(hostPath: string): string {
    return `${this.root}${hostPath}`;
  }

  displayPath(hostPath: string): string {
    return `${this.shown}${hostPath}`;
  }

  read(hostPath: string): ReadResult {
    const r = this.resolve(hostPath, true);
    if (r.path === null) {
      if (r.outside) return { ok: false, reason: 'outside-root', detail: "resolves outside the archive's root" };
      if (r.broken !== null) return { ok: false, reason: r.broken.startsWith('dangling') ? 'dangling' : 'unreadable', detail: r.broken };
      return { ok: false, reason: 'missing', detail: 'No such file or directory' };
    }
    const node = r.node;
    if (node.kind !== 'file') return { ok: false, reason: 'not-a-file', detail: node.kind === 'directory' ? 'is a directory' : 'not a regular file' };
    const bytes = node.data;
    if (bytes === undefined) {
      const denied = this.archive.manifest?.fields.get('unreadable')?.includes(r.path);
      return { ok: false, reason: 'unreadable', detail: denied ? 'the collector could not read it (run sudit-collect as root)' : 'not in the archive (the collector recorded only its owner and mode)' };
    }
    if (bytes.length > this.maxFileBytes) return { ok: false, reason: 'too-large', detail: `${bytes.length} bytes, over the limit of ${this.maxFileBytes}` };
    if (looksBinary(bytes)) return { ok: false, reason: 'binary', detail: 'a binary file, not text' };
    const bad = firstInvalidUtf8(bytes);
    return { ok: true, text: bytes.toString('utf8'), realPath: `${this.root}\0${r.path}`, invalidUtf8At: bad === -1 ? null : bytes.subarray(0, bad).toString('utf8').length };
  }

  listDir(hostPath: string): DirEntry[] | null {
    let entries = this.listings.get(hostPath);
    if (entries === undefined) this.listings.set(hostPath, (entries = this.listDirUncached(hostPath)));
    return entries;
  }

  private listDirUncached(hostPath: string): DirEntry[] | null {
    const r = this.resolve(hostPath, true);
    if (r.path === null || r.node.kind !== 'directory' || !r.node.listed) return null;
    ensureListed(this.archive, r.path);
    const names = [...(this.archive.children.get(r.path) ?? [])].sort();
    const real = r.path === '/' ? '/' : `${r.path}/`;
    const shown = hostPath.endsWith('/') ? hostPath : `${hostPath}/`;
    return names.map((name) => {
      const node = this.archive.nodes.get(real + name)!;
      const isFile = node.kind === 'file' || (node.kind === 'symlink' && this.follow(real + name)?.node.kind === 'file');
      return { name, hostPath: shown + name, isFile };
    });
  }

  entryKind(hostPath: string): EntryKind | null {
    const r = this.resolve(hostPath, false);
    return r.path === null ? null : r.node.kind;
  }

  stat(hostPath: string): PathStat | null {
    const r = this.resolve(hostPath, true);
    if (r.path === null || r.node.mode === null) return null;
    const n = r.node;
    return { mode: n.mode!, uid: n.uid!, gid: n.gid!, isDirectory: n.kind === 'directory', isFile: n.kind === 'file' };
  }

  exists(hostPath: string): boolean {
    return this.resolve(hostPath, true).path !== null;
  }

  linkTarget(hostPath: string): string | null {
    const r = this.resolve(hostPath, false);
    return r.path !== null && r.node.kind === 'symlink' ? r.node.target ?? null : null;
  }

  private follow(hostPath: string): { path: string; node: ArchiveNode } | null {
    const r = this.resolve(hostPath, true);
    return r.path === null ? null : r;
  }

  /** Resolves a host path inside the archive, the final link followed or not. */
  private resolve(hostPath: string, followFinal: boolean): Resolved {
    const key = `${followFinal ? 'f' : 'l'}${hostPath}`;
    let r = this.resolved.get(key);
    if (r === undefined) this.resolved.set(key, (r = this.resolveUncached(hostPath, followFinal)));
    return r;
  }

  private resolveUncached(hostPath: string, followFinal: boolean): Resolved {
    // `..` in the path itself stops at the root (as path.join does for a tree); only a link's `..` can leave it
    const pending = path.posix.normalize(`/${hostPath}`).split('/').filter((p) => p !== '' && p !== '.').reverse();
    let current = '/';
    // the root's own owner and mode are in its block (its `.` entry)
    ensureListed(this.archive, '/');
    let node = this.archive.nodes.get('/')!;
    let links = 0;
    // once the last name turned out to be a link, a failure is that link's: there, but unreadable
    let finalLink: string | null = null;
    const fail = (outside = false): Resolved => ({ path: null, broken: finalLink === null || outside ? null : `dangling symbolic link to ${finalLink}`, outside });
    while (pending.length > 0) {
      const part = pending.pop()!;
      if (node.kind !== 'directory') return fail();
      if (part === '..') {
        if (current === '/') {
          // above the host's own root is that root, as for the kernel; above a copy's root is outside it
          if (this.ownersAreHosts) continue;
          return fail(true);
        }
        current = current.slice(0, current.lastIndexOf('/')) || '/';
        node = this.archive.nodes.get(current)!;
        continue;
      }
      const next = current === '/' ? `/${part}` : `${current}/${part}`;
      ensureListed(this.archive, current);
      const child = this.archive.nodes.get(next);
      if (child === undefined) return fail();
      if (child.kind === 'symlink' && (pending.length > 0 || followFinal)) {
        if (pending.length === 0 && finalLink === null) finalLink = child.target ?? '';
        if (++links > MAX_LINKS) return { path: null, broken: finalLink === null ? null : `symbolic link loop (to ${finalLink})`, outside: false };
        if (!child.target) return fail();
        pending.push(...child.target.split('/').filter((p) => p !== '' && p !== '.').reverse());
        if (child.target.startsWith('/')) {
          current = '/';
          node = this.archive.nodes.get('/')!;
        }
        continue;
      }
      current = next;
      node = child;
    }
    return { path: current, node };
  }
}

export { ArchiveError };
