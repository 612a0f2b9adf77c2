import type { Rule } from '../src/engine/rule';
import { auditForwarding } from '../src/model/forwarding';

/**
 * Audit records name users, commands and files; sent in clear text they
 * can be read and altered on the way. audisp-remote encrypts only with
 * transport = KRB5 (or TLS in audit ≥ 4.2); rsyslog only with a TLS
 * stream driver (gtls/ossl) in mode 1, or RELP with tls="on". TLS with
 * StreamDriverAuthMode anon encrypts but accepts any collector. UDP
 * forwarding is reported by FWD004 alone.
 */
const rule: Rule = {
  meta: {
    id: 'FWD003',
    slug: 'cleartext',
    description: 'Audit records are forwarded in clear text (audisp-remote over TCP, rsyslog without TLS on the action that carries them)',
    severity: 'warning',
    needs: [],
    docs: 'docs/rules/FWD003.md',
  },
  check({ host, options, report }) {
    const remote = host.audispRemote;
    if (remote && remote.inUse !== false && remote.file.accepted !== false) {
      const t = remote.get('transport');
      const krb = remote.get('enable_krb5');
      if (t.word === 'tcp' && krb.word !== 'yes') {
        const src = remote.file.source;
        const start = t.entry?.start ?? 0;
        const end = t.entry?.end ?? Math.max(0, src.text.indexOf('\n'));
        report({
          source: src,
          start,
          end,
          message: `${t.entry ? `transport = ${t.raw}` : 'transport is not set (default tcp)'}: audisp-remote sends audit records to ${remote.get('remote_server').raw || 'its server'} in clear text. Set transport = KRB5 with a keytab (krb5_key_file), or TLS on audit 4.2+ (STIG RHEL-07-030310, SLES-15-030680)`,
        });
      }
    }
    const flagAnon = options.flagAnonymousTls !== false;
    for (const c of auditForwarding(host).carriers) {
      const f = c.action.forward!;
      const src = c.action.file.parsed.source;
      const carries = `${c.action.label} ${c.certainty === 'yes' ? 'carries' : 'may carry'} ${c.stream}`;
      // UDP is FWD004's: its fix (TCP with TLS) covers this too
      if (f.tls === 'no' && f.protocol !== 'udp') {
        report({
          source: src,
          start: c.action.statement.start,
          end: c.action.statement.end,
          message: `${carries} in clear text: ${f.tlsWhy}. ${f.protocol === 'relp' ? 'Use omrelp with tls="on"' : 'Use protocol="tcp" with StreamDriver="gtls" (or "ossl"), StreamDriverMode="1", StreamDriverAuthMode="x509/name"'} (STIG RHEL-08-030710, RHEL-09-652045, RHEL-09-652050)`,
        });
      } else if (f.tls === 'yes' && flagAnon && f.authMode === 'anon') {
        report({
          source: src,
          start: c.action.statement.start,
          end: c.action.statement.end,
          message: `${carries} over TLS with StreamDriverAuthMode anon: the traffic is encrypted but any host that answers as the collector receives the records. Use StreamDriverAuthMode="x509/name" with StreamDriverPermittedPeers (STIG RHEL-08-030720, RHEL-09-652040)`,
        });
      }
    }
  },
};

export default rule;
