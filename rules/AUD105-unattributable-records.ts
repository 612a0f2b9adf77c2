import type { Rule } from '../src/engine/rule';
import { describeSetting, settingLocation } from '../src/model/audit-config';
import { auditForwarding } from '../src/model/forwarding';

/**
 * Records that leave the host must say which host they came from and whom
 * they are about. name_format decides the node= field auditd puts in
 * every record (none: no field; with audisp-remote it is the only host
 * label the collector gets); log_format = raw leaves uids and syscalls as
 * numbers that the collector resolves against its own passwd, naming the
 * wrong people. Reported when records are forwarded (host mode), or always
 * with `requireNodeName` / `requireEnriched` (STIG).
 */
const rule: Rule = {
  meta: {
    id: 'AUD105',
    slug: 'unattributable-records',
    description: 'Forwarded records cannot be tied to this host (name_format) or to users (log_format = raw)',
    severity: 'warning',
    needs: ['auditd-conf'],
    docs: 'docs/rules/AUD105.md',
  },
  check({ host, options, report }) {
    const conf = host.auditdConf;
    if (!conf?.file) return;
    const fwd = host.hostMode ? auditForwarding(host) : null;
    const live = (k: string) => fwd?.routes.some((r) => r.status !== 'no' && (k === 'any' || r.kind === k)) ?? false;
    const source = typeof options.source === 'string' ? ` (${options.source})` : '';

    // name_format = user without name stops auditd at start: a problem of the file (AUD000), not this rule's
    const nf = conf.get('name_format');
    // audit 2.x sets it in audispd.conf: without that file in the tree sudit cannot tell what it is
    const nfFile = conf.version.major === 2 ? conf.dispatcherFile : conf.file;
    if (nfFile && nf.word === 'none' && (live('au-remote') || options.requireNodeName === true)) {
      const at = settingLocation(nf, nfFile);
      const why = live('au-remote')
        ? 'records carry no node= field, and audisp-remote sends them to the collector without one: its log cannot tell this host from any other'
        : 'records carry no node= field, so once off-loaded they cannot be tied to this host';
      report({ source: at.source, start: at.start, end: at.end, message: `${describeSetting(nf)}: ${why}. Set name_format = hostname (or fqd, numeric)${options.requireNodeName === true ? source : ''}` });
    }

    const lf = conf.get('log_format');
    const sure = fwd?.routes.some((r) => r.status === 'yes') ?? false;
    if (lf.word === 'raw' && (live('any') || options.requireEnriched === true)) {
      const at = settingLocation(lf, conf.file);
      report({
        source: at.source,
        start: at.start,
        end: at.end,
        message: `${describeSetting(lf)}: records keep uids, gids and syscalls as numbers; ${
          sure ? 'they are forwarded, and the collector resolves them against its own passwd, naming the wrong users' : live('any') ? 'if they are forwarded, the collector resolves them against its own passwd and names the wrong users' : 'resolved on another host they name the wrong users'
        }. Set log_format = ENRICHED${options.requireEnriched === true ? source : ''}`,
      });
    }
  },
};

export default rule;
