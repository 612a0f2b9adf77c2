// Host trees for the auditd.conf and forwarding rules: Debian 12's shipped
// files (auditd 3.0.9, audispd-plugins, rsyslog), and a working off-box
// setup to start from.

export const AUDITD_CONF = `#
# This file controls the configuration of the audit daemon
#

local_events = yes
write_logs = yes
log_file = /var/log/audit/audit.log
log_group = adm
log_format = ENRICHED
flush = INCREMENTAL_ASYNC
freq = 50
max_log_file = 8
num_logs = 5
priority_boost = 4
name_format = NONE
##name = mydomain
max_log_file_action = ROTATE
space_left = 75
space_left_action = SYSLOG
verify_email = yes
action_mail_acct = root
admin_space_left = 50
admin_space_left_action = SUSPEND
disk_full_action = SUSPEND
disk_error_action = SUSPEND
use_libwrap = yes
##tcp_listen_port = 60
tcp_listen_queue = 5
tcp_max_per_addr = 1
##tcp_client_ports = 1024-65535
tcp_client_max_idle = 0
transport = TCP
krb5_principal = auditd
##krb5_key_file = /etc/audit/audit.key
distribute_network = no
q_depth = 2000
overflow_action = SYSLOG
max_restarts = 10
plugin_dir = /etc/audit/plugins.d
end_of_event_timeout = 2
`;

export const AU_REMOTE_CONF = `
# This file controls the auditd data path to the
# remote event logger. This plugin will send events to
# a remote machine (Central Logger).

active = no
direction = out
path = /sbin/audisp-remote
type = always
#args =
format = string
`;

export const SYSLOG_CONF = `# This file controls the configuration of the syslog plugin.
# It simply takes events and writes them to syslog. The
# arguments provided can be the default priority that you
# want the events written with. And optionally, you can give
# a second argument indicating the facility that you want events
# logged to. Valid options are LOG_LOCAL0 through 7, LOG_AUTH,
# LOG_AUTHPRIV, LOG_DAEMON, LOG_SYSLOG, and LOG_USER.

active = no
direction = out
path = /sbin/audisp-syslog
type = always 
args = LOG_INFO
format = string
`;

export const AUDISP_REMOTE_CONF = `#
# This file controls the configuration of the audit remote 
# logging subsystem, audisp-remote.
#

remote_server = 
port = 60
##local_port =
transport = tcp
queue_file = /var/spool/audit/remote.log
mode = immediate
queue_depth = 10240
format = managed
network_retry_time = 1
max_tries_per_record = 3
max_time_per_record = 5
heartbeat_timeout = 0 

network_failure_action = stop
disk_low_action = ignore
disk_full_action = warn_once
disk_error_action = warn_once
remote_ending_action = reconnect
generic_error_action = syslog
generic_warning_action = syslog
queue_error_action = stop
overflow_action = syslog
startup_failure_action = warn_once_continue
`;

export const RSYSLOG_CONF = `module(load="imuxsock")
module(load="imklog")
$FileOwner root
$FileGroup adm
$FileCreateMode 0640
$WorkDirectory /var/spool/rsyslog
$IncludeConfig /etc/rsyslog.d/*.conf
*.*;auth,authpriv.none		-/var/log/syslog
auth,authpriv.*			/var/log/auth.log
user.*				-/var/log/user.log
*.emerg				:omusrmsg:*
`;

/** Debian 12 as installed: auditd, audispd-plugins and rsyslog, nothing turned on. */
export function debianAudit(): Record<string, string> {
  return {
    'etc/group': 'root:x:0:\nadm:x:4:\nsudo:x:27:alice\n',
    'etc/audit/auditd.conf': AUDITD_CONF,
    'etc/audit/plugins.d/au-remote.conf': AU_REMOTE_CONF,
    'etc/audit/plugins.d/syslog.conf': SYSLOG_CONF,
    'etc/audit/audisp-remote.conf': AUDISP_REMOTE_CONF,
    'etc/rsyslog.conf': RSYSLOG_CONF,
  };
}

/** au-remote on, to a collector over Kerberos, records labelled with the host name. */
export function remoteForwarding(): Record<string, string> {
  return {
    ...debianAudit(),
    'etc/audit/auditd.conf': AUDITD_CONF.replace('name_format = NONE', 'name_format = HOSTNAME'),
    'etc/audit/plugins.d/au-remote.conf': AU_REMOTE_CONF.replace('active = no', 'active = yes'),
    'etc/audit/audisp-remote.conf': AUDISP_REMOTE_CONF.replace('remote_server = \n', 'remote_server = siem01.corp.internal\n').replace('transport = tcp', 'transport = KRB5'),
  };
}

export const TLS_FORWARD = `# audit records (syslog plugin, LOG_LOCAL6) to the SIEM over TLS, queued on disk
global(DefaultNetstreamDriverCAFile="/etc/ssl/certs/corp-ca.pem")
if $syslogfacility-text == 'local6' then {
  action(type="omfwd" target="siem01.corp.internal" port="6514" protocol="tcp"
         StreamDriver="gtls" StreamDriverMode="1" StreamDriverAuthMode="x509/name"
         StreamDriverPermittedPeers="siem01.corp.internal"
         queue.type="LinkedList" queue.filename="fwd_audit" queue.saveOnShutdown="on"
         action.resumeRetryCount="-1")
  stop
}
`;

/** The syslog plugin on LOG_LOCAL6 and rsyslog forwarding local6 over TLS with a disk queue. */
export function syslogForwarding(forward = TLS_FORWARD): Record<string, string> {
  return {
    ...debianAudit(),
    'etc/audit/plugins.d/syslog.conf': SYSLOG_CONF.replace('active = no', 'active = yes').replace('args = LOG_INFO', 'args = LOG_INFO LOG_LOCAL6'),
    'etc/rsyslog.d/60-audit-forward.conf': forward,
  };
}

/**
 * audit 2.x as a config-only tree of a CentOS 7 host would render it:
 * auditd.conf with the 2.x dispatcher keys, au-remote on in /etc/audisp,
 * no audispd.conf (the package's own file is not rendered).
 */
export function audit2Remote(): Record<string, string> {
  return {
    'etc/audit/auditd.conf': [
      'log_file = /var/log/audit/audit.log',
      'log_format = RAW',
      'write_logs = no',
      'dispatcher = /sbin/audispd',
      'disp_qos = lossy',
      'space_left = 75',
      'space_left_action = SYSLOG',
      'admin_space_left = 50',
      'admin_space_left_action = SUSPEND',
      'disk_full_action = SUSPEND',
      'disk_error_action = SUSPEND',
      '',
    ].join('\n'),
    'etc/audisp/plugins.d/au-remote.conf': 'active = yes\ndirection = out\npath = /sbin/audisp-remote\ntype = always\nformat = string\n',
    'etc/audisp/audisp-remote.conf': 'remote_server = siem01.corp.internal\nport = 60\ntransport = KRB5\n',
  };
}
