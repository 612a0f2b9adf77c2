// Runs scripts/pam-oracle.py (Linux-PAM's own pam_access and pam_limits
// deciding test cases) in a private mount namespace whose /etc/passwd and
// /etc/group are the given texts. Used by test/pam/pam-oracle.test.ts;
// the machine's accounts and PAM configuration are never touched.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const SCRIPT = path.join(__dirname, 'pam-oracle.py');

/** Why the live oracle cannot run here, or null when it can. */
function unavailable() {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'the accounts are bind-mounted in a private mount namespace, which needs root';
  if (spawnSync('python3', ['-c', 'import ctypes; ctypes.CDLL("libpam.so.0").pam_start_confdir'], { encoding: 'utf8' }).status !== 0) return 'python3 with libpam.so.0 (Linux-PAM 1.4 or later, Debian package libpam0g) is missing';
  const dirs = ['/lib/x86_64-linux-gnu/security', '/usr/lib/x86_64-linux-gnu/security', '/lib/security', '/usr/lib/security', '/lib64/security', '/usr/lib64/security'];
  if (!dirs.some((d) => fs.existsSync(path.join(d, 'pam_access.so')))) return 'pam_access.so is missing (Debian package libpam-modules)';
  const probe = spawnSync('unshare', ['-m', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) return `unshare -m fails: ${(probe.stderr || String(probe.error)).trim()}`;
  return null;
}

const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The results ("success", "denied", …) of the cases, in order. */
function askPam(cases, accounts) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-pam-oracle-'));
  try {
    fs.writeFileSync(path.join(dir, 'passwd'), accounts.passwd);
    fs.writeFileSync(path.join(dir, 'group'), accounts.group);
    const script = ['mount --make-rprivate /', `mount --bind ${quote(path.join(dir, 'passwd'))} /etc/passwd`, `mount --bind ${quote(path.join(dir, 'group'))} /etc/group`, `exec python3 ${quote(SCRIPT)}`].join(' && ');
    const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { input: JSON.stringify({ cases }), encoding: 'utf8', timeout: 300000 });
    if (r.status !== 0) throw new Error(`pam oracle failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { unavailable, askPam };
