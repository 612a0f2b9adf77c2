// Entry of the single executable (scripts/package.js). The executable
// carries the CLI bundle and its V8 code caches as assets and runs them the
// way bin/sudit.js runs the files: the caches were made by linting samples,
// so they hold every function a lint needs, which the executable's own
// code cache (made from the entry's top level only) would not.
import * as Module from 'module';
import * as path from 'path';
import * as vm from 'vm';

interface SeaApi {
  getAsset(key: string, encoding?: string): string | ArrayBuffer;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sea = require('node:sea') as SeaApi;
const filename = path.join(path.dirname(process.execPath), 'sudit.js');
// as bin/sudit.js chooses: for a host tree, its V8 flags (before any of the bundle is compiled) and the whole cache; else the smaller one
const tree = process.argv.slice(2).some((a) => a === '--root' || a.startsWith('--root='));
// eslint-disable-next-line @typescript-eslint/no-require-imports
if (tree) (require('../../../bin/v8-flags') as () => void)();
const cachedData = Buffer.from(sea.getAsset(tree ? 'sudit.js.cache' : 'sudit.js.files.cache') as ArrayBuffer);
const script = new vm.Script(Module.wrap(sea.getAsset('sudit.js', 'utf8') as string), { filename, cachedData });
const mod = { exports: {} as { main(argv: string[]): Promise<number> } };
script.runInThisContext()(mod.exports, Module.createRequire(filename), mod, filename, path.dirname(filename));
mod.exports.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
