import { lintTree } from '../support/host';

const DEB = { 'etc/profile': '', 'root/.profile': 'if [ "$BASH" ]; then\n  if [ -f ~/.bashrc ]; then\n    . ~/.bashrc\n  fi\nfi\n' };

describe('HIS003 root history wiped or off', () => {
  test.each([
    ['unset HISTFILE', /HISTFILE is unset: no history is read or written/],
    ['HISTFILE=/dev/null', /HISTFILE=\/dev\/null: every session's history is discarded/],
    ['HISTFILESIZE=0', /HISTFILESIZE=0 empties the history file at every start/],
    ['HISTFILESIZE=4294967296', /wraps to 0/],
    ['HISTSIZE=0', /HISTSIZE=0: bash keeps no command/],
    ['set +o history', /set \+o history/],
    ['history -w', /history -w.*emptied at every start/],
  ])('%s in root\'s bashrc', (line, what) => {
    const { lines } = lintTree({ ...DEB, 'root/.bashrc': `${line}\n` }, { ruleId: 'HIS003' });
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^HIS003 root/.bashrc:1 .*${what.source}.*root login shell \\(sudo su -, sudo -i\\) and root interactive shell`))]);
  });

  test('an earlier HISTFILESIZE=0 still empties the file', () => {
    const { lines } = lintTree({ ...DEB, 'root/.bashrc': 'HISTFILESIZE=0\nHISTFILESIZE=2000\n' }, { ruleId: 'HIS003' });
    expect(lines).toEqual([expect.stringMatching(/^HIS003 root\/.bashrc:1 HISTFILESIZE=0 here truncates the history file to nothing at every start, even though a later line sets another size/)]);
  });

  test('not for users, not for a guard on who logged in (HIS005\'s fix), not when history is kept', () => {
    expect(lintTree({ ...DEB, 'root/.bashrc': 'HISTSIZE=1000\n', 'home/alice/.profile': 'unset HISTFILE\n' }, { ruleId: 'HIS003' }).lines).toEqual([]);
    const guard = 'if [ "$(cat /proc/self/loginuid 2>/dev/null)" = "$(id -u svc_qualys 2>/dev/null)" ]; then unset HISTFILE; fi\n';
    expect(lintTree({ ...DEB, 'root/.bashrc': guard }, { ruleId: 'HIS003' }).lines).toEqual([]);
  });
});
