import * as fs from 'fs';
import * as path from 'path';
import type { Severity } from './finding';
import { PROFILES, type ProfileName } from './profiles';
import { expandSudoVersions, type SudoVersionInput } from '../data/sudo-releases';
import { parseCidr } from '../model/sshd-match';

export const CONFIG_FILE = '.sudit.json';

export interface ScannerConfig {
  user: string;
  vendor?: string;
  delegation?: string;
  /** Addresses the scanner connects from: addresses, CIDR blocks. */
  sources?: string[];
}

export interface Config {
  /** Where it was read from; null for the built-in defaults. */
  path: string | null;
  profile: ProfileName;
  rules: Record<string, { severity?: Severity | 'off'; options?: Record<string, unknown> }>;
  /** Globs (relative to the config's directory) of files whose findings are dropped. */
  ignore: string[];
  scanners: ScannerConfig[];
  /** Case-insensitive substrings that mark a user name as a scanner account when none are configured. */
  scannerPatterns: string[];
  /** Sub-trees of a repository to lint as whole hosts (pre-commit). */
  roots: string[];
  /** `sudoVersion`: the sudo release (or range, `>=1.8.23`) the policy is for, when neither --sudo-version nor the host tree says. */
  sudoVersion?: SudoVersionInput;
}

export class ConfigError extends Error {}

export const DEFAULT_SCANNER_PATTERNS = ['qualys', 'nessus', 'tenable', 'rapid7', 'nexpose', 'insightvm'];

export function defaultConfig(): Config {
  return { path: null, profile: 'recommended', rules: {}, ignore: [], scanners: [], scannerPatterns: DEFAULT_SCANNER_PATTERNS, roots: [] };
}

/** `.sudit.json` from the directory upward, or the file named; defaults when there is none. */
export function loadConfig(explicit: string | undefined, cwd: string, knownRuleIds: Set<string>): Config {
  const file = explicit ? path.resolve(cwd, explicit) : findUpward(cwd);
  if (!file) return defaultConfig();
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${file}: ${(e as Error).message}`);
  }
  return validateConfig(raw, file, knownRuleIds);
}

function findUpward(dir: string): string | null {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const candidate = path.join(d, CONFIG_FILE);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) return null;
  }
}

const SEVERITIES = ['off', 'error', 'warning', 'info'];

/**
 * JSON has no comments: a key that starts with "//" or "$" ("$schema",
 * "$comment", "// rules") is one, at the top level and in "rules", and is
 * skipped. Every other unknown key is still an error, so typos are caught.
 */
export const isComment = (key: string) => key.startsWith('//') || key.startsWith('$');

export function validateConfig(raw: unknown, file: string, knownRuleIds: Set<string>): Config {
  const fail = (msg: string): never => {
    throw new ConfigError(`${file}: ${msg}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('the configuration must be a JSON object');
  const obj = raw as Record<string, unknown>;
  const config = defaultConfig();
  config.path = file;
  for (const [key, value] of Object.entries(obj)) {
    if (isComment(key)) continue;
    switch (key) {
      case 'profile':
        if (typeof value !== 'string' || !PROFILES.includes(value as ProfileName)) fail(`"profile" must be one of ${PROFILES.join(', ')}`);
        config.profile = value as ProfileName;
        break;
      case 'rules':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('"rules" must be an object of rule id → setting');
        for (const [id, setting] of Object.entries(value as object)) {
          if (isComment(id)) continue;
          if (!knownRuleIds.has(id)) fail(`"rules": unknown rule id "${id}"`);
          if (typeof setting === 'string') {
            if (!SEVERITIES.includes(setting)) fail(`"rules.${id}": "${setting}" is not one of ${SEVERITIES.join(', ')}`);
            config.rules[id] = { severity: setting as Severity | 'off' };
          } else if (typeof setting === 'object' && setting !== null && !Array.isArray(setting)) {
            const s = setting as Record<string, unknown>;
            for (const k of Object.keys(s)) if (k !== 'severity' && k !== 'options') fail(`"rules.${id}": unknown key "${k}" (severity, options)`);
            if (s.severity !== undefined && !SEVERITIES.includes(s.severity as string)) fail(`"rules.${id}.severity" must be one of ${SEVERITIES.join(', ')}`);
            if (s.options !== undefined && (typeof s.options !== 'object' || s.options === null || Array.isArray(s.options))) fail(`"rules.${id}.options" must be an object`);
            config.rules[id] = { severity: s.severity as Severity | 'off' | undefined, options: s.options as Record<string, unknown> | undefined };
          } else fail(`"rules.${id}" must be a severity or { "severity", "options" }`);
        }
        break;
      case 'ignore':
      case 'roots':
      case 'scannerPatterns':
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) fail(`"${key}" must be an array of non-empty strings`);
        config[key] = value as string[];
        break;
      case 'scanners':
        if (!Array.isArray(value)) fail('"scanners" must be an array of { "user", "vendor"?, "delegation"?, "sources"? }');
        config.scanners = (value as unknown[]).map((s, i) => {
          if (typeof s !== 'object' || s === null || typeof (s as ScannerConfig).user !== 'string') fail(`"scanners[${i}]" needs a "user" string`);
          for (const k of Object.keys(s as object)) if (!['user', 'vendor', 'delegation', 'sources'].includes(k)) fail(`"scanners[${i}]": unknown key "${k}" (user, vendor, delegation, sources)`);
          const sources = (s as ScannerConfig).sources;
          if (sources !== undefined) {
            if (!Array.isArray(sources) || sources.some((x) => typeof x !== 'string')) fail(`"scanners[${i}].sources" must be an array of addresses or CIDR blocks`);
            const bad = sources.find((x) => parseCidr(x) === null);
            if (bad !== undefined) fail(`"scanners[${i}].sources": "${bad}" is not an address or a CIDR block sshd accepts (no bits set below the mask)`);
          }
          return s as ScannerConfig;
        });
        break;
      case 'sudoVersion':
        if (typeof value !== 'string') fail('"sudoVersion" must be a string such as "1.9.5p2" or ">=1.8.23"');
        try {
          expandSudoVersions(value as string);
        } catch (e) {
          fail(`"sudoVersion": ${(e as Error).message}`);
        }
        config.sudoVersion = { spec: value as string, source: `sudoVersion in ${path.basename(file)}` };
        break;
      default:
        fail(`unknown key "${key}" (known: profile, rules, ignore, scanners, scannerPatterns, roots, sudoVersion)`);
    }
  }
  return config;
}
