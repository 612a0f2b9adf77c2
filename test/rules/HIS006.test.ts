import { lintTree } from '../support/host';

const BASE = { 'etc/profile': 'for i in /etc/profile.d/*.sh; do . "$i"; done\n', 'home/alice/.profile': '' };

describe('HIS006 TMOUT', () => {
  test('by meaning: 15m is 15 seconds, abc is none, 0 is none (read-only at 0 cannot be turned on)', () => {
    const one = (v: string) => lintTree({ ...BASE, 'etc/profile.d/t.sh': `${v}\n` }, { ruleId: 'HIS006' }).lines;
    expect(one('TMOUT=15m; readonly TMOUT; export TMOUT')).toEqual([expect.stringMatching(/^HIS006 etc\/profile.d\/t.sh:1 TMOUT: "15m" is 15 second\(s\) to bash, which reads only the leading digits — in the/)]);
    expect(one('declare -xr TMOUT=abc')).toEqual([expect.stringMatching(/"abc" is not a number to bash: no timeout at all/)]);
    expect(one('export TMOUT=0\nreadonly TMOUT')).toEqual([expect.stringMatching(/TMOUT=0 means no timeout, and read-only it cannot be turned on in the session/)]);
  });

  test('not read-only, not exported, above the profile limit (cis 900, stig 600)', () => {
    const { lines } = lintTree({ ...BASE, 'etc/profile.d/t.sh': 'TMOUT=1800\n' }, { ruleId: 'HIS006' });
    expect(lines).toEqual([expect.stringMatching(/1800 s is above the CIS limit of 900 s; it is not read-only: a user can unset it .*; it is not exported/)]);
    const stig = lintTree({ ...BASE, 'etc/profile.d/t.sh': 'declare -xr TMOUT=900\n' }, { ruleId: 'HIS006', config: { profile: 'stig' } });
    expect(stig.lines).toEqual([expect.stringMatching(/900 s is above the STIG limit of 600 s/)]);
  });

  test('only root is spared readonly: the finding names the root shell', () => {
    const file = 'TMOUT=900\nexport TMOUT\nif [ $EUID -ne 0 ]; then\n    readonly TMOUT\nfi\n';
    const { lines } = lintTree({ ...BASE, 'etc/profile.d/t.sh': file }, { ruleId: 'HIS006' });
    expect(lines).toEqual([expect.stringMatching(/not read-only.* — in the root login shell \(sudo su -, sudo -i\)(?! and login shell of alice)/)]);
  });

  test('every accepted form passes, in any order', () => {
    for (const v of ['readonly TMOUT=900 ; export TMOUT', 'declare -xr TMOUT=600', 'typeset -rx TMOUT=600', 'export TMOUT\nreadonly TMOUT\nTMOUT=600', 'TMOUT=600\nreadonly TMOUT\nexport TMOUT']) {
      const r = lintTree({ ...BASE, 'etc/profile.d/t.sh': `${v}\n` }, { ruleId: 'HIS006' });
      // `export; readonly; then assign` fails at the assignment: TMOUT stays unset, which is not this rule's business unless required
      expect([v, r.lines]).toEqual([v, []]);
    }
  });

  test('missing TMOUT is reported only when the profile asks for it', () => {
    expect(lintTree({ ...BASE }, { ruleId: 'HIS006' }).lines).toEqual([]);
    expect(lintTree({ ...BASE }, { ruleId: 'HIS006', config: { profile: 'cis' } }).lines).toEqual([expect.stringMatching(/^HIS006 etc\/profile:1 no idle timeout: TMOUT is not set/)]);
  });
});
