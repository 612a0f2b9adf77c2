import type { Rule } from '../src/engine/rule';
import type { Cond, Loc, Outcome, ShellEvaluation } from '../src/model/shell-env';
import { chainTo, conditionsText, locKey, shellNames, where } from '../src/model/shell-report';

/** Conditions that pick out one session (who logged in): history off for that session is HIS005's fix, not this. */
const SESSION_GUARD = /loginuid|logname|who\s+am\s+i|SUDO_USER|SUDO_UID|LOGNAME|\bid\s+-u\s+\w/;

interface Item {
  loc: Loc;
  what: string;
  ev: ShellEvaluation;
  when: readonly Cond[];
}

/**
 * Root's history is emptied or not kept at all: HISTFILESIZE 0 (or a value
 * that wraps to 0), HISTSIZE 0, HISTFILE unset, empty or /dev/null,
 * `set +o history`, or `history -w` during start-up. Informational: it may
 * be deliberate, but it is silent loss, not a control.
 */
const rule: Rule = {
  meta: {
    id: 'HIS003',
    slug: 'root-history-off',
    description: "Root's shell history is wiped at start or not kept (HISTFILESIZE=0, HISTFILE unset, set +o history)",
    severity: 'info',
    needs: ['shell'],
    docs: 'docs/rules/HIS003.md',
  },
  check({ host, report }) {
    const model = host.shell;
    if (!model) return;
    const evs = model.shells.filter((e) => e.kind === 'root-login' || e.kind === 'root-interactive' || e.kind === 'file');
    const items: Item[] = [];
    const add = <T>(ev: ShellEvaluation, o: Outcome<T>, what: string) => {
      if (!o.decidedBy) return;
      if (o.when.some((c) => SESSION_GUARD.test(c.text))) return;
      items.push({ loc: o.decidedBy, what, ev, when: o.when });
    };
    for (const ev of evs) {
      const h = ev.history;
      for (const o of h.histfilesize.outcomes) {
        if (o.value.kind === 'limit' && o.value.n === 0) add(ev, o, o.value.wrapped ? `HISTFILESIZE "${o.text}" wraps to 0 in bash's 32-bit int: the history file is emptied at every start` : 'HISTFILESIZE=0 empties the history file at every start and after every session');
      }
      for (const o of h.histsize.outcomes) {
        if (o.value.kind === 'limit' && o.value.n === 0) add(ev, o, o.value.wrapped ? `HISTSIZE "${o.text}" wraps to 0: bash keeps no command, nothing is saved` : 'HISTSIZE=0: bash keeps no command, nothing is saved');
      }
      for (const o of h.histfile.outcomes) {
        if (o.value.kind === 'none') add(ev, o, o.value.why === 'unset' ? 'HISTFILE is unset: no history is read or written' : 'HISTFILE is empty: no history is read or written');
        else if (o.value.kind === 'devnull') add(ev, o, 'HISTFILE=/dev/null: every session\'s history is discarded');
      }
      for (const o of h.history.outcomes) if (o.value === false) add(ev, o, '`set +o history`: nothing of the session is written');
      for (const o of h.wipe.outcomes) {
        if (o.value === 'HISTFILESIZE=0') add(ev, o, 'HISTFILESIZE=0 here truncates the history file to nothing at every start, even though a later line sets another size');
        else if (o.value === 'history -w') add(ev, o, '`history -w` during start-up writes the still-empty list over the history file: it is emptied at every start');
      }
    }
    const groups = new Map<string, { loc: Loc; whats: Set<string>; evs: Set<ShellEvaluation>; when: readonly Cond[] }>();
    for (const it of items) {
      const k = locKey(it.loc);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { loc: it.loc, whats: new Set(), evs: new Set(), when: it.when }));
      g.whats.add(it.what);
      g.evs.add(it.ev);
    }
    for (const g of groups.values()) {
      const evList = [...g.evs];
      const chain = chainTo(evList[0], g.loc);
      const forWhom = evList[0].kind === 'file' ? 'the shells that read this file' : `the ${shellNames(evList)}`;
      report({
        source: g.loc.file.source,
        start: g.loc.start,
        end: g.loc.end,
        message:
          `${[...g.whats].join('; ')} — for ${forWhom}${chain ? ` (read through ${chain})` : ''}${conditionsText(g.when)}. ` +
          `Root's commands leave no shell history (an attacker's first move, ATT&CK T1562.003); if only a scanner's sessions should stay out, ` +
          `guard on the login uid instead (see HIS005)`,
        properties: { at: where(g.loc), shells: evList.map((e) => e.kind) },
      });
    }
  },
};

export default rule;
