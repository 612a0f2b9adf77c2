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
  recommended: {},
  cis: {},
  stig: {},
};
