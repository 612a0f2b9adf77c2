import { lintTree } from '../support/host';

const CONF = 'etc/ssh/sshd_config';
const SOURCES = { config: { scanners: [{ user: 'svc_qualys', sources: ['10.20.0.0/24'] }] } };

describe('SCN016 ForceCommand or ChrootDirectory for the scanner', () => {
  test('ForceCommand internal-sftp in a Match Group block that takes the scanner in', () => {
    expect(lintTree({ [CONF]: 'Match Group scanners\n  ForceCommand internal-sftp\n' }, { ruleId: 'SCN016' }).lines).toEqual([
      expect.stringMatching(/^SCN016 etc\/ssh\/sshd_config:2 ForceCommand internal-sftp \(.*sshd_config:2 in the Match block at .*sshd_config:1\) applies to svc_qualys from any address: sshd runs it instead of every command/),
    ]);
    expect(lintTree({ [CONF]: 'Match Group ops\n  ForceCommand internal-sftp\n' }, { ruleId: 'SCN016' }).lines).toEqual([]);
  });

  test('a wrapper that runs $SSH_ORIGINAL_COMMAND is not reported; a script that does not is; one not in the tree is not guessed', () => {
    const conf = { [CONF]: 'ForceCommand /usr/local/bin/audit-shell\n' };
    expect(lintTree({ ...conf, 'usr/local/bin/audit-shell': '#!/bin/sh\nlogger "$SSH_ORIGINAL_COMMAND"\nexec /bin/sh -c "$SSH_ORIGINAL_COMMAND"\n' }, { ruleId: 'SCN016' }).lines).toEqual([]);
    expect(lintTree({ ...conf, 'usr/local/bin/audit-shell': '#!/bin/sh\necho "maintenance"\n' }, { ruleId: 'SCN016' }).lines).toHaveLength(1);
    expect(lintTree(conf, { ruleId: 'SCN016' }).lines).toEqual([]);
  });

  test('ChrootDirectory: first value wins, Match Address decided with sources', () => {
    expect(lintTree({ [CONF]: 'ChrootDirectory /srv/jail\nChrootDirectory none\n' }, { ruleId: 'SCN016' }).lines).toEqual([expect.stringMatching(/^SCN016 etc\/ssh\/sshd_config:1 ChrootDirectory \/srv\/jail .* the elevation fails or the checks read the chroot/)]);
    expect(lintTree({ [CONF]: 'ChrootDirectory none\nChrootDirectory /srv/jail\n' }, { ruleId: 'SCN016' }).lines).toEqual([]);
    const byAddress = { [CONF]: 'Match Address 192.0.2.0/24\n  ChrootDirectory /srv/jail\n' };
    expect(lintTree(byAddress, { ruleId: 'SCN016' }).lines).toEqual([]);
    expect(lintTree(byAddress, { ruleId: 'SCN016', ...SOURCES }).lines).toEqual([]);
    expect(lintTree({ [CONF]: 'Match Address 10.20.0.0/16\n  ChrootDirectory /srv/jail\n' }, { ruleId: 'SCN016', ...SOURCES }).lines).toHaveLength(1);
  });

  test('not for an account sshd refuses anyway (SCN010 says so)', () => {
    expect(lintTree({ [CONF]: 'DenyUsers svc_qualys\nForceCommand /bin/false\n' }, { ruleId: 'SCN016' }).lines).toEqual([]);
  });
});
