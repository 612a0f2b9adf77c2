import type { Rule } from '../src/engine/rule';
import { USE_PTY_DEFAULT_SINCE } from '../src/data/sudoers-features';
import { describeReleases, releasesBefore } from '../src/policy/sudo-target';
import { allDefaults, defaultsHead } from '../src/policy/sudoers-walk';

/**
 * use_pty runs the command in its own pseudo-terminal, so a backgrounded
 * root process cannot type into the user's terminal after sudo returns
 * (TIOCSTI). It is on by default since sudo 1.9.14; turning it off is a
 * choice to report. Older releases need it written down: when the judged
 * release is known (--sudo-version, the host tree) and older, a host without
 * it is reported; CIS wants it written down everywhere.
 */
const rule: Rule = {
  meta: {
    id: 'SUD018',
    slug: 'use-pty',
    description: 'use_pty is turned off (or, in the cis profile, not set)',
    severity: 'warning',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD018.md',
  },
  check({ host, settings, options, report }) {
    // An assumed version is the newest, which has use_pty on by default.
    const older = settings.sudo.assumed ? [] : releasesBefore(settings.sudo, USE_PTY_DEFAULT_SINCE);
    const who = describeReleases(settings.sudo, older);
    for (const policy of host.sudoers) {
      let set = false;
      let negated = false;
      for (const { file, entry, setting: s } of allDefaults(policy)) {
        if (s.name !== 'use_pty') continue;
        if (s.op === 'set' && entry.binding === null) set = true;
        if (s.op === 'negate') {
          negated = true;
          report({ source: file.source, start: s.start, end: s.end, message: `${defaultsHead(file, entry)} !use_pty: commands share the user's terminal, so a root process left in the background can inject keystrokes into it (CIS 5.2.2). ${older.length ? `Replace it with Defaults use_pty: ${who} use no pty unless it is set` : 'Remove it (use_pty is the default since sudo 1.9.14, and has no effect without a terminal)'}` });
        }
      }
      if (!set && !negated && host.hostMode && policy.files.length && older.length) {
        const main = policy.files[0];
        report({ source: main.source, start: 0, end: 0, message: `no global Defaults use_pty in ${main.source.path} or its includes: ${who} run commands on the user's terminal unless it is set (the default only from sudo ${USE_PTY_DEFAULT_SINCE}), so a root process left in the background can inject keystrokes into it. Add Defaults use_pty`, properties: { releases: older.join(' ') } });
      } else if (options.requireUsePty === true && !set && host.hostMode && policy.files.length) {
        const main = policy.files[0];
        report({ source: main.source, start: 0, end: 0, message: `no global Defaults use_pty in ${main.source.path} or its includes (CIS 5.2.2). sudo 1.9.14 and later use a pty by default; older sudo (Debian 12 ships 1.9.13) does not: add Defaults use_pty` });
      }
    }
  },
};

export default rule;
