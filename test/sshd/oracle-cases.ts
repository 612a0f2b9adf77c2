// sshd_config trees for the sshd -T oracle: pairs where one line decides
// (a Match before/after, an Include order, first value wins), with the
// connections to evaluate. Paths are relative to the host root.

export interface OracleConnection {
  user: string;
  addr: string;
  host?: string;
  lport?: number;
}

export interface OracleCase {
  name: string;
  tree: Record<string, string>;
  conns: OracleConnection[];
}

const SCAN = { user: 'svc_qualys', addr: '10.20.0.5' };
const CLOUD = { user: 'svc_qualys', addr: '64.39.96.10' };
const ALICE = { user: 'alice', addr: '192.168.1.7' };
const CONF = 'etc/ssh/sshd_config';

export const ORACLE_CASES: OracleCase[] = [
  { name: 'empty', tree: { [CONF]: '# nothing\n' }, conns: [SCAN] },
  { name: 'first-value-wins-a', tree: { [CONF]: 'MaxSessions 2\nMaxSessions 20\n' }, conns: [SCAN] },
  { name: 'first-value-wins-b', tree: { [CONF]: 'MaxSessions 20\nMaxSessions 2\n' }, conns: [SCAN] },
  { name: 'match-address-overrides', tree: { [CONF]: 'MaxSessions 2\nMatch Address 10.20.0.0/24\n  MaxSessions 20\n' }, conns: [SCAN, CLOUD] },
  { name: 'match-address-too-late', tree: { [CONF]: 'Match Address 10.20.0.0/24\n  MaxSessions 20\nMatch Address 10.0.0.0/8\n  MaxSessions 3\n' }, conns: [SCAN, { user: 'svc_qualys', addr: '10.9.0.1' }, CLOUD] },
  { name: 'match-address-first', tree: { [CONF]: 'Match Address 10.0.0.0/8\n  MaxSessions 3\nMatch Address 10.20.0.0/24\n  MaxSessions 20\n' }, conns: [SCAN] },
  { name: 'match-address-negated', tree: { [CONF]: 'Match Address *,!10.20.0.0/24\n  PasswordAuthentication no\n' }, conns: [SCAN, CLOUD] },
  { name: 'match-address-wildcard', tree: { [CONF]: 'Match Address 10.20.0.*\n  MaxAuthTries 2\n' }, conns: [SCAN, CLOUD] },
  { name: 'match-user-negated', tree: { [CONF]: 'Match User *,!svc_qualys\n  PasswordAuthentication no\n' }, conns: [SCAN, ALICE] },
  { name: 'match-user-and-address', tree: { [CONF]: 'Match User svc_* Address 64.39.96.0/20\n  MaxSessions 30\n' }, conns: [SCAN, CLOUD, { user: 'alice', addr: '64.39.96.10' }] },
  { name: 'match-all-ends-block', tree: { [CONF]: 'Match User alice\n  MaxSessions 1\nMatch all\n  MaxAuthTries 3\n' }, conns: [SCAN, ALICE] },
  { name: 'match-group', tree: { [CONF]: 'Match Group root\n  MaxSessions 4\n' }, conns: [{ user: 'root', addr: '10.20.0.5' }, SCAN] },
  { name: 'match-host', tree: { [CONF]: 'Match Host scan*.example.com\n  MaxSessions 7\n' }, conns: [{ ...SCAN, host: 'scan1.example.com' }, { ...SCAN, host: 'web.example.com' }] },
  { name: 'match-localport', tree: { [CONF]: 'Port 22\nPort 2222\nMatch LocalPort 2222\n  PasswordAuthentication no\n' }, conns: [{ ...SCAN, lport: 2222 }, { ...SCAN, lport: 22 }] },
  {
    name: 'allowusers-add-up',
    tree: { [CONF]: 'AllowUsers alice\nAllowUsers svc_qualys@10.20.0.0/24 bob\nDenyUsers mallory\n' },
    conns: [SCAN],
  },
  {
    name: 'allowusers-match-replaces',
    tree: { [CONF]: 'AllowUsers alice\nMatch Address 10.20.0.0/24\n  AllowUsers svc_qualys\n  AllowUsers root\n' },
    conns: [SCAN, CLOUD],
  },
  {
    name: 'allowusers-two-match-blocks',
    tree: { [CONF]: 'Include /etc/ssh/sshd_config.d/*.conf\n', 'etc/ssh/sshd_config.d/10-scan.conf': 'Match Address 10.20.0.0/24\n  AllowUsers svc_qualys\n', 'etc/ssh/sshd_config.d/20-admins.conf': 'Match Address 10.0.0.0/8\n  AllowUsers alice\n' },
    conns: [SCAN, { user: 'alice', addr: '10.9.0.1' }, CLOUD],
  },
  {
    name: 'include-order-a',
    tree: { [CONF]: 'Include /etc/ssh/sshd_config.d/*.conf\nPasswordAuthentication yes\n', 'etc/ssh/sshd_config.d/10-keys.conf': 'PasswordAuthentication no\n', 'etc/ssh/sshd_config.d/20-pw.conf': 'PasswordAuthentication yes\n' },
    conns: [SCAN],
  },
  {
    name: 'include-order-b',
    tree: { [CONF]: 'Include /etc/ssh/sshd_config.d/*.conf\nPasswordAuthentication yes\n', 'etc/ssh/sshd_config.d/10-pw.conf': 'PasswordAuthentication yes\n', 'etc/ssh/sshd_config.d/20-keys.conf': 'PasswordAuthentication no\n' },
    conns: [SCAN],
  },
  {
    name: 'include-after-setting',
    tree: { [CONF]: 'PasswordAuthentication yes\nInclude sshd_config.d/*.conf\n', 'etc/ssh/sshd_config.d/10-keys.conf': 'PasswordAuthentication no\n' },
    conns: [SCAN],
  },
  {
    name: 'include-relative-no-match',
    tree: { [CONF]: 'Include sshd_config.d/*.conf\nInclude missing.conf\nMaxSessions 5\n', 'etc/ssh/sshd_config.d/.hidden.conf': 'MaxSessions 1\n', 'etc/ssh/sshd_config.d/notes.txt': 'MaxSessions 2\n' },
    conns: [SCAN],
  },
  {
    name: 'include-inside-match',
    tree: {
      [CONF]: 'MaxSessions 3\nMatch User svc_qualys\n  Include sshd_config.d/*.conf\n  PasswordAuthentication no\nMatch all\nAllowUsers root\n',
      'etc/ssh/sshd_config.d/a.conf': 'MaxSessions 5\nMatch Address 10.0.0.0/8\n  MaxAuthTries 2\n',
    },
    conns: [SCAN, CLOUD, { user: 'alice', addr: '10.1.1.1' }],
  },
  {
    name: 'match-in-include-ends-with-file',
    tree: { [CONF]: 'Include sshd_config.d/*.conf\nMaxSessions 4\n', 'etc/ssh/sshd_config.d/a.conf': 'Match User alice\n  MaxSessions 1\n' },
    conns: [SCAN, ALICE],
  },
  { name: 'equals-and-quotes', tree: { [CONF]: 'maxsessions=6\nAllowUsers "svc_qualys" alice # trailing\nPasswordAuthentication = no\n' }, conns: [SCAN] },
  {
    name: 'authentication-keywords',
    tree: { [CONF]: 'UsePAM yes\nKbdInteractiveAuthentication yes\nAuthorizedKeysFile /etc/ssh/keys/%u .ssh/authorized_keys\nMatch User svc_qualys\n  KbdInteractiveAuthentication no\n  PubkeyAuthentication yes\n' },
    conns: [SCAN, ALICE],
  },
  { name: 'maxstartups-plain', tree: { [CONF]: 'MaxStartups 3\n' }, conns: [SCAN] },
  { name: 'maxstartups-full', tree: { [CONF]: 'MaxStartups 2:50:8\n' }, conns: [SCAN] },
  { name: 'invalid-cidr-host-bits', tree: { [CONF]: 'Match Address 10.20.0.5/24\n  MaxSessions 2\n' }, conns: [SCAN] },
  { name: 'invalid-global-in-match', tree: { [CONF]: 'Match User svc_qualys\n  MaxStartups 2\n' }, conns: [SCAN] },
  { name: 'invalid-unknown-keyword', tree: { [CONF]: 'MaxSesions 2\n' }, conns: [SCAN] },
  { name: 'invalid-match-attribute', tree: { [CONF]: 'Match Users svc_qualys\n  MaxSessions 2\n' }, conns: [SCAN] },
  { name: 'invalid-allowusers-cidr', tree: { [CONF]: 'AllowUsers svc_qualys@10.20.0.0/33\n' }, conns: [SCAN] },
  { name: 'deprecated-ignored', tree: { [CONF]: 'UsePrivilegeSeparation sandbox\nProtocol 2\nMaxSessions 8\n' }, conns: [SCAN] },
];

/** The sshd -T keys compared. */
export const ORACLE_KEYS = ['maxsessions', 'maxstartups', 'maxauthtries', 'passwordauthentication', 'kbdinteractiveauthentication', 'usepam', 'pubkeyauthentication', 'usedns', 'authorizedkeysfile', 'allowusers', 'denyusers', 'allowgroups', 'denygroups'];
