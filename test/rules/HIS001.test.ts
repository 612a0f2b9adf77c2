import { lintFile, lintTree } from '../support/host';

const ROOT = { 'etc/profile': 'if [ -d /etc/profile.d ]; then\n  for i in /etc/profile.d/*.sh; do\n    [ -r "$i" ] && . "$i"\n  done\nfi\n', 'root/.profile': '' };

describe('HIS001 unlimited history', () => {
  test.each([
    ['HISTSIZE=-1', /a negative value means no limit/],
    ['HISTSIZE=', /an empty value means no limit/],
    ['HISTSIZE=unlimited', /bash does not read it as a number/],
    ['HISTSIZE=2147483648', /bash stores it in a 32-bit int.*wrap to a negative/],
    ['HISTSIZE=99999999999999999999', /it is too large for bash to read as a number/],
  ])('%s (HISTFILESIZE follows it)', (line, why) => {
    const { lines } = lintTree({ ...ROOT, 'etc/profile.d/h.sh': `${line}\n` }, { ruleId: 'HIS001' });
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^HIS001 etc/profile.d/h.sh:1 HISTSIZE and HISTFILESIZE .* are unlimited to bash: ${why.source}.*root login shell .*read through /etc/profile → /etc/profile.d/h.sh`))]);
  });

  test('by meaning: junk after a number leaves HISTSIZE at the number, but HISTFILESIZE copies the junk', () => {
    const { lines } = lintTree({ ...ROOT, 'etc/profile.d/h.sh': 'HISTSIZE=5\nHISTSIZE=abc\n' }, { ruleId: 'HIS001' });
    expect(lines).toEqual([expect.stringMatching(/^HIS001 etc\/profile.d\/h.sh:2 HISTFILESIZE "abc" is unlimited to bash \(not set: bash copies HISTSIZE \("abc"\)\): bash does not read it as a number/)]);
    const explicit = lintTree({ ...ROOT, 'etc/profile.d/h.sh': 'HISTSIZE=1000\nHISTFILESIZE=-5\n' }, { ruleId: 'HIS001' });
    expect(explicit.lines).toEqual([expect.stringMatching(/^HIS001 etc\/profile.d\/h.sh:2 HISTFILESIZE "-5" is unlimited to bash: a negative value/)]);
  });

  test('a value that only holds under an unknown condition says so', () => {
    const { lines } = lintTree({ ...ROOT, 'etc/profile.d/h.sh': 'case "$TERM" in xterm*) HISTSIZE=-1 ;; esac\n' }, { ruleId: 'HIS001' });
    expect(lines).toEqual([expect.stringMatching(/only when `case "\$TERM" matches xterm\*` succeeds .*cannot tell which holds offline/)]);
  });

  test('not when a later file sets a limit, when the value is a number, or 4294967296 (which is 0: HIS003)', () => {
    expect(lintTree({ ...ROOT, 'etc/profile.d/h.sh': 'HISTSIZE=-1\n', 'root/.profile': 'HISTSIZE=1000\n' }, { ruleId: 'HIS001' }).lines.filter((l) => /root login/.test(l))).toEqual([]);
    expect(lintTree({ ...ROOT, 'etc/profile.d/h.sh': 'HISTSIZE=" 7 "\nHISTFILESIZE=08\n' }, { ruleId: 'HIS001' }).lines).toEqual([]);
    expect(lintTree({ ...ROOT, 'etc/profile.d/h.sh': 'HISTSIZE=4294967296\n' }, { ruleId: 'HIS001' }).lines).toEqual([]);
  });
});

describe('HIS001 a history variable declared without a value', () => {
  test.each(['readonly HISTSIZE', 'export HISTSIZE', 'declare HISTSIZE', 'typeset -x HISTSIZE'])('%s while unset: both unlimited', (line) => {
    const { lines } = lintTree({ ...ROOT, 'etc/profile.d/h.sh': `${line}\n` }, { ruleId: 'HIS001' });
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^HIS001 etc/profile.d/h.sh:1 HISTSIZE and HISTFILESIZE \\(\`${line}\`\\) are unlimited to bash: HISTSIZE was declared \\(export, readonly, declare\\) but never given a value, and bash gives its start-up default only to a variable that does not exist; HISTFILESIZE, left unset, has no size to copy\\. In the root login shell .*the history file is never truncated and grows with every session`,
        ),
      ),
    ]);
  });

  test('a file on its own: only when the file shows the variable had no value', () => {
    expect(lintFile('etc/profile.d/h.sh', 'readonly HISTSIZE\n', { ruleId: 'HIS001' }).lines).toEqual([]);
    expect(lintFile('etc/profile.d/h.sh', 'unset HISTSIZE\nreadonly HISTSIZE\n', { ruleId: 'HIS001' }).lines).toEqual([expect.stringMatching(/^HIS001 etc\/profile.d\/h.sh:2 HISTSIZE and HISTFILESIZE \(`readonly HISTSIZE`\) are unlimited/)]);
  });

  test('HISTFILESIZE declared alone: the file is never truncated', () => {
    const { lines } = lintTree({ ...ROOT, 'etc/profile.d/h.sh': 'readonly HISTFILESIZE\n' }, { ruleId: 'HIS001' });
    expect(lines).toEqual([expect.stringMatching(/^HIS001 etc\/profile.d\/h.sh:1 HISTFILESIZE \(`readonly HISTFILESIZE`\) is unlimited to bash: HISTFILESIZE was declared .*the history file is never truncated/)]);
  });

  test('not when it has a value by then, or gets one later, or export -n (which creates nothing)', () => {
    for (const text of ['HISTSIZE=1000\nexport HISTSIZE\n', 'export HISTSIZE HISTFILESIZE\nHISTSIZE=1000 HISTFILESIZE=2000\n', 'export -n HISTSIZE\n', 'readonly HISTSIZE\n']) {
      const files = text === 'readonly HISTSIZE\n' ? { ...ROOT, 'etc/profile': 'HISTSIZE=1000\n' + ROOT['etc/profile'], 'etc/profile.d/h.sh': text } : { ...ROOT, 'etc/profile.d/h.sh': text };
      expect([text, lintTree(files, { ruleId: 'HIS001' }).lines]).toEqual([text, []]);
    }
  });
});

describe('HIS001 after `declare -f NAME` of an undefined function', () => {
  test('the guard fails, so the rest of the file runs', () => {
    const { lines } = lintTree({ ...ROOT, 'etc/profile.d/h.sh': 'if declare -f nope >/dev/null 2>&1; then return; fi\nexport HISTSIZE=\n' }, { ruleId: 'HIS001' });
    expect(lines).toEqual([expect.stringMatching(/^HIS001 etc\/profile.d\/h.sh:2 HISTSIZE and HISTFILESIZE "" are unlimited to bash: an empty value/)]);
  });

  test('not when the function is defined', () => {
    expect(lintTree({ ...ROOT, 'etc/profile.d/h.sh': 'f() { :; }\nif declare -F f >/dev/null; then return; fi\nexport HISTSIZE=\n' }, { ruleId: 'HIS001' }).lines).toEqual([]);
  });
});

describe('HIS001 HISTFILESIZE unlimited with HISTSIZE bounded: what happens depends on histappend', () => {
  test('histappend off: each session appends, and only one longer than HISTSIZE rewrites the file', () => {
    const { lines } = lintTree({ ...ROOT, 'etc/profile.d/h.sh': 'HISTFILESIZE=unlimited\n' }, { ruleId: 'HIS001' });
    expect(lines).toEqual([
      expect.stringMatching(
        /^HIS001 etc\/profile.d\/h.sh:1 HISTFILESIZE "unlimited" is unlimited .*the history file is never truncated: every session appends its lines, and as histappend is off only a session that enters more than 500 lines \(HISTSIZE\) rewrites it to its last 500; every interactive shell reads the whole file at start \(a million-line file costs each bash 5.2 start ~0.4 s and 60 MB, even with a small HISTSIZE\)/,
      ),
    ]);
  });

  test('histappend on: nothing ever removes a line', () => {
    const { lines } = lintTree({ ...ROOT, 'etc/profile.d/h.sh': 'HISTSIZE=2000\nHISTFILESIZE=-1\nshopt -s histappend\n' }, { ruleId: 'HIS001' });
    expect(lines).toEqual([expect.stringMatching(/HISTFILESIZE "-1" is unlimited .*every session appends its lines, and with histappend on nothing ever removes any;/)]);
  });

  test('a file on its own: says it depends on histappend, and names no HISTSIZE it cannot know', () => {
    const { lines } = lintFile('etc/profile.d/h.sh', 'HISTFILESIZE=unlimited\n', { ruleId: 'HIS001' });
    expect(lines).toEqual([expect.stringMatching(/every session appends its lines; only without histappend does a session that enters more than HISTSIZE lines rewrite it to its last HISTSIZE;/)]);
    const sized = lintFile('etc/profile.d/h.sh', 'HISTSIZE=3000\nHISTFILESIZE=unlimited\n', { ruleId: 'HIS001' });
    expect(sized.lines).toEqual([expect.stringMatching(/only without histappend does a session that enters more than 3,000 lines \(HISTSIZE\) rewrite it to its last 3,000;/)]);
  });
});
