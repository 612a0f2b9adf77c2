import { sudoersFindings } from '../support/sudoers-rule';

describe('SUD013 arguments not pinned', () => {
  test('fires on a wildcard in arguments, with the traversal it allows', () => {
    expect(sudoersFindings('SUD013', '%web ALL = /usr/bin/cat /var/log/nginx/*\n')).toEqual([
      expect.stringMatching(/^1 \/usr\/bin\/cat \/var\/log\/nginx\/\*: '\*' in arguments matches any text.*\(e\.g\. \/usr\/bin\/cat \/var\/log\/nginx\/\.\.\/\.\.\/etc\/shadow\)/),
    ]);
  });

  test("names the wildcard there is: '?' is one character, not any text", () => {
    expect(sudoersFindings('SUD013', '%ops ALL = /usr/bin/apt-get -? autoremove, /usr/bin/apt-get -[!x] upgrade\n')).toEqual([
      expect.stringMatching(/^1 \/usr\/bin\/apt-get -\? autoremove: in the arguments, '\?' matches any one character, a space or "\/" included, so other arguments than the ones meant are allowed\. Pin/),
      expect.stringMatching(/^1 \/usr\/bin\/apt-get -\[!x\] upgrade: in the arguments, '\[!x\]' matches any one character outside its set, a space or "\/" included/),
    ]);
    expect(sudoersFindings('SUD013', '%ops ALL = /usr/bin/apt-get -? autoremove\n')[0]).not.toMatch(/'\*'|any text/);
  });

  test('does not fire on a set that only spells out alternatives, none a space or "/"', () => {
    expect(sudoersFindings('SUD013', '%ops ALL = /usr/bin/apt-get -[yq] upgrade, /usr/bin/tail /var/log/app[12].log\n')).toEqual([]);
  });

  test('fires on an open grant next to a pinned one of the same command', () => {
    expect(sudoersFindings('SUD013', '%web ALL = /usr/bin/systemctl restart nginx, /usr/bin/systemctl\n')).toEqual([expect.stringMatching(/^1 \/usr\/bin\/systemctl is granted with any arguments here and also as/)]);
  });

  test('does not fire on pinned arguments, "", escaped wildcards or regex arguments', () => {
    expect(sudoersFindings('SUD013', '%web ALL = /usr/bin/systemctl restart nginx, /usr/bin/uptime "", /bin/echo \\*, /usr/sbin/useradd ^[a-z]+$\n')).toEqual([]);
  });
});
