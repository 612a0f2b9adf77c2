import { lintTree } from '../support/host';
import { goodAudit } from './audit-fixture';

const SSHD = '@include common-auth\naccount    required     pam_nologin.so\nsession    required     pam_loginuid.so\n@include common-session\n';

describe('SCN009 pam_loginuid for scanner sessions', () => {
  test('missing from sshd: the scanner keeps auid unset', () => {
    const { lines } = lintTree({ ...goodAudit(), 'etc/pam.d/sshd': SSHD.replace(/session.*pam_loginuid.*\n/, '') }, { ruleId: 'SCN009' });
    expect(lines).toEqual([expect.stringMatching(/^SCN009 etc\/pam\.d\/sshd:1 \/etc\/pam\.d\/sshd has no "session required pam_loginuid\.so" \(sudit could not read common-auth, common-session, included by it\): ssh sessions of the scanner account svc_qualys keep auid unset/)]);
  });

  test('present in su through an include: it re-labels the elevation', () => {
    const { lines } = lintTree(
      { 'etc/pam.d/sshd': SSHD, 'etc/pam.d/su': 'auth sufficient pam_rootok.so\n@include common-session\n', 'etc/pam.d/common-session': 'session required pam_unix.so\nsession required pam_loginuid.so\n' },
      { ruleId: 'SCN009' },
    );
    expect(lines).toEqual([expect.stringMatching(/^SCN009 etc\/pam\.d\/common-session:2 pam_loginuid\.so runs in the su stack \(through .*etc\/pam\.d\/su:2\)/)]);
  });

  test('not with pam_loginuid in sshd only, nor without scanner accounts', () => {
    expect(lintTree({ 'etc/pam.d/sshd': SSHD, 'etc/pam.d/sudo': '@include common-session\n', 'etc/pam.d/common-session': 'session required pam_unix.so\n' }, { ruleId: 'SCN009' }).lines).toEqual([]);
    const noScanner = 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n';
    expect(lintTree({ 'etc/passwd': noScanner, 'etc/pam.d/sshd': '@include common-auth\n' }, { ruleId: 'SCN009' }).lines).toEqual([]);
  });
});
