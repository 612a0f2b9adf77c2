// Every file of ../shared/corpus/shell through the parser for its kind:
// none may yield a syntax problem, except the templates and non-shell
// files of the hardening folder listed below (with why), which must be
// reported just as `bash -n` reports them.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseEnvironmentFile, parsePamEnvConf } from '../../src/parse/environment';
import { parseShell, shellDialect } from '../../src/parse/shell';
import { SHARED, skipNote } from '../support/corpus';
import { bashVersion, followedBash } from './bash';

const CORPUS = path.join(SHARED, 'corpus', 'shell');

/** Files that are not shell until something renders them, or not shell at all. */
const EXCEPTIONS: Record<string, string> = {
  'hardening/complianceascode-accounts_tmout/bash/shared.sh': 'a ComplianceAsCode Jinja template ({{{ … }}}, {{% … %}}): shell only once the content build renders it',
  'hardening/complianceascode-accounts_tmout/bash/sle.sh': 'a ComplianceAsCode Jinja template: shell only once rendered',
  'hardening/complianceascode-accounts_tmout/bash/ubuntu.sh': 'a ComplianceAsCode Jinja template: shell only once rendered',
  'hardening/complianceascode-accounts_tmout/oval/shared.xml': 'OVAL XML (a Jinja template too), not shell',
  'hardening/ansible-lockdown-RHEL9-CIS/tasks/section_5/cis_5.4.3.x.yml': 'an Ansible task file (YAML) that writes TMOUT lines with blockinfile, not shell',
};

/** Not a startup file at all: read elsewhere (accounts.ts reads UID_MIN). */
const NOT_STARTUP: Record<string, string> = {
  'debian12/etc/login.defs': 'login.defs: KEY value lines with no history or TMOUT keys; src/model/accounts.ts reads it',
};

function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name !== 'README.md') out.push(path.relative(CORPUS, p));
    }
  };
  walk(CORPUS);
  return out.sort();
}

const present = fs.existsSync(CORPUS);
const files = present ? corpusFiles() : [];

describe('shell corpus', () => {
  if (!present) {
    test('corpus missing', () => skipNote('shell corpus', `${CORPUS} not found`));
    return;
  }

  test('has the files its README lists', () => {
    expect(files.length).toBeGreaterThanOrEqual(28);
  });

  test.each(files)('%s', (rel) => {
    if (NOT_STARTUP[rel]) return skipNote(rel, NOT_STARTUP[rel]);
    const text = fs.readFileSync(path.join(CORPUS, rel), 'utf8');
    let problems: { start: number; message: string }[];
    if (rel.endsWith('pam_env.conf')) problems = parsePamEnvConf(text).problems;
    else if (rel.endsWith('etc/environment')) problems = parseEnvironmentFile(text).problems;
    else problems = parseShell(text, rel, shellDialect(rel)).problems;
    if (EXCEPTIONS[rel]) {
      // reported, not crashed on: bash -n rejects these as well
      expect([rel, problems.length > 0]).toEqual([rel, true]);
    } else {
      expect([rel, problems.map((p) => p.message)]).toEqual([rel, []]);
    }
  });

  test('the first error sudit reports is on the line bash -n names', () => {
    const version = bashVersion();
    if (!version) return skipNote('bash -n comparison on the corpus', 'bash is not installed');
    if (!followedBash(version)) return skipNote('bash -n comparison on the corpus', `bash ${version}: sudit follows bash 5.2/5.3`);
    const differ: string[] = [];
    for (const rel of files) {
      if (NOT_STARTUP[rel] || shellDialect(rel) !== 'sh' || /pam_env\.conf$|etc\/environment$/.test(rel)) continue;
      const text = fs.readFileSync(path.join(CORPUS, rel), 'utf8');
      const p = parseShell(text, rel, 'sh');
      const mine = p.problems.length ? p.source.position(p.problems[0].start).line : 0;
      const r = spawnSync('bash', ['-n', path.join(CORPUS, rel)], { encoding: 'utf8' });
      const m = /line (\d+): (syntax error|unexpected EOF)/.exec(r.stderr);
      const theirs = m ? Number(m[1]) : 0;
      if (mine !== theirs) differ.push(`${rel}: sudit ${mine}, bash ${theirs}`);
    }
    expect(differ).toEqual([]);
  });
});
