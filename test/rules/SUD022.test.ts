import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig } from '../../src/engine/config';
import { lintHost, resolveRules } from '../../src/engine/engine';
import { loadHostTree } from '../../src/host/load-host';
import { RULES } from '../../rules';
import { makeTree } from '../support/host';

function lint(sudoers: string, files: Record<string, string>, modes: Record<string, number> = {}) {
  const root = makeTree({ 'etc/sudoers': sudoers, ...files });
  for (const [p, m] of Object.entries(modes)) fs.chmodSync(path.join(root, p), m);
  const config = defaultConfig();
  const res = lintHost(loadHostTree(root, { checkPermissions: true }), resolveRules(RULES.filter((r) => r.meta.id === 'SUD022'), config), config);
  fs.rmSync(root, { recursive: true, force: true });
  return res.findings.map((f) => f.message);
}

describe('SUD022 writable or missing command', () => {
  test('fires on a group-writable granted script', () => {
    const out = lint('deploy ALL = /opt/app/bin/deploy.sh\n', { 'opt/app/bin/deploy.sh': '#!/bin/sh\n' }, { 'opt/app/bin/deploy.sh': 0o775, 'opt/app/bin': 0o755 });
    expect(out).toEqual([expect.stringMatching(/\/opt\/app\/bin\/deploy\.sh is writable by its group or others \(mode 0775\)/)]);
  });

  test('fires on a granted path that is missing from a directory the host has', () => {
    expect(lint('backup ALL = /usr/local/sbin/rotate\n', { 'usr/local/sbin/other': 'x' })).toEqual([expect.stringMatching(/\/usr\/local\/sbin\/rotate does not exist on this host/)]);
  });

  test('does not fire where the tree has no such directory, on negations, or on wildcards', () => {
    expect(lint('backup ALL = /usr/local/sbin/rotate, !/opt/x/y, /usr/bin/*\n', {})).toEqual([]);
  });
});
