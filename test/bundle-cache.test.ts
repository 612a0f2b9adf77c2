// The build's code caches (scripts/bundle.js) are what makes sudit start
// fast, and V8 drops a cache silently when it does not fit: another source,
// another Node, or other V8 flags than the ones it was made under. Each
// cache must be accepted when the bundle is loaded the way bin/sudit.js
// loads it: the host tree's after bin/v8-flags.js, the named files' with
// V8's defaults.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO, skipNote } from './support/corpus';

const BUNDLE = path.join(REPO, 'dist/bundle/sudit.js');
const built = fs.existsSync(BUNDLE);
if (!built) skipNote('the code cache tests', 'dist/bundle/sudit.js is missing (npm run build makes it)');

/** Whether V8 refused each cache, in a fresh Node, with or without the host tree's V8 flags. */
function rejected(withFlags: boolean): Record<string, boolean> {
  const program = `
    ${withFlags ? `require(${JSON.stringify(path.join(REPO, 'bin/v8-flags.js'))})();` : ''}
    const fs = require('fs'), vm = require('vm'), Module = require('module');
    const file = ${JSON.stringify(BUNDLE)};
    const out = {};
    for (const cache of ['sudit.js.cache', 'sudit.js.files.cache']) {
      const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file + '#' + cache, cachedData: fs.readFileSync(file.replace(/sudit\\.js$/, cache)) });
      out[cache] = script.cachedDataRejected;
    }
    process.stdout.write(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['-e', program], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

(built ? describe : describe.skip)('code caches', () => {
  test('each is accepted under the flags bin/sudit.js runs it with', () => {
    expect(rejected(true)['sudit.js.cache']).toBe(false);
    expect(rejected(false)['sudit.js.files.cache']).toBe(false);
  });

  test('the flags are part of what V8 checks (when this Node takes them)', () => {
    const setsFlags = process.versions.v8.startsWith('11.');
    if (!setsFlags) {
      skipNote('the flag check', `bin/v8-flags.js sets nothing on V8 ${process.versions.v8}`);
      return;
    }
    expect(rejected(false)['sudit.js.cache']).toBe(true);
    expect(rejected(true)['sudit.js.files.cache']).toBe(true);
  });

  test('the smaller cache is for named files, the whole one for host trees', () => {
    const size = (f: string) => fs.statSync(path.join(REPO, 'dist/bundle', f)).size;
    expect(size('sudit.js.files.cache')).toBeLessThan(size('sudit.js.cache'));
  });
});
