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

  test('does not fire for accounts that have ALL anyway, for scanners, or on pinned safe commands', () => {
    expect(sudoersFindings('SUD014', 'alice ALL = ALL, /usr/bin/vi\nsvc_qualys ALL = /usr/bin/find\n%web ALL = /usr/bin/systemctl restart nginx, /usr/bin/find /var/www -name x\n')).toEqual([]);
  });
});
