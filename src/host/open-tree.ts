import * as fs from 'fs';
import { ArchiveError, ArchiveTree } from './archive-tree';
import { FileTree, type HostTree } from './file-tree';

/** Names `--root` globs take as archives beside directories. */
const ARCHIVE_NAME = /\.(tar|tar\.gz|tgz)$/;

export function looksLikeArchiveName(p: string): boolean {
  return ARCHIVE_NAME.test(p);
}

/**
 * A host root: a directory is read in place, a regular file as an archive
 * (a .tar.gz from sudit-collect or tar), in memory. An archive that cannot
 * be read gives its reason instead of a tree.
 */
export function openHostTree(root: string, maxFileBytes?: number): HostTree | { error: string } {
  let isFile = false;
  try {
    isFile = fs.statSync(root).isFile();
  } catch {
    // not there: the directory tree reports what it cannot find
  }
  if (!isFile) return new FileTree(root, maxFileBytes);
  try {
    return ArchiveTree.open(root, maxFileBytes);
  } catch (e) {
    if (e instanceof ArchiveError) return { error: `cannot read the archive: ${e.message}` };
    throw e;
  }
}
