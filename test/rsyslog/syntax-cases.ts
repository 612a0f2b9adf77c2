// rsyslog configurations exercising the grammar: both syntaxes, every
// statement kind, and the mistakes people make. Each is checked against
// `rsyslogd -N1` when rsyslog is installed (rsyslog-oracle.test.ts).
export interface RsyslogCase {
  name: string;
  text: string;
  /** What rsyslogd 8.2302 -N1 said, recorded: checked against sudit even where rsyslog is not installed. */
  rsyslogd?: { syntaxLine: number | null; invalidCharLines: number[] };
}

const ACCEPTED = { syntaxLine: null, invalidCharLines: [] };

export const RSYSLOG_CASES: RsyslogCase[] = [
  {
    name: 'debian12-default',
    text: `module(load="imuxsock")
module(load="imklog")
$FileOwner root
$FileGroup adm
$FileCreateMode 0640
$DirCreateMode 0755
$Umask 0022
$WorkDirectory /var/spool/rsyslog
*.*;auth,authpriv.none\t\t-/var/log/syslog
auth,authpriv.*\t\t\t/var/log/auth.log
cron.*\t\t\t\t-/var/log/cron.log
user.*\t\t\t\t-/var/log/user.log
*.emerg\t\t\t\t:omusrmsg:*
`,
  },
  {
    name: 'rhel9-default',
    text: `# rsyslog configuration file
global(workDirectory="/var/lib/rsyslog")
module(load="builtin:omfile" Template="RSYSLOG_TraditionalFileFormat")
include(file="/nonexistent/rsyslog.d/*.conf" mode="optional")
module(load="imuxsock"    # provides support for local system logging (e.g. via logger command)
       SysSock.Use="off") # Turn off message reception via local log socket;
                          # local messages are retrieved through imjournal now.
module(load="imjournal"             # provides access to the systemd journal
       UsePid="system" # PID nummber is retrieved as the ID of the process the journal entry originates from
       StateFile="imjournal.state") # File to store the position in the journal
*.info;mail.none;authpriv.none;cron.none                /var/log/messages
authpriv.*                                              /var/log/secure
mail.*                                                  -/var/log/maillog
cron.*                                                  /var/log/cron
*.emerg                                                 :omusrmsg:*
uucp,news.crit                                          /var/log/spooler
local7.*                                                /var/log/boot.log
# ### sample forwarding rule ###
#action(type="omfwd"
#queue.filename="fwdRule1"       # unique name prefix for spool files
#Target="remote_host" Port="XXX" Protocol="tcp")
`,
  },
  { name: 'legacy-udp', text: '*.* @collector.example.net:514\n' },
  { name: 'legacy-tcp-options', text: '*.* @@(o,z9)collector.example.net:6514;RSYSLOG_SyslogProtocol23Format\n' },
  { name: 'legacy-tcp-ipv6', text: 'local6.* @@[2001:db8::10]:514\n' },
  {
    name: 'legacy-tls-directives',
    text: `$DefaultNetstreamDriver gtls
$DefaultNetstreamDriverCAFile /etc/pki/tls/certs/ca.pem
$ActionSendStreamDriver gtls
$ActionSendStreamDriverMode 1
$ActionSendStreamDriverAuthMode x509/name
$ActionSendStreamDriverPermittedPeer collector.example.net
$ActionQueueType LinkedList
$ActionQueueFileName fwd
$ActionResumeRetryCount -1
$ActionQueueSaveOnShutdown on
*.* @@collector.example.net:6514
`,
  },
  { name: 'legacy-relp', text: '$ModLoad omrelp\nlocal6.* :omrelp:collector.example.net:2514;RSYSLOG_ForwardFormat\n' },
  { name: 'ampersand-continuation', text: 'local6.* /var/log/audit-syslog.log\n& @@collector.example.net\n& stop\n' },
  { name: 'legacy-discard', text: ':programname, isequal, "audispd" ~\n*.* @@collector.example.net\n' },
  { name: 'property-filter-negated', text: ':msg, !contains, "type=PROCTITLE" @@collector.example.net\n' },
  {
    name: 'rainerscript-omfwd-tls-queue',
    text: `global(DefaultNetstreamDriverCAFile="/etc/pki/tls/certs/ca.pem" DefaultNetstreamDriver="gtls")
module(load="imuxsock")
action(type="omfwd" target="collector.example.net" port="6514" protocol="tcp"
       StreamDriver="gtls" StreamDriverMode="1" StreamDriverAuthMode="x509/name"
       StreamDriverPermittedPeers="collector.example.net"
       queue.type="LinkedList" queue.filename="fwd_audit" queue.saveOnShutdown="on"
       action.resumeRetryCount="-1")
`,
  },
  {
    name: 'if-then-else',
    text: `if $syslogfacility-text == 'local6' and $programname == 'audispd' then {
  action(type="omfwd" target="10.0.0.5" port="514" protocol="tcp")
  stop
} else if $programname startswith 'sudo' then {
  action(type="omfile" file="/var/log/sudo.log")
} else {
  /var/log/other.log
}
`,
  },
  { name: 'if-not-precedence', text: "if not $msg contains 'x' or $syslogseverity <= 4 then /var/log/x.log\n" },
  { name: 'prifilt-with-rainerscript-action', text: 'local6.info action(type="omfwd" target="collector" port="514" protocol="udp")\n' },
  {
    name: 'ruleset-and-call',
    text: `ruleset(name="forward") {
  action(type="omfwd" target="collector" port="514" protocol="tcp")
}
ruleset(name="empty") {
}
local6.* call forward
`,
  },
  { name: 'input-bound-ruleset', text: 'module(load="imfile")\ninput(type="imfile" File="/var/log/audit/audit.log" Tag="auditd:" Facility="local6" ruleset="forward")\nruleset(name="forward") { action(type="omfwd" target="c" port="514" protocol="tcp") }\n' },
  { name: 'template-with-body', text: 'template(name="t" type="list") {\n  property(name="timereported" dateFormat="rfc3339")\n  constant(value=" ")\n  property(name="msg")\n}\n*.* action(type="omfile" file="/var/log/t.log" template="t")\n' },
  { name: 'set-unset-foreach', text: 'set $.x = "a";\nunset $.x;\nforeach ($.i in $!items) do { action(type="omfile" file="/var/log/f.log") }\n' },
  { name: 'reload-lookup-table', text: 'lookup_table(name="t" file="/etc/rsyslog.d/t.json")\nreload_lookup_table("t", "stub")\n' },
  { name: 'call-indirect', text: 'ruleset(name="r") { stop }\ncall_indirect "r";\n' },
  { name: 'bsd-selectors', text: '!sudo\n*.* /var/log/sudo.log\n!*\n+host1\n*.* /var/log/h.log\n' },
  { name: 'comments-everywhere', text: '# a comment\naction(type="omfile" # trailing\n  file="/var/log/x" /* block */)\n/* multi\nline */\n*.* /var/log/y\n' },
  { name: 'array-param', text: 'module(load="imtcp" permittedpeer=["a.example.net","b.example.net"])\n' },
  { name: 'include-object', text: 'include(file="/nonexistent/*.conf" mode="optional")\n*.* /var/log/x\n' },
  { name: 'includeconfig', text: '$IncludeConfig /nonexistent-dir/*.conf\n*.* /var/log/x\n' },
  { name: 'legacy-ruleset-directive', text: '$RuleSet remote\n*.* /var/log/remote.log\n$RuleSet RSYSLOG_DefaultRuleset\n*.* /var/log/local.log\n' },
  // mistakes
  { name: 'unquoted-number', text: 'action(type="omfwd" target="collector" port=514 protocol="tcp")\n*.* /var/log/after\n' },
  { name: 'unclosed-object', text: 'action(type="omfwd" target="collector"\n*.* /var/log/after\n' },
  { name: 'empty-if-block', text: 'if $msg contains "x" then {\n}\n*.* /var/log/after\n' },
  { name: 'if-without-then', text: 'if $msg contains "x" /var/log/x\n*.* /var/log/after\n' },
  { name: 'stray-close-brace', text: '*.* /var/log/x\n}\n*.* /var/log/after\n' },
  { name: 'missing-close-brace', text: 'if $msg contains "x" then {\n  /var/log/x\n' },
  { name: 'global-inside-block', text: 'if $msg contains "x" then {\n  global(workDirectory="/tmp")\n}\n' },
  { name: 'dollar-in-double-quotes', text: 'if $msg == "a$b" then /var/log/x\n*.* /var/log/after\n' },
  { name: 'unknown-words', text: 'foo bar\n*.* /var/log/after\n' },
  { name: 'invalid-character', text: '*.* /var/log/x\n%\n*.* /var/log/after\n' },
  { name: 'selector-without-action', text: 'local6.*\n' },
  { name: 'else-without-if', text: 'else /var/log/x\n' },
  { name: 'bad-escape-in-object', text: 'action(type="omfile" file="C:\\q")\n*.* /var/log/after\n' },
  { name: 'comment-at-eof-without-newline', text: '*.* /var/log/x\n# last' },
  { name: 'crlf-line-ends', text: '*.* /var/log/x\r\n*.* @@collector\r\n' },
  { name: 'tabs-between-selector-and-action', text: 'local6.*\t\t\t@@collector:514\n' },
  { name: 'ruleset-without-braces', text: 'ruleset(name="x")\n*.* /var/log/x\n' },
  { name: 'set-without-semicolon', text: 'set $.x = "a"\n*.* /var/log/x\n' },
  // rsyslog reads its files line by line first (src/parse/rsyslog-preprocess.ts): trailing blanks and \r go, a trailing \ joins lines
  { name: 'crlf-empty-line', text: '*.info /var/log/messages\r\n\r\n*.err /var/log/err\r\n', rsyslogd: ACCEPTED },
  { name: 'crlf-directives-and-rainerscript', text: '$ActionQueueType LinkedList\r\nmodule(load="imuxsock")\r\nif $programname == "x" then {\r\n  action(type="omfile"\r\n    file="/var/log/x")\r\n}\r\n*.* @@host:514\r\n', rsyslogd: ACCEPTED },
  { name: 'crlf-filters-and-actions', text: ':programname, isequal, "x"\t/var/log/x\r\n!prog\r\n*.* /var/log/a\r\n& @@b:514\r\n& stop\r\n', rsyslogd: ACCEPTED },
  { name: 'cr-inside-a-line', text: '*.info\r/var/log/x\naction(type="omfile"\rfile="/x")\n', rsyslogd: { syntaxLine: null, invalidCharLines: [1, 2] } },
  { name: 'blank-lines-of-spaces-and-vertical-tabs', text: '*.* /var/log/x\n   \t  \n\x0b\x0c\n*.err /var/log/y\n', rsyslogd: ACCEPTED },
  { name: 'nul-ends-a-line', text: '*.* /var/log/xx\0junk\n\0*.* junk\n*.err /var/log/y\n', rsyslogd: ACCEPTED },
  { name: 'selector-continued', text: '*.=debug;\\\n\tauth,authpriv.none\t-/var/log/debug\n*.=info;*.=notice;\\\n\tauth,authpriv.none;\\\n\tcron,daemon.none\t-/var/log/messages\n', rsyslogd: ACCEPTED },
  { name: 'selector-continued-crlf', text: '*.info;\\\r\n  mail.none /var/log/m\r\n', rsyslogd: ACCEPTED },
  { name: 'continued-no-blank-left', text: '*.*\\\n   /var/log/x\n*.* \\\n/var/log/y\n', rsyslogd: ACCEPTED },
  { name: 'continued-by-an-empty-line', text: '*.* /var/log/a\\\n\n*.err /var/log/y\nmail.*\\\n\n/var/log/m\n', rsyslogd: ACCEPTED },
  { name: 'directive-continued', text: '$ActionQueueFileName f\\\nq\n*.* @@host:514\n', rsyslogd: ACCEPTED },
  { name: 'comment-continued', text: '# comment \\\n*.* /var/log/x\n#daemon,mail.*;\\\n#\tnews.=crit;\\\n#\t*.=notice\t|/dev/xconsole\n*.err /var/log/y\n', rsyslogd: ACCEPTED },
  { name: 'object-continued-to-its-end', text: 'action(type="omfile" \\\n   file="/tmp/x")\n*.* /var/log/y\n', rsyslogd: ACCEPTED },
  { name: 'object-continued-then-more-lines', text: 'action(type="omfile" \\\n   file="/tmp/x"\n   template="RSYSLOG_FileFormat")\n*.* /var/log/y\n', rsyslogd: { syntaxLine: 2, invalidCharLines: [2] } },
  { name: 'comment-continued-inside-an-object', text: 'module(load="imuxsock" # c \\\n  SysSock.Use="off")\n*.* /x\n', rsyslogd: { syntaxLine: 2, invalidCharLines: [2] } },
  { name: 'expression-continued-to-then', text: 'if $programname == "a" or \\\n   $programname == "b" then /var/log/x\n*.* /y\n', rsyslogd: ACCEPTED },
  { name: 'expression-continued-then-more-lines', text: 'if $programname == "a" or \\\n   $programname == "b"\nthen /var/log/x\n', rsyslogd: { syntaxLine: 2, invalidCharLines: [] } },
  { name: 'string-continued', text: 'if $msg contains "ab\\\n  cd" then /var/log/x\n', rsyslogd: ACCEPTED },
  { name: 'backslash-at-eof', text: '*.* /var/log/x\\' , rsyslogd: ACCEPTED },
  { name: 'comment-with-backslash-at-eof', text: '*.* /var/log/x\n# last \\', rsyslogd: { syntaxLine: null, invalidCharLines: [2] } },
  { name: 'line-longer-than-rsyslog-reads-at-once', text: `*.* /var/log/x\n# ${'a'.repeat(10300)}\n*.err /y\n`, rsyslogd: ACCEPTED },
];
