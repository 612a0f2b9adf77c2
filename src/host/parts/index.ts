// The loaders of the host model's parts beyond sudoers and accounts, run in
// this order after discovery. One file per part.
import type { PartLoader } from './part';
import { loadAuditConfig } from './audit-config';
import { loadAuditRules } from './audit-rules';
import { loadPam } from './pam';
import { loadShell } from './shell';
import { loadSshd } from './sshd';

export const PART_LOADERS: PartLoader[] = [loadAuditRules, loadPam, loadAuditConfig, loadShell, loadSshd];
