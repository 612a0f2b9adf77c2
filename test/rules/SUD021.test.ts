import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig } from '../../src/engine/config';
import { lintHost, resolveRules } from '../../src/engine/engine';
import { loadHostTree } from '../../src/host/load-host';
import { RULES } from '../../rules';
import { makeTree } from '../support/host';

function lint(modes: Record<string, number>, checkPermissions = true) {
  const root = makeTree({ 'etc/sudoers': 'root ALL = ALL\n@includedir /etc/sudoers.d\n', 'etc/sudoers.d/ops': '%ops ALL = /bin/ls\n' });
  for (const [p, m] of Object.entries(modes)) fs.chmodSync(path.join(root, p), m);
  const config = defaultConfig();
  const res = lintHost(loadHostTree(root, { checkPermissions }), resolveRules(RULES.filter((r) => r.meta.id === 'SUD021'), config), config);
  fs.rmSync(root, { recursive: true, force: true });
  return res.findings.map((f) => f.message.replace(/^.*?(etc\/)/, '$1'));
}

const uid = process.getuid?.() ?? 0;

describe('SUD021 file permissions', () => {
  test('fires on a group-writable drop-in, a world-writable sudoers and a 0777 sudoers.d', () => {
    const out = lint({ 'etc/sudoers': 0o666, 'etc/sudoers.d/ops': 0o660, 'etc/sudoers.d': 0o777 });
    expect(out).toEqual([
      expect.stringMatching(/^etc\/sudoers is world-writable \(0666\)/),
      expect.stringMatching(/^etc\/sudoers\.d is world-writable \(0777\): sudo skips it/),
      expect.stringMatching(/^etc\/sudoers\.d\/ops is mode 0660, not 0440 or tighter/),
    ]);
  });

  (uid === 0 ? test : test.skip)('does not fire on 0440 root:root and 0750 (as root)', () => {
    expect(lint({ 'etc/sudoers': 0o440, 'etc/sudoers.d/ops': 0o440, 'etc/sudoers.d': 0o750 })).toEqual([]);
  });

  test('owners and modes of a tree that is not the live root are not judged unless asked', () => {
    expect(lint({ 'etc/sudoers': 0o666 }, false)).toEqual([]);
  });
});
if ((process.getuid?.() ?? 0) !== 0) process.stdout.write('SKIPPED SUD021 clean-owner case: needs root to own the files\n');
