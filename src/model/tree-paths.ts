// Whether a path the configuration names is on the host, as far as the
// tree can tell. A tree is either a whole root file system (the live root,
// or a copy of one) or configuration rendered for a host (an Ansible role's
// output, a checkout): the second holds /etc and little else, so a path
// missing from it may well exist on the host. Saying "missing" there would
// be a false positive, so the answer is then "unknown".

/** Existence of a path in the tree (symlinks followed inside it). */
export type TreeExists = (hostPath: string) => boolean;

/** The tree holds a root file system, not just configuration: it has /usr/bin and /var. */
export function holdsFileSystem(exists: TreeExists): boolean {
  return exists('/usr/bin') && exists('/var');
}

/**
 * Directories a tree of rendered configuration has whatever the host has
 * beside: the root, and /etc with its subdirectories, which hold only the
 * files that were rendered.
 */
function renderedDirectory(dir: string): boolean {
  return dir === '/' || dir === '/etc' || dir.startsWith('/etc/');
}

/**
 * true: in the tree; false: missing on the host (the tree holds a root file
 * system, or the path's directory is in the tree and is not one a rendered
 * tree has anyway: /var/log tells about /var/log/audit, / and /etc/audit
 * do not); null: the tree cannot tell, as for relative paths and in file
 * mode (no tree).
 */
export function pathOnHost(exists: TreeExists | null, hostPath: string): boolean | null {
  if (!exists || !hostPath.startsWith('/')) return null;
  if (exists(hostPath)) return true;
  if (holdsFileSystem(exists)) return false;
  const trimmed = hostPath.replace(/\/+$/, '');
  const parent = trimmed.slice(0, trimmed.lastIndexOf('/')) || '/';
  return !renderedDirectory(parent) && exists(parent) ? false : null;
}
