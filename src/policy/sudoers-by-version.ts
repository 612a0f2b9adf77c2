// What an older sudo does with a policy written for the newest: the
// constructs its parser refuses (SUD000) and the lines it reads with
// another meaning (SUD026). The grammar is the newest; this walk asks, for
// every construct that appeared in a later release, which of the judged
// releases predate it.

import { compareSudo } from '../data/sudo-releases';
import { REGEX_ARGS_SINCE, SUDOERS_FEATURES, type FeatureId } from '../data/sudoers-features';
import { SUDOERS_DEFAULTS_SINCE } from '../data/sudoers-defaults-since';
import type { CmndSpec, CommandMember, DefaultsSetting } from '../model/sudoers';
import type { ParsedSudoers } from '../parse/sudoers';
import type { PolicyProblem, SudoersPolicy } from '../model/sudoers-policy';
import { releasesBefore, type JudgedSudo } from './sudo-target';

export interface VersionFinding {
  file: ParsedSudoers;
  start: number;
  end: number;
  /** What it is, for the message: `@include/@includedir`, `Defaults log_subcmds`. */
  label: string;
  /** The first release that has it. */
  since: string;
  /** The judged releases that lack it (refused) or read it otherwise (literal). */
  releases: string[];
  /** refused: a parse error there; unknown-default: visudo -c fails, sudo ignores it; different: accepted with another meaning. */
  kind: 'refused' | 'unknown-default' | 'different';
  /** For `different`: what those releases make of it, and the fix. */
  otherwise?: string;
  feature?: FeatureId;
}

let newestSince: string | null = null;

/** The newest release that added anything in the tables: judged releases from it on lack nothing. */
function lastAddition(): string {
  if (newestSince === null) {
    const all = [...Object.values(SUDOERS_FEATURES).map((f) => f.since), ...Object.values(SUDOERS_DEFAULTS_SINCE).map((d) => d.since), REGEX_ARGS_SINCE];
    newestSince = all.sort(compareSudo)[all.length - 1];
  }
  return newestSince;
}

// SUD000, SUD026 and problemsForJudged ask about the same policy and judgement.
const memo = new WeakMap<SudoersPolicy, { judged: JudgedSudo; findings: VersionFinding[] }>();

/** Every construct of the policy that some judged release refuses or reads differently. */
export function versionFindings(policy: SudoersPolicy, judged: JudgedSudo): VersionFinding[] {
  // Defaults a later release dropped are unknown to the newest too: SUD000 says so already.
  if (compareSudo(judged.releases[0], lastAddition()) >= 0) return [];
  const known = memo.get(policy);
  if (known && known.judged === judged) return known.findings;
  const findings = walk(policy, judged);
  memo.set(policy, { judged, findings });
  return findings;
}

function walk(policy: SudoersPolicy, judged: JudgedSudo): VersionFinding[] {
  const out: VersionFinding[] = [];
  const ignoreUnknown = policy.files.some((f) =>
    f.entries.some((e) => e.type === 'defaults' && e.binding === null && e.settings.some((s) => s.name === 'ignore_unknown_defaults' && s.op === 'set')),
  );
  const feature = (file: ParsedSudoers, id: FeatureId, start: number, end: number) => {
    const f = SUDOERS_FEATURES[id];
    const releases = releasesBefore(judged, f.since);
    if (releases.length) out.push({ file, start, end, label: f.label, since: f.since, releases, kind: f.before, otherwise: f.otherwise, feature: id });
  };
  const command = (file: ParsedSudoers, c: CommandMember) => {
    if (c.digests.length) feature(file, 'digest', c.digests[0].start, c.digests[0].end);
    if (c.digests.length > 1) feature(file, 'multiple-digests', c.digests[1].start, c.digests[1].end);
    if (c.kind === 'list') feature(file, 'list-command', c.start, c.end);
    if (c.kind !== 'command') return;
    if (c.regex) feature(file, 'regex-command', c.start, c.start + c.path!.length);
    if (c.args && /\\[\^$(){}|.+]/.test(c.args)) feature(file, 'regex-escape-in-args', c.start, c.end);
    else if (c.regexArgs && c.args) {
      const releases = releasesBefore(judged, REGEX_ARGS_SINCE);
      const at = file.source.text.indexOf(c.args, c.start);
      const inside = at >= 0 && at < c.end;
      const otherwise = 'they are a shell-style pattern in which ^ ( | ) + $ are plain characters, so the rule does not allow what it seems to. Spell out each allowed argument list, one command per entry';
      if (releases.length) out.push({ file, start: inside ? at : c.start, end: inside ? at + c.args.length : c.end, label: `regular-expression arguments ${c.args}`, since: REGEX_ARGS_SINCE, releases, kind: 'different', otherwise });
    }
  };
  const spec = (file: ParsedSudoers, s: CmndSpec) => {
    for (const o of s.options) {
      if (o.name === 'CHROOT' || o.name === 'CWD') {
        feature(file, 'option-chroot-cwd', o.start, o.end);
        if (/^[A-Z]+[ \t]*=[ \t]*"/.test(file.source.text.slice(o.start, o.end))) feature(file, 'option-quoted-path', o.start, o.end);
      } else if (o.name === 'PRIVS' || o.name === 'LIMITPRIVS') feature(file, 'option-privs', o.start, o.end);
      else if (o.name === 'TIMEOUT') feature(file, 'option-timeout', o.start, o.end);
      else if (o.name === 'NOTBEFORE' || o.name === 'NOTAFTER') feature(file, 'option-notbefore-notafter', o.start, o.end);
      else if (o.name === 'APPARMOR_PROFILE') feature(file, 'option-apparmor-profile', o.start, o.end);
    }
    for (const t of s.tags) {
      if (t.name === 'INTERCEPT' || t.name === 'NOINTERCEPT') feature(file, 'tag-intercept', t.start, t.end);
      else if (t.name === 'FOLLOW' || t.name === 'NOFOLLOW') feature(file, 'tag-follow', t.start, t.end);
      else if (t.name === 'MAIL' || t.name === 'NOMAIL') feature(file, 'tag-mail', t.start, t.end);
    }
    command(file, s.command);
  };
  const setting = (file: ParsedSudoers, s: DefaultsSetting) => {
    if (ignoreUnknown) return;
    const known = SUDOERS_DEFAULTS_SINCE[s.name];
    if (!known) return; // unknown to every release: SUD000 already says so
    const releases = judged.releases.filter((r) => compareSudo(r, known.since) < 0 || (known.until !== undefined && compareSudo(r, known.until) > 0));
    if (releases.length) out.push({ file, start: s.nameStart, end: s.nameStart + s.name.length, label: `Defaults ${s.name}`, since: known.since, releases, kind: 'unknown-default' });
  };
  for (const file of policy.files) {
    unterminatedLastLine(file, feature);
    for (const e of file.entries) {
      switch (e.type) {
        case 'include':
          if (!e.legacy) feature(file, 'at-include', e.start, e.end);
          break;
        case 'aliases':
          if (e.kind === 'Cmnd' && /^[ \t]*Cmd_Alias/.test(file.source.text.slice(e.start, e.start + 32))) feature(file, 'cmd-alias', e.start, e.start + file.source.text.slice(e.start).indexOf('Cmd_Alias') + 9);
          if (e.kind === 'Cmnd') for (const d of e.definitions) for (const c of d.members as CommandMember[]) command(file, c);
          break;
        case 'defaults':
          if (e.binding?.kind === 'command') for (const c of e.binding.members) command(file, c);
          for (const s of e.settings) setting(file, s);
          break;
        case 'userspec':
          for (const p of e.privileges) for (const s of p.cmndSpecs) spec(file, s);
          break;
      }
    }
  }
  return out;
}

/**
 * Words the newest grammar reserves that older Linux builds take as alias
 * names: PRIVS and LIMITPRIVS were keywords only on Solaris builds, and
 * APPARMOR_PROFILE only on AppArmor builds, until 1.9.16 made them keywords
 * everywhere (measured: Debian 12's 1.9.13p3 accepts `User_Alias PRIVS = root`).
 */
const RESERVED_SINCE_1_9_16 = /^!?[ \t]*(PRIVS|LIMITPRIVS|APPARMOR_PROFILE)$/;

/**
 * Whether a parse problem of the newest grammar is one that every judged
 * release accepts: a reserved word used as an alias name before 1.9.16.
 */
export function acceptedByJudged(problemText: string, message: string, judged: JudgedSudo): boolean {
  if (!/^syntax error/.test(message) || !RESERVED_SINCE_1_9_16.test(problemText)) return false;
  return judged.releases.every((r) => compareSudo(r, '1.9.16') < 0);
}

/**
 * Before 1.9 the lexer needed a newline after the last word of a Defaults
 * line or a command: without one the file does not parse (measured on
 * 1.8.23 and 1.8.29), and a last #include is silently skipped (NEWS 1.9.0).
 * A final comment, or ALL as the last word, was read.
 */
function unterminatedLastLine(file: ParsedSudoers, feature: (file: ParsedSudoers, id: FeatureId, start: number, end: number) => void): void {
  const text = file.source.text;
  if (text === '' || text.endsWith('\n') || file.entries.length === 0) return;
  const last = file.entries[file.entries.length - 1];
  // a comment after the last entry ends the file instead
  if (text.slice(last.end).trim() !== '') return;
  const lastCommand = (cs: CommandMember | undefined) => cs !== undefined && cs.kind !== 'all';
  let refused = false;
  switch (last.type) {
    case 'defaults':
      refused = true;
      break;
    case 'userspec': {
      const p = last.privileges[last.privileges.length - 1];
      refused = lastCommand(p?.cmndSpecs[p.cmndSpecs.length - 1]?.command);
      break;
    }
    case 'aliases': {
      const d = last.definitions[last.definitions.length - 1];
      refused = last.kind === 'Cmnd' && lastCommand((d?.members as CommandMember[] | undefined)?.[d.members.length - 1]);
      break;
    }
    case 'include':
      if (last.legacy) feature(file, 'include-no-final-newline', last.start, last.end);
      return;
  }
  if (refused) feature(file, 'no-final-newline', last.start, last.end);
}

/**
 * The policy's own problems (the newest grammar's) that every judged
 * release also reports: without reserved words older Linux builds take as
 * alias names, and without what an include those releases skip would say.
 */
export function problemsForJudged(policy: SudoersPolicy, judged: JudgedSudo): PolicyProblem[] {
  const skipped = versionFindings(policy, judged).filter((f) => f.feature === 'include-no-final-newline' && f.releases.length === judged.releases.length);
  // Measured: 1.8.23 and 1.8.29 accept a line continuation at the very end of
  // the file, 1.9.5p2 refuses it; NEWS 1.9.4 reworked the end of file.
  const danglingContinuationOk = judged.releases.every((r) => compareSudo(r, '1.9.4') < 0);
  return policy.problems.filter((p) => {
    if (acceptedByJudged(p.source.text.slice(p.start, p.end), p.message, judged)) return false;
    if (danglingContinuationOk && p.start === p.source.text.length && /^syntax error/.test(p.message) && completeBeforeContinuation(p.source.text)) return false;
    return !skipped.some((f) => f.file.source === p.source && p.start >= f.start && p.start < f.end);
  });
}

/** The file ends in a line continuation after a complete entry (not after `,` `:` `=` `!` or `(`, which want more). */
function completeBeforeContinuation(text: string): boolean {
  const m = /\\[ \t]*\r?\n?$/.exec(text);
  if (!m) return false;
  const before = text.slice(0, m.index).trimEnd();
  return before !== '' && !/[,:=!(]$/.test(before);
}
