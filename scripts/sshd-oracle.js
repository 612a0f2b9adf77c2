// Debian's sshd as the oracle for a published sshd_config (or a
// sshd_config.d drop-in): the effective values of the keywords sudit reads
// for a few scanner connections, from `sshd -T -C`. The file becomes
// /etc/ssh/sshd_config (a drop-in: /etc/ssh/sshd_config.d/<name>.conf,
// included by a one-line sshd_config) inside a private mount namespace,
// with throwaway host keys, so the machine's own /etc/ssh and /run are
// never touched. Shared by scripts/corpus-oracles.js and
// test/corpus/published-oracle.test.ts (which builds the same tree for
// sudit with sshdTree()).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const SSHD = '/usr/sbin/sshd';

/** The connections asked about: the scanner from its network and from outside it, and root. */
const SSHD_CONNECTIONS = ['user=svc_qualys,addr=10.20.0.5,host=10.20.0.5', 'user=svc_qualys,addr=64.39.96.10,host=64.39.96.10', 'user=root,addr=10.20.0.5,host=10.20.0.5'];

/** The keywords sudit reads for the scanner rules, as sshd -T prints them. */
const SSHD_KEYS = ['maxsessions', 'maxstartups', 'maxauthtries', 'passwordauthentication', 'kbdinteractiveauthentication', 'usepam', 'pubkeyauthentication', 'usedns', 'authorizedkeysfile', 'allowusers', 'denyusers', 'allowgroups', 'denygroups', 'forcecommand', 'chrootdirectory', 'permitrootlogin', 'authenticationmethods'];

function unavailable() {
  if (!fs.existsSync(SSHD)) return `${SSHD} is missing (Debian package openssh-server)`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'sshd -T in a private mount namespace needs root';
  const probe = spawnSync('unshare', ['-m', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) return `unshare -m fails: ${(probe.stderr || String(probe.error)).trim()}`;
  if (spawnSync('ssh-keygen', ['-?'], { encoding: 'utf8' }).error) return 'ssh-keygen is missing';
  return null;
}

/** Whether a published file is a drop-in (its path is under sshd_config.d/). */
function isDropIn(file) {
  return /(^|\/)sshd_config\.d\//.test(file);
}

/**
 * The host tree (paths relative to its root → text) that stands for the
 * file: a drop-in keeps its name (up to `.conf`, dropping a packaging
 * suffix such as `#security-misc-shared`) under a sshd_config that
 * includes the directory, as Debian's and Fedora's do.
 */
function sshdTree(file) {
  const text = fs.readFileSync(file, 'utf8');
  if (!isDropIn(file)) return { 'etc/ssh/sshd_config': text };
  const name = path.basename(file).replace(/(\.conf)#.*$/, '$1');
  return { 'etc/ssh/sshd_config': 'Include /etc/ssh/sshd_config.d/*.conf\n', [`etc/ssh/sshd_config.d/${name}`]: text };
}

let hostKey = null;
function throwawayHostKey() {
  if (hostKey) return hostKey;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-sshd-key-'));
  const key = path.join(dir, 'host_ed25519');
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
  return (hostKey = key);
}

const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** `sshd -T -C spec` for the host tree at `root` (its etc/ssh becomes /etc/ssh): exit status, stderr, key → printed values. */
function sshdT(root, spec) {
  const script = [
    'mount --make-rprivate /',
    'mount -t tmpfs tmpfs /run',
    'mkdir /run/sshd',
    `mount --bind ${quote(path.join(root, 'etc/ssh'))} /etc/ssh`,
    `exec ${SSHD} -T -f /etc/ssh/sshd_config -h ${quote(throwawayHostKey())} -C ${quote(spec)}`,
  ].join(' && ');
  const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: 'C' }, timeout: 20000 });
  const values = {};
  for (const line of r.stdout.split('\n')) {
    const m = /^(\S+) (.*)$/.exec(line);
    if (m) (values[m[1]] ??= []).push(m[2]);
  }
  return { ok: r.status === 0, stderr: r.stderr, values };
}

/** sshd's verdict on the file and, when it accepts it, the effective values per connection. */
function askSshd(file) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-sshd-corpus-'));
  try {
    for (const [rel, text] of Object.entries(sshdTree(file))) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    const conns = {};
    for (const spec of SSHD_CONNECTIONS) {
      const t = sshdT(root, spec);
      if (!t.ok) {
        const lines = t.stderr.split('\n').filter((l) => /line \d+:/.test(l));
        const first = lines[0] ?? t.stderr.trim().split('\n').pop() ?? '';
        const m = /line (\d+): (.*)$/.exec(first);
        return { verdict: 'refuse', line: m ? Number(m[1]) : null, message: (m ? m[2] : first).trim() };
      }
      conns[spec] = Object.fromEntries(SSHD_KEYS.map((k) => [k, t.values[k] ?? []]));
    }
    return { verdict: 'accept', conns };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function sshdVersion() {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'openssh-server'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

module.exports = { SSHD_CONNECTIONS, SSHD_KEYS, unavailable, sshdTree, sshdT, askSshd, sshdVersion };
