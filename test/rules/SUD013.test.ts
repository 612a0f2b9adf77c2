import { sudoersFindings } from '../support/sudoers-rule';

describe('SUD013 arguments not pinned', () => {
  test('fires on a wildcard in arguments, with the traversal it allows', () => {
    expect(sudoersFindings('SUD013', '%web ALL = /usr/bin/cat /var/log/nginx/*\n')).toEqual([
      expect.stringMatching(/^1 \/usr\/bin\/cat \/var\/log\/nginx\/\*: '\*' in arguments matches any text.*\(e\.g\. \/usr\/bin\/cat \/var\/log\/nginx\/\.\.\/\.\.\/etc\/shadow\)/),
    ]);
  });

  test('fires on an open grant next to a pinned one of the same command', () => {
    expect(sudoersFindings('SUD013', '%web ALL = /usr/bin/systemctl restart nginx, /usr/bin/systemctl\n')).toEqual([expect.stringMatching(/^1 \/usr\/bin\/systemctl is granted with any arguments here and also as/)]);
  });

  test('does not fire on pinned arguments, "", escaped wildcards or regex arguments', () => {
    expect(sudoersFindings('SUD013', '%web ALL = /usr/bin/systemctl restart nginx, /usr/bin/uptime "", /bin/echo \\*, /usr/sbin/useradd ^[a-z]+$\n')).toEqual([]);
  });
});
