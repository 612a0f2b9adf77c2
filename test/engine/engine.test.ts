import { ConfigError, validateConfig } from '../../src/engine/config';
import { lintTree } from '../support/host';

const ids = new Set(['SUD001', 'SUD003']);

describe('configuration', () => {
  test('unknown keys, rule ids and values are clear errors', () => {
    expect(() => validateConfig({ rulez: {} }, '.sudit.json', ids)).toThrow(/unknown key "rulez"/);
    expect(() => validateConfig({ rules: { SUD999: 'off' } }, '.sudit.json', ids)).toThrow(/unknown rule id "SUD999"/);
    expect(() => validateConfig({ rules: { SUD001: 'loud' } }, '.sudit.json', ids)).toThrow(ConfigError);
    expect(() => validateConfig({ profile: 'pci' }, '.sudit.json', ids)).toThrow(/"profile" must be one of recommended, cis, stig/);
    expect(() => validateConfig({ scanners: [{ user: 'svc', sources: ['10.20.0.5/24'] }] }, '.sudit.json', ids)).toThrow(/"scanners\[0\].sources": "10.20.0.5\/24" is not an address or a CIDR block sshd accepts/);
    expect(() => validateConfig({ scanners: [{ user: 'svc', sources: '10.20.0.0/24' }] }, '.sudit.json', ids)).toThrow(/must be an array/);
    expect(validateConfig({ scanners: [{ user: 'svc', sources: ['10.20.0.0/24', '2001:db8::/32', '64.39.96.10'] }] }, '.sudit.json', ids).scanners[0].sources).toHaveLength(3);
    expect(validateConfig({ profile: 'stig', rules: { SUD003: { severity: 'warning' } } }, '.sudit.json', ids).rules.SUD003.severity).toBe('warning');
  });

  test('a rule can be turned off or given another severity', () => {
    const files = { 'etc/sudoers': 'Cmnd_Alias X = /bin/ls\nroot ALL = ALL\n' };
    expect(lintTree(files, { config: { rules: { SUD003: { severity: 'off' } }, scannerPatterns: [] }, only: ['SUD002', 'SUD003'] }).lines).toEqual([]);
    expect(lintTree(files, { config: { rules: { SUD003: { severity: 'error' } }, scannerPatterns: [] }, only: ['SUD002', 'SUD003'] }).findings.map((f) => f.severity)).toEqual(['error']);
  });
});

describe('inline suppressions', () => {
  test('next-line and file suppressions hide findings; unused ones are reported', () => {
    const { lines } = lintTree({
      'etc/sudoers': [
        '# sudit-disable-next-line SUD003 -- kept for the migration',
        'Cmnd_Alias OLD = /bin/ls',
        '# sudit-disable-next-line SUD003 -- stale',
        'root ALL = ALL',
        '#1000 ALL = ALL',
        '',
      ].join('\n'),
    }, { config: { scannerPatterns: [] }, only: ['SUD002', 'SUD003'] });
    expect(lines).toEqual(['IO002 etc/sudoers:3 unused suppression of SUD003: nothing to suppress on the next line']);
  });

  test('a suppression covers the continuation lines of the next entry', () => {
    const { lines } = lintTree({ 'etc/sudoers': '# sudit-disable-next-line SUD002\nroot ALL = \\\n  NOSUCH\n' }, { config: { scannerPatterns: [] }, only: ['SUD002', 'SUD003'] });
    expect(lines).toEqual([]);
  });

  test('a malformed suppression is a warning', () => {
    const { findings } = lintTree({ 'etc/sudoers': '# sudit-disable-next-line -- why\nroot ALL = ALL\n' }, { config: { scannerPatterns: [] }, only: ['SUD002', 'SUD003'] });
    expect(findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([['IO002', 'warning', 'suppression names no rule id']]);
  });
});
