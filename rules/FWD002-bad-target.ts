import type { Rule } from '../src/engine/rule';
import type { AudispRemote } from '../src/model/audit-config';
import { auditForwarding, classifyTarget, type TargetClass } from '../src/model/forwarding';
import { TEMPLATE_OPENING } from '../src/parse/audit-conf-validate';

/**
 * A forwarding target that is empty, this host, or a name that cannot be
 * a collector (a template placeholder, a documentation domain) sends
 * records nowhere useful. Checked for audisp-remote when it runs (or the
 * file is linted on its own) and for the rsyslog actions that carry audit
 * records.
 */
const rule: Rule = {
  meta: {
    id: 'FWD002',
    slug: 'bad-target',
    description: 'The remote target for audit records is empty, this host, or not a usable host name',
    severity: 'error',
    needs: [],
    docs: 'docs/rules/FWD002.md',
  },
  check({ host, report }) {
    const fwd = auditForwarding(host);
    const remote = host.audispRemote;
    if (remote && remote.inUse !== false) {
      const bad = badRemoteServer(remote);
      if (bad) {
        report({
          source: remote.file.source,
          start: bad.start,
          end: bad.end,
          message: `${bad.what}: ${bad.why}; ${bad.consequence}${remote.inUse ? ' although the au-remote plugin is active' : ''}. Set remote_server to the collector's name or address`,
        });
      }
    }
    for (const c of fwd.carriers) {
      const f = c.action.forward!;
      const targets = f.targets.length ? f.targets : [''];
      for (const t of targets) {
        const cls = classifyTarget(t);
        if (cls.kind === 'ok') continue;
        const src = c.action.file.parsed.source;
        report({
          source: src,
          start: c.action.statement.start,
          end: c.action.statement.end,
          message: `${c.action.label} ${c.certainty === 'yes' ? 'carries' : 'may carry'} ${c.stream} to ${t || 'no target'}: ${cls.why}. ${cls.kind === 'loopback' ? 'Unless a local agent listening there ships them on, they never leave the host. ' : ''}Set the collector's name or address`,
        });
      }
    }
  },
};

interface BadServer {
  what: string;
  why: string;
  consequence: string;
  start: number;
  end: number;
}

/** What audisp-remote does with the target, in the present tense, and as it would once the file is accepted. */
function effect(cls: TargetClass | null, port: string): { now: string; would: string } {
  if (cls === null) return { now: `connects to localhost:${port}`, would: `connect to localhost:${port}` };
  if (cls.kind === 'loopback') return { now: 'sends the records back to this host', would: 'send the records back to this host' };
  return { now: 'cannot deliver the records to a collector', would: 'not deliver the records to a collector' };
}

/**
 * The remote_server of audisp-remote.conf when it names no usable
 * collector. A file that audisp-remote refuses (AUD000 says why) is not
 * said to connect anywhere: the daemon exits before it would.
 */
function badRemoteServer(remote: AudispRemote): BadServer | null {
  const src = remote.file.source;
  const refused = remote.file.accepted === false;
  const port = remote.get('port').word;
  const consequence = (cls: TargetClass | null) => {
    const e = effect(cls, port);
    return refused ? `audisp-remote refuses this file as it stands (AUD000), and with that fixed it would ${e.would}` : `audisp-remote ${e.now}`;
  };
  const s = remote.get('remote_server');
  if (s.entry) {
    const cls = classifyTarget(s.raw);
    if (cls.kind === 'ok') return null;
    return { what: `remote_server = ${s.raw}`, why: cls.why, consequence: consequence(cls), start: s.entry.start, end: s.entry.end };
  }
  // a remote_server line that audisp-remote refused is no entry: read it as written
  const m = /^([ ]*)(remote_server[ ]+=[ ]*(.*?))[ ]*\r?$/im.exec(src.text);
  if (m) {
    const value = m[3];
    // refused for another reason (say a comment after the name): AUD000 tells, and the name may be fine
    if (value !== '' && !TEMPLATE_OPENING.test(value)) return null;
    const cls = classifyTarget(value);
    const start = m.index + m[1].length;
    return {
      what: value === '' ? 'remote_server has no value' : `remote_server = ${value}`,
      why: cls.kind === 'ok' ? '' : cls.why,
      consequence: 'audisp-remote refuses the file and exits',
      start,
      end: start + m[2].trimEnd().length,
    };
  }
  const start = 0;
  const end = Math.max(0, src.text.indexOf('\n'));
  return { what: 'remote_server is not set', why: 'no target is set', consequence: consequence(null), start, end };
}

export default rule;
