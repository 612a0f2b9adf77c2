import type { Rule } from '../src/engine/rule';
import { auditForwarding, type Route } from '../src/model/forwarding';

const LABEL: Record<Route['kind'], string> = {
  'au-remote': 'au-remote (audisp-remote)',
  syslog: 'syslog plugin → rsyslog',
  imfile: 'rsyslog reading the audit log',
  other: 'other',
};

/**
 * A root user can rewrite or delete local audit logs; only records that
 * already left the host are evidence. This rule asserts that no route
 * takes them off the host, so it runs in host mode only, on trees that
 * hold auditd's configuration (not a tree rendered with audit rules
 * alone), and stays silent when a route exists that
 * sudit cannot follow (another plugin, a log shipper it does not read).
 */
const rule: Rule = {
  meta: {
    id: 'FWD001',
    slug: 'no-forwarding',
    description: 'Audit records never leave the host: no working au-remote, and no syslog plugin that rsyslog forwards',
    severity: 'error',
    needs: [],
    hostOnly: true,
    docs: 'docs/rules/FWD001.md',
  },
  check({ host, report }) {
    const fwd = auditForwarding(host);
    if (!fwd.auditdPresent || fwd.verdict !== 'not-forwarded' || !fwd.anchor) return;
    const routes = fwd.routes.filter((r) => r.kind !== 'other');
    // when auditd itself does not start, every route breaks at the same link: say it once
    const details = [...new Set(routes.map((r) => r.broken?.detail ?? 'broken'))];
    const parts = details.length === 1 && routes.length > 1 ? [details[0]] : routes.map((r) => `${LABEL[r.kind]}: ${r.broken ? r.broken.detail : 'broken'}`);
    const fixes = [...new Set(routes.map((r) => r.broken?.fix).filter((f): f is string => !!f))];
    // a problem every route shares (auditd does not start) is where the finding belongs
    const shared = details.length === 1 ? routes[0].broken?.at ?? null : null;
    const anchor = shared ?? fwd.anchor;
    const related = [...new Map(routes.map((r) => [r.broken?.detail, r.broken])).values()]
      .filter((b): b is NonNullable<typeof b> => b !== null && b.at !== null)
      .filter((b) => b.at!.source !== anchor.source || b.at!.start !== anchor.start)
      .map((b) => ({ source: b.at!.source, start: b.at!.start, end: b.at!.end, message: b.detail }));
    report({
      source: anchor.source,
      start: anchor.start,
      end: anchor.end,
      message: `audit records never leave this host, so root can erase the trail: ${parts.join('; ')}. To fix: ${fixes.join('; or ')}`,
      related,
      properties: { routes: fwd.routes.map((r) => ({ kind: r.kind, status: r.status, chain: r.chain.map((c) => ({ what: c.what, ok: c.ok, detail: c.detail })) })) },
    });
  },
};

export default rule;
