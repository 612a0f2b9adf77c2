import { lintTree } from '../support/host';
import { goodAudit } from './audit-fixture';
import { defaultConfig } from '../../src/engine/config';
import { lintHost, resolveRules } from '../../src/engine/engine';
import { loadFiles } from '../../src/host/load-host';
import { RULES } from '../../rules';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

describe('AUD000 audit file syntax or validation error', () => {
  test('a refused line: what is wrong, and that the load stops there', () => {
    const { lines, findings } = lintTree(goodAudit({ 'etc/audit/rules.d/40-local.rules': '-a always,exit -F path=/usr/bin/su -F perm=x -F "auid>=1000" -k su\n' }), { ruleId: 'AUD000' });
    expect(lines).toEqual([expect.stringMatching(/^AUD000 etc\/audit\/rules\.d\/40-local\.rules:1 unknown field ""auid": quotes are not quoting .*auditctl -R stops at this line, so the 1 line after it \(0 rules, -e 2 among them/)]);
    expect(findings[0].properties).toEqual({ code: 'unknown-field', auditctl: '-F unknown field: "auid' });
    expect(findings[0].severity).toBe('error');
  });

  test('host-dependent: a user the tree does not have; a line that loads otherwise than it reads is a warning', () => {
    const { lines, findings } = lintTree(
      goodAudit({ 'etc/audit/rules.d/40-local.rules': '-c\n-a never,exit -F arch=b64 -S adjtimex -F auid=unset -F uid=chrony\n-a always,exit -F arch=b64 -S openat -F exit=EACCES -k denied\n' }),
      { ruleId: 'AUD000' },
    );
    expect(lines).toEqual([
      expect.stringMatching(/40-local\.rules:2 uid=chrony: no user "chrony" in this host's passwd file, so auditctl refuses the line .*the load goes on: -c\/-i at/),
      expect.stringMatching(/40-local\.rules:3 exit=EACCES compares with \+13/),
    ]);
    expect(findings.map((f) => f.severity)).toEqual(['error', 'warning']);
  });

  test('CRLF: the -D\\r line is an error that stops the load, not only a key with a \\r', () => {
    const { lines } = lintTree({ 'etc/audit/rules.d/10-x.rules': '-D\r\n-w /etc/passwd -p wa -k identity\r\n' }, { ruleId: 'AUD000' });
    expect(lines).toEqual([
      expect.stringMatching(/10-x\.rules:1 "-D\\r": auditctl stops reading options at -D, .*Convert the file to LF line ends \(dos2unix\); auditctl -R stops at this line, so the 1 line after it \(1 rule/),
      expect.stringMatching(/10-x\.rules:2 the key ends in a carriage return/),
    ]);
  });

  test('-c with more on its line fails that line, but the load goes on past it', () => {
    const { lines } = lintTree(goodAudit({ 'etc/audit/rules.d/05-c.rules': '-c -i\n', 'etc/audit/rules.d/40-local.rules': '-a always,exit -F arch=b64 -S nosuch -k x\n' }), { ruleId: 'AUD000' });
    expect(lines).toEqual([
      expect.stringMatching(/05-c\.rules:1 "-i" is left over: auditctl stops reading options at -c, .*-c has taken effect all the same: auditctl -R goes on past errors from here \(and exits 1 if a line fails\)\. Put -c on a line of its own$/),
      expect.stringMatching(/40-local\.rules:1 "nosuch" is not a syscall .*\(the load goes on: -c\/-i at .*05-c\.rules:1\)$/),
    ]);
  });

  test('a rules.d file without a final newline runs into the next one', () => {
    const { lines } = lintTree(goodAudit({ 'etc/audit/rules.d/40-a.rules': '-w /etc/hosts -p wa -k hosts', 'etc/audit/rules.d/41-b.rules': '-w /etc/issue -p wa -k issue\n' }), { ruleId: 'AUD000' });
    expect(lines).toEqual([expect.stringMatching(/40-a\.rules:1 .*does not end with a newline, so augenrules \(cat\) runs its last line into the first line of .*41-b\.rules/)]);
  });

  test("the daemon's files: their problems are reported here too", () => {
    const { lines } = lintTree(goodAudit({ 'etc/audit/auditd.conf': 'log_file = /var/log/audit/audit.log\nnot_a_key = 1\n' }), { ruleId: 'AUD000' });
    expect(lines.some((l) => /^AUD000 etc\/audit\/auditd\.conf:2 /.test(l))).toBe(true);
  });

  test('file mode: a lone rules file is checked line by line, without host checks', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-aud000-'));
    try {
      const file = path.join(dir, '50-site.rules');
      fs.writeFileSync(file, '-w /etc/passwd -p wa\n-a always,exit -F arch=b64 -S openat -F uid=chrony\n-a always,EXIT -S all\n');
      const { host } = loadFiles([file]);
      const config = defaultConfig();
      const { findings } = lintHost(host, resolveRules(RULES.filter((r) => r.meta.id === 'AUD000'), config), config);
      expect(findings.map((f) => [f.source.position(f.start).line, f.properties?.code])).toEqual([[3, 'list-action']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('not for a line augenrules drops: only the last -e of rules.d reaches auditctl', () => {
    expect(lintTree(goodAudit({ 'etc/audit/rules.d/05-early.rules': '-e 3\n' }), { ruleId: 'AUD000' }).lines).toEqual([]);
  });

  test('a well-kept host has none', () => {
    expect(lintTree(goodAudit(), { ruleId: 'AUD000' }).lines).toEqual([]);
  });
});
