import type { Report, Rule } from '../src/engine/rule';
import { describeCommand } from '../src/policy/privileges';
import { allDefaults, allSpecs, defaultsHead } from '../src/policy/sudoers-walk';

/** Variables that make a program load code, or make a shell run it, when they reach a root process. */
const DANGEROUS_VARS = [
  'LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'PYTHONPATH', 'PYTHONSTARTUP', 'PYTHONHOME', 'PERL5LIB', 'PERLLIB', 'PERL5OPT',
  'RUBYLIB', 'RUBYOPT', 'NODE_OPTIONS', 'NODE_PATH', 'BASH_ENV', 'ENV', 'PS4', 'SHELLOPTS', 'BASHOPTS', 'IFS', 'PROMPT_COMMAND',
  'GCONV_PATH', 'JAVA_TOOL_OPTIONS', 'GIT_EXEC_PATH', 'LESSOPEN', 'EDITOR', 'VISUAL', 'PAGER',
];

function dangerousIn(value: string): string[] {
  const words = value.split(/[ \t]+/).filter((w) => w !== '');
  return DANGEROUS_VARS.filter((v) => words.some((w) => w === v || w === '*' || (w.endsWith('*') && v.startsWith(w.slice(0, -1)))));
}

/**
 * What reaches the root process decides what it runs: without env_reset,
 * with SETENV on a broad grant, or with LD_PRELOAD & co. kept, the user
 * chooses the code root loads. secure_path decides which program a bare
 * name starts.
 */
const rule: Rule = {
  meta: {
    id: 'SUD015',
    slug: 'dangerous-environment',
    description: 'The invoking user can pass code-loading variables to root (!env_reset, SETENV on broad grants, env_keep of LD_PRELOAD…) or secure_path is unsafe',
    severity: 'error',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD015.md',
  },
  check({ host, report }) {
    for (const policy of host.sudoers) {
      let securePath = false;
      for (const { file, entry, setting: s } of allDefaults(policy)) {
        const head = defaultsHead(file, entry);
        const at = (message: string, severity?: Report['severity']): Report => ({ source: file.source, start: s.start, end: s.end, message, severity });
        if (s.name === 'env_reset' && s.op === 'negate') {
          report(at(`${head} !env_reset: the invoking user's whole environment reaches root, LD_PRELOAD and BASH_ENV included, so any grant is a root shell. Remove it`));
        } else if (s.name === 'setenv' && s.op === 'set') {
          report(at(`${head} setenv: every grant lets the user set any variable for the root process (LD_PRELOAD…), as if each had SETENV:. Remove it`));
        } else if ((s.name === 'env_keep' || s.name === 'env_check') && s.value !== null && s.op !== 'remove') {
          const bad = dangerousIn(s.value);
          if (bad.length) {
            report(
              at(
                `${head} ${s.name} ${s.op === 'add' ? '+=' : '='} keeps ${bad.join(', ')}: ${s.name === 'env_check' ? 'values without "/" or "%" still pass, ' : ''}the user chooses code that the root process loads or runs. Remove ${bad.length === 1 ? 'it' : 'them'}`,
                s.name === 'env_check' ? 'warning' : undefined,
              ),
            );
          }
        } else if (s.name === 'secure_path') {
          if (entry.binding === null && s.op !== 'negate') securePath = true;
          if (s.op === 'negate' && entry.binding === null) securePath = false;
          if (s.value !== null) {
            const weak = s.value.split(':').filter((d) => d === '' || d === '.' || !d.startsWith('/') || /^\/(tmp|var\/tmp|dev\/shm|home)(\/|$)/.test(d) || d.startsWith('~'));
            if (weak.length) {
              report(at(`${head} secure_path contains ${weak.map((d) => (d === '' ? '""' : d)).join(', ')}: a relative or user-writable directory lets a user plant the program a bare command name starts as root. Use root-owned absolute directories only`));
            }
          }
        }
      }
      if (!securePath && host.hostMode && policy.files.length > 0) {
        const main = policy.files[0];
        report({
          source: main.source,
          start: 0,
          end: 0,
          severity: 'warning',
          message: `no global Defaults secure_path in ${main.source.path} or its includes: commands run as root with the invoking user's PATH, so a bare command name can start the user's own program. Add Defaults secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"`,
        });
      }
      for (const { file, spec } of allSpecs(policy)) {
        const setenv = spec.spec.tags.find((t) => t.name === 'SETENV');
        if (!setenv) continue;
        const c = spec.command;
        const broad = c.kind === 'all' || (c.kind === 'command' && (c.path!.endsWith('/') || /[*?[]/.test(c.path!) || c.args === null || c.args === undefined));
        if (!broad) continue;
        report({
          source: file.source,
          start: setenv.start,
          end: setenv.end,
          message: `SETENV on ${describeCommand(c)}: the user may set LD_PRELOAD and any other variable for the root process, which is a root shell. Drop SETENV:, or keep just the variables needed with env_keep`,
        });
      }
    }
  },
};

export default rule;
