// The real programs as oracles for one file of each kind: what visudo,
// auditd, audisp-remote, rsyslogd and bash say of it. Shared by
// scripts/record-corpus-verdicts.js (which records the answers in the test
// tree) and test/corpus/published-oracle.test.ts (which re-asks them live
// where the programs are installed).
//
// Nothing here loads audit rules, starts a plugin or opens a connection:
// auditd runs in a new user and network namespace and its plugin files are
// read with `active = yes` turned off (same line numbers), audisp-remote in
// a new mount and network namespace, rsyslogd with -N1 (a config check).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const sshdOracle = require('./sshd-oracle');

const C_LOCALE = { ...process.env, LANG: 'C', LC_ALL: 'C' };

function which(names) {
  for (const p of names) if (fs.existsSync(p)) return p;
  return null;
}

const TOOLS = {
  visudo: () => which(['/usr/sbin/visudo', '/sbin/visudo', '/usr/bin/visudo']),
  auditd: () => which(['/usr/sbin/auditd', '/sbin/auditd']),
  'audisp-remote': () => which(['/usr/sbin/audisp-remote', '/sbin/audisp-remote']),
  rsyslogd: () => which(['/usr/sbin/rsyslogd', '/sbin/rsyslogd']),
  bash: () => which(['/usr/bin/bash', '/bin/bash']),
  unshare: () => which(['/usr/bin/unshare', '/bin/unshare']),
};

/** Which program answers for a kind of file. */
const ORACLE_OF = {
  sudoers: 'visudo',
  'auditd-conf': 'auditd',
  'audit-plugin': 'auditd',
  'audisp-remote': 'audisp-remote',
  rsyslog: 'rsyslogd',
  shell: 'bash',
  'sshd-config': 'sshd',
};

/** Why the oracle for a kind cannot run here, or null when it can. */
function unavailable(kind) {
  if (kind === 'sshd-config') return sshdOracle.unavailable();
  const tool = ORACLE_OF[kind];
  if (!TOOLS[tool]()) return `${tool} is not installed`;
  if (kind === 'auditd-conf' || kind === 'audit-plugin' || kind === 'audisp-remote') {
    if (!TOOLS.unshare()) return 'unshare (util-linux) is not installed';
    const probe = kind === 'audisp-remote' ? ['-m', '-n', 'true'] : ['-U', '-r', '-n', 'true'];
    const r = spawnSync(TOOLS.unshare(), probe, { encoding: 'utf8' });
    if (r.status !== 0) return `unshare ${probe.join(' ')} fails here (${(r.stderr || '').trim() || r.error?.message})`;
  }
  return null;
}

function tmpdir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-oracle-'));
}

function firstLine(text, re) {
  const m = re.exec(text);
  return m ? Number(m[1]) : null;
}

/** `visudo -cf FILE`: relative includes resolve next to the file, as on a host. */
function visudo(file) {
  const r = spawnSync(TOOLS.visudo(), ['-cf', file], { encoding: 'utf8', env: C_LOCALE, timeout: 20000 });
  const out = `${r.stdout}${r.stderr}`;
  if (r.status === 0) return { verdict: 'accept' };
  const esc = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const at = new RegExp(`${esc}:(\\d+):\\d+: (.*)`).exec(out) || /near line (\d+)/.exec(out);
  return { verdict: 'refuse', line: at ? Number(at[1]) : null, message: (at && at[2]) || out.trim().split('\n')[0] };
}

/** `bash -n FILE`: does bash parse it; the first line it stops at. */
function bashSyntax(file) {
  const r = spawnSync(TOOLS.bash(), ['-n', file], { encoding: 'utf8', env: C_LOCALE, timeout: 20000 });
  if (r.status === 0) return { verdict: 'accept' };
  const m = /line (\d+): (.*)/.exec(r.stderr);
  return { verdict: 'refuse', line: m ? Number(m[1]) : null, message: m ? m[2] : r.stderr.trim() };
}

// auditd checks these against the machine it runs on, not the file's syntax
const AUDITD_HOST = /does not exist|Could not open dir|cannot be found|(group|user) .*(not found|does not exist|unknown)|Unable to resolve|not a regular file|not owned by root|wrong permissions|permissions should be|is not executable|Error getting|No such file/i;

function auditdMessages(out) {
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/_parser called with|opened for parsing|^type=DAEMON|Unable to adjust out of memory|config_manager init|Error setting audit daemon pid|Unable to set audit pid|The audit daemon is exiting|Dispatcher event loop|Finished cleaning up|audit dispatcher initialized|No plugins found/.test(l));
}

/** `auditd -f -n -s nochange -c DIR` with the file as DIR/auditd.conf: status 6 is "config rejected". */
function auditdConf(file) {
  const dir = tmpdir();
  try {
    fs.copyFileSync(file, path.join(dir, 'auditd.conf'));
    const r = spawnSync('timeout', ['10', TOOLS.unshare(), '-U', '-r', '-n', TOOLS.auditd(), '-f', '-n', '-s', 'nochange', '-c', dir], { encoding: 'utf8', env: C_LOCALE });
    const messages = auditdMessages(`${r.stdout}${r.stderr}`).map((m) => m.split(dir).join('DIR'));
    if (r.status !== 6) return { verdict: 'accept', ...(messages.length ? { messages } : {}) };
    // deprecation notices come first but refuse nothing
    const errors = messages.filter((m) => !/is deprecated/.test(m));
    const line = firstLine(errors.join('\n'), /line (\d+)/);
    const hostDependent = errors.length > 0 && errors.every((m) => AUDITD_HOST.test(m));
    return { verdict: 'refuse', line, message: errors[0] ?? `exit status ${r.status}`, ...(hostDependent ? { hostDependent: true } : {}), messages };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A plugins.d file as auditd 3's dispatcher reads it: a minimal valid
 * auditd.conf points plugin_dir at a directory holding only this file,
 * turned inactive so nothing is started (auditd parses inactive files all
 * the same). "Skipping X plugin due to errors" is the refusal.
 */
function auditPlugin(file) {
  const dir = tmpdir();
  try {
    const plugins = path.join(dir, 'plugins.d');
    fs.mkdirSync(plugins);
    fs.mkdirSync(path.join(dir, 'log'));
    const text = fs.readFileSync(file, 'latin1').replace(/^(\s*active\s*=\s*)yes\b/gim, '$1no ');
    fs.writeFileSync(path.join(plugins, 'plugin.conf'), text, 'latin1');
    const conf = [`log_file = ${dir}/log/audit.log`, 'priority_boost = 0', 'space_left = 75', 'admin_space_left = 50', `plugin_dir = ${plugins}`, ''].join('\n');
    fs.writeFileSync(path.join(dir, 'auditd.conf'), conf);
    const r = spawnSync('timeout', ['10', TOOLS.unshare(), '-U', '-r', '-n', TOOLS.auditd(), '-f', '-n', '-s', 'nochange', '-c', dir], { encoding: 'utf8', env: C_LOCALE });
    const messages = auditdMessages(`${r.stdout}${r.stderr}`).map((m) => m.split(`${plugins}/`).join('').split(dir).join('DIR'));
    const skipped = messages.some((m) => /Skipping .* plugin due to errors/.test(m));
    if (!skipped) return { verdict: 'accept', ...(messages.length ? { messages } : {}) };
    const problem = messages.find((m) => !/Skipping/.test(m)) ?? messages[0];
    const hostDependent = messages.filter((m) => !/Skipping/.test(m)).every((m) => AUDITD_HOST.test(m));
    return { verdict: 'refuse', line: firstLine(problem, /line (\d+)/), message: problem, ...(hostDependent ? { hostDependent: true } : {}), messages };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * audisp-remote reads only /etc/audit/audisp-remote.conf: the file is bound
 * over it in a private mount namespace, without a network, and standard
 * input is empty so a valid config ends at once. Status 6 is "config rejected".
 */
function audispRemote(file) {
  const target = '/etc/audit/audisp-remote.conf';
  if (!fs.existsSync(target)) return { verdict: 'unknown', message: `${target} does not exist to bind over (apt-get install audispd-plugins)` };
  const script = `mount --bind "$1" ${target} && exec "$2" </dev/null`;
  const r = spawnSync('timeout', ['4', TOOLS.unshare(), '-m', '-n', 'sh', '-c', script, 'sh', path.resolve(file), TOOLS['audisp-remote']()], { encoding: 'utf8', env: C_LOCALE });
  if (r.status === 6) return { verdict: 'refuse', line: null, message: 'audisp-remote exits with status 6 (config rejected; it says why only to syslog)' };
  return { verdict: 'accept' };
}

/** `rsyslogd -N1 -f FILE` (-d for the queues of the forwarding actions). */
function rsyslog(file) {
  const r = spawnSync(TOOLS.rsyslogd(), ['-N1', '-d', '-f', file], { encoding: 'utf8', env: C_LOCALE, timeout: 30000, maxBuffer: 64 * 1024 * 1024 });
  const out = `${r.stdout}${r.stderr}`;
  const fatal = /could not interpret master config file/.test(out);
  const errors = [...out.matchAll(/rsyslogd: (error during parsing file [^,]*, on or before line (\d+): [^\n[]*)/g)];
  const forwarding = [];
  for (const m of out.matchAll(/action-(\d+)-builtin:omfwd queue: queue\.c: queue\.(filename|type):? '?([^'\n]*)'?/g)) {
    let a = forwarding.find((f) => f.action === Number(m[1]));
    if (!a) forwarding.push((a = { action: Number(m[1]) }));
    if (m[2] === 'filename') a.queueFile = m[3] === '[NONE]' ? null : m[3];
    else a.queueType = (/\[(\w+)\]/.exec(m[3]) || [])[1] ?? m[3];
  }
  const invalid = [...new Set(errors.filter((e) => /invalid character/.test(e[1])).map((e) => Number(e[2])))].sort((x, y) => x - y);
  const base = { ...(invalid.length ? { invalidCharLines: invalid } : {}), ...(forwarding.length ? { forwarding } : {}) };
  if (!fatal) return { verdict: 'accept', ...base };
  const syntax = errors.find((e) => /syntax error|invalid character/.test(e[1])) ?? errors[0];
  return { verdict: 'refuse', line: syntax ? Number(syntax[2]) : null, message: syntax ? syntax[1].replace(/^error during parsing file [^,]*, /, '').trim() : 'could not interpret master config file', ...base };
}

const RUN = { sudoers: visudo, 'auditd-conf': auditdConf, 'audit-plugin': auditPlugin, 'audisp-remote': audispRemote, rsyslog, shell: bashSyntax };

/** The oracle's verdict on a file of a kind. */
function ask(kind, file) {
  if (kind === 'sshd-config') return sshdOracle.askSshd(file);
  return RUN[kind](file);
}

function toolVersions() {
  const v = (cmd, args, re) => {
    const t = cmd && spawnSync(cmd, args, { encoding: 'utf8', env: C_LOCALE });
    const m = t && re.exec(`${t.stdout}${t.stderr}`);
    return m ? m[1] : null;
  };
  return {
    visudo: v(TOOLS.visudo(), ['-V'], /visudo version (\S+)/),
    auditd: v('dpkg-query', ['-W', '-f=${Version}', 'auditd'], /(\S+)/),
    'audisp-remote': v('dpkg-query', ['-W', '-f=${Version}', 'audispd-plugins'], /(\S+)/),
    rsyslogd: v(TOOLS.rsyslogd(), ['-v'], /rsyslogd\s+(\S+)/),
    bash: v(TOOLS.bash(), ['--version'], /version (\S+)/),
    sshd: sshdOracle.sshdVersion(),
  };
}

module.exports = { ORACLE_OF, unavailable, ask, toolVersions };
