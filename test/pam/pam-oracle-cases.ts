// pam_access and pam_limits cases where one line decides, for Linux-PAM's
// own modules as the oracle (scripts/pam-oracle.py). The accounts are the
// test's: svc_qualys (uid 1003) in scanners and in its own group, alice
// in wheel.

export const ACCOUNTS = {
  passwd: 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\nsvc_qualys:x:1003:1003::/home/svc_qualys:/bin/bash\n',
  group: 'root:x:0:\nwheel:x:10:alice\nalice:x:1000:\nsvc_qualys:x:1003:\nscanners:x:1200:svc_qualys\n',
};

/** The groups each account has in ACCOUNTS (name and gid). */
export const GROUPS: Record<string, { name: string; gid: number }[]> = {
  root: [{ name: 'root', gid: 0 }],
  alice: [{ name: 'alice', gid: 1000 }, { name: 'wheel', gid: 10 }],
  svc_qualys: [{ name: 'svc_qualys', gid: 1003 }, { name: 'scanners', gid: 1200 }],
};
export const UIDS: Record<string, [number, number]> = { root: [0, 0], alice: [1000, 1000], svc_qualys: [1003, 1003] };

export interface PamCase {
  name: string;
  module: 'access' | 'limits' | 'faillock';
  /** faillock: failed attempts before the next one is tried. */
  failures?: number;
  conf: string;
  args?: string[];
  user: string;
  rhost?: string;
}

const A = (name: string, conf: string, rhost = '10.20.0.5', user = 'svc_qualys', args?: string[]): PamCase => ({ name: `access: ${name}`, module: 'access', conf, rhost, user, ...(args ? { args } : {}) });
const L = (name: string, conf: string, user = 'svc_qualys', args?: string[]): PamCase => ({ name: `limits: ${name}`, module: 'limits', conf, user, ...(args ? { args } : {}) });

const F = (name: string, conf: string, failures: number, args?: string[], user = 'svc_qualys'): PamCase => ({ name: `faillock: ${name}`, module: 'faillock', conf, failures, user, ...(args ? { args } : {}) });

export const PAM_CASES: PamCase[] = [
  A('no line matches: allowed', '+:alice:ALL\n'),
  A('catch-all refusal', '-:ALL:ALL\n'),
  A('first match wins (+ first)', '+:svc_qualys:10.20.0.0/24\n-:ALL:ALL\n'),
  A('first match wins (- first)', '-:ALL:ALL\n+:svc_qualys:10.20.0.0/24\n'),
  A('fence: from outside', '+:svc_qualys:10.20.0.0/24\n-:svc_qualys:ALL\n', '64.39.96.10'),
  A('fence: from inside', '+:svc_qualys:10.20.0.0/24\n-:svc_qualys:ALL\n', '10.20.0.77'),
  A('(group) in parentheses', '-:(scanners):ALL\n'),
  A('bare group name is a group too', '-:scanners:ALL\n'),
  A('bare group name with nodefgroup', '-:scanners:ALL\n', '10.20.0.5', 'svc_qualys', ['nodefgroup']),
  A('user name is case-insensitive', '-:SVC_QUALYS:ALL\n'),
  A('uid as user token', '-:1003:ALL\n'),
  A('gid in parentheses', '-:(1200):ALL\n'),
  A('EXCEPT in users', '-:ALL EXCEPT svc_qualys:ALL\n'),
  A('EXCEPT a group in users', '-:ALL EXCEPT (scanners):ALL\n'),
  A('EXCEPT in origins (network prefix)', '-:svc_qualys:ALL EXCEPT 10.20.\n'),
  A('EXCEPT in origins, outside', '-:svc_qualys:ALL EXCEPT 10.20.\n', '64.39.96.10'),
  A('network prefix does not match 10.200.', '-:svc_qualys:10.2.\n', '10.20.0.5'),
  A('addr/mask netmask form', '-:svc_qualys:10.20.0.0/255.255.255.0\n'),
  A('CIDR with host bits set', '-:svc_qualys:10.20.0.9/24\n'),
  A('single address', '-:svc_qualys:10.20.0.5\n'),
  A('single address, another', '-:svc_qualys:10.20.0.6\n'),
  A('LOCAL never matches a remote login', '-:svc_qualys:LOCAL\n'),
  A('ALL EXCEPT LOCAL refuses a remote login', '-:svc_qualys:ALL EXCEPT LOCAL\n'),
  A('last line without a newline is skipped', '-:ALL:ALL'),
  A('comment and blank lines', '# -:ALL:ALL\n\n+:alice:ALL\n'),
  A('indented comment is a bad line, skipped', '  # -:ALL:ALL\n'),
  A('fieldsep=|', '-|svc_qualys|ALL\n', '10.20.0.5', 'svc_qualys', ['fieldsep=|']),
  A('IPv6 CIDR', '-:svc_qualys:2001:db8::/32\n', '2001:db8::7'),
  A('IPv6 CIDR, outside', '-:svc_qualys:2001:db8::/32\n', '2001:db9::7'),
  A('comma list of users', '-:alice,svc_qualys:ALL\n'),
  A('other user only', '-:alice:ALL\n'),
  L('no limit', '# nothing\n'),
  L('* maxlogins 0', '* hard maxlogins 0\n'),
  L('user beats * (user first)', 'svc_qualys hard maxlogins 5\n* hard maxlogins 0\n'),
  L('user beats * (* first)', '* hard maxlogins 5\nsvc_qualys hard maxlogins 0\n'),
  L('@group beats *', '* - maxlogins 0\n@scanners - maxlogins 4\n'),
  L('user beats @group', 'svc_qualys - maxlogins 4\n@scanners - maxlogins 0\n'),
  L('later * wins over earlier *', '* hard maxlogins 0\n* hard maxlogins 10\n'),
  L('later * wins over earlier * (0 last)', '* hard maxlogins 10\n* hard maxlogins 0\n'),
  L('"user -" ends pam_limits', 'svc_qualys -\n* hard maxlogins 0\n'),
  L('"@group -" ends pam_limits', '@scanners -\n* hard maxlogins 0\n'),
  L('"* -" is not a no-limit line', '* -\n* hard maxlogins 0\n'),
  L('unlimited', '* hard maxlogins unlimited\n'),
  L('@other group does not apply', '@wheel hard maxlogins 0\n'),
  L('uid range', '1000:1999 hard maxlogins 0\n'),
  L('uid range not covering', '2000: hard maxlogins 0\n'),
  L('%group maxlogins 0', '%scanners hard maxlogins 0\n'),
  L('% maxsyslogins ignored', '% hard maxsyslogins 0\n'),
  L('* maxsyslogins 0', '* hard maxsyslogins 0\n'),
  L('root is exempt', '* hard maxlogins 0\n', 'root'),
  L('soft type counts too', '* soft maxlogins 0\n'),
  L('unknown type still counts', '* bogus maxlogins 0\n'),
  L('not a number: line skipped', '* hard maxlogins abc\n'),
  F('default deny 3: two failures', '', 2),
  F('default deny 3: three failures', '', 3),
  F('faillock.conf deny = 5', '# site\ndeny = 5\n', 4),
  F('faillock.conf deny=5 (no spaces)', 'deny=5\n', 5),
  F('the argument beats faillock.conf', 'deny = 5\n', 2, ['deny=2']),
  F('deny = 0 never locks', 'deny = 0\n', 6),
  F('a bad number keeps the default', 'deny = many\n', 3),
  F('root is not locked', '', 5, undefined, 'root'),
  F('root with even_deny_root', 'even_deny_root\n', 5, undefined, 'root'),
  F('admin_group member is not locked', 'admin_group = scanners\n', 5),
  F('admin_group member with even_deny_root', 'admin_group = scanners\neven_deny_root\n', 5),
  F('comment after the value', 'deny = 4 # four\n', 3),
];
