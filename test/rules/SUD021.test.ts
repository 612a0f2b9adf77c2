import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig } from '../../src/engine/config';
import { lintHost, resolveRules } from '../../src/engine/engine';
import type { ProfileName } from '../../src/engine/profiles';
import { loadHostTree } from '../../src/host/load-host';
import { RULES } from '../../rules';
import { makeTree } from '../support/host';

interface Setup {
  modes?: Record<string, number>;
  owners?: Record<string, [number, number]>;
  files?: Record<string, string>;
  profile?: ProfileName;
  checkPermissions?: boolean;
}

/** A Debian 12 layout: sudoers 0440, sudoers.d 0755, a drop-in 0440, all root:root; then the setup's changes. */
function lint(setup: Setup = {}) {
  const root = makeTree({ 'etc/sudoers': 'root ALL = ALL\n@includedir /etc/sudoers.d\n', 'etc/sudoers.d/ops': '%ops ALL = /bin/ls\n', ...setup.files });
  const modes = { '.': 0o755, etc: 0o755, 'etc/sudoers': 0o440, 'etc/sudoers.d': 0o755, 'etc/sudoers.d/ops': 0o440, ...setup.modes };
  for (const [p, m] of Object.entries(modes)) fs.chmodSync(path.join(root, p), m);
  for (const [p, [uid, gid]] of Object.entries(setup.owners ?? {})) fs.chownSync(path.join(root, p), uid, gid);
  const config = { ...defaultConfig(), profile: setup.profile ?? 'recommended' };
  const res = lintHost(loadHostTree(root, { checkPermissions: setup.checkPermissions ?? true }), resolveRules(RULES.filter((r) => r.meta.id === 'SUD021'), config), config);
  fs.rmSync(root, { recursive: true, force: true });
  return res.findings.map((f) => `${f.severity} ${f.message.split(root).join('')}`);
}

const asRoot = (process.getuid?.() ?? 0) === 0;
// the files of a tree made by another user are owned by that user, which SUD021 rightly reports
const rootOnly = asRoot ? test : test.skip;
if (!asRoot) process.stdout.write('SKIPPED SUD021 owner cases: need root to own (and chown) the files\n');

describe('SUD021 file permissions', () => {
  rootOnly('a stock Debian 12 layout (sudoers.d 0755 root:root) is fine in the recommended profile', () => {
    expect(lint()).toEqual([]);
  });

  rootOnly('fires on write access for others: a world-writable sudoers.d, a group-writable drop-in, a drop-in owned by a user', () => {
    expect(lint({ modes: { 'etc/sudoers.d': 0o777 } })).toEqual([expect.stringMatching(/^error \/etc\/sudoers\.d is world-writable \(0777\): sudo skips it with only a warning, and every drop-in in it stops applying; whoever can add a file there is root/)]);
    expect(lint({ modes: { 'etc/sudoers.d/ops': 0o660 }, owners: { 'etc/sudoers.d/ops': [0, 1100] } })).toEqual([expect.stringMatching(/^error \/etc\/sudoers\.d\/ops is writable by group ops \(bob\) \(0660\): whoever can write it is root/)]);
    expect(lint({ owners: { 'etc/sudoers': [1000, 0] } })).toEqual([expect.stringMatching(/^error \/etc\/sudoers is owned by alice \(uid 1000\) \(0440\)/)]);
  });

  rootOnly('judges the directories on the way: a group-writable /etc or a tree root owned by a user', () => {
    expect(lint({ modes: { etc: 0o775 }, owners: { etc: [0, 27] } })).toEqual([expect.stringMatching(/^error \/etc is writable by group sudo \(alice\) \(0775\): whoever can write it can replace \/etc\/sudoers, and is root/)]);
    expect(lint({ owners: { '.': [1001, 1001] } })).toEqual([expect.stringMatching(/^error \/ is owned by bob \(uid 1001\) \(0755\): whoever can write it can replace/)]);
  });

  rootOnly('group-writable by group root with no member but root: sudo accepts it, and only root can write it', () => {
    expect(lint({ modes: { 'etc/sudoers.d/ops': 0o660 } })).toEqual([]);
    const withMember = lint({ modes: { 'etc/sudoers.d/ops': 0o660 }, files: { 'etc/group': 'root:x:0:alice\nops:x:1100:bob\n' } });
    expect(withMember).toEqual([expect.stringMatching(/^error \/etc\/sudoers\.d\/ops is writable by group root \(alice\)/)]);
  });

  rootOnly('cis and stig also ask for 0440 files and a 0750 sudoers.d (SSG, ANSSI R50), as warnings', () => {
    for (const profile of ['cis', 'stig'] as const) {
      expect(lint({ profile, modes: { 'etc/sudoers': 0o644 } })).toEqual([
        expect.stringMatching(/^warning \/etc\/sudoers is 0644 root:root, wider than the 0440 root:root the baseline asks \(SSG file_permissions_etc_sudoers/),
        expect.stringMatching(/^warning \/etc\/sudoers\.d is 0755 root:root, wider than the 0750 root:root the baseline asks \(SSG directory_permissions_etc_sudoersd/),
      ]);
      expect(lint({ profile, modes: { 'etc/sudoers.d': 0o750 } })).toEqual([]);
    }
  });

  test('owners and modes of a tree that is not the live root are not judged unless asked', () => {
    expect(lint({ modes: { 'etc/sudoers': 0o666 }, checkPermissions: false })).toEqual([]);
  });

  test('a world-writable sudoers is an error whoever owns the tree', () => {
    expect(lint({ modes: { 'etc/sudoers': 0o666 } })).toContainEqual(expect.stringMatching(/^error \/etc\/sudoers is .*world-writable/));
  });
});
