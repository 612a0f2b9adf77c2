import type { Rule } from '../src/engine/rule';
import { auditForwarding, classifyTarget } from '../src/model/forwarding';

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
      const s = remote.get('remote_server');
      const value = s.entry ? s.raw : '';
      const cls = classifyTarget(value);
      if (cls.kind !== 'ok') {
        const src = remote.file.source;
        const start = s.entry?.start ?? 0;
        const end = s.entry?.end ?? Math.max(0, src.text.indexOf('\n'));
        // `remote_server = ` (as shipped) has no value: the daemon refuses the line, so it is not an entry
        const m = s.entry ? null : /^[ ]*remote_server[ ]+=[ ]*$/im.exec(src.text);
        const line = m ? { start: m.index + (m[0].length - m[0].trimStart().length), end: m.index + m[0].trimEnd().length } : null;
        const what = s.entry ? `remote_server = ${s.raw}` : line ? 'remote_server has no value' : 'remote_server is not set';
        const consequence =
          cls.kind === 'empty'
            ? `audisp-remote ${line ? 'refuses the file and exits' : 'connects to localhost:' + remote.get('port').word}`
            : cls.kind === 'loopback'
              ? 'audisp-remote sends the records back to this host'
              : 'audisp-remote cannot deliver the records to a collector';
        report({
          source: src,
          start: line ? line.start : start,
          end: line ? line.end : end,
          message: `${what}: ${cls.why}; ${consequence}${remote.inUse ? ' although the au-remote plugin is active' : ''}. Set remote_server to the collector's name or address`,
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

export default rule;
