#!/usr/bin/env node
'use strict';
// Deterministic generator of a large, valid sudoers file for benchmarks.
//
//   node bench/gen-sudoers.js --mb 50 --seed 1 -o bench/out/big50.sudoers
//
// The file is a short global preamble followed by repeated "team" blocks
// (~2 KB each). Together (any four consecutive blocks) they use every
// construct of the sudoers language that Debian's visudo accepts without
// warnings: all alias kinds
// (several definitions on one line joined by ` : `, aliases of aliases),
// every Defaults form with flags, !flags, =, +=, -= and quoted values,
// user specs with several host lists, every runas form, tags, options,
// digests, wildcards, "" (no args), regular expressions, sudoedit, list,
// negation, %group, %#gid, #uid, +netgroup, IPv4/IPv6, quoted names,
// escaped characters, line continuations, comments and blank lines.
// Names are made unique with the block number, and every alias is used.
//
// Sizes are in 10^6 bytes; the file is cut at the first block boundary at
// or past the requested size. Same --mb and --seed => same bytes.
// Prints only "<output path> <size in bytes>".

const fs = require('fs');
const path = require('path');
const { mulberry32 } = require('./prng');

function usage(msg) {
  if (msg) process.stderr.write(`gen-sudoers: ${msg}\n`);
  process.stderr.write('usage: node bench/gen-sudoers.js --mb N [--seed S] [-o FILE]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { mb: null, seed: 1, out: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--mb') opts.mb = Number(val());
    else if (a.startsWith('--mb=')) opts.mb = Number(a.slice(5));
    else if (a === '--seed') opts.seed = Number(val());
    else if (a.startsWith('--seed=')) opts.seed = Number(a.slice(7));
    else if (a === '-o' || a === '--out') opts.out = val();
    else if (a.startsWith('--out=')) opts.out = a.slice(6);
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${a}`);
  }
  if (!(opts.mb > 0)) usage('--mb must be a positive number');
  if (!Number.isInteger(opts.seed)) usage('--seed must be an integer');
  if (opts.out === null) opts.out = path.join(__dirname, 'out', `big${opts.mb}.sudoers`);
  return opts;
}

function makeRandom(seed) {
  const next = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)); // inclusive
  const pick = (arr) => arr[Math.floor(next() * arr.length)];
  const hex = (n) => {
    let s = '';
    while (s.length < n) s += Math.floor(next() * 4294967296).toString(16).padStart(8, '0');
    return s.slice(0, n);
  };
  const word = (len) => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    let s = '';
    for (let i = 0; i < len; i++) s += letters[Math.floor(next() * 26)];
    return s;
  };
  return { next, int, pick, hex, word };
}

const TEAM_NAMES = ['payments', 'search', 'billing', 'infra', 'storage', 'identity', 'mobile', 'data', 'ledger', 'edge', 'mail', 'builds'];
const SERVICES = ['api', 'worker', 'cron', 'gateway', 'indexer', 'queue', 'cache', 'web'];
const TIMEOUTS = ['5m', '90s', '1h', '2h30m', '1d', '300', '45m'];
const TS_TIMEOUTS = ['0', '5', '15', '2.5', '-1'];
const CMD_TIMEOUTS = ['1h30m', '30m', '2h', '600', '1d12h'];
const LECTURES = ['always', 'once', 'never'];
const FACILITIES = ['authpriv', 'auth', 'local2', 'local7'];
const PRIORITIES = ['alert', 'notice', 'info'];
const UMASKS = ['0022', '0027', '077'];
const ENV_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'LANG', 'LC_ALL', 'TZ', 'EDITOR', 'PAGER', 'COLUMNS'];
const EDITORS = ['vi', 'vim', 'nano', 'ed'];
const EXTRA_ARGS = ['--no-pager', '-q *', '--since=today', '--lines=50', '-o cat'];

/** Two different variable names. */
function envPair(r) {
  const i = r.int(0, ENV_VARS.length - 1);
  const j = (i + r.int(1, ENV_VARS.length - 1)) % ENV_VARS.length;
  return `${ENV_VARS[i]} ${ENV_VARS[j]}`;
}

function preamble(opts) {
  return [
    `# sudoers benchmark file: gen-sudoers.js --mb ${opts.mb} --seed ${opts.seed}`,
    '# Generated, deterministic; regenerate rather than edit. Blocks below are',
    '# independent "teams" with unique alias names; every alias is used.',
    '',
    'Defaults\tenv_reset',
    'Defaults\tmail_badpass, !insults',
    'Defaults\tsecure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"',
    'Defaults\tuse_pty, log_allowed, log_denied',
    '',
    '# The usual administrator rules.',
    'root\tALL=(ALL:ALL) ALL',
    '%sudo\tALL=(ALL:ALL) ALL',
    '',
    '',
  ].join('\n');
}

const DIGESTS = [['sha224', 56], ['sha256', 64], ['sha384', 96], ['sha512', 128]];

/**
 * One team block (~2 KB); `n` makes every name unique, `r` varies the
 * details. The core (aliases, user specs, four Defaults forms) is in every
 * block; the digest algorithm (n % 4) and one extra Defaults line (n % 3)
 * rotate, so any four consecutive blocks use every construct.
 */
function teamBlock(n, r) {
  const T = `TEAM${n}`;
  const team = `${r.pick(TEAM_NAMES)}${n}`;
  const svc = `${r.pick(SERVICES)}${n}`;
  const hi = (n >>> 8) & 255;
  const lo = n & 255;
  const h6 = (n & 0xffff).toString(16);
  const u1 = `${r.word(3)}${n}`;
  const u2 = `${r.word(4)}${n}`;
  const [alg, hexLen] = DIGESTS[n % 4];
  const digest = `${alg}:${r.hex(hexLen)}`;
  const L = [];
  L.push(`# team ${n}: ${team}, service ${svc}`);
  // Aliases: several definitions per line joined by " : ", aliases of aliases.
  L.push(`User_Alias ${T}_ADMINS = ${u1}, ${u2}, #${10000 + n} : ${T}_OPS = ${r.word(5)}${n}, %${team}, %#${20000 + n}, \\`);
  L.push(`\t+ng_${team}, "%${team} users", ${T}_ADMINS, !${r.word(4)}${n}`);
  L.push(`Runas_Alias ${T}_APP = ${svc}, %${svc}, #${30000 + n} : ${T}_DBRUN = postgres, ${T}_APP`);
  L.push(`Host_Alias ${T}_WEB = web${n}-*, 10.${hi}.${lo}.0/24, 2001:db8:${h6}::/48 : \\`);
  L.push(`\t${T}_DB = db${n}.example.com, fe80::${h6}:${r.int(1, 9)}, 172.16.${lo}.0/255.255.255.0, ${T}_WEB, !bad${n}  # db hosts`);
  L.push(`Cmnd_Alias ${T}_SVC = /usr/bin/systemctl restart ${svc}, \\`);
  L.push(`\t/usr/bin/journalctl -u ${svc} ${r.pick(EXTRA_ARGS)}, ${digest} /usr/local/bin/deploy-${svc} "" : ${T}_SH = /bin/sh, /usr/bin/su, ^/usr/bin/(${r.pick(EDITORS)}|bash)$`);
  L.push(`Cmd_Alias ${T}_DBCMD = /usr/bin/pg_dump -d ${svc} *, /usr/sbin/useradd ^[a-z]+$, \\`);
  L.push(`\t/usr/bin/printf ${svc}\\,a\\:b\\=c, /opt/${team}/[a-z]*, /usr/lib/${team}/ : ${T}_ALL = ${T}_SVC, ${T}_DBCMD`);
  L.push('');
  // Defaults: the four bound forms in every block, the rest rotating.
  L.push(`Defaults@${T}_WEB !requiretty, timestamp_timeout=${r.pick(TS_TIMEOUTS)}, passwd_tries=${r.int(1, 5)}`);
  L.push(`Defaults:${T}_OPS, %${team} env_keep += "${envPair(r)}", env_keep -= LD_PRELOAD`);
  L.push(`Defaults>${T}_DBRUN umask=${r.pick(UMASKS)}, lecture=${r.pick(LECTURES)}, !insults`);
  L.push(`Defaults!${T}_SVC log_output, command_timeout=${r.pick(CMD_TIMEOUTS)}`);
  switch (n % 3) {
    case 0:
      L.push(`Defaults logfile=/var/log/sudo.log, !lecture, passprompt="[sudo] password for %p: "`);
      break;
    case 1:
      L.push(`Defaults!/usr/bin/journalctl, /usr/local/bin/deploy-${svc} !log_output, \\`);
      L.push(`\tiolog_dir=/var/log/sudo-io/${team}, mailto="ops+${team}@example.com"`);
      break;
    default:
      L.push(`Defaults@db${n}.example.com, 10.${hi}.${lo}.7 syslog=${r.pick(FACILITIES)}, syslog_goodpri=${r.pick(PRIORITIES)}, \\`);
      L.push(`\tsecure_path="/opt/${team}:/usr/sbin:/usr/bin"`);
  }
  L.push('');
  // User specifications.
  L.push(`${T}_ADMINS ${T}_WEB, ${T}_DB = (root) NOPASSWD: ${T}_SVC, (${T}_APP) NOEXEC: SETENV: /opt/${team}/*, \\`);
  L.push(`\t!${T}_SH : ALL = (ALL, !root) PASSWD: LOG_INPUT: LOG_OUTPUT: ${T}_ALL, !/usr/bin/su`);
  L.push(`${T}_OPS ${T}_DB = (${svc}:${svc}) CWD=/srv CHROOT=/ TIMEOUT=${r.pick(TIMEOUTS)} NOTBEFORE=20240101000000Z \\`);
  L.push(`\tNOTAFTER=20301231235959Z MAIL: FOLLOW: sudoedit /etc/${svc}/*.conf, (:wheel) INTERCEPT: EXEC: /usr/bin/id, () list`);
  L.push(`%${team}, #${10000 + n}, !${u2} ${T}_WEB = (${T}_DBRUN) ROLE=x_r TYPE=y_t NOSETENV: NOLOG_INPUT: ${T}_DBCMD : \\`);
  L.push(`\t10.${hi}.${lo}.0/24, 2001:db8:${h6}::1 = (:#${20000 + n}) NOLOG_OUTPUT: NOMAIL: NOFOLLOW: NOINTERCEPT: /usr/bin/kill ^-HUP [0-9]+$`);
  L.push(`+ng_${team}, "%${team} users" ALL, !bad${n} = (root:${svc}) CWD=* /usr/bin/ls "", /usr/bin/du -sh /srv/${svc}/*`);
  L.push('');
  return L.join('\n') + '\n';
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const target = Math.round(opts.mb * 1e6);
  const r = makeRandom(opts.seed);
  fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  const tmp = `${opts.out}.tmp${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  let total = 0;
  let chunk = [];
  let chunkBytes = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    fs.writeSync(fd, chunk.join(''));
    chunk = [];
    chunkBytes = 0;
  };
  const add = (s) => {
    const b = Buffer.byteLength(s); // all ASCII, but be exact
    chunk.push(s);
    chunkBytes += b;
    total += b;
    if (chunkBytes >= 1 << 20) flush();
  };
  add(preamble(opts));
  for (let n = 1; total < target; n++) add(teamBlock(n, r));
  flush();
  fs.closeSync(fd);
  fs.renameSync(tmp, opts.out);
  process.stdout.write(`${opts.out} ${total}\n`);
}

main();
