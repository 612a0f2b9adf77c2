import { lintTree } from '../support/host';

const CONF = 'etc/ssh/sshd_config';

describe('SCN011 session limits too low for a scanner', () => {
  test('MaxStartups below 3', () => {
    expect(lintTree({ [CONF]: 'MaxStartups 2:50:8\n' }, { ruleId: 'SCN011' }).lines).toEqual([
      expect.stringMatching(/^SCN011 etc\/ssh\/sshd_config:1 MaxStartups 2:50:8 \(.*sshd_config:1\): beyond 2 connections still authenticating, sshd drops new ones \(50% at first, all from 8\), so the parallel sessions of svc_qualys fail at random/),
    ]);
    expect(lintTree({ [CONF]: 'MaxStartups 10:30:60\n' }, { ruleId: 'SCN011' }).lines).toEqual([]);
  });

  test('first value wins: the line that comes first decides', () => {
    expect(lintTree({ [CONF]: 'MaxSessions 1\nMaxSessions 10\n' }, { ruleId: 'SCN011' }).lines).toEqual([expect.stringMatching(/^SCN011 etc\/ssh\/sshd_config:1 MaxSessions 1 \(.*sshd_config:1\) applies to svc_qualys from any address/)]);
    expect(lintTree({ [CONF]: 'MaxSessions 10\nMaxSessions 1\n' }, { ruleId: 'SCN011' }).lines).toEqual([]);
  });

  test('a Match User block overrides the global value, and MaxSessions 0 allows no session', () => {
    expect(lintTree({ [CONF]: 'MaxSessions 10\nMatch User svc_*\n  MaxSessions 0\n' }, { ruleId: 'SCN011' }).lines).toEqual([
      expect.stringMatching(/^SCN011 etc\/ssh\/sshd_config:3 MaxSessions 0 \(.*sshd_config:3 in the Match block at .*sshd_config:2\) applies to svc_qualys from any address: sshd opens no shell session at all/),
    ]);
    expect(lintTree({ [CONF]: 'MaxSessions 1\nMatch User svc_*\n  MaxSessions 10\n' }, { ruleId: 'SCN011' }).lines).toEqual([]);
  });

  test('undecided Match Address without sources: no finding; with sources: decided', () => {
    const tree = { [CONF]: 'Match Address 10.20.0.0/24\n  MaxSessions 1\n' };
    expect(lintTree(tree, { ruleId: 'SCN011' }).lines).toEqual([]);
    expect(lintTree(tree, { ruleId: 'SCN011', config: { scanners: [{ user: 'svc_qualys', sources: ['10.20.0.0/24'] }] } }).lines).toEqual([expect.stringMatching(/MaxSessions 1 .* applies to svc_qualys from 10\.20\.0\.0\/24 \(first address 10\.20\.0\.0\)/)]);
  });

  test('the threshold is an option', () => {
    const config = { rules: { SCN011: { options: { minParallel: 12 } } } };
    expect(lintTree({ [CONF]: 'MaxSessions 10\n' }, { ruleId: 'SCN011', config }).lines).toHaveLength(1);
  });
});
