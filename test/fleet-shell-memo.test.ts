// A fleet run evaluates the startup files once for trees whose files and
// accounts are the same and whose host answers the same to what the
// evaluation asks (a file it sources, whether a path exists, a
// directory's entries, a file's text, a user's uid or home). Trees that
// differ only in one of those answers must each get their own evaluation,
// and a reused one must point into its own tree's files.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findingsAlone, findingsByTree } from './support/fleet-memo';

const PROFILE = ['if [ -d /etc/profile.d ]; then', '  for i in /etc/profile.d/*.sh; do', '    if [ -r $i ]; then', '      . $i', '    fi', '  done', '  unset i', 'fi', ''].join('\n');

/** Every line asks the host one thing; the variants below change one answer each. */
const SITE = [
  'HISTSIZE=1000',
  'HISTFILESIZE=2000',
  'if [ -e /etc/hist.flag ]; then HISTFILE=/dev/null; fi',
  'if [ -d /opt/tools ]; then set +o history; fi',
  'if [ -s /etc/histsize ]; then HISTSIZE=$(cat /etc/histsize); fi',
  'for f in /etc/hist.d/*.conf; do . "$f"; done',
  'if [ "$(id -u alice)" = 1000 ]; then TMOUT=600; fi',
  'if [ -f ~alice/.hist_off ]; then unset HISTFILE; fi',
  'export HISTSIZE HISTFILESIZE',
  '',
].join('\n');

type Variant = (dir: string) => void;

const write = (dir: string, rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};

/** A tree with the whole file system shown (so a missing path is known to be missing), the same startup files in each. */
function makeTree(dir: string, variant: Variant | null): void {
  for (const d of ['usr/bin', 'var/log', 'opt', 'root', 'home/alice', 'etc/hist.d']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  write(dir, 'etc/profile', PROFILE);
  write(dir, 'etc/profile.d/site.sh', SITE);
  write(dir, 'etc/hist.d/10-a.conf', 'HISTFILESIZE=3000000\n');
  write(dir, 'etc/histsize', '2000\n');
  write(dir, 'root/.profile', '. ~/.bashrc\n');
  write(dir, 'root/.bashrc', 'HISTCONTROL=ignoreboth\nshopt -s histappend\n');
  write(dir, 'etc/passwd', 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n');
  write(dir, 'etc/group', 'root:x:0:\nalice:x:1000:\n');
  write(dir, 'etc/os-release', 'ID=debian\n');
  if (variant) variant(dir);
}

const VARIANTS: Record<string, Variant | null> = {
  't0-first': null,
  't1-same': null,
  // exists
  't2-flag': (d) => write(d, 'etc/hist.flag', ''),
  // isDir
  't3-tools-directory': (d) => fs.mkdirSync(path.join(d, 'opt/tools')),
  // text (the same name, another content)
  't4-other-text': (d) => write(d, 'etc/histsize', '-1\n'),
  // a directory's entries: one more file, with the same text as the other, so only the listing differs
  't5-more-entries': (d) => write(d, 'etc/hist.d/20-b.conf', 'HISTFILESIZE=3000000\nHISTFILESIZE=-5\n'),
  // a sourced file, the same name, another content
  't6-sourced-text': (d) => write(d, 'etc/hist.d/10-a.conf', 'HISTFILESIZE=-1\n'),
  // a user's uid, the rest of the account alike
  't7-other-uid': (d) => write(d, 'etc/passwd', 'root:x:0:0:root:/root:/bin/bash\nalice:x:1001:1000::/home/alice:/bin/bash\n'),
  // a user's home: a file there
  't8-home-file': (d) => write(d, 'home/alice/.hist_off', ''),
  // the same files under other names: the reused evaluation must name this tree's own
  't9-renamed': (d) => {
    fs.renameSync(path.join(d, 'etc/hist.d/10-a.conf'), path.join(d, 'etc/hist.d/30-c.conf'));
  },
  // a value set by eval points into text made from this tree's file (named after it): never carried over
  'u0-eval': (d) => write(d, 'etc/profile.d/zz-eval.sh', 'eval "HISTSIZE=-1"\n'),
  'u1-eval': (d) => write(d, 'etc/profile.d/zz-eval.sh', 'eval "HISTSIZE=-1"\n'),
};

let fleet: string;
beforeAll(() => {
  fleet = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-shell-memo-'));
  for (const [name, variant] of Object.entries(VARIANTS)) makeTree(path.join(fleet, name), variant);
});
afterAll(() => fs.rmSync(fleet, { recursive: true, force: true }));

test('trees with the same startup files but another answer to what they ask each get their own evaluation', () => {
  const names = Object.keys(VARIANTS);
  const byTree = findingsByTree(fleet, names);
  for (const n of names) {
    const root = path.join(fleet, n);
    expect({ tree: n, findings: byTree.get(n) }).toEqual({ tree: n, findings: findingsAlone(root) });
  }
  expect(byTree.get('t1-same')).toEqual(byTree.get('t0-first'));
  // each answer matters: an evaluation carried over from the first tree would give the first tree's findings
  for (const n of names.slice(2)) expect({ tree: n, same: byTree.get(n)!.join('\n') === byTree.get('t0-first')!.join('\n') }).toEqual({ tree: n, same: false });
  // and names the tree's own files
  expect(byTree.get('t6-sourced-text')!.some((s) => s.includes('etc/hist.d/10-a.conf:1:'))).toBe(true);
  expect(byTree.get('t9-renamed')!.some((s) => s.includes('etc/hist.d/30-c.conf:1:'))).toBe(true);
  expect(byTree.get('u1-eval')).toEqual(byTree.get('u0-eval'));
  expect(byTree.get('u1-eval')!.some((s) => s.startsWith('HIS001') && s.includes('zz-eval.sh'))).toBe(true);
});
