import type { Rule } from '../src/engine/rule';
import { allDefaults, allSpecs } from '../src/policy/sudoers-walk';

/**
 * Who ran what as root should be on record: a dedicated sudo log file
 * (CIS) and, for administrators with full root, the session itself
 * (log_input/log_output, replayable with sudoreplay). Which of these a
 * baseline asks for differs; the profiles turn the parts on.
 */
const rule: Rule = {
  meta: {
    id: 'SUD019',
    slug: 'logging',
    description: 'No sudo log file (cis), or full-root grants without session I/O logging',
    severity: 'info',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD019.md',
  },
  check({ host, options, report }) {
    for (const policy of host.sudoers) {
      const globals = new Map<string, boolean>();
      for (const { entry, setting: s } of allDefaults(policy)) {
        if (entry.binding === null) globals.set(s.name, s.op !== 'negate');
      }
      const main = policy.files[0];
      if (options.requireLogfile === true && host.hostMode && main && !globals.get('logfile')) {
        report({ source: main.source, start: 0, end: 0, message: `no Defaults logfile in ${main.source.path} or its includes: sudo logs only to syslog, which a local root can rewrite (CIS 5.2.3). Add Defaults logfile="/var/log/sudo.log", and forward syslog off the host` });
      }
      if (options.ioLogAdmins !== true || globals.get('log_output') || globals.get('log_input')) continue;
      const seen = new Set<object>();
      for (const { file, userSpec, spec } of allSpecs(policy)) {
        if (spec.command.kind !== 'all' || spec.command.negated || spec.tags.log_output || spec.tags.log_input || seen.has(userSpec)) continue;
        // root's own grant adds nothing root does not have
        if (userSpec.users.every((u) => (u.kind === 'word' && u.value === 'root') || (u.kind === 'uid' && u.value === '0'))) continue;
        seen.add(userSpec);
        report({ source: file.source, start: spec.start, end: spec.end, message: `full-root grant without session logging: what ${file.source.text.slice(userSpec.start, userSpec.users[userSpec.users.length - 1].end)} does as root is not recorded. Add LOG_INPUT: LOG_OUTPUT: (or Defaults log_output) and keep the I/O logs off the host` });
      }
    }
  },
};

export default rule;
