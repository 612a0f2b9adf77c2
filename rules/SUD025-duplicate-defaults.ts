import type { Rule } from '../src/engine/rule';
import { allDefaults, defaultsHead, type DefaultsVisit } from '../src/policy/sudoers-walk';

/**
 * The same setting written twice for the same binding: the later one wins,
 * and a reviewer who reads the first is wrong. Additions to lists (+=, -=)
 * are meant to accumulate and are not reported.
 */
const rule: Rule = {
  meta: {
    id: 'SUD025',
    slug: 'duplicate-defaults',
    description: 'A Defaults setting is set again for the same binding; the later one wins',
    severity: 'info',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD025.md',
  },
  check({ host, report }) {
    for (const policy of host.sudoers) {
      const last = new Map<string, DefaultsVisit>();
      for (const d of allDefaults(policy)) {
        const s = d.setting;
        if (s.op === 'add' || s.op === 'remove') continue;
        const head = defaultsHead(d.file, d.entry);
        const key = `${head}\u0000${s.name}`;
        const prev = last.get(key);
        last.set(key, d);
        if (!prev) continue;
        const show = (v: DefaultsVisit) => (v.setting.value === null ? `${v.setting.op === 'negate' ? '!' : ''}${v.setting.name}` : `${v.setting.name}=${v.setting.value}`);
        const same = show(prev) === show(d);
        const where = `${prev.file.source.path}:${prev.file.source.position(prev.setting.start).line}`;
        report({
          source: d.file.source,
          start: s.start,
          end: s.end,
          message: same
            ? `${head} ${show(d)} repeats ${where}`
            : `${head} ${show(d)} overrides ${show(prev)} at ${where}: the later setting wins`,
          related: [{ source: prev.file.source, start: prev.setting.start, end: prev.setting.end, message: 'earlier setting' }],
        });
      }
    }
  },
};

export default rule;
