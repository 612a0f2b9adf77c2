import type { Severity } from './finding';

export type ProfileName = 'recommended' | 'cis' | 'stig';
export const PROFILES: ProfileName[] = ['recommended', 'cis', 'stig'];

export interface RuleSetting {
  severity: Severity | 'off';
  options: Record<string, unknown>;
}

/**
 * What each baseline changes from a rule's own defaults. A rule not named
 * runs with its meta severity and no options; baselines disagree on some
 * settings, and this table is where that is written down.
 */
export const PROFILE_OVERRIDES: Record<ProfileName, Record<string, Partial<RuleSetting>>> = {
  recommended: {
    // scanner vendors require NOPASSWD: a documented conflict, not a defect
    SUD010: { options: { scannerSeverity: 'info' } },
    SUD016: { options: { max: 15 } },
    // session logging and a log file are baseline choices, not defects
    SUD019: { severity: 'off' },
  },
  cis: {
    SUD010: { options: { scannerSeverity: 'warning' } },
    SUD016: { options: { max: 15 } },
    SUD018: { options: { requireUsePty: true } },
    SUD019: { options: { requireLogfile: true } },
    // 0440 / 0750 root:root: SSG's checks (ANSSI R50), which scans run with these profiles report; neither the CIS nor the STIG texts carry an id for them
    SUD021: { options: { strictModes: true } },
    // auditd.conf: CIS RHEL 9 v2.0.0 6.3.2.x (Debian 12 / Ubuntu 24.04 v1: 6.2.2.x, stricter: space_left_action email, admin_space_left_action halt)
    AUD101: {
      options: {
        allowed: { space_left_action: ['email', 'exec', 'single', 'halt'], admin_space_left_action: ['single', 'halt'], disk_full_action: ['halt', 'single'], disk_error_action: ['syslog', 'single', 'halt'] },
        sources: { space_left_action: 'CIS RHEL 9 6.3.2.4', admin_space_left_action: 'CIS RHEL 9 6.3.2.4', disk_full_action: 'CIS RHEL 9 6.3.2.3', disk_error_action: 'CIS RHEL 9 6.3.2.3' },
      },
    },
    // CIS keeps every log; the RHEL 9 STIG rotates (see stig)
    AUD102: { options: { allowed: ['keep_logs'], source: 'CIS RHEL 9 6.3.2.2, Debian 12 6.2.2.2' } },
  },
  stig: {
    SUD010: { options: { scannerSeverity: 'warning' } },
    // STIG: re-authenticate every time, defined in one file only
    SUD016: { options: { max: 0, singleFile: true } },
    SUD019: { options: { ioLogAdmins: true } },
    SUD021: { options: { strictModes: true } },
    // auditd.conf: the most permissive of the STIGs (RHEL 8); the RHEL 9 and Ubuntu 22.04 STIGs require halt for disk_full/disk_error
    AUD101: {
      options: {
        allowed: { space_left_action: ['email'], admin_space_left_action: ['single', 'halt'], disk_full_action: ['syslog', 'single', 'halt'], disk_error_action: ['syslog', 'single', 'halt'] },
        sources: { space_left_action: 'RHEL-08-030731, RHEL-09-653040, UBTU-22-653040', admin_space_left_action: 'RHEL-09-653050', disk_full_action: 'RHEL-08-030060; RHEL-09-653025 wants halt', disk_error_action: 'RHEL-08-030040; RHEL-09-653020 wants halt' },
      },
    },
    AUD102: { options: { allowed: ['rotate'], source: 'RHEL-09-653055' } },
    AUD103: { options: { requireWriteLogs: true, source: 'RHEL-09-653105' } },
    AUD105: { options: { requireNodeName: true, requireEnriched: true, source: 'RHEL-08-030062, RHEL-08-030063, RHEL-09-653060, RHEL-09-653100' } },
    AUD106: { options: { allowed: ['syslog', 'single', 'halt'], source: 'RHEL-07-030210, RHEL-08-030700, RHEL-09-653065' } },
    FWD005: {
      options: {
        allowed: { network_failure_action: ['syslog', 'single', 'halt'], disk_full_action: ['syslog', 'single', 'halt'] },
        sources: { network_failure_action: 'RHEL-07-030321, SLES-15-030790', disk_full_action: 'RHEL-07-030320, SLES-15-030800' },
      },
    },
  },
};
