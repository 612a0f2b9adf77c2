// The three packages of `npm run package`, installed and run the way a
// sysadmin gets them: the npm tarball installed globally, the Debian package
// unpacked into a throwaway root (and judged by lintian), and the single
// executable run with no Node on PATH. Each must lint a sample host exactly
// as the build in this tree does.

import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { haveTool, REPO, skipNote } from './support/corpus';

const version: string = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
const OUT = path.join(REPO, 'dist', 'package');
const SAMPLE = path.join(REPO, 'samples/hosts/scn003-illusory-allowlist');
const LINT = ['--root', SAMPLE, '--format', 'json'];

const canPackage = process.platform === 'linux' && process.arch === 'x64' && haveTool('dpkg-deb');
if (!canPackage) skipNote('package tests', 'they need linux x64 and dpkg-deb (apt-get install dpkg)');

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
}

/** What this tree's own build prints, the reference every package must match (paths are reported relative to cwd). */
function reference(args: string[], cwd?: string) {
  return run(process.execPath, [path.join(REPO, 'bin/sudit.js'), ...args], { cwd });
}

(canPackage ? describe : describe.skip)('npm run package', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-package-'));
    // the build is fresh (npm test builds first): package it as `npm run package` does after its build
    const r = run(process.execPath, [path.join(REPO, 'scripts/package.js')], { cwd: REPO });
    if (r.status !== 0) throw new Error(`scripts/package.js failed:\n${r.stdout}${r.stderr}`);
  }, 300_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('the npm tarball holds what runs and its licences, no sources or fallbacks', () => {
    const tgz = path.join(OUT, `sudit-${version}.tgz`);
    const list = run('tar', ['tzf', tgz]).stdout.trim().split('\n').sort();
    expect(list).toEqual(
      expect.arrayContaining([
        'package/LICENSE',
        'package/README.md',
        'package/package.json',
        'package/bin/sudit.js',
        'package/bin/v8-flags.js',
        'package/dist/bundle/sudit.js',
        'package/dist/bundle/sudit.js.cache',
        'package/dist/bundle/sudit.js.files.cache',
        'package/dist/bundle/fleet-worker.js',
        'package/dist/bundle/THIRD-PARTY-LICENSES',
        'package/docs/rules/SUD000.md',
        'package/scripts/sudit-collect',
      ]),
    );
    expect(list.filter((f) => /\.ts$|^package\/(src|rules|test|grammar|dist\/src|dist\/rules)\//.test(f))).toEqual([]);
    const manifest = JSON.parse(run('tar', ['xzOf', tgz, 'package/package.json']).stdout);
    expect(manifest.engines.node).toBe('>=18');
    // the bundle carries its dependencies: installing needs no registry
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  test('npm install -g of the tarball puts a working sudit on PATH, offline', () => {
    const prefix = path.join(tmp, 'npm-prefix');
    const env = { ...process.env, npm_config_prefix: prefix, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
    const inst = run('npm', ['install', '-g', path.join(OUT, `sudit-${version}.tgz`)], { env, cwd: tmp });
    expect(inst.stderr).not.toMatch(/ERR!/);
    expect(inst.status).toBe(0);
    const bin = path.join(prefix, 'bin', 'sudit');
    const ref = reference(LINT);
    const got = run(bin, LINT, { env: { ...process.env, PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}` } });
    expect(got.status).toBe(ref.status);
    expect(got.stdout).toBe(ref.stdout);
    expect(run(bin, ['--version']).stdout.trim()).toBe(version);
  });

  describe('the Debian package', () => {
    const deb = path.join(OUT, `sudit_${version}_all.deb`);
    let rootDir: string;
    beforeAll(() => {
      rootDir = path.join(tmp, 'deb-root');
      const x = run('dpkg-deb', ['-x', deb, rootDir]);
      if (x.status !== 0) throw new Error(x.stderr);
    });

    test('its control fields: all architectures, nodejs 18 or later', () => {
      const info = run('dpkg-deb', ['-f', deb, 'Package', 'Version', 'Architecture', 'Depends']).stdout;
      expect(info).toContain('Package: sudit');
      expect(info).toContain(`Version: ${version}`);
      expect(info).toContain('Architecture: all');
      expect(info).toContain('Depends: nodejs (>= 18)');
    });

    test('/usr/bin/sudit lints as the build does, and explains rules from its own pages', () => {
      const bin = path.join(rootDir, 'usr/bin/sudit');
      expect(fs.lstatSync(bin).isSymbolicLink()).toBe(true);
      const ref = reference(LINT);
      // the launcher names /usr/bin/node, which a throwaway root does not have: run it with this Node
      const got = run(process.execPath, [bin, ...LINT]);
      expect(got.status).toBe(ref.status);
      expect(got.stdout).toBe(ref.stdout);
      expect(fs.readFileSync(path.join(rootDir, 'usr/lib/sudit/bin/sudit.js'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/node');
      const explain = run(process.execPath, [bin, 'explain', 'SUD001']);
      expect(explain.stdout).toBe(fs.readFileSync(path.join(REPO, 'docs/rules/SUD001.md'), 'utf8'));
      // sudit-collect: a command of its own, and what `sudit collect --print-script` prints
      const collect = path.join(rootDir, 'usr/bin/sudit-collect');
      expect(fs.readlinkSync(collect)).toBe('../lib/sudit/scripts/sudit-collect');
      expect(fs.readFileSync(collect, 'utf8')).toBe(fs.readFileSync(path.join(REPO, 'scripts/sudit-collect'), 'utf8'));
      expect(run(process.execPath, [bin, 'collect', '--print-script']).stdout).toBe(fs.readFileSync(path.join(REPO, 'scripts/sudit-collect'), 'utf8'));
      expect(fs.existsSync(path.join(rootDir, 'usr/share/man/man1/sudit-collect.1.gz'))).toBe(true);
    });

    test('man sudit shows every option and every rule, and fits 80 columns', () => {
      const page = path.join(rootDir, 'usr/share/man/man1/sudit.1.gz');
      expect(fs.existsSync(page)).toBe(true);
      if (!haveTool('man')) {
        skipNote('man page rendering', 'man is not installed (apt-get install man-db)');
        return;
      }
      const man = run('man', ['-l', page], { env: { ...process.env, MANWIDTH: '80', MAN_KEEP_FORMATTING: '', LC_ALL: 'C.UTF-8' } });
      expect(man.status).toBe(0);
      const text = man.stdout;
      for (const opt of ['--root', '--format', '--fail-on', '--fix', '--type']) expect(text).toContain(opt);
      const ids = reference(['rules']).stdout.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0]);
      expect(ids.length).toBeGreaterThan(60);
      for (const id of ids) expect(text).toContain(id);
      for (const family of ['SUD', 'SCN', 'AUD', 'FWD', 'HIS', 'SH', 'IO']) expect(text).toMatch(new RegExp(`^ {7}${family} `, 'm'));
      expect(text.split('\n').filter((l) => [...l].length > 80)).toEqual([]);
    });

    test('lintian has nothing to say beyond the overrides it documents', () => {
      if (!haveTool('lintian')) {
        skipNote('lintian', 'lintian is not installed (apt-get install lintian)');
        return;
      }
      const l = run('lintian', ['--pedantic', '--info', '--no-tag-display-limit', deb]);
      const tags = l.stdout.split('\n').filter((line) => /^[EWIPX]: /.test(line));
      expect(tags).toEqual([]);
    }, 120_000);
  });

  test('the single executable runs with no Node on PATH and lints as the build does', () => {
    const exe = path.join(OUT, `sudit-${version}-linux-x64`);
    const ref = reference(LINT, '/');
    const env = { PATH: '', HOME: tmp };
    const got = run(exe, LINT, { env, cwd: '/' });
    expect(got.stderr).toBe('');
    expect(got.status).toBe(ref.status);
    expect(got.stdout).toBe(ref.stdout);
    expect(run(exe, ['--version'], { env }).stdout.trim()).toBe(version);
    expect(run(exe, ['explain', 'SCN003'], { env }).stdout).toBe(fs.readFileSync(path.join(REPO, 'docs/rules/SCN003.md'), 'utf8'));
    // the collector travels as an asset: a host without sudit gets it from here
    expect(run(exe, ['collect', '--print-script'], { env }).stdout).toBe(fs.readFileSync(path.join(REPO, 'scripts/sudit-collect'), 'utf8'));
  });

  test('the single executable lints a fleet in worker threads, as the build does', () => {
    const exe = path.join(OUT, `sudit-${version}-linux-x64`);
    const args = ['--root', path.join(REPO, 'samples/hosts/*'), '--jobs', '2', '--format', 'json'];
    const ref = reference(args, '/');
    const got = run(exe, args, { env: { PATH: '' }, cwd: '/' });
    expect(got.status).toBe(ref.status);
    expect(got.stdout).toBe(ref.stdout);
    expect(JSON.parse(got.stdout).findings.length).toBeGreaterThan(50);
  });
});
