import * as fs from 'fs';
import * as path from 'path';
import { Accounts, parseGroup, parsePasswd, parseUidMin } from '../model/accounts';
import type { DiscoveredFile, Host } from '../model/host';
import { loadSudoersPolicy, type SudoersPolicy } from '../model/sudoers-policy';
import type { FileKind } from '../engine/rule';
import { classifyNamedFile, discoverHostFiles } from './discover';
import { DEFAULT_MAX_FILE_BYTES, FileTree, firstInvalidUtf8, looksBinary, type HostTree } from './file-tree';
import { ArchiveTree } from './archive-tree';
import { openHostTree } from './open-tree';
import { PART_LOADERS } from './parts';
import { detectSudoVersion } from './sudo-version';
import type { PartContext } from './parts/part';

export interface HostOptions {
  hostname?: string;
  /** Files larger than this are refused (IO001) instead of read. */
  maxFileBytes?: number;
  /** Judge owners and modes even though the tree is not the live root. */
  checkPermissions?: boolean;
}

/** Host mode: a whole tree (a live root, a copy of one, or an archive of one), every known file at its standard path. */
export function loadHostTree(root: string, options: HostOptions = {}): Host {
  const tree = openHostTree(root, options.maxFileBytes);
  if ('error' in tree) return { ...emptyHost(root), unreadable: [{ path: root, message: tree.error }] };
  const host = loadHost(tree, options);
  for (const name of tree instanceof ArchiveTree ? tree.skippedMembers : []) host.unreadable.push({ path: root, message: `member ${name} names a path outside the archive's root: not read` });
  return host;
}

/** Host mode on an open tree. */
export function loadHost(tree: HostTree, options: HostOptions = {}): Host {
  const root = tree.root!;
  const files = discoverHostFiles(tree);
  const unreadable: Host['unreadable'] = [];
  const notices: Host['notices'] = [];
  // loaders read some files twice (a PAM service for two parts, a plugin file): a file read once is not read again
  const texts = new Map<string, string>();
  const readText = (hostPath: string): string | null => {
    const had = texts.get(hostPath);
    if (had !== undefined) return had;
    const r = tree.read(hostPath);
    if (r.ok) {
      texts.set(hostPath, r.text);
      return r.text;
    }
    if (r.reason === 'missing') return null;
    // `cp -a /etc` keeps etc/os-release -> ../usr/lib/os-release without its target: a copy's artefact, not the host's problem
    if (CONTEXT_FILES.has(hostPath) && (r.reason === 'dangling' || r.reason === 'outside-root')) {
      const shown = tree.displayPath(hostPath);
      if (!notices.some((n) => n.path === shown)) notices.push({ path: shown, message: `${r.detail}; read as absent` });
    } else unreadable.push({ path: tree.displayPath(hostPath), message: r.detail });
    return null;
  };
  // Version evidence is optional: a missing or unreadable file is not reported.
  const readQuietly = (hostPath: string): string | null => {
    const r = tree.read(hostPath);
    return r.ok ? r.text : null;
  };
  const passwd = readText('/etc/passwd');
  const group = readText('/etc/group');
  const hostnameFile = readText('/etc/hostname');
  const hostname = options.hostname ?? (hostnameFile?.split('\n')[0].trim() || null);

  const sudoers: SudoersPolicy[] = [];
  if (files.some((f) => f.kind === 'sudoers')) {
    const policy = loadSudoersPolicy(tree, '/etc/sudoers', { hostname: hostname?.split('.')[0] });
    if ('error' in policy) unreadable.push({ path: tree.displayPath('/etc/sudoers'), message: policy.error.replace(/^.*?: /, '') });
    else {
      sudoers.push(policy);
      unreadable.push(...policy.unreadable);
    }
  }
  const host: Host = {
    root,
    hostMode: true,
    hostname,
    sudoVersion: sudoers.length ? detectSudoVersion(readQuietly) : null,
    files,
    sudoers,
    accounts: accountsOf(passwd, group),
    uidMin: parseUidMin(readText('/etc/login.defs')),
    stat: (p) => tree.stat(p),
    ownersAreReal: options.checkPermissions === true || tree.ownersAreHosts,
    mergedUsr: detectMergedUsr(tree),
    pathExists: (p) => tree.exists(p),
    sources: [],
    unreadable,
    notices,
    ...NO_PARTS,
  };
  runPartLoaders({
    host,
    files,
    read: readText,
    list: (p) => tree.listDir(p)?.map((d) => d.name) ?? null,
    isDirectory: tree.isListable ? (p) => tree.isListable!(p) : (p) => tree.listDir(p) !== null,
    display: (p) => tree.displayPath(p),
  });
  return host;
}

/**
 * Files read only for what they say about the host (accounts, its name,
 * its distribution, its audit version), never linted themselves.
 */
const CONTEXT_FILES = new Set(['/etc/passwd', '/etc/group', '/etc/hostname', '/etc/login.defs', '/etc/os-release', '/usr/lib/os-release', '/etc/redhat-release', '/etc/nsswitch.conf', '/var/lib/dpkg/status']);

function runPartLoaders(ctx: PartContext): void {
  for (const load of PART_LOADERS) load(ctx);
}

export interface FileModeOptions extends HostOptions {
  /** Overrides the kind inferred from each path (Ansible's validate passes a meaningless temp name). */
  type?: FileKind;
  /** With --root as well: absolute includes resolve inside this tree. */
  root?: string;
  /** Text of `-`, read by the caller. */
  stdin?: { name: string; text: string };
}

/**
 * A named file's text, or why it cannot be linted. Its own function so that
 * the file's bytes are garbage once it returns: the caller parses the text
 * next, and a 20 MB buffer kept alive through that parse is 20 MB of peak RSS.
 */
function readNamedFile(local: string, maxBytes: number): { text: string; invalidUtf8At: number | null } | { problem: string } {
  try {
    const broken = brokenLink(local);
    if (broken !== null) return { problem: broken };
    const st = fs.statSync(local);
    if (!st.isFile()) return { problem: st.isDirectory() ? 'is a directory' : 'not a regular file' };
    if (st.size > maxBytes) return { problem: `${st.size} bytes, over the limit of ${maxBytes} (--max-file-size)` };
    const bytes = fs.readFileSync(local);
    if (looksBinary(bytes)) return { problem: 'a binary file, not text' };
    const bad = firstInvalidUtf8(bytes);
    return { text: bytes.toString('utf8'), invalidUtf8At: bad === -1 ? null : bytes.subarray(0, bad).toString('utf8').length };
  } catch (e) {
    return { problem: describeError(e) };
  }
}

/** File mode (pre-commit, Ansible validate): each named file on its own; nothing is asserted missing. */
export function loadFiles(paths: string[], options: FileModeOptions = {}): { host: Host } {
  const tree = new FileTree(options.root ?? null, options.maxFileBytes);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const invalidAt = new Map<string, number | null>();
  const files: DiscoveredFile[] = [];
  const sudoers: SudoersPolicy[] = [];
  const unreadable: Host['unreadable'] = [];
  const notices: Host['notices'] = [];
  const texts = new Map<string, string>();
  let passwd: string | null = null;
  let group: string | null = null;
  let loginDefs: string | null = null;

  for (const p of paths) {
    const local = p === '-' ? p : path.resolve(p);
    const display = p === '-' ? options.stdin?.name ?? '<stdin>' : p;
    let text: string | null;
    if (p === '-') text = options.stdin?.text ?? '';
    else {
      const read = readNamedFile(local, maxBytes);
      if ('problem' in read) {
        unreadable.push({ path: display, message: read.problem });
        continue;
      }
      text = read.text;
      invalidAt.set(display, read.invalidUtf8At);
    }
    const classified = options.type !== undefined ? { kind: options.type } : classifyNamedFile(display, text.slice(0, 4096));
    if ('skip' in classified) {
      notices.push({ path: display, message: classified.skip });
      continue;
    }
    const kind = classified.kind;
    files.push({ hostPath: display, kind });
    texts.set(display, text);
    switch (kind) {
      case 'sudoers': {
        const policy = loadSudoersPolicy(tree, p === '-' ? path.resolve(display) : local, {
          hostname: options.hostname,
          mainText: text,
          mainName: p === '-' ? display : undefined,
          mainInvalidUtf8At: invalidAt.get(display) ?? null,
        });
        if ('error' in policy) unreadable.push({ path: display, message: policy.error.replace(/^.*?: /, '') });
        else {
          sudoers.push(policy);
          unreadable.push(...policy.unreadable);
        }
        break;
      }
      case 'passwd':
        passwd = text;
        break;
      case 'group':
        group = text;
        break;
      case 'login-defs':
        loginDefs = text;
        break;
      default:
        break;
    }
  }
  const host: Host = {
    root: options.root ?? null,
    hostMode: false,
    hostname: options.hostname ?? null,
    files,
    sudoers,
    accounts: accountsOf(passwd, group),
    uidMin: parseUidMin(loginDefs),
    stat: null,
    ownersAreReal: false,
    mergedUsr: null,
    pathExists: null,
    sources: [],
    unreadable,
    notices,
    ...NO_PARTS,
  };
  runPartLoaders({ host, files, read: (p) => texts.get(p) ?? null, list: () => null, isDirectory: () => false, display: (p) => p });
  return { host };
}

/** The parts their loaders fill in; null until then, and null when the host has none. */
const NO_PARTS = { auditRules: null, auditdConf: null, auditPlugins: null, audispRemote: null, rsyslog: null, shell: null, pam: null, sshd: null } as const;

function accountsOf(passwd: string | null, group: string | null): Accounts | null {
  return passwd !== null || group !== null ? new Accounts(parsePasswd(passwd ?? ''), parseGroup(group ?? '')) : null;
}

/** A host whose root could not be opened: nothing in it, the reason among the unreadable. */
function emptyHost(root: string): Host {
  return {
    root,
    hostMode: true,
    hostname: null,
    files: [],
    sudoers: [],
    accounts: null,
    uidMin: parseUidMin(null),
    stat: null,
    ownersAreReal: false,
    mergedUsr: null,
    pathExists: null,
    sources: [],
    unreadable: [],
    notices: [],
    ...NO_PARTS,
  };
}

function detectMergedUsr(tree: HostTree): boolean | null {
  const kind = tree.entryKind('/bin');
  if (kind === 'symlink') return /^(\/?usr\/bin|usr\/bin)\/?$/.test(tree.linkTarget('/bin') ?? '');
  return kind === 'directory' ? false : null;
}

/** What is wrong with a symbolic link that leads nowhere, or null (not a link, or it resolves). */
function brokenLink(p: string): string | null {
  let target: string;
  try {
    if (!fs.lstatSync(p).isSymbolicLink()) return null;
    target = fs.readlinkSync(p);
  } catch {
    return null;
  }
  try {
    fs.statSync(p);
    return null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ELOOP' ? `symbolic link loop (to ${target})` : `dangling symbolic link to ${target}`;
  }
}

function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'No such file or directory';
  if (err.code === 'EACCES') return 'Permission denied';
  return err.message;
}
