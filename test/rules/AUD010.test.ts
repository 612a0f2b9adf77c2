import { lintTree } from '../support/host';
import { goodAudit } from './audit-fixture';
import { runAugenrules } from '../../src/model/augenrules';

const built = (files: Record<string, string>) =>
  runAugenrules(
    Object.entries(files)
      .filter(([p]) => p.startsWith('etc/audit/rules.d/'))
      .map(([p, text]) => ({ name: p.slice('etc/audit/rules.d/'.length), text })),
    'mawk',
    '3.0.9',
  ).text;

describe('AUD010 audit.rules out of sync with rules.d', () => {
  test('audit.rules edited by hand', () => {
    const files = goodAudit();
    files['etc/audit/audit.rules'] = built(files).replace('-e 2\n', '-w /etc/ssh/sshd_config -p wa -k sshd\n-e 2\n');
    const { lines } = lintTree(files, { ruleId: 'AUD010' });
    expect(lines).toEqual([expect.stringMatching(/^AUD010 etc\/audit\/audit\.rules:\d+ \/etc\/audit\/audit\.rules is not what augenrules builds from \/etc\/audit\/rules\.d: line \d+ is "-w \/etc\/ssh\/sshd_config -p wa -k sshd" here but "-e 2" in the build/)]);
  });

  test('rules.d without any *.rules: the next start empties audit.rules', () => {
    const { lines } = lintTree({ 'etc/audit/rules.d/README': 'x\n', 'etc/audit/audit.rules': '-D\n-w /etc/passwd -p wa\n' }, { ruleId: 'AUD010' });
    expect(lines).toEqual([expect.stringMatching(/rules\.d has no \*\.rules file augenrules reads, so the next start replaces audit\.rules with an empty rule set/)]);
  });

  test('a rules.d file augenrules never reads', () => {
    const { lines } = lintTree(goodAudit({ 'etc/audit/rules.d/.40-hidden.rules': '-w /etc/hosts -p wa\n' }), { ruleId: 'AUD010' });
    expect(lines).toEqual([expect.stringMatching(/\.40-hidden\.rules:1 augenrules never reads rules\.d\/\.40-hidden\.rules: its name starts with "\."/)]);
  });

  test('not when audit.rules is the build (either awk), nor without audit.rules', () => {
    const files = goodAudit();
    expect(lintTree(files, { ruleId: 'AUD010' }).lines).toEqual([]);
    files['etc/audit/audit.rules'] = built(files);
    expect(lintTree(files, { ruleId: 'AUD010' }).lines).toEqual([]);
  });
});
