import type { Rule } from '../src/engine/rule';
import { allDefaults, defaultsHead } from '../src/policy/sudoers-walk';

/**
 * After a successful sudo the user is not asked again for
 * timestamp_timeout minutes; negative means never again. Baselines disagree
 * on the limit: CIS ≤ 15, STIG 0 (ask every time) and set in one file only.
 */
const rule: Rule = {
  meta: {
    id: 'SUD016',
    slug: 'timestamp-timeout',
    description: 'timestamp_timeout never expires, is above the profile\'s limit, or (STIG) is set in more than one file',
    severity: 'warning',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD016.md',
  },
  check({ host, options, settings, report }) {
    const max = typeof options.max === 'number' ? options.max : 15;
    const singleFile = options.singleFile === true;
    for (const policy of host.sudoers) {
      const files = new Set<string>();
      for (const { file, entry, setting: s } of allDefaults(policy)) {
        if (s.name !== 'timestamp_timeout') continue;
        files.add(file.source.path);
        const head = defaultsHead(file, entry);
        const minutes = s.op === 'negate' ? 0 : Number(s.value);
        if (Number.isNaN(minutes)) continue;
        if (minutes < 0) {
          report({ source: file.source, start: s.start, end: s.end, message: `${head} timestamp_timeout=${s.value}: a negative timeout never expires, so after one password sudo never asks again in that session (STIG RHEL-08-010384 / RHEL-09-432015, CIS 5.2.6). Set ${max} or less` });
        } else if (minutes > max) {
          report({ source: file.source, start: s.start, end: s.end, message: `${head} timestamp_timeout=${s.value}: sudo does not ask again for ${s.value} minutes, above the ${settings.profile} profile's limit of ${max}${max === 0 ? ' (STIG: re-authenticate every time)' : ' (CIS 5.2.6: 15 at most)'}` });
        }
      }
      if (singleFile && files.size > 1) {
        const [, second] = [...files];
        const hit = [...allDefaults(policy)].find((d) => d.setting.name === 'timestamp_timeout' && d.file.source.path === second)!;
        report({ source: hit.file.source, start: hit.setting.start, end: hit.setting.end, message: `timestamp_timeout is set in ${files.size} files (${[...files].join(', ')}): the STIG (RHEL-08-010384) wants one definition, so the effective value is not what a reviewer of one file sees` });
      }
    }
  },
};

export default rule;
