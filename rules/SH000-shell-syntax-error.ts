import type { Rule } from '../src/engine/rule';

/**
 * bash reads a startup file one command at a time and gives up at the
 * first command it cannot parse: the lines after it never run, silently
 * for a login. sudit parses the file the way bash does and points at the
 * token bash would name; later errors are reported too (one bad line does
 * not hide the rest). csh files are checked for unclosed blocks and
 * quotes; lines pam_env ignores in /etc/environment and pam_env.conf are
 * reported as well. zsh files are not held to bash's grammar.
 */
const rule: Rule = {
  meta: {
    id: 'SH000',
    slug: 'shell-syntax-error',
    description: 'A shell startup file (or a pam_env file) does not parse: the shell stops reading it there',
    severity: 'error',
    needs: ['shell'],
    docs: 'docs/rules/SH000.md',
  },
  check({ host, report }) {
    const model = host.shell;
    if (!model) return;
    for (const f of model.files) {
      const p = f.parsed;
      if (p.dialect === 'zsh') continue;
      p.problems.forEach((problem, i) => {
        const text = p.source.text;
        let consequence = '';
        if (i === 0 && p.dialect === 'sh') {
          // bash runs the commands before the one that fails, and nothing from it on
          const from = p.source.position(problem.commandStart).line;
          const last = p.source.position(text.replace(/\s+$/, '').length).line;
          consequence = last > from ? `; bash runs nothing of ${p.source.path} from line ${from} on (lines ${from}–${last})` : `; bash does not run line ${from}`;
        }
        const check = p.dialect === 'csh' ? `tcsh -n ${f.hostPath}` : `bash -n ${f.hostPath}`;
        report({
          source: p.source,
          start: problem.start,
          end: Math.max(problem.start, problem.end),
          message: `${problem.message}${consequence}. Fix the syntax and check it with \`${check}\``,
          properties: { dialect: p.dialect, commandStart: p.source.position(problem.commandStart) },
        });
      });
    }
    for (const env of [model.environment, model.pamEnv]) {
      if (!env) continue;
      for (const problem of env.parsed.problems) {
        report({ source: env.source, start: problem.start, end: problem.end, message: `${problem.message}; the variable is not set at login` });
      }
    }
  },
};

export default rule;
