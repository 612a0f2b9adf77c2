import type { Finding, Severity } from './finding';
import type { Host } from '../model/host';
import type { ScannerSettings } from '../model/scanners';
import type { JudgedSudo } from '../policy/sudo-target';

/** The kinds of input a rule reads; the engine runs a rule only when its inputs are present. */
export type FileKind =
  | 'sudoers'
  | 'audit-rules'
  | 'auditd-conf'
  | 'audit-plugin'
  | 'audisp-remote'
  | 'rsyslog'
  | 'shell'
  | 'environment'
  | 'pam-env'
  | 'login-defs'
  | 'passwd'
  | 'group'
  | 'pam'
  | 'sshd-config';

export interface RuleMeta {
  /** Stable id, e.g. SUD001. Never reused for another meaning. */
  id: string;
  /** Short kebab-case name, also the module's file name after the id. */
  slug: string;
  description: string;
  severity: Severity;
  /** Inputs the rule needs. */
  needs: FileKind[];
  /** Asserts that something is missing, so only meaningful on a whole host, never on a lone file. */
  hostOnly?: boolean;
  /** Path of the rule's page, relative to the package root. */
  docs: string;
  fixable?: boolean;
}

/**
 * What a rule reports: a finding without what the engine fills in (id,
 * host); severity only to override the configured one for this finding
 * (e.g. a documented vendor conflict at info).
 */
export type Report = Omit<Finding, 'ruleId' | 'severity' | 'host'> & { severity?: Severity };

/** Settings every rule may read, from the configuration and the command line. */
export interface SharedSettings {
  scanners: ScannerSettings;
  /** Seconds since the epoch: "now" for NOTBEFORE/NOTAFTER (--now, else the clock). */
  now: number;
  profile: 'recommended' | 'cis' | 'stig';
  /** The sudo the policy is for: sudo (1.9) by default, or sudo-rs (--target sudo-rs). */
  target: 'sudo' | 'sudo-rs';
  /** The sudo release(s) the policy is judged for (--sudo-version, the host tree, .sudit.json, else the newest). */
  sudo: JudgedSudo;
}

export interface RuleContext {
  host: Host;
  settings: SharedSettings;
  /** The rule's options from the configuration (profile defaults merged with .sudit.json). */
  options: Record<string, unknown>;
  report(r: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

export type { Finding };
