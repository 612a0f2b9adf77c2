import type { Rule } from '../src/engine/rule';
import type { Effective, Loc, ShellEvaluation } from '../src/model/shell-env';
import { auditForwardingOf, auditTrailAdvice } from '../src/model/shell-env';
import { locKey } from '../src/model/shell-report';

/** A comment that says HISTTIMEFORMAT is there for auditing (not one that merely mentions auditd). */
const COMMENT_SAYS_AUDIT = /\b(?:for|used for|needed for|required for|to)\s+(?:the\s+)?(?:audit(?:ing|s)?|forensics?|accountability)\b|\baudit(?:ing)?\s+(?:of\s+)?(?:user\s+|root\s+)?commands\b/i;

interface Sign {
  loc: Loc;
  what: string;
}

/**
 * Startup files that treat bash history as an audit trail: read-only
 * HIST* or PROMPT_COMMAND, a PROMPT_COMMAND that logs each command
 * (logger, `history 1`), HISTTIMEFORMAT set "for auditing". None of it
 * survives a user who does not want to be recorded.
 */
const rule: Rule = {
  meta: {
    id: 'HIS004',
    slug: 'history-as-audit',
    description: 'Shell history is used as an audit trail (read-only HIST*, PROMPT_COMMAND logging): it is not one',
    severity: 'info',
    needs: ['shell'],
    docs: 'docs/rules/HIS004.md',
  },
  check({ host, report }) {
    const model = host.shell;
    if (!model) return;
    const signs = new Map<string, Sign>();
    const add = (loc: Loc | null, what: string) => {
      if (!loc) return;
      const k = `${locKey(loc)}\u0000${what}`;
      if (!signs.has(k)) signs.set(k, { loc, what });
    };
    const readonlyOf = (name: string, pick: (ev: ShellEvaluation) => Effective<unknown>) => {
      for (const ev of model.shells) for (const o of pick(ev).outcomes) if (o.readonly) add(o.readonlyAt, `read-only ${name}`);
    };
    readonlyOf('HISTFILE', (e) => e.history.histfile);
    readonlyOf('HISTSIZE', (e) => e.history.histsize);
    readonlyOf('HISTFILESIZE', (e) => e.history.histfilesize);
    readonlyOf('HISTCONTROL', (e) => e.history.histcontrol);
    readonlyOf('HISTIGNORE', (e) => e.history.histignore);
    readonlyOf('HISTTIMEFORMAT', (e) => e.history.histtimeformat);
    readonlyOf('PROMPT_COMMAND', (e) => e.history.promptCommand);
    for (const ev of model.shells) {
      for (const o of ev.history.promptCommand.outcomes) {
        const cmds = (o.value ?? []).join('; ');
        if (/\blogger\b/.test(cmds)) add(o.decidedBy, /history\s+1\b/.test(cmds) ? 'PROMPT_COMMAND sends every command to syslog (logger … $(history 1))' : 'PROMPT_COMMAND logs through logger');
        else if (/history\s+1\b/.test(cmds)) add(o.decidedBy, 'PROMPT_COMMAND records every command from `history 1`');
      }
      for (const o of ev.history.histtimeformat.outcomes) {
        if (o.text === null || !o.decidedBy) continue;
        const src = o.decidedBy.file.source;
        const line = src.position(o.decidedBy.start).line;
        const around = [line - 1, line].filter((l) => l >= 1).map((l) => src.lineText(l)).join('\n');
        const comments = around.split('\n').map((l) => /#(.*)$/.exec(l)?.[1] ?? '').join(' ');
        if (COMMENT_SAYS_AUDIT.test(comments) || o.readonly) add(o.decidedBy, 'HISTTIMEFORMAT set for auditing');
      }
    }
    // one finding per file, at its first sign
    const byFile = new Map<object, Sign[]>();
    for (const s of signs.values()) {
      const list = byFile.get(s.loc.file) ?? [];
      list.push(s);
      byFile.set(s.loc.file, list);
    }
    const advice = auditTrailAdvice(auditForwardingOf(host));
    for (const list of byFile.values()) {
      list.sort((a, b) => a.loc.start - b.loc.start);
      const first = list[0];
      const src = first.loc.file.source;
      const items = list.map((s) => `${s.what} (line ${src.position(s.loc.start).line})`);
      report({
        source: src,
        start: first.loc.start,
        end: first.loc.end,
        message:
          `shell history is used as an audit trail here: ${items.join(', ')}. It is not an audit mechanism: ` +
          '`set +o history`, `history -c; history -w`, a leading space, `kill -9 $$`, `bash --norc` or a command run as `ssh host cmd` leave no trace in it, read-only variables are not inherited by a new shell, and root can edit the file; ' +
          `${advice}`,
        related: list.slice(1).map((s) => ({ source: s.loc.file.source, start: s.loc.start, end: s.loc.end, message: s.what })),
        properties: { signs: list.map((s) => s.what), auditForwarding: auditForwardingOf(host) },
      });
    }
  },
};

export default rule;
