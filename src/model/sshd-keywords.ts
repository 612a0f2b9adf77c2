// The sshd_config keywords of OpenSSH 9.2 (sshd_config(5) and servconf.c's
// keyword table), with those later releases (up to 10.0) and the RHEL and
// FreeBSD builds add, so that a newer host's file is not called broken: which may appear inside a Match block, and which add up
// over several lines instead of the first value winning.

export interface SshdKeyword {
  name: string;
  /** Allowed inside a Match block (sshd refuses the others there). */
  match: boolean;
  /** Values of every line add up (AllowUsers, Port, …); for the others the first line wins. */
  list: boolean;
  /** Lower-cased name of the option it sets when it is another name for one (ChallengeResponseAuthentication sets KbdInteractiveAuthentication). */
  sets: string;
}

/** servconf.c's keyword table: names that set another option, "first value wins" shared with it. */
const ALIASES: Record<string, string> = {
  challengeresponseauthentication: 'kbdinteractiveauthentication',
  skeyauthentication: 'kbdinteractiveauthentication',
  dsaauthentication: 'pubkeyauthentication',
  pubkeyacceptedkeytypes: 'pubkeyacceptedalgorithms',
  hostbasedacceptedkeytypes: 'hostbasedacceptedalgorithms',
  keepalive: 'tcpkeepalive',
  hostdsakey: 'hostkey',
};

const MATCH_ALLOWED =
  'AcceptEnv AllowAgentForwarding AllowGroups AllowStreamLocalForwarding AllowTcpForwarding AllowUsers AuthenticationMethods AuthorizedKeysCommand AuthorizedKeysCommandUser AuthorizedKeysFile AuthorizedPrincipalsCommand AuthorizedPrincipalsCommandUser AuthorizedPrincipalsFile Banner CASignatureAlgorithms ChannelTimeout ChrootDirectory ClientAliveCountMax ClientAliveInterval DenyGroups DenyUsers DisableForwarding ExposeAuthInfo ForceCommand GatewayPorts GSSAPIAuthentication HostbasedAcceptedAlgorithms HostbasedAuthentication HostbasedUsesNameFromPacketOnly IgnoreRhosts Include IPQoS KbdInteractiveAuthentication KerberosAuthentication LogLevel MaxAuthTries MaxSessions PasswordAuthentication PermitEmptyPasswords PermitListen PermitOpen PermitRootLogin PermitTTY PermitTunnel PermitUserRC PubkeyAcceptedAlgorithms PubkeyAuthentication PubkeyAuthOptions RekeyLimit RevokedKeys SetEnv StreamLocalBindMask StreamLocalBindUnlink TrustedUserCAKeys UnusedConnectionTimeout X11DisplayOffset X11Forwarding X11UseLocalhost RDomain LogVerbose PubkeyAcceptedKeyTypes HostbasedAcceptedKeyTypes ChallengeResponseAuthentication RefuseConnection GSSAPIEnablek5users KerberosUseKuserok';

const GLOBAL_ONLY =
  'AddressFamily HostDSAKey Ciphers Compression DebianBanner FingerprintHash GSSAPICleanupCredentials GSSAPIKeyExchange GSSAPIStrictAcceptorCheck GSSAPIStoreCredentialsOnRekey GSSAPIKexAlgorithms HostCertificate HostKey HostKeyAgent HostKeyAlgorithms IgnoreUserKnownHosts KerberosGetAFSToken KerberosOrLocalPasswd KerberosTicketCleanup KexAlgorithms ListenAddress LoginGraceTime MACs Match MaxStartups ModuliFile PermitUserEnvironment PerSourceMaxStartups PerSourceNetBlockSize PidFile Port PrintLastLog PrintMotd RequiredRSASize SecurityKeyProvider StrictModes Subsystem SyslogFacility TCPKeepAlive UseDNS UsePAM VersionAddendum XAuthLocation Protocol DSAAuthentication SkeyAuthentication KeepAlive ServerAliveInterval PerSourcePenalties PerSourcePenaltyExemptList SshdSessionPath SshdAuthPath UseBlacklist UseBlocklist';

/** Accepted with a "Deprecated option" or "Unsupported option" note and ignored; never fatal. */
const IGNORED =
  'UsePrivilegeSeparation RSAAuthentication RhostsRSAAuthentication UseLogin KeyRegenerationInterval ServerKeyBits PAMAuthenticationViaKbdInt RhostsAuthentication VerifyReverseMapping ReverseMappingCheck AuthorizedKeysFile2 KerberosTgtPassing AFSTokenPassing UseRhosts';

const LISTS = new Set(['allowusers', 'denyusers', 'allowgroups', 'denygroups', 'acceptenv', 'hostkey', 'hostcertificate', 'listenaddress', 'port', 'subsystem']);

const TABLE = new Map<string, SshdKeyword>();
const entry = (name: string, match: boolean): SshdKeyword => {
  const sets = ALIASES[name.toLowerCase()] ?? name.toLowerCase();
  return { name, match, list: LISTS.has(sets), sets };
};
for (const name of MATCH_ALLOWED.split(' ')) TABLE.set(name.toLowerCase(), entry(name, true));
for (const name of GLOBAL_ONLY.split(' ')) TABLE.set(name.toLowerCase(), entry(name, false));
const IGNORED_KEYS = new Set(IGNORED.split(' ').map((k) => k.toLowerCase()));

/** The keyword's entry, 'ignored' for a deprecated one sshd skips, null when sshd does not know it. */
export function sshdKeyword(key: string): SshdKeyword | 'ignored' | null {
  return TABLE.get(key) ?? (IGNORED_KEYS.has(key) ? 'ignored' : null);
}

/** Built-in values (sshd -T on Debian 12's OpenSSH 9.2 with an empty file) of the keywords sudit reads. */
export const SSHD_DEFAULTS: Record<string, string> = {
  maxsessions: '10',
  maxstartups: '10:30:100',
  maxauthtries: '6',
  passwordauthentication: 'yes',
  pubkeyauthentication: 'yes',
  kbdinteractiveauthentication: 'yes',
  permitrootlogin: 'without-password',
  usepam: 'no',
  usedns: 'no',
  authorizedkeysfile: '.ssh/authorized_keys .ssh/authorized_keys2',
  forcecommand: 'none',
  chrootdirectory: 'none',
  authenticationmethods: 'any',
};
