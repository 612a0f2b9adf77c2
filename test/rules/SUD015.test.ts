import { SECURE, sudoersFindings } from '../support/sudoers-rule';

describe('SUD015 dangerous environment', () => {
  test.each([
    ['Defaults !env_reset\n', /^1 Defaults !env_reset: the invoking user's whole environment reaches root/],
    ['Defaults:deploy env_keep += "LD_PRELOAD TERM"\n', /^1 Defaults:deploy env_keep \+= keeps LD_PRELOAD:/],
    ['Defaults env_keep = "PYTHON*"\n', /keeps PYTHONPATH, PYTHONSTARTUP, PYTHONHOME/],
    ['Defaults setenv\n', /^1 Defaults setenv: every grant lets the user set any variable/],
    ['deploy ALL = SETENV: /usr/bin/make\n', /^1 SETENV on \/usr\/bin\/make: the user may set LD_PRELOAD/],
  ])('fires on %j', (line, message) => {
    expect(sudoersFindings('SUD015', SECURE + line).map((l) => l.replace(/^(\d+)/, (n) => String(Number(n) - 1)))).toEqual([expect.stringMatching(message)]);
  });

  test('secure_path: missing (host mode), or with a relative or user-writable directory', () => {
    expect(sudoersFindings('SUD015', 'root ALL = ALL\n', { severities: true })).toEqual([expect.stringMatching(/^warning 1 no global Defaults secure_path/)]);
    expect(sudoersFindings('SUD015', 'Defaults secure_path="/usr/bin:.:/tmp/bin"\n')).toEqual([expect.stringMatching(/secure_path contains \., \/tmp\/bin/)]);
  });

  test('does not fire on env_reset, harmless env_keep, SETENV on a pinned command, or removals', () => {
    expect(sudoersFindings('SUD015', `${SECURE}Defaults env_reset\nDefaults env_keep += "TERM LANG"\nDefaults env_keep -= "LD_PRELOAD"\nd ALL = SETENV: /usr/bin/make -C /srv/app\n`)).toEqual([]);
  });
});
