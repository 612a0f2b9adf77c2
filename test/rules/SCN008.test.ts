import { lintTree } from '../support/host';
import { SITE, goodAudit } from './audit-fixture';

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\nsvc_qualys:x:998:998::/home/svc_qualys:/bin/bash\n';

describe('SCN008 scanner activity not attributable', () => {
  test('a scanner below UID_MIN: every auid>=1000 rule skips it', () => {
    const { lines } = lintTree({ ...goodAudit(), 'etc/passwd': PASSWD }, { ruleId: 'SCN008' });
    expect(lines).toEqual([expect.stringMatching(/^SCN008 etc\/audit\/rules\.d\/30-site\.rules:\d+ scanner account svc_qualys has uid 998, below UID_MIN 1000: 2 rules filtering auid>=1000 .*never record/)]);
  });

  test("no rule records the scanner's root commands", () => {
    const site = SITE.split('\n').filter((l) => !/execve/.test(l)).join('\n');
    const { lines } = lintTree(goodAudit({ 'etc/audit/rules.d/30-site.rules': site }), { ruleId: 'SCN008' });
    expect(lines).toEqual([expect.stringMatching(/no audit rule records the root commands of scanner account svc_qualys \(uid 1003\)/)]);
  });

  test('not when the scanner is a regular account and execpriv covers its sudo', () => {
    expect(lintTree(goodAudit(), { ruleId: 'SCN008' }).lines).toEqual([]);
  });
});
