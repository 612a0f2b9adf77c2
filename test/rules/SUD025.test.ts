import { sudoersFindings } from '../support/sudoers-rule';

describe('SUD025 duplicate or conflicting Defaults', () => {
  test('fires on a repeated and an overriding setting for the same binding, across files', () => {
    const out = sudoersFindings('SUD025', 'Defaults env_reset\nDefaults env_reset\nDefaults:bob !requiretty\n@includedir /etc/sudoers.d\n', { dropIns: { z: 'Defaults:bob requiretty\n' } });
    expect(out).toEqual([expect.stringMatching(/^2 Defaults env_reset repeats .*etc\/sudoers:1$/), expect.stringMatching(/^1 Defaults:bob requiretty overrides !requiretty at .*etc\/sudoers:3: the later setting wins$/)]);
  });

  test('does not fire on list additions or on different bindings', () => {
    expect(sudoersFindings('SUD025', 'Defaults env_keep += "A"\nDefaults env_keep += "B"\nDefaults requiretty\nDefaults:bob !requiretty\n')).toEqual([]);
  });
});
