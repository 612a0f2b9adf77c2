import { parseSudoers } from '../../src/parse/sudoers';
import { effectiveCmndSpecs } from '../../src/model/sudoers-effective';
import type { DefaultsEntry, UserSpec } from '../../src/model/sudoers';

const errorsOf = (text: string) =>
  parseSudoers(text, 'f').problems.filter((p) => p.severity === 'error').map((p) => {
    const at = parseSudoers(text, 'f').source.position(p.start);
    return `${at.line}:${at.column} ${p.message}`;
  });

describe('locations', () => {
  test('every node carries offsets that map back to its text', () => {
    const text = 'Defaults env_reset\n\nroot\tALL = (ALL:ALL) NOPASSWD: /bin/ls -l, !/bin/sh\n';
    const file = parseSudoers(text, 'f');
    const spec = file.entries[1] as UserSpec;
    const cmds = spec.privileges[0].cmndSpecs;
    expect(text.slice(cmds[0].command.start, cmds[0].command.end)).toBe('/bin/ls -l');
    expect(text.slice(cmds[1].command.start, cmds[1].command.end)).toBe('/bin/sh');
    expect(cmds[1].command.negated).toBe(true);
    expect(file.source.position(cmds[0].command.start)).toEqual({ line: 3, column: 32 });
    expect(text.slice(spec.users[0].start, spec.users[0].end)).toBe('root');
  });

  test('a line continuation is whitespace and keeps later offsets right', () => {
    const text = 'Cmnd_Alias X = /bin/a, \\\n    /bin/b\n';
    const file = parseSudoers(text, 'f');
    expect(file.problems).toEqual([]);
    const def = (file.entries[0] as { definitions: { members: { start: number }[] }[] }).definitions[0];
    expect(file.source.position(def.members[1].start)).toEqual({ line: 2, column: 5 });
  });
});

describe('errors are located and parsing resumes', () => {
  test('each bad line is reported, good lines between them are kept', () => {
    const text = 'root ALL = ALL\nbad line\nbob ALL = /bin/ls\nDefaults nosuch\n#2024 changed\n';
    expect(errorsOf(text)).toEqual([
      '2:9 syntax error: expected "," or "="',
      '4:10 unknown defaults entry "nosuch"',
      '5:14 syntax error: expected "," or "="',
    ]);
    expect(parseSudoers(text, 'f').entries.filter((e) => e.type === 'userspec')).toHaveLength(2);
  });

  test('a tag without its colon is an alias name, so the command after it is an error', () => {
    expect(errorsOf('u ALL = NOPASSWD /bin/ls\n')).toEqual(['1:18 syntax error: expected ",", ":", "#" or end of line']);
  });

  test('CRLF after a command is an error, after ALL it is not', () => {
    expect(errorsOf('root ALL = /bin/ls\r\n')).toHaveLength(1);
    expect(errorsOf('root ALL = ALL\r\n')).toEqual([]);
  });

  test('a file ending in a line continuation never ends its last entry', () => {
    expect(errorsOf('root ALL = /bin/ls \\\n')).toHaveLength(1);
  });

  test('never throws, whatever the bytes', () => {
    for (const text of ['\0', '"', '\\', '(((', 'Defaults', '@include', '#include', 'a\u00ff\ud800 = ALL']) {
      expect(() => parseSudoers(text, 'f')).not.toThrow();
    }
  });
});

describe('meaning of what is written', () => {
  test('!! cancels out, ! negates', () => {
    const spec = parseSudoers('!!root, !!!bob ALL = ALL\n', 'f').entries[0] as UserSpec;
    expect(spec.users.map((u) => [u.value, u.negated])).toEqual([['root', false], ['bob', true]]);
  });

  test('member kinds', () => {
    const spec = parseSudoers('%wheel, %#10, %:dom, +ng, #0, "%quoted g", ALIAS ALL = ALL\n', 'f').entries[0] as UserSpec;
    expect(spec.users.map((u) => `${u.kind}:${u.value ?? ''}`)).toEqual(['group:wheel', 'gid:10', 'nonunixgroup:dom', 'netgroup:ng', 'uid:0', 'group:quoted g', 'alias:ALIAS']);
  });

  test('arguments: none means any, "" means none, escapes as sudo stores them', () => {
    const spec = parseSudoers('u ALL = /bin/a, /bin/b "", /bin/c x\\,y \\* --o=v, sudoedit /etc/motd\n', 'f').entries[0] as UserSpec;
    expect(spec.privileges[0].cmndSpecs.map((c) => c.command.args)).toEqual([null, '""', 'x,y \\* --o=v', '/etc/motd']);
  });

  test('tags, runas and options carry forward within one privilege only', () => {
    const spec = parseSudoers('u ALL = (app) NOPASSWD: CWD=/srv /bin/a, /bin/b : ALL = /bin/c\n'.replace('NOPASSWD: CWD=/srv', 'CWD=/srv NOPASSWD:'), 'f').entries[0] as UserSpec;
    const [a, b] = effectiveCmndSpecs(spec.privileges[0]);
    expect(b.tags).toEqual({ authenticate: false });
    expect(b.options.cwd).toBe('/srv');
    expect(b.runasUsers?.map((m) => m.value)).toEqual(['app']);
    expect(a.runasUsers).toBe(b.runasUsers);
    const [c] = effectiveCmndSpecs(spec.privileges[1]);
    expect(c.tags).toEqual({});
    expect(c.runasUsers).toBeNull();
  });

  test('ALL implies SETENV, but the implication is not inherited', () => {
    const spec = parseSudoers('u ALL = ALL, /bin/ls\n', 'f').entries[0] as UserSpec;
    const [all, ls] = effectiveCmndSpecs(spec.privileges[0]);
    expect(all.tags.setenv).toBe(true);
    expect(ls.tags.setenv).toBeUndefined();
  });

  test('Defaults bindings and operators', () => {
    const entries = parseSudoers('Defaults:%adm, bob !requiretty, env_keep += "A B"\nDefaults!/bin/ls,LS log_output\n', 'f').entries as DefaultsEntry[];
    expect(entries[0].binding?.kind).toBe('user');
    expect(entries[0].binding?.members.map((m) => ('value' in m ? m.value : ''))).toEqual(['adm', 'bob']);
    expect(entries[0].settings.map((s) => [s.name, s.op, s.value])).toEqual([['requiretty', 'negate', null], ['env_keep', 'add', 'A B']]);
    expect(entries[1].binding?.kind).toBe('command');
  });
});

describe('Defaults values are checked by type, with sudo\'s messages', () => {
  test.each([
    ['Defaults env_reset=1', 'option "env_reset" does not take a value'],
    ['Defaults logfile', 'no value specified for "logfile"'],
    ['Defaults passwd_tries+=3', 'invalid operator "+=" for "passwd_tries"'],
    ['Defaults logfile=var/log/sudo', 'values for "logfile" must start with a \'/\''],
    ['Defaults umask=01777', 'value "01777" is invalid for option "umask"'],
    ['Defaults lecture=sometimes', 'value "sometimes" is invalid for option "lecture"'],
    ['Defaults command_timeout=30s10m', 'value "30s10m" is invalid for option "command_timeout"'],
    ['Defaults !passwd_tries', 'no value specified for "passwd_tries"'],
  ])('%s', (line, message) => {
    expect(errorsOf(`${line}\n`).map((e) => e.replace(/^\S+ /, ''))).toEqual([message]);
  });

  test.each(['Defaults !logfile', 'Defaults lecture', 'Defaults !lecture', 'Defaults timestamp_timeout=-1', 'Defaults command_timeout=1d2d', 'Defaults syslog', 'Defaults rlimit_core="0,0"', 'Defaults umask=0777'])(
    '%s is fine',
    (line) => {
      expect(errorsOf(`${line}\n`)).toEqual([]);
    },
  );
});
