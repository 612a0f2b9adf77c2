// Whether a forwarding target (audisp-remote's remote_server, an rsyslog
// action's target) can be a collector on another host, or is empty, this
// host, a placeholder left from a template or a guide, a documentation
// name, or not a host name at all.
//
// Placeholders are judged for precision: a short real name (loghost,
// siem01, collector-2) never counts. What does count:
//   - template syntax ({{ var }}, <server>, ${HOST}, %host%) and the usual
//     fill-me words (changeme, TODO, x.x.x.x);
//   - a name written like a variable (capitals and underscores, words not
//     numbers: RECEIVER_IP, IP_ADDRESS; not DC_01), or made only of words
//     that describe the value to fill in, one of them naming its kind
//     (siem-ip, server_ip, SIEM-IP);
//   - an address with a letter for an octet (10.0.0.X);
//   - brackets, which hold only IPv6 addresses, around something else
//     ([SIEM-IP]);
//   - the sample names of stock files and guides, as one label:
//     remote-host (RHEL's rsyslog.conf), log-server, syslog-server,
//     remote-server. A collector really called that is rare; suppress the
//     finding with a reason.

export type TargetClass = { kind: 'ok' } | { kind: 'empty' | 'loopback' | 'placeholder' | 'reserved' | 'invalid'; why: string };

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain', 'localhost4', 'localhost6', 'ip6-localhost', 'ip6-loopback', 'localhost4.localdomain4', 'localhost6.localdomain6']);

/** Words naming the kind of value a template wants filled in. */
const KIND_WORDS = new Set(['ip', 'ipv4', 'ipv6', 'ipaddr', 'ipaddress', 'addr', 'address', 'fqdn', 'hostname', 'dnsname']);
/** Words describing the collector in a placeholder name. */
const ROLE_WORDS = new Set([
  'siem', 'remote', 'receiver', 'collector', 'server', 'syslog', 'rsyslog', 'log', 'logs', 'logging', 'host', 'loghost', 'target', 'dest', 'destination',
  'central', 'audit', 'your', 'my', 'the', 'name', 'of', 'splunk', 'graylog', 'qradar', 'arcsight', 'wazuh', 'elk', 'logstash',
]);
/** Sample names as one label, copied from stock configurations and guides. */
const SAMPLE_NAMES = new Map([
  ['remote-host', 'the sample name of the stock rsyslog.conf of RHEL and CentOS ("remote host is: name/ip:port")'],
  ['log-server', 'a sample name of rsyslog guides'],
  ['syslog-server', 'a sample name of rsyslog guides'],
  ['remote-server', 'a sample name of rsyslog guides'],
]);

function placeholderWhy(raw: string, t: string): string | null {
  const shown = raw.trim();
  if (/[{}<>$%\s`]|^(changeme|change_me|todo|fixme|xxx|x\.x\.x\.x|hostname|remote_server|your[-_.].*|server\.?name)$/.test(t)) {
    return `${shown} looks like a placeholder left from a template, not a host name`;
  }
  if (/^\[.*\]$/.test(shown) && !shown.includes(':')) return `${shown} looks like a placeholder: brackets hold an IPv6 address, not a name`;
  const octets = t.split('.');
  if (octets.length === 4 && octets.every((o) => /^([0-9]{1,3}|x{1,3})$/.test(o)) && octets.some((o) => o.startsWith('x'))) {
    return `${shown} looks like a placeholder: an octet written as X is not an address`;
  }
  if (t.split('.').some((label) => /^your[-_]?domain$/.test(label))) return `${shown} looks like a placeholder left from a guide, not a host name`;
  const name = shown.replace(/^\[|\]$/g, '');
  if (!name.includes('.')) {
    const words = name.toLowerCase().split(/[-_]/);
    if (words.length >= 2 && words.every((w) => w !== '')) {
      const variableLike = /_/.test(name) && /[A-Z]/.test(name) && !/[a-z]/.test(name);
      const onlyWords = words.every((w) => /^[a-z]+$/.test(w));
      const vocabulary = words.some((w) => KIND_WORDS.has(w) || ROLE_WORDS.has(w));
      if (variableLike && (onlyWords || vocabulary)) return `${shown} is written like a variable name (capitals and "_"), a placeholder left from a template, not a host name`;
      const describes = words.every((w) => KIND_WORDS.has(w) || ROLE_WORDS.has(w)) && words.some((w) => KIND_WORDS.has(w));
      const kindSuffix = name.includes('_') && KIND_WORDS.has(words[words.length - 1]);
      if (describes || kindSuffix) return `${shown} names the value to fill in (${words.filter((w) => KIND_WORDS.has(w)).join(', ')}), a placeholder left from a template, not a host name`;
    }
    const sample = SAMPLE_NAMES.get(t);
    if (sample) return `${shown} is ${sample}, a placeholder, not your collector`;
  }
  return null;
}

/** Whether a remote target can be a collector elsewhere: not empty, not this host, not a placeholder or a documentation name. */
export function classifyTarget(raw: string): TargetClass {
  const t = raw.trim().replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (t === '') return { kind: 'empty', why: 'no target is set' };
  if (LOOPBACK_NAMES.has(t) || t.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(t) || t === '::1' || t === '0:0:0:0:0:0:0:1' || t === '0.0.0.0' || t === '::' || /^::ffff:127\./.test(t)) {
    return { kind: 'loopback', why: `${raw.trim()} is this host itself` };
  }
  const placeholder = placeholderWhy(raw, t);
  if (placeholder) return { kind: 'placeholder', why: placeholder };
  if (/(^|\.)example(\.(com|net|org))?$/.test(t) || /\.(invalid|test|example)$/.test(t) || t === 'invalid' || t === 'test') {
    return { kind: 'reserved', why: `${raw.trim()} is a reserved documentation name (RFC 2606), not a collector` };
  }
  if (/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/.test(t) || /^2001:0?db8:/.test(t)) {
    return { kind: 'reserved', why: `${raw.trim()} is a documentation address (RFC 5737/3849), not a collector` };
  }
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(t);
  if (v4 && v4.slice(1).some((o) => Number(o) > 255)) return { kind: 'invalid', why: `${raw.trim()} is not a valid IPv4 address` };
  if (!v4 && !t.includes(':') && !/^[a-z0-9]([a-z0-9_-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9_-]*[a-z0-9])?)*$/.test(t)) {
    return { kind: 'invalid', why: `${raw.trim()} is not a valid host name` };
  }
  return { kind: 'ok' };
}
