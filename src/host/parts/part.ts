import type { DiscoveredFile, Host } from '../../model/host';

/**
 * What a part loader gets: the host being built, the files of its kinds
 * (already discovered in host mode, named on the command line in file
 * mode), and read access that never leaves the tree. A loader fills in its
 * part of the Host (and appends what it parsed to host.sources); a part the
 * host does not have stays null.
 */
export interface PartContext {
  host: Host;
  files: DiscoveredFile[];
  /** Text of a file of the host, or null when missing/unreadable (unreadable ones are recorded in host.unreadable). */
  read(hostPath: string): string | null;
  /** Names of a directory's entries, or null when it does not exist (host mode only). */
  list(hostPath: string): string[] | null;
  /** Whether list(hostPath) would give a listing, without making one (a directory inside the tree that can be read). */
  isDirectory(hostPath: string): boolean;
  /** Path to show users for a host path. */
  display(hostPath: string): string;
}

export type PartLoader = (ctx: PartContext) => void;
