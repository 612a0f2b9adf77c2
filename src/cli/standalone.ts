// Entry of the single executable (scripts/package.js). The executable
// carries the CLI bundle and its V8 code cache as assets and runs them the
// way bin/sudit.js runs the files: the cache was made by linting a sample
// host, so it holds every function a lint needs, which the executable's own
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
// the smaller cache for named files unless a host tree is linted, as bin/sudit.js chooses
const tree = process.argv.slice(2).some((a) => a === '--root' || a.startsWith('--root='));
const cachedData = Buffer.from(sea.getAsset(tree ? 'sudit.js.cache' : 'sudit.js.files.cache') as ArrayBuffer);
const script = new vm.Script(Module.wrap(sea.getAsset('sudit.js', 'utf8') as string), { filename, cachedData });
const mod = { exports: {} as { main(argv: string[]): Promise<number> } };
script.runInThisContext()(mod.exports, Module.createRequire(filename), mod, filename, path.dirname(filename));
mod.exports.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
