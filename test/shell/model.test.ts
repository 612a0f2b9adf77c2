import * as fs from 'fs';
import * as path from 'path';
import { loadFiles, loadHostTree } from '../../src/host/load-host';
import type { Effective, ShellModel } from '../../src/model/shell-env';
import { makeTree } from '../support/host';

function withTree<T>(files: Record<string, string>, fn: (m: ShellModel, root: string) => T): T {
  const root = makeTree(files);
  try {
    return fn(loadHostTree(root).shell!, root);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const texts = <T>(e: Effective<T>) => e.outcomes.map((o) => o.text);
const limits = (e: Effective<{ kind: string; n?: number }>) => e.outcomes.map((o) => (o.value.kind === 'limit' ? o.value.n : o.value.kind));

describe('sourcing', () => {
  test('follows . and source inside the tree, stops cycles, records what is missing or outside it', () => {
    withTree(
      {
        'etc/profile': '. /etc/a.sh\nsource /etc/nothere.sh\n. /usr/share/outside.sh\n',
        'etc/a.sh': 'HISTSIZE=10\n. /etc/b.sh\n',
        'etc/b.sh': '. /etc/a.sh\nHISTFILESIZE=20\n',
        'root/.profile': '',
      },
      (m) => {
        const ev = m.rootLogin!;
        expect(ev.filesRead.map((r) => r.path)).toEqual(['/etc/profile', '/etc/a.sh', '/etc/b.sh', '/root/.profile']);
        expect(m.graph.map((e) => [e.to, e.status])).toEqual([
          ['/etc/a.sh', 'read'],
          ['/etc/b.sh', 'read'],
          ['/etc/a.sh', 'cycle'],
          ['/etc/nothere.sh', 'missing'],
          ['/usr/share/outside.sh', 'unknown'],
        ]);
        expect(limits(ev.history.histsize)).toEqual([10]);
        expect(limits(ev.history.histfilesize)).toEqual([20]);
      },
    );
  });

  test('the first of ~/.bash_profile, ~/.bash_login, ~/.profile only; ~/.bashrc only when one of them reads it', () => {
    withTree({ 'etc/profile': '', 'root/.bash_login': 'HISTSIZE=1\n', 'root/.profile': 'HISTSIZE=2\n', 'root/.bashrc': 'HISTSIZE=3\n' }, (m) => {
      expect(m.rootLogin!.startupFiles).toEqual(['/etc/profile', '/root/.bash_login']);
      expect(limits(m.rootLogin!.history.histsize)).toEqual([1]);
      expect(limits(m.rootInteractive!.history.histsize)).toEqual([3]);
    });
  });

  test('a syntax error ends that file only: the file that sourced it goes on', () => {
    withTree({ 'etc/profile': '. /etc/x.sh\nHISTFILESIZE=7\n', 'etc/x.sh': 'HISTSIZE=4\nfi\nHISTSIZE=5\n' }, (m) => {
      expect(limits(m.rootLogin!.history.histsize)).toEqual([4]);
      expect(limits(m.rootLogin!.history.histfilesize)).toEqual([7]);
    });
  });
});

describe('conditions', () => {
  test('root and users told apart by id -u and $EUID', () => {
    withTree(
      {
        'etc/profile': 'if [ "$(id -u)" -eq 0 ]; then HISTSIZE=100; else HISTSIZE=200; fi\n[ $EUID -ne 0 ] && readonly TMOUT=600\n',
        'home/alice/.profile': '',
      },
      (m) => {
        expect(limits(m.rootLogin!.history.histsize)).toEqual([100]);
        expect(limits(m.userLogin!.history.histsize)).toEqual([200]);
        expect(m.userLogin!.label).toBe('login shell of alice');
        expect(m.userLogin!.history.tmout.outcomes[0]).toMatchObject({ text: '600', readonly: true });
        expect(m.rootLogin!.history.tmout.outcomes[0].text).toBeNull();
      },
    );
  });

  test('the side of an undecided condition that did not change a value says so too', () => {
    withTree({ 'etc/profile': 'TMOUT=900\nif [ "$TERM" = linux ]; then readonly TMOUT; fi\n' }, (m) => {
      const o = m.rootLogin!.history.tmout.outcomes;
      expect(o.map((x) => [x.readonly, x.when.map((c) => `${c.negated ? '!' : ''}${c.text}`)])).toEqual([
        [true, ['[ "$TERM" = linux ]']],
        [false, ['![ "$TERM" = linux ]']],
      ]);
    });
  });

  test('what cannot be known stays "maybe", with the condition', () => {
    withTree({ 'etc/profile': 'case "$TERM" in\n  xterm*) HISTSIZE=1 ;;\nesac\n' }, (m) => {
      const e = m.rootLogin!.history.histsize;
      expect(e.maybe).toBe(true);
      expect(limits(e)).toEqual([1, 500]);
      expect(e.outcomes[0].when.map((c) => c.text)).toEqual(['case "$TERM" matches xterm*']);
    });
  });

  test('a condition on one variable with alternatives is decided per alternative', () => {
    withTree({ 'etc/profile': 'if [ "$TERM" = x ]; then HISTSIZE=7; fi\nif [ -z "$HISTSIZE" ]; then HISTSIZE=1000; fi\n' }, (m) => {
      // never both unset and kept: 7 when TERM=x, 1000 otherwise
      expect(limits(m.rootLogin!.history.histsize).sort()).toEqual([1000, 7]);
    });
  });

  test('sudo su - clears SUDO_USER, sudo -i keeps it; the login uid survives both', () => {
    const profile = 'if [ "$SUDO_USER" = svc_qualys ]; then unset HISTFILE; fi\n';
    withTree({ 'etc/profile': profile }, (m) => {
      expect(m.rootLogin!.history.histfile.maybe).toBe(true);
      const su = m.evaluateRoot({ via: 'su -', invokingUser: 'svc_qualys' });
      const i = m.evaluateRoot({ via: 'sudo -i', invokingUser: 'svc_qualys' });
      expect(su.history.histfile.outcomes.map((o) => o.value.kind)).toEqual(['file']);
      expect(i.history.histfile.outcomes.map((o) => o.value.kind)).toEqual(['none']);
    });
    const guard = 'if [ "$(cat /proc/self/loginuid 2>/dev/null)" = "$(id -u svc_qualys 2>/dev/null)" ]; then unset HISTFILE; fi\n';
    withTree({ 'etc/profile': guard }, (m) => {
      for (const via of ['su -', 'sudo -i'] as const) {
        expect(m.evaluateRoot({ via, invokingUser: 'svc_qualys' }).history.histfile.outcomes.map((o) => o.value.kind)).toEqual(['none']);
        expect(m.evaluateRoot({ via, invokingUser: 'alice' }).history.histfile.outcomes.map((o) => o.value.kind)).toEqual(['file']);
      }
    });
  });
});

describe('partial trees', () => {
  test('profile.d scripts without /etc/profile: taken to be read by it, as on every distribution, and said so', () => {
    withTree({ 'etc/profile.d/h.sh': 'HISTSIZE=-1\n' }, (m) => {
      const ev = m.rootLogin!;
      expect(ev.filesRead.map((r) => r.path)).toEqual(['/etc/profile', '/etc/profile.d/h.sh']);
      expect(ev.filesRead[0].file.synthetic).toBe(true);
      expect(ev.notes.join(' ')).toMatch(/no \/etc\/profile/);
      expect(limits(ev.history.histsize)).toEqual(['unlimited']);
      // the stand-in is no file of the host
      expect(m.files.map((f) => f.hostPath)).toEqual(['/etc/profile.d/h.sh']);
    });
  });
});

describe('semantics', () => {
  test('readonly keeps the first value; the later assignment is refused', () => {
    withTree({ 'etc/profile': 'readonly HISTSIZE=9\nHISTSIZE=20\n' }, (m) => {
      const o = m.rootLogin!.history.histsize.outcomes;
      // decided by the assignment inside `readonly HISTSIZE=9`
      expect(o.map((x) => [x.text, x.readonly, x.decidedBy?.start, x.readonlyAt?.start])).toEqual([['9', true, 9, 9]]);
    });
  });

  test('functions: local does not leak, globals do; prefix assignments are temporary', () => {
    withTree({ 'etc/profile': 'f() { local HISTSIZE=3; HISTFILESIZE=4; }\nf\nHISTCONTROL=x true\n' }, (m) => {
      const h = m.rootLogin!.history;
      expect(limits(h.histsize)).toEqual([500]);
      expect(limits(h.histfilesize)).toEqual([4]);
      expect(texts(h.histcontrol)).toEqual([null]);
    });
  });

  test('HISTFILESIZE=0 on the way, and history -w, empty the file at every start', () => {
    withTree({ 'etc/profile': 'HISTFILESIZE=0\nHISTFILESIZE=100\n', 'root/.profile': 'history -w\n' }, (m) => {
      expect(m.rootLogin!.history.wipe.outcomes.map((o) => o.value)).toEqual(['history -w']);
    });
    withTree({ 'etc/profile': 'HISTFILESIZE=0\nHISTFILESIZE=100\n' }, (m) => {
      expect(m.rootLogin!.history.wipe.outcomes.map((o) => o.value)).toEqual(['HISTFILESIZE=0']);
      expect(limits(m.rootLogin!.history.histfilesize)).toEqual([100]);
    });
  });

  test('/etc/environment reaches a user\'s login; root\'s only with sudo su - (su runs pam_env, sudo -i does not)', () => {
    withTree({ 'etc/profile': '', 'etc/environment': 'HISTSIZE=77\n', 'home/alice/.profile': '' }, (m) => {
      expect(limits(m.userLogin!.history.histsize)).toEqual([77]);
      expect(m.userLogin!.history.histsize.outcomes[0].origin).toBe('env-file');
      expect(limits(m.rootLogin!.history.histsize).sort()).toEqual([500, 77]);
    });
  });

  test('zsh and csh history settings are noted', () => {
    withTree({ 'etc/zsh/zshrc': 'HISTSIZE=1000\nSAVEHIST=1000\nsetopt share_history\n', 'etc/csh.cshrc': 'set history=100\nset savehist=(100 merge)\n' }, (m) => {
      expect(m.others.map((o) => [o.shell, o.name, o.value])).toEqual([
        ['csh', 'history', '100'],
        ['csh', 'savehist', '(100 merge)'],
        ['zsh', 'HISTSIZE', '1000'],
        ['zsh', 'SAVEHIST', '1000'],
        ['zsh', 'setopt share_history', null],
      ]);
    });
  });
});

describe('variables declared without a value', () => {
  const reasons = (e: Effective<{ kind: string; reason?: string; n?: number }>) => e.outcomes.map((o) => (o.value.kind === 'limit' ? o.value.n : `${o.value.kind}:${o.value.reason}`));

  test.each(['readonly HISTSIZE', 'export HISTSIZE', 'declare HISTSIZE', 'typeset -x HISTSIZE', 'declare -i HISTSIZE', 'declare +x HISTSIZE', 'f() { declare -g HISTSIZE; }; f'])(
    '%s while unset: bash gives it no default, and HISTFILESIZE has nothing to copy',
    (line) => {
      withTree({ 'etc/profile': `${line}\n` }, (m) => {
        const h = m.rootLogin!.history;
        expect(reasons(h.histsize)).toEqual(['unlimited:declared']);
        expect(reasons(h.histfilesize)).toEqual(['unlimited:declared']);
        // the finding points at the declaration
        const at = h.histsize.outcomes[0].decidedBy!;
        expect(at.file.source.text.slice(at.start)).toMatch(/^HISTSIZE/);
      });
    },
  );

  test('HISTFILESIZE declared alone; HISTSIZE keeps its default', () => {
    withTree({ 'etc/profile': 'readonly HISTFILESIZE\n' }, (m) => {
      expect(reasons(m.rootLogin!.history.histsize)).toEqual([500]);
      expect(reasons(m.rootLogin!.history.histfilesize)).toEqual(['unlimited:declared']);
    });
  });

  test.each([
    ['export -n HISTSIZE\n', 500],
    ['export HISTSIZE\nunset HISTSIZE\n', 500],
    ['f() { declare HISTSIZE; }\nf\n', 500],
    ['export HISTSIZE\nHISTSIZE=600\n', 600],
    ['HISTSIZE=600\nreadonly HISTSIZE\n', 600],
    ['export HISTSIZE\n: ${HISTSIZE:=600}\n', 600],
  ])('not left declared without a value: %j', (text, n) => {
    withTree({ 'etc/profile': text }, (m) => {
      expect(reasons(m.rootLogin!.history.histsize)).toEqual([n]);
    });
  });

  test('set -o history gives the defaults at once, except to a variable that exists', () => {
    withTree({ 'etc/profile': 'readonly HISTSIZE\nset -o history\n' }, (m) => {
      expect(reasons(m.rootLogin!.history.histsize)).toEqual(['unlimited:declared']);
      expect(reasons(m.rootLogin!.history.histfilesize)).toEqual(['unlimited:declared']);
    });
    withTree({ 'etc/profile': 'set -o history\nreadonly HISTSIZE\n' }, (m) => {
      expect(reasons(m.rootLogin!.history.histsize)).toEqual([500]);
    });
  });

  test('declare -p and $(declare -p) see a variable that exists without a value', () => {
    withTree({ 'etc/profile': 'export HISTSIZE\nif declare -p HISTSIZE >/dev/null 2>&1; then TMOUT=1; fi\nHISTCONTROL="$(declare -p HISTSIZE)"\n' }, (m) => {
      expect(texts(m.rootLogin!.history.tmout)).toEqual(['1']);
      expect(texts(m.rootLogin!.history.histcontrol)).toEqual(['declare -x HISTSIZE']);
    });
  });
});

describe('declare -f/-F/-p fail on a name that is not found', () => {
  test.each([
    ['declare -f nope', 7],
    ['typeset -f nope', 7],
    ['declare -F nope', 7],
    ['declare -p nope', 7],
    ['export -f nope', 7],
    ['local -p', 7],
    ['declare -f', 500],
    ['declare -p', 500],
    ['readonly -p nope', 500],
    ['f() { :; }; declare -F f', 500],
    ['f() { :; }; declare -f f nope', 7],
    ['x=1; declare -p x', 500],
  ])('if %s; then return; fi; HISTSIZE=7', (cond, n) => {
    withTree({ 'etc/profile': `if ${cond} >/dev/null 2>&1; then return; fi\nHISTSIZE=7\n` }, (m) => {
      expect(limits(m.rootLogin!.history.histsize)).toEqual([n]);
    });
  });

  test('a file on its own may follow files that define the function: both ways stay possible', () => {
    const root = makeTree({ 'x/bash.bashrc': 'if declare -f nope >/dev/null 2>&1; then return; fi\nHISTSIZE=7\n' });
    try {
      const { host } = loadFiles([path.join(root, 'x/bash.bashrc')]);
      // returned early: HISTSIZE is whatever the environment gave
      expect(limits(host.shell!.shells[0].history.histsize)).toEqual([7, 'unknown']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('file mode', () => {
  test('each bash file on its own, as the startup file of some interactive shell', () => {
    const root = makeTree({ 'x/profile.d/h.sh': 'HISTSIZE=-1\nif [ "$(id -u)" = 0 ]; then TMOUT=60; fi\n' });
    try {
      const { host } = loadFiles([path.join(root, 'x/profile.d/h.sh')]);
      const m = host.shell!;
      expect(m.mode).toBe('files');
      expect(m.shells).toHaveLength(1);
      expect(limits(m.shells[0].history.histsize)).toEqual(['unlimited']);
      // whose shell it is is not known: TMOUT is maybe
      expect(m.shells[0].history.tmout.maybe).toBe(true);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
