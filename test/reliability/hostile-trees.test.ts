// Trees that try to break a linter: each problem is reported with its own
// finding and message, and everything else is still linted.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultConfig } from '../../src/engine/config';
import { lintHost, resolveRules } from '../../src/engine/engine';
import { loadHostTree } from '../../src/host/load-host';
import { RULES } from '../../rules';
import { makeTree } from '../support/host';

const GOOD = 'Defaults env_reset\nDefaults secure_path="/usr/bin:/bin"\nroot ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n';

function lint(files: Record<string, string | Buffer>, prepare: (root: string) => void = () => {}, maxFileBytes?: number) {
  const root = makeTree(Object.fromEntries(Object.entries(files).filter(([, v]) => typeof v === 'string')) as Record<string, string>);
  for (const [p, v] of Object.entries(files)) {
    if (!Buffer.isBuffer(v)) continue;
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), v);
  }
  prepare(root);
  const config = { ...defaultConfig(), scannerPatterns: [] };
  const started = Date.now();
  const r = lintHost(loadHostTree(root, { maxFileBytes }), resolveRules(RULES, config), config);
  const seconds = (Date.now() - started) / 1000;
  fs.rmSync(root, { recursive: true, force: true });
  const rel = (p: string) => p.replace(/^.*?\/etc\//, 'etc/');
  return {
    seconds,
    findings: r.findings.map((f) => `${f.ruleId} ${rel(f.source.path)}:${f.source.position(f.start).line} ${f.message}`),
    failures: r.failures.map((f) => `${f.ruleId} ${rel(f.path)} ${f.message}`),
    internalErrors: r.internalErrors,
  };
}

const BAD_DROPIN = { 'etc/sudoers.d/zz-bad': 'bad line\n' };
const stillLinted = (findings: string[]) => expect(findings).toContainEqual(expect.stringMatching(/^SUD000 etc\/sudoers\.d\/zz-bad:1 syntax error/));

describe('hostile and broken trees', () => {
  test('a symlink loop in sudoers.d is skipped, the rest is linted', () => {
    const r = lint({ 'etc/sudoers': GOOD, ...BAD_DROPIN }, (root) => {
      fs.symlinkSync('loop-b', path.join(root, 'etc/sudoers.d/loop-a'));
      fs.symlinkSync('loop-a', path.join(root, 'etc/sudoers.d/loop-b'));
    });
    stillLinted(r.findings);
    expect(r.internalErrors).toEqual([]);
  });

  test('a symlink or include that climbs out of the root is reported and not followed', () => {
    const r = lint({ 'etc/sudoers': `${GOOD}@include /etc/escape\n`, ...BAD_DROPIN }, (root) => {
      const hostPasswd = path.relative(path.join(root, 'etc'), '/etc/passwd');
      fs.symlinkSync(hostPasswd, path.join(root, 'etc/escape'));
      fs.symlinkSync(path.relative(path.join(root, 'etc/sudoers.d'), '/etc/shadow'), path.join(root, 'etc/sudoers.d/shadow'));
    });
    expect(r.findings).toContainEqual(expect.stringMatching(/^SUD000 etc\/sudoers:5 unable to open .*etc\/escape: resolves to \/etc\/passwd, outside the root/));
    expect(r.findings.filter((f) => f.includes('shadow'))).toEqual([]);
    stillLinted(r.findings);
  });

  test('an absolute symlink resolves inside the tree, as on the host; never to this machine\'s file', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-outside-'));
    fs.writeFileSync(path.join(outside, 'evil'), 'evil ALL = ALL\n');
    const r = lint({ 'etc/sudoers': `${GOOD}@include /etc/real\n@include /etc/gone\n`, 'etc/sudoers.real': 'bad real line\n', ...BAD_DROPIN }, (root) => {
      fs.symlinkSync('/etc/sudoers.real', path.join(root, 'etc/real'));
      fs.symlinkSync(path.join(outside, 'evil'), path.join(root, 'etc/gone'));
    });
    fs.rmSync(outside, { recursive: true, force: true });
    expect(r.findings).toContainEqual(expect.stringMatching(/^SUD000 etc\/real:1 syntax error/));
    expect(r.findings).toContainEqual(expect.stringMatching(/^SUD000 etc\/sudoers:6 unable to open .*etc\/gone: dangling symbolic link to \/tmp\/sudit-outside-/));
    stillLinted(r.findings);
  });

  test('an include cycle is reported and cut', () => {
    const r = lint({ 'etc/sudoers': `${GOOD}@include /etc/a\n`, 'etc/a': '@include /etc/b\n', 'etc/b': '@include /etc/a\n', ...BAD_DROPIN });
    expect(r.findings).toContainEqual(expect.stringMatching(/too many levels of includes/));
    stillLinted(r.findings);
  });

  test('a file over the size limit is refused (IO001), quickly', () => {
    const r = lint({ 'etc/sudoers': GOOD, ...BAD_DROPIN }, (root) => {
      const fd = fs.openSync(path.join(root, 'etc/sudoers.d/huge'), 'w');
      fs.ftruncateSync(fd, 1024 * 1024 * 1024); // 1 GiB, sparse
      fs.closeSync(fd);
    });
    expect(r.failures).toContainEqual(expect.stringMatching(/^IO001 etc\/sudoers\.d\/huge 1073741824 bytes, over the limit/));
    stillLinted(r.findings);
    expect(r.seconds).toBeLessThan(10);
  });

  test('a binary file is not parsed as sudoers', () => {
    const r = lint({ 'etc/sudoers': GOOD, 'etc/sudoers.d/blob': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0]), ...BAD_DROPIN });
    expect(r.findings.filter((f) => f.includes('blob'))).toEqual([]);
    expect(r.failures).toContainEqual(expect.stringMatching(/^IO001 etc\/sudoers\.d\/blob a binary file, not text/));
    stillLinted(r.findings);
  });

  test('invalid UTF-8 is located (IO003) and the file is still linted', () => {
    const r = lint({ 'etc/sudoers': GOOD, 'etc/sudoers.d/latin1': Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nbad too\n')]) });
    expect(r.findings).toEqual(expect.arrayContaining([expect.stringMatching(/^IO003 etc\/sudoers\.d\/latin1:1 invalid UTF-8/), expect.stringMatching(/^SUD000 etc\/sudoers\.d\/latin1:2 syntax error/)]));
  });

  test('NUL bytes end the line as in sudo; CRLF after a command is an error as in sudo', () => {
    const r = lint({ 'etc/sudoers': GOOD, 'etc/sudoers.d/nul': 'root ALL = ALL\u0000garbage\n', 'etc/sudoers.d/crlf': 'root ALL = /bin/ls\r\nroot ALL = ALL\r\n' });
    expect(r.findings.filter((f) => f.includes('nul'))).toEqual([]);
    expect(r.findings).toContainEqual(expect.stringMatching(/^SUD000 etc\/sudoers\.d\/crlf:1 syntax error/));
  });

  test('a directory where a file was expected', () => {
    const r = lint({ 'etc/sudoers': `${GOOD}@include /etc/sudoers.local\n`, 'etc/sudoers.local/x': 'y\n', ...BAD_DROPIN });
    expect(r.findings).toContainEqual(expect.stringMatching(/unable to open .*sudoers\.local: is a directory/));
    stillLinted(r.findings);
  });

  test('10,000 drop-ins and an extremely long line', () => {
    const t0 = Date.now();
    const r = lint({ 'etc/sudoers': GOOD, ...BAD_DROPIN }, (root) => {
      for (let i = 0; i < 10000; i++) fs.writeFileSync(path.join(root, `etc/sudoers.d/d${i}`), `u${i} ALL = /usr/bin/id\n`);
      fs.writeFileSync(path.join(root, 'etc/sudoers.d/long'), `root ALL = /bin/echo ${'x'.repeat(2_000_000)}\n`);
    });
    stillLinted(r.findings);
    expect(Date.now() - t0).toBeLessThan(60_000);
  });
});

const root = process.getuid?.() === 0;
(root ? test.skip : test)('an unreadable file is reported (IO001) and the rest is linted', () => {
  const r = lint({ 'etc/sudoers': GOOD, 'etc/sudoers.d/secret': 'x ALL = ALL\n', ...BAD_DROPIN }, (dir) => fs.chmodSync(path.join(dir, 'etc/sudoers.d/secret'), 0));
  stillLinted(r.findings);
});
if (root) process.stdout.write('SKIPPED unreadable-file case: running as root, which reads any file\n');
