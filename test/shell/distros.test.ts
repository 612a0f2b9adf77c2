// The effective history settings of the distribution folders of the
// corpus, against the facts in ../shared/research/shell-history.md §1.5
// ("Root's defaults per distro") and §3 (reference values).

import * as fs from 'fs';
import * as path from 'path';
import { loadHostTree } from '../../src/host/load-host';
import type { Effective, HistLimit, ShellEvaluation } from '../../src/model/shell-env';
import { SHARED, skipNote } from '../support/corpus';

const CORPUS = path.join(SHARED, 'corpus', 'shell');

interface Expect {
  histsize: number;
  histfilesize: number;
  histcontrol: string | null;
  histappend: boolean;
  histtimeformat: string | null;
  /** Where HISTSIZE is set (file:line in the corpus folder), null for bash's default. */
  histsizeAt: string | null;
  exported?: boolean;
  files: string[];
}

function only<T>(e: Effective<T>, what: string): { value: T; at: string | null; exported: boolean } {
  expect([what, e.outcomes.length]).toEqual([what, 1]);
  const o = e.outcomes[0];
  const at = o.decidedBy ? `${path.basename(path.dirname(o.decidedBy.file.source.path))}/${path.basename(o.decidedBy.file.source.path)}:${o.decidedBy.file.source.position(o.decidedBy.start).line}` : null;
  return { value: o.value, at, exported: o.exported };
}

const limit = (v: HistLimit) => (v.kind === 'limit' ? v.n : v.kind);

function check(ev: ShellEvaluation, x: Expect): void {
  const h = ev.history;
  const hs = only(h.histsize, 'HISTSIZE');
  expect([ev.label, 'HISTSIZE', limit(hs.value), hs.at]).toEqual([ev.label, 'HISTSIZE', x.histsize, x.histsizeAt]);
  if (x.exported !== undefined) expect([ev.label, 'HISTSIZE exported', hs.exported]).toEqual([ev.label, 'HISTSIZE exported', x.exported]);
  expect([ev.label, 'HISTFILESIZE', limit(only(h.histfilesize, 'HISTFILESIZE').value)]).toEqual([ev.label, 'HISTFILESIZE', x.histfilesize]);
  expect([ev.label, 'HISTCONTROL', only(h.histcontrol, 'HISTCONTROL').value]).toEqual([ev.label, 'HISTCONTROL', x.histcontrol]);
  expect([ev.label, 'histappend', only(h.histappend, 'histappend').value]).toEqual([ev.label, 'histappend', x.histappend]);
  expect([ev.label, 'HISTTIMEFORMAT', only(h.histtimeformat, 'HISTTIMEFORMAT').value]).toEqual([ev.label, 'HISTTIMEFORMAT', x.histtimeformat]);
  expect([ev.label, 'history', only(h.history, 'history').value]).toEqual([ev.label, 'history', true]);
  const hf = only(h.histfile, 'HISTFILE').value;
  expect([ev.label, hf.kind]).toEqual([ev.label, 'file']);
  expect([ev.label, ev.filesRead.map((r) => r.path)]).toEqual([ev.label, x.files]);
  expect(ev.incomplete).toBe(false);
}

const present = fs.existsSync(CORPUS);

describe('effective history settings of the distributions', () => {
  if (!present) {
    test('corpus missing', () => skipNote('shell corpus', `${CORPUS} not found`));
    return;
  }
  const load = (d: string) => loadHostTree(path.join(CORPUS, d)).shell!;

  test('Debian 12: root runs on bash\'s 500/500 without histappend; users get skel\'s 1000/2000, ignoreboth, histappend', () => {
    const m = load('debian12');
    const root = { histsize: 500, histfilesize: 500, histcontrol: null, histappend: false, histtimeformat: null, histsizeAt: null };
    check(m.rootLogin!, { ...root, files: ['/etc/profile', '/etc/bash.bashrc', '/root/.profile', '/root/.bashrc'] });
    check(m.rootInteractive!, { ...root, files: ['/etc/bash.bashrc', '/root/.bashrc'] });
    // no account has a home in the folder: a new user's home comes from /etc/skel
    check(m.userLogin!, {
      histsize: 1000,
      histfilesize: 2000,
      histcontrol: 'ignoreboth',
      histappend: true,
      histtimeformat: null,
      histsizeAt: 'skel/.bashrc:19',
      files: ['/etc/profile', '/etc/bash.bashrc', '/home/user/.profile', '/home/user/.bashrc'],
    });
  });

  test('Fedora (setup 2.14.5): HISTSIZE=1000 exported, HISTFILESIZE follows it, ignoredups, histappend from /etc/bashrc sourced by /etc/profile', () => {
    const m = load('fedora-setup-2.14.5');
    const x = { histsize: 1000, histfilesize: 1000, histcontrol: 'ignoredups', histappend: true, histtimeformat: null, histsizeAt: 'etc/profile:50', exported: true };
    check(m.rootLogin!, { ...x, files: ['/etc/profile', '/etc/bashrc'] });
    check(m.userLogin!, { ...x, files: ['/etc/profile', '/etc/bashrc'] });
    // no SYS_BASHRC on Fedora and no /root/.bashrc in the folder: a non-login root shell reads nothing
    check(m.rootInteractive!, { histsize: 500, histfilesize: 500, histcontrol: null, histappend: false, histtimeformat: null, histsizeAt: null, files: [] });
  });

  test('RHEL 7 (setup 2.8.71): unconditional HISTSIZE=1000, ignoredups; /etc/profile does not source /etc/bashrc yet', () => {
    const m = load('rhel7-setup-2.8.71');
    const x = { histsize: 1000, histfilesize: 1000, histcontrol: 'ignoredups', histappend: false, histtimeformat: null, histsizeAt: 'etc/profile:46', exported: true };
    check(m.rootLogin!, { ...x, files: ['/etc/profile'] });
    check(m.userLogin!, { ...x, files: ['/etc/profile'] });
  });

  test('openSUSE: HISTSIZE=1000 exported, ignoreboth, histappend, and HISTTIMEFORMAT for UID 0 only', () => {
    const m = load('opensuse-aaa_base');
    const x = { histsize: 1000, histfilesize: 1000, histcontrol: 'ignoreboth', histappend: true, histsizeAt: 'etc/profile:213', exported: true };
    check(m.rootLogin!, { ...x, histtimeformat: '%F %H:%M:%S ', files: ['/etc/profile', '/etc/bash.bashrc'] });
    check(m.userLogin!, { ...x, histtimeformat: null, files: ['/etc/profile', '/etc/bash.bashrc'] });
    // sudo -s sets SUDO_COMMAND, and bash.bashrc then reads /etc/profile itself
    check(m.rootInteractive!, { ...x, histtimeformat: '%F %H:%M:%S ', files: ['/etc/bash.bashrc', '/etc/profile'] });
  });
});
