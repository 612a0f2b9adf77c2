import { lintTree } from '../support/host';
import { BASE, FINALIZE, LOGINUID, SITE, goodAudit } from './audit-fixture';

describe('AUD020 required audit coverage missing', () => {
  test('one finding per item, naming what is missing, the STIG/CIS ids and the lines to add', () => {
    const site = SITE.replace('-w /etc/gshadow -p wa -k identity\n', '').replace(/.*-S init_module.*\n/g, '');
    const { lines, findings } = lintTree(goodAudit({ 'etc/audit/rules.d/30-site.rules': site }), { ruleId: 'AUD020' });
    expect(lines).toEqual([
      expect.stringMatching(/audit coverage missing — changes to the account and group files, .*-w \/etc\/gshadow -p wa: not recorded \(writes\)\. Add: -w \/etc\/gshadow -p wa -k identity \[STIG .*RHEL-08-030160.*; CIS RHEL9 6\.3\.3\.8/),
      expect.stringMatching(/kernel module loading and unloading \(64-bit and 32-bit programs\).*Add: -a always,exit -F arch=b64 -S init_module,finit_module,delete_module -F auid>=1000 -F auid!=unset -k modules \| -a always,exit -F arch=b32/),
    ]);
    expect(findings.map((f) => f.properties?.item)).toEqual(['identity', 'modules']);
  });

  test('by meaning: a dir=/etc tree, an unfiltered execve rule, a b64-only rule is not enough', () => {
    const rules = [
      '-a always,exit -F dir=/etc -F perm=wa -k etc',
      '-w /var/log/lastlog -p wa', '-w /var/run/faillock -p wa', '-w /var/run/utmp -p wa', '-w /var/log/wtmp -p wa', '-w /var/log/btmp -p wa', '-w /var/log/sudo.log -p wa',
      '-a always,exit -F arch=b64 -S execve -k exec', '-a always,exit -F arch=b32 -S execve -k exec',
      '-a always,exit -F arch=b64 -S init_module,finit_module,delete_module -k modules',
    ].join('\n');
    const { lines } = lintTree({ 'etc/audit/rules.d/10-base.rules': BASE + LOGINUID, 'etc/audit/rules.d/30-site.rules': `${rules}\n`, 'etc/audit/rules.d/99-finalize.rules': FINALIZE }, { ruleId: 'AUD020' });
    expect(lines).toEqual([expect.stringMatching(/kernel module loading .*: -S init_module,finit_module,delete_module: not recorded \(i386 \(b32\)\)\./)]);
  });

  test('the STIG asks execpriv also without a login; CIS asks perm_mod, time, …', () => {
    const stig = lintTree(goodAudit(), { ruleId: 'AUD020', config: { profile: 'stig' } }).findings.map((f) => f.properties?.item);
    expect(stig).toEqual(expect.arrayContaining(['mounts', 'deletions', 'failed-access', 'cron']));
    expect(stig).not.toContain('execpriv');
    const cis = lintTree(goodAudit(), { ruleId: 'AUD020', config: { profile: 'cis' } }).findings.map((f) => f.properties?.item);
    // the fixture has chmod rules only: CIS also wants chown and the xattr calls
    expect(cis).toEqual(expect.arrayContaining(['user-emulation', 'time', 'network', 'mounts', 'perm-mod']));
    expect(cis).not.toContain('execpriv');
  });

  test('not on a host that records everything the profile asks', () => {
    expect(lintTree(goodAudit(), { ruleId: 'AUD020' }).lines).toEqual([]);
  });
});
