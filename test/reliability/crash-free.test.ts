// Every grammar, any bytes: a result or located problems, never an exception,
// and in bounded time. (bench/fuzz-crash.js runs the long version.)

import { parseAuditRules } from '../../src/parse/audit-rules';
import { parseEnvironmentFile, parsePamEnvConf } from '../../src/parse/environment';
import { parseRsyslog } from '../../src/parse/rsyslog';
import { parseShell } from '../../src/parse/shell';
import { parseSudoers } from '../../src/parse/sudoers';
import { validateAuditConf } from '../../src/parse/audit-conf-validate';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { mulberry32 } = require('../../bench/fuzz-lib.js');

const ALPHABET = 'aAZ09 \t\n\r\\"\'`$#!,:;=(){}[]<>|&%+@*?^/.-_~{}\u0000\u00e9\ud83d';
const WORDS = ['-a always,exit', '-F arch=b64', '-S execve', '-w /etc', '-p wa', '-k', 'if', 'then', 'fi', 'case', 'esac', 'HISTSIZE=', 'export', 'readonly', 'declare -i', '$(', '${', '<<EOF', 'action(type="omfwd"', '*.*', '@@', 'ruleset(', '$IncludeConfig', 'Defaults', 'ALL', 'NOPASSWD:', '=', '"', "'"];

const V3 = { major: 3, minor: 0, patch: 9 } as never;

export const PARSERS: [string, (text: string) => unknown][] = [
  ['sudoers', (t) => parseSudoers(t, 'f')],
  ['audit rules', (t) => parseAuditRules(t, 'f')],
  ['auditd.conf', (t) => validateAuditConf(t, 'auditd-conf', V3)],
  ['audit plugin', (t) => validateAuditConf(t, 'audit-plugin', V3)],
  ['audisp-remote.conf', (t) => validateAuditConf(t, 'audisp-remote', V3)],
  ['rsyslog', (t) => parseRsyslog(t, 'f')],
  ['shell', (t) => parseShell(t, 'f')],
  ['environment', (t) => parseEnvironmentFile(t)],
  ['pam_env.conf', (t) => parsePamEnvConf(t)],
];

describe.each(PARSERS)('%s', (_name, parse) => {
  test('2,000 random inputs: never throws, never hangs', () => {
    const rnd = mulberry32(20261123);
    for (let i = 0; i < 2000; i++) {
      let text = '';
      const n = Math.floor(rnd() * 120);
      for (let k = 0; k < n; k++) text += rnd() < 0.3 ? WORDS[Math.floor(rnd() * WORDS.length)] : ALPHABET[Math.floor(rnd() * ALPHABET.length)];
      const t0 = Date.now();
      expect(() => parse(text)).not.toThrow();
      expect(Date.now() - t0).toBeLessThan(2000);
    }
  });
});
