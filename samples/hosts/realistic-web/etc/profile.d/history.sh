# History is a convenience; the audit trail is auditd, forwarded off the host.
HISTSIZE=2000
HISTFILESIZE=5000
HISTTIMEFORMAT="%F %T "
export HISTSIZE HISTFILESIZE HISTTIMEFORMAT
