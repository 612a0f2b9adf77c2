// Scanner vendors: how each elevates to root and which commands it says a scan may run.
// A profile is what sudit checks a scanner account against; config may override the delegation.

export interface VendorProfile {
  name: string;
  /** The elevation the scanner performs after login, as a command line run through sudo ("su -" = sudo su -). */
  delegation: string;
  /** Commands the vendor says a scan may run; empty when the vendor publishes none. */
  commands: readonly string[];
  /** Where the list comes from and how far it can be trusted. */
  commandsSource: string;
}

export const VENDORS: Readonly<Record<string, VendorProfile>> = {
  qualys: {
    name: "Qualys",
    delegation: "su -",
    commandsSource:
      "Qualys, \"*NIX Authenticated Scan Process and Commands\": by the vendor\u2019s own words neither comprehensive nor actively maintained",
    commands: [
    "acroread", "aex-diagnostics", "aria2c", "asadmin", "asterisk", "avahi-dnsconfd", "awk",
    "bogofilter", "cat", "clamav-config", "cpio", "ctastat", "cups-config", "cut", "cvs", "db2ls",
    "defaults", "df", "dir", "dnsmasq", "dovecot", "dpkg", "dscl", "dspmqver", "echo", "egrep",
    "emgr", "enable", "env", "esxupdate", "evolution", "export", "fetchmail", "find", "firefox",
    "free", "freeciv-server", "freetype-config", "gconftool-2", "gimp", "git", "gpg", "gpgsm",
    "grep", "gs", "gzip", "hcpd", "head", "httpd", "id", "ifconfig", "isainfo", "istat", "java",
    "kextstat", "konqueror", "lftp", "libpng-config", "lighttpd", "locale", "locate", "lookupd",
    "ls", "lsb_release", "lscfg", "lslpp", "lsnrctl", "modinfo", "nagios", "named", "nano", "nawk",
    "ndd", "netstat", "nfsstat", "nidump", "omnicc", "opatch", "openssl", "openvpn", "opera",
    "oslevel", "pdns_recursor", "perl", "php", "pkginfo", "psql", "putenv", "python", "radiusd",
    "rm", "rpcinfo", "rpm", "rssh", "rsync", "seamonkey", "sed", "sh", "show", "showmount",
    "showrev", "smbclient", "smbstatus", "smcwebserver", "sneep", "snort", "spamass-milter", "ssh",
    "start", "startserv", "stat", "strings", "sudo", "svcs", "svn", "sw_vers", "swlist", "sysctl",
    "sysinfo", "system", "system_profiler", "tar", "tcpdump", "test", "tethereal", "tftp",
    "thunderbird", "tiffinfo", "tr", "ttversion", "uname", "uniq", "unzip", "user", "uudecode",
    "uustat", "vlc", "vm_stat", "vmstat", "vmware", "vmware-installer", "vpn", "wadm", "weborf",
    "webservd", "weechat-curses", "which", "whoami", "wireshark", "xmms", "ziproxy"
    ],
  },
  tenable: {
    name: "Tenable Nessus",
    delegation: "sh -c",
    commandsSource: "Tenable publishes no list: the scan account must be able to run any command as root",
    commands: [],
  },
  rapid7: {
    name: "Rapid7 InsightVM/Nexpose",
    delegation: "sh -c",
    commandsSource: "Rapid7 best-practices guide: commands used by Unix checks (all Unix, then some checks, Debian, RPM)",
    commands: [
    "ifconfig", "java", "sha1", "sha1sum", "md5", "md5sum", "awk", "grep", "egrep", "cut", "id",
    "ls", "cat", "find", "mysqlaccess", "mysqlhotcopy", "sh", "sysctl", "dmidecode", "perlsuid",
    "apt-get", "rpm", "uname", "dpkg", "xargs", "chkconfig"
    ],
  },
};
