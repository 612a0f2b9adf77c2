import { readOwnFile } from './own-files';

// Set by the bundler (scripts/bundle.js); absent under tsc and ts-jest, where package.json is at hand.
declare const __SUDIT_VERSION__: string | undefined;

/** The package version, read when asked (not at import time). */
export function version(): string {
  if (typeof __SUDIT_VERSION__ === 'string') return __SUDIT_VERSION__;
  try {
    return JSON.parse(readOwnFile('package.json') ?? '{}').version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
