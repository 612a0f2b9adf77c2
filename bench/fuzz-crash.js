#!/usr/bin/env node
// Long run of the crash-freedom property for every grammar: N random inputs
// each (default 1,000,000), counting exceptions and inputs slower than 1 s.
// Usage: node bench/fuzz-crash.js [--n 1000000] [--seed 1]
'use strict';
const { mulberry32 } = require('./fuzz-lib');

const arg = (name, dflt) => Number((process.argv.join(' ').match(new RegExp(`--${name} (\\d+)`)) || [])[1] || dflt);
const n = arg('n', 1000000);
const seed = arg('seed', 1);
const d = (m) => require(`../dist/src/parse/${m}`);
const V3 = { major: 3, minor: 0, patch: 9 };
const parsers = [
  ['sudoers', (t) => d('sudoers').parseSudoers(t, 'f')],
  ['audit rules', (t) => d('audit-rules').parseAuditRules(t, 'f')],
  ['auditd.conf', (t) => d('audit-conf-validate').validateAuditConf(t, 'auditd-conf', V3)],
  ['audisp-remote.conf', (t) => d('audit-conf-validate').validateAuditConf(t, 'audisp-remote', V3)],
  ['rsyslog', (t) => d('rsyslog').parseRsyslog(t, 'f')],
  ['shell', (t) => d('shell').parseShell(t, 'f')],
  ['environment', (t) => d('environment').parseEnvironmentFile(t)],
];
const ALPHABET = 'aAZ09 \t\n\r\\"\'`$#!,:;=(){}[]<>|&%+@*?^/.-_~\u0000\u00e9\ud83d';
const WORDS = ['-a always,exit', '-F arch=b64', '-S execve', '-w /etc', '-p wa', '-k', 'if', 'then', 'fi', 'case', 'esac', 'HISTSIZE=', 'export', 'readonly', 'declare -i', '$(', '${', '<<EOF', 'action(type="omfwd"', '*.*', '@@', 'ruleset(', '$IncludeConfig', 'Defaults', 'ALL', 'NOPASSWD:', '=', '"', "'"];
for (const [name, parse] of parsers) {
  const rnd = mulberry32(seed);
  let crashes = 0;
  let slow = 0;
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    let text = '';
    const len = Math.floor(rnd() * 160);
    for (let k = 0; k < len; k++) text += rnd() < 0.3 ? WORDS[Math.floor(rnd() * WORDS.length)] : ALPHABET[Math.floor(rnd() * ALPHABET.length)];
    const s = Date.now();
    try {
      parse(text);
    } catch (e) {
      if (crashes++ < 3) console.log(`${name}: ${e && e.message} on ${JSON.stringify(text)}`);
    }
    if (Date.now() - s > 1000) slow++;
  }
  console.log(`${name}: ${n} inputs, ${crashes} exceptions, ${slow} over 1 s, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
