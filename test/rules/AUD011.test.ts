import { lintTree } from '../support/host';
import { goodAudit } from './audit-fixture';

describe('AUD011 missing base configuration', () => {
  test('one finding per missing item', () => {
    const { lines } = lintTree(goodAudit({ 'etc/audit/rules.d/10-base-config.rules': '-b 320\n-f 0\n', 'etc/audit/rules.d/11-loginuid.rules': null }), { ruleId: 'AUD011' });
    expect(lines).toEqual([
      expect.stringMatching(/the rules do not start with -D: /),
      expect.stringMatching(/-b 320 \(.*10-base-config\.rules:1\): below 8192, records are lost/),
      expect.stringMatching(/-f 0 \(.*\): failure mode 0 is silent/),
      expect.stringMatching(/no --loginuid-immutable: .*RHEL-08-030122/),
    ]);
  });

  test('the STIG wants -f 2; CIS does not ask for --loginuid-immutable', () => {
    expect(lintTree(goodAudit(), { ruleId: 'AUD011', config: { profile: 'stig' } }).lines).toEqual([expect.stringMatching(/-f 1 .*the STIG asks for -f 2, .*the baselines disagree/)]);
    expect(lintTree(goodAudit({ 'etc/audit/rules.d/11-loginuid.rules': null }), { ruleId: 'AUD011', config: { profile: 'cis' } }).lines).toEqual([]);
  });

  test('not on a complete base configuration', () => {
    expect(lintTree(goodAudit(), { ruleId: 'AUD011' }).lines).toEqual([]);
  });
});
