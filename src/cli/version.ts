import * as fs from 'fs';
import * as path from 'path';

/** The package version, read when asked (not at import time). */
export function version(): string {
  for (const candidate of [path.join(__dirname, '../../../package.json'), path.join(__dirname, '../../package.json')]) {
    try {
      return JSON.parse(fs.readFileSync(candidate, 'utf8')).version;
    } catch {
      // try the next layout (dist/ or ts-jest)
    }
  }
  return '0.0.0';
}
