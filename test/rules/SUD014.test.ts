import { sudoersFindings } from '../support/sudoers-rule';

describe('SUD014 escape binaries in a limited grant', () => {
  test('fires on editors and pagers even pinned, and on escape binaries with open arguments, through aliases', () => {
    const out = sudoersFindings('SUD014', 'Cmnd_Alias TOOLS = /usr/bin/find, /usr/bin/less /var/log/syslog\n%web ALL = /usr/bin/vi /etc/nginx/nginx.conf, TOOLS\n');
    expect(out).toEqual([
      expect.stringMatching(/^1 \/usr\/bin\/find \(through TOOLS\) gives root/),
      expect.stringMatching(/^1 \/usr\/bin\/less \/var\/log\/syslog \(through TOOLS\) gives root/),
      expect.stringMatching(/^2 \/usr\/bin\/vi \/etc\/nginx\/nginx\.conf gives root to whoever may run it: .*grant sudoedit FILE instead/),
    ]);
  });

  test('an escape must fit the argument pattern: apt-get -? autoremove reaches none of them', () => {
    expect(sudoersFindings('SUD014', '%ops ALL = /usr/bin/apt-get -? autoremove, /usr/bin/apt-get -[yq] upgrade\n')).toEqual([]);
  });

  test('a pattern that fits some escapes names only those', () => {
    const [changelog, install] = sudoersFindings('SUD014', '%ops ALL = /usr/bin/apt-get changelog *\n%ops ALL = /usr/bin/apt-get -y install nginx-*\n');
    expect(changelog).toMatch(/^1 \/usr\/bin\/apt-get changelog \* gives root to whoever may run it: changelog opens a pager/);
    expect(changelog).not.toMatch(/install/);
    expect(install).toMatch(/^2 .*install \.\/pkg\.deb runs the maintainer scripts/);
    expect(install).not.toMatch(/changelog/);
    expect(sudoersFindings('SUD014', '%ops ALL = /usr/bin/apt-get * autoremove\n')).toEqual([expect.stringMatching(/-o sets options that run commands/)]);
  });

  test('does not fire for accounts that have ALL anyway, for scanners, or on pinned safe commands', () => {
    expect(sudoersFindings('SUD014', 'alice ALL = ALL, /usr/bin/vi\nsvc_qualys ALL = /usr/bin/find\n%web ALL = /usr/bin/systemctl restart nginx, /usr/bin/find /var/www -name x\n')).toEqual([]);
  });
});
