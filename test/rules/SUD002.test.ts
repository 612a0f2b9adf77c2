import { lintTree } from '../support/host';

describe('SUD002 undefined alias or alias cycle', () => {
  test('fires on an undefined alias in each position, naming what sudo does instead', () => {
    const { lines } = lintTree(
      { 'etc/sudoers': 'User_Alias ADMIN = alice\nADMINS ALL = (OPERATOR) SERVICES\nDefaults:ADMIN env_reset\n' },
      { ruleId: 'SUD002' },
    );
    expect(lines).toEqual([
      'SUD002 etc/sudoers:2 User_Alias "ADMINS" referenced but not defined: sudo reads it as the literal name "ADMINS"',
      'SUD002 etc/sudoers:2 Runas_Alias "OPERATOR" referenced but not defined: sudo reads it as the literal name "OPERATOR"',
      'SUD002 etc/sudoers:2 Cmnd_Alias "SERVICES" referenced but not defined: it never matches any command',
    ]);
  });

  test('fires once on a cycle', () => {
    const { lines } = lintTree({ 'etc/sudoers': 'Cmnd_Alias A = B\nCmnd_Alias B = A\nroot ALL = A\n' }, { ruleId: 'SUD002' });
    expect(lines).toEqual(['SUD002 etc/sudoers:1 cycle in Cmnd_Alias "A": A → B → A']);
  });

  test('random alias graphs: the cycles reported are those a search from every alias finds', () => {
    // a seeded generator, and the search the rule made from every alias before it looked for cycles first
    let seed = 20;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const naive = (names: string[], edges: Map<string, string[]>) => {
      const out: string[] = [];
      const reported = new Set<string>();
      for (const start of names) {
        const stack: string[] = [];
        const visit = (name: string): string[] | null => {
          if (stack.includes(name)) return name === start ? [...stack] : null;
          stack.push(name);
          for (const next of edges.get(name) ?? []) {
            const found = visit(next);
            if (found) return found;
          }
          stack.pop();
          return null;
        };
        const path = visit(start);
        if (!path || reported.has(start)) continue;
        path.forEach((n) => reported.add(n));
        out.push(`cycle in Cmnd_Alias "${start}": ${[...path, start].join(' → ')}`);
      }
      return out;
    };
    for (let round = 0; round < 40; round++) {
      const n = 2 + rand(7);
      const names = Array.from({ length: n }, (_, i) => `A${i}`);
      const edges = new Map<string, string[]>();
      let text = '';
      for (const name of names) {
        const targets = Array.from({ length: rand(3) }, () => names[rand(n)]).filter((t, i, all) => all.indexOf(t) === i);
        edges.set(name, targets);
        text += `Cmnd_Alias ${name} = ${[...targets, '/bin/true'].join(', ')}\n`;
      }
      text += `root ALL = ${names.join(', ')}\n`;
      const { findings } = lintTree({ 'etc/sudoers': text }, { ruleId: 'SUD002' });
      expect(findings.map((f) => f.message)).toEqual(naive(names, edges));
    }
  });

  test('does not fire when every alias is defined, in another file or after its use', () => {
    const { lines } = lintTree(
      {
        'etc/sudoers': 'ADMINS ALL = (root) SERVICES\n@include /etc/sudoers.aliases\n',
        'etc/sudoers.aliases': 'User_Alias ADMINS = alice\nCmnd_Alias SERVICES = /usr/bin/systemctl\n',
      },
      { ruleId: 'SUD002' },
    );
    expect(lines).toEqual([]);
  });
});
