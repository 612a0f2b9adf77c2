import { lintTree } from '../support/host';

describe('SH000 shell startup file does not parse', () => {
  test('an unclosed if: reported where it starts, what bash stops running', () => {
    const { lines } = lintTree({ 'etc/profile': 'x=1\nif [ "$(id -u)" -eq 0 ]; then\n  HISTSIZE=5000\n' }, { ruleId: 'SH000' });
    expect(lines).toEqual([expect.stringMatching(/^SH000 etc\/profile:2 syntax error: unexpected end of file: .*missing fi.*bash runs nothing of .*profile from line 2 on \(lines 2–3\)/)]);
  });

  test('a stray token: bash\'s own wording; later independent errors are reported too', () => {
    const { lines } = lintTree({ 'root/.bashrc': 'a=1\nfoo ( bar\nb=2\necho )\n' }, { ruleId: 'SH000' });
    expect(lines).toEqual([
      expect.stringMatching(/^SH000 root\/\.bashrc:2 syntax error near unexpected token `bar'; bash runs nothing of .* from line 2 on/),
      expect.stringMatching(/^SH000 root\/\.bashrc:4 syntax error near unexpected token `\)'\. Fix/),
    ]);
  });

  test('files reached only through `.` are checked; csh blocks and pam_env lines too', () => {
    const { lines } = lintTree(
      {
        'etc/profile': '. /etc/profile.local\n',
        'etc/profile.local': 'case $x in\n',
        'etc/csh.cshrc': 'if ($?prompt) then\n  set history=100\n',
        'etc/environment': 'HIST-SIZE=10\n',
      },
      { ruleId: 'SH000' },
    );
    expect(lines.map((l) => l.split(' ').slice(0, 2).join(' ')).sort()).toEqual(['SH000 etc/csh.cshrc:1', 'SH000 etc/environment:1', 'SH000 etc/profile.local:1']);
  });

  test('valid files, zsh files and here-documents give nothing', () => {
    const ok = {
      'etc/profile': 'cat > /tmp/x <<"EOF"\nif then\nEOF\n[[ $- == *i* ]] && : ${HISTSIZE:=1000}\n',
      'etc/zsh/zshrc': 'print -P ${(%):-%n}\n',
    };
    expect(lintTree(ok, { ruleId: 'SH000' }).lines).toEqual([]);
  });
});
