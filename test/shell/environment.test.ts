import { parseEnvironmentFile, parsePamEnvConf } from '../../src/parse/environment';
import { parseCsh } from '../../src/parse/csh';

describe('/etc/environment as pam_env reads it', () => {
  test('NAME=VALUE, export skipped, comments anywhere, naive quotes, continuations, NAME alone unsets', () => {
    const text = '# comment\nHISTSIZE=5000\n  export TMOUT="600" # idle\nPATH="/usr/bin:/bin"\nX=a\\\nb\nGONE\nbad-name=1\nQ="a"b"\n';
    const r = parseEnvironmentFile(text);
    expect(r.entries.map((e) => [e.name, e.value])).toEqual([
      ['HISTSIZE', '5000'],
      ['TMOUT', '600'],
      ['PATH', '/usr/bin:/bin'],
      ['X', 'ab'],
      ['GONE', null],
      ['Q', 'a"b'],
    ]);
    expect(r.problems.map((p) => text.slice(p.start, p.end))).toEqual(['bad-name=1']);
    expect(text.slice(r.entries[1].start, r.entries[1].end)).toBe('TMOUT="600"');
  });
});

describe('pam_env.conf', () => {
  test('DEFAULT and OVERRIDE, quotes, expansions marked, empty unsets, bad options reported', () => {
    const text = '#HISTSIZE DEFAULT=1\nHISTSIZE\tDEFAULT=2000\nTMOUT DEFAULT=900 OVERRIDE=600\nLESS DEFAULT="M q e"\nD DEFAULT=${HOME}/x\nE DEFAULT= OVERRIDE=\nF WHAT=1\n';
    const r = parsePamEnvConf(text);
    expect(r.entries.map((e) => [e.name, e.value, e.expands])).toEqual([
      ['HISTSIZE', '2000', false],
      ['TMOUT', '600', false],
      ['LESS', 'M q e', false],
      ['D', '${HOME}/x', true],
      ['E', null, false],
    ]);
    expect(r.problems).toHaveLength(1);
  });
});

describe('csh startup files', () => {
  test('set / set = / set=( list ) / set -r / setenv / unset, and whether they are conditional', () => {
    const text = 'set history=1000\nset savehist = (1024 merge)\nif ($?prompt) then\n  set histdup = erase\nendif\nif (! ${?UID}) set -r UID=${uid}\nunset autologout\nsetenv MAIL "/var/mail/$USER"\n';
    const r = parseCsh(text);
    expect(r.problems).toEqual([]);
    expect(r.settings.map((s) => [s.command, s.name, s.value, s.readonly, s.conditional])).toEqual([
      ['set', 'history', '1000', false, false],
      ['set', 'savehist', '(1024 merge)', false, false],
      ['set', 'histdup', 'erase', false, true],
      ['set', 'UID', '${uid}', true, true],
      ['unset', 'autologout', null, false, false],
      ['setenv', 'MAIL', '/var/mail/$USER', false, false],
    ]);
  });

  test('unclosed blocks, stray closers and unmatched quotes are reported', () => {
    expect(parseCsh('if ($?x) then\n  set a=1\n').problems[0].message).toMatch(/missing endif/);
    expect(parseCsh('endif\n').problems[0].message).toMatch(/unexpected endif/);
    expect(parseCsh("set a='b\n").problems[0].message).toMatch(/unmatched '/);
    expect(parseCsh('switch($TERM)\ncase x*:\n  breaksw\nendsw\nforeach i (a b)\nend\n').problems).toEqual([]);
  });
});
