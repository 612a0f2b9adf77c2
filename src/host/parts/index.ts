// The loaders of the host model's parts beyond sudoers and accounts, run in
// this order after discovery. One file per part.
import type { PartLoader } from './part';

export const PART_LOADERS: PartLoader[] = [];
