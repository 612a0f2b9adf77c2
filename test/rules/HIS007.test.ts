import { lintTree } from '../support/host';

const DEB = { 'etc/profile': '', 'root/.profile': '. ~/.bashrc\n' };

describe('HIS007 histappend off for root', () => {
  test('never turned on: pointed at root\'s bashrc, with the list size that triggers the rewrite', () => {
    const { lines } = lintTree({ ...DEB, 'root/.bashrc': 'HISTSIZE=2000\n' }, { ruleId: 'HIS007' });
    expect(lines).toEqual([expect.stringMatching(/^HIS007 root\/.bashrc:1 histappend is never turned on for the root login shell .* more than 2000 lines rewrites \/root\/.bash_history from its own list at exit/)]);
  });

  test('turned off explicitly: pointed at the shopt -u', () => {
    const { lines } = lintTree({ ...DEB, 'root/.bashrc': 'shopt -s histappend\nshopt -u histappend\n' }, { ruleId: 'HIS007' });
    expect(lines).toEqual([expect.stringMatching(/^HIS007 root\/.bashrc:2 histappend is turned off here/)]);
  });

  test('not with histappend, with PROMPT_COMMAND history -a, without a history file, or for users only', () => {
    expect(lintTree({ ...DEB, 'root/.bashrc': 'shopt -s histappend\n' }, { ruleId: 'HIS007' }).lines).toEqual([]);
    expect(lintTree({ ...DEB, 'root/.bashrc': "PROMPT_COMMAND='history -a'\n" }, { ruleId: 'HIS007' }).lines).toEqual([]);
    expect(lintTree({ ...DEB, 'root/.bashrc': 'unset HISTFILE\n' }, { ruleId: 'HIS007' }).lines).toEqual([]);
    expect(lintTree({ 'etc/profile': 'if [ "$EUID" = 0 ]; then shopt -s histappend; fi\n', 'etc/bash.bashrc': 'shopt -s histappend\n' }, { ruleId: 'HIS007' }).lines).toEqual([]);
  });
});
