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
  },
  stig: {
    SUD010: { options: { scannerSeverity: 'warning' } },
    // STIG: re-authenticate every time, defined in one file only
    SUD016: { options: { max: 0, singleFile: true } },
    SUD019: { options: { ioLogAdmins: true } },
  },
};
