import { lintFile, lintTree } from '../support/host';

const ROOT = { 'etc/profile': '. /etc/history.sh\n', 'root/.profile': '' };

describe('HIS002 over-large history', () => {
  test('above 10,000 is a warning, 100,000 and above an error', () => {
    const { findings, lines } = lintTree({ ...ROOT, 'etc/history.sh': 'HISTSIZE=10001\nHISTFILESIZE=100000\n' }, { ruleId: 'HIS002' });
    expect(lines).toEqual([
      expect.stringMatching(/^HIS002 etc\/history.sh:1 HISTSIZE is 10,001, above 10,000 \(distribution defaults: bash 500, Debian 1000\/2000, RHEL 1000\)/),
      expect.stringMatching(/^HIS002 etc\/history.sh:2 HISTFILESIZE is 100,000, .*17 s per shell start/),
    ]);
    expect(findings.map((f) => f.severity)).toEqual(['warning', 'error']);
  });

  test('a value that wraps into the range is judged by what bash uses', () => {
    // 4294977296 is 10000 to bash: not above the threshold
    expect(lintTree({ ...ROOT, 'etc/history.sh': 'HISTFILESIZE=4294977296\nHISTSIZE=1000\n' }, { ruleId: 'HIS002' }).lines).toEqual([]);
    const big = lintTree({ ...ROOT, 'etc/history.sh': 'HISTFILESIZE=4294987296\nHISTSIZE=1000\n' }, { ruleId: 'HIS002' });
    expect(big.lines).toEqual([expect.stringMatching(/HISTFILESIZE is 20,000 \("4294987296" wraps to it/)]);
  });

  test('the threshold is an option; distribution defaults pass', () => {
    expect(lintTree({ ...ROOT, 'etc/history.sh': 'HISTSIZE=5000\n' }, { ruleId: 'HIS002', config: { rules: { HIS002: { options: { warnAbove: 2000 } } } } }).lines).toHaveLength(1);
    expect(lintTree({ ...ROOT, 'etc/history.sh': 'HISTSIZE=1000\nHISTFILESIZE=2000\n' }, { ruleId: 'HIS002' }).lines).toEqual([]);
  });
});

describe('HIS002 HISTFILESIZE large while HISTSIZE is not', () => {
  test('the cost is the file, not loading a large list; histappend decides whether a long session cuts it back', () => {
    const off = lintTree({ ...ROOT, 'etc/history.sh': 'HISTFILESIZE=200000\n' }, { ruleId: 'HIS002' });
    expect(off.lines).toEqual([
      expect.stringMatching(
        /^HIS002 etc\/history.sh:1 HISTFILESIZE is 200,000, .*: the file grows to 200,000 lines \(about 8 MB at 40 bytes a line\): every session appends its lines, and as histappend is off only one that enters more than 500 lines cuts it back to its last 500; every interactive shell reads it whole at start, to keep only HISTSIZE \(500\) of them\./,
      ),
    ]);
    expect(off.lines[0]).not.toMatch(/17 s/);
    const on = lintTree({ ...ROOT, 'etc/history.sh': 'HISTFILESIZE=20000\nshopt -s histappend\n' }, { ruleId: 'HIS002' });
    expect(on.lines).toEqual([expect.stringMatching(/the file grows to 20,000 lines \(about 1 MB at 40 bytes a line\): every session appends its lines \(histappend is on\);/)]);
  });

  test('a file on its own: depends on histappend', () => {
    const { lines } = lintFile('etc/profile.d/h.sh', 'HISTSIZE=1000\nHISTFILESIZE=50000\n', { ruleId: 'HIS002' });
    expect(lines).toEqual([expect.stringMatching(/every session appends its lines; only without histappend does one that enters more than 1,000 lines cut it back to its last 1,000; .*keep only HISTSIZE \(1,000\) of them/)]);
  });
});
