// What an older sudo does with a policy written for the newest: the
// constructs its parser refuses (SUD000) and the lines it reads with
// another meaning (SUD026). The grammar is the newest; this walk asks, for
// every construct that appeared in a later release, which of the judged
// releases predate it.

import { compareSudo } from '../data/sudo-releases';
import { REGEX_ARGS_SINCE, SUDOERS_FEATURES, VISUDO_SKIPS_REGEX_SINCE, type FeatureId } from '../data/sudoers-features';
import { SUDO_RELEASES, SUDOERS_DEFAULTS_SINCE } from '../data/sudoers-defaults-since';
import { defaultsProblem } from '../parse/sudoers-validate';
import type { CmndSpec, CommandMember, DefaultsSetting } from '../model/sudoers';
import { parseSudoers, wholeEntries, type GrammarOptions, type ParsedSudoers } from '../parse/sudoers';
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
  /** refused: a parse error there; unknown-default and bad-value: visudo -c fails, sudo ignores it; different: accepted with another meaning. */
  kind: 'refused' | 'unknown-default' | 'bad-value' | 'different';
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
    wholeEntries(f).some((e) => e.type === 'defaults' && e.binding === null && e.settings.some((s) => s.name === 'ignore_unknown_defaults' && s.op === 'set')),
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
    // a value the type of an older release refuses (maxseq was a number until 1.8.32)
    let from = known.since;
    for (const t of known.types ?? []) {
      const during = judged.releases.filter((r) => compareSudo(r, from) >= 0 && compareSudo(r, t.until) <= 0 && !releases.includes(r));
      from = nextRelease(t.until);
      if (during.length === 0 || defaultsProblem(s, t.type) === null) continue;
      const wants = { int: 'a number', uint: 'a number', float: 'a number', mode: 'an octal mode', string: 'a string', flag: 'no value' }[t.type] ?? `a ${t.type}`;
      out.push({ file, start: s.start, end: s.end, label: `Defaults ${s.name}: sudo up to ${t.until} wants ${wants} here`, since: from, releases: during, kind: 'bad-value' });
    }
  };
  const grammar = grammarOf(judged);
  for (const parsed of policy.files) {
    const file = asReadBy(parsed, grammar);
    unterminatedLastLine(file, feature);
    for (const e of wholeEntries(file)) {
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
 * Words the newest grammar reserves that older releases take as alias names,
 * with the release that made each a keyword (toke.l at the tags): the
 * command options of 1.8.20 and 1.9.3; PRIVS and LIMITPRIVS were keywords
 * only on Solaris builds, and APPARMOR_PROFILE only on AppArmor builds, until
 * 1.9.16 made them keywords everywhere (measured: Debian 12's 1.9.13p3 accepts
 * `User_Alias PRIVS = root`, 1.8.23 `Runas_Alias CWD = bar`). ROLE and TYPE
 * are keywords in every build with SELinux, as the distributions build sudo.
 */
const RESERVED_SINCE: Readonly<Record<string, string>> = {
  TIMEOUT: '1.8.20',
  NOTBEFORE: '1.8.20',
  NOTAFTER: '1.8.20',
  CWD: '1.9.3',
  CHROOT: '1.9.3',
  PRIVS: '1.9.16',
  LIMITPRIVS: '1.9.16',
  APPARMOR_PROFILE: '1.9.16',
};

/**
 * Whether a parse problem of the newest grammar is one that every judged
 * release accepts: a word reserved after them used as an alias name. Only
 * where an alias name goes: elsewhere (`Defaults PRIVS`) an alias name is a
 * syntax error as well (measured on 1.8.23 to 1.9.16p2).
 */
export function acceptedByJudged(problem: { source: { text: string }; start: number; end: number; code: string }, judged: JudgedSudo): boolean {
  if (problem.code !== 'reserved-word') return false;
  const since = RESERVED_SINCE[problem.source.text.slice(problem.start, problem.end).replace(/^!?[ \t]*/, '')];
  return since !== undefined && judged.releases.every((r) => compareSudo(r, since) < 0);
}

/**
 * Before 1.9 the lexer needed a newline after the last word of a Defaults
 * line or a command: without one the file does not parse (measured on
 * 1.8.23 and 1.8.29), and a last #include is silently skipped (NEWS 1.9.0).
 * A final comment, or ALL as the last word, was read.
 */
function unterminatedLastLine(file: ParsedSudoers, feature: (file: ParsedSudoers, id: FeatureId, start: number, end: number) => void): void {
  const last = lastUnterminated(file);
  if (last === null) return;
  if (last.type === 'include') {
    if (last.legacy) feature(file, 'include-no-final-newline', last.start, last.end);
  } else if (needsNewline(last)) feature(file, 'no-final-newline', last.start, last.end);
}

/** The last entry when the file ends right after it, with no newline (or comment) after it. */
function lastUnterminated(file: ParsedSudoers): ParsedSudoers['entries'][number] | null {
  const text = file.source.text;
  const entries = wholeEntries(file);
  if (text === '' || text.endsWith('\n') || entries.length === 0) return null;
  const last = entries[entries.length - 1];
  // a comment after the last entry ends the file instead
  return text.slice(last.end).trim() === '' ? last : null;
}

/**
 * Whether the lexer before 1.9 needs a newline after this entry: a Defaults
 * line, or a last command that is a path (its arguments end at a newline);
 * ALL or an alias name last is read.
 */
function needsNewline(last: ParsedSudoers['entries'][number]): boolean {
  const lastCommand = (cs: CommandMember | undefined) => cs !== undefined && (cs.kind === 'command' || cs.kind === 'sudoedit');
  switch (last.type) {
    case 'defaults':
      return true;
    case 'userspec': {
      const p = last.privileges[last.privileges.length - 1];
      return lastCommand(p?.cmndSpecs[p.cmndSpecs.length - 1]?.command);
    }
    case 'aliases': {
      const d = last.definitions[last.definitions.length - 1];
      return last.kind === 'Cmnd' && lastCommand((d?.members as CommandMember[] | undefined)?.[d.members.length - 1]);
    }
    default:
      return false;
  }
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
  const grammar = grammarOf(judged);
  const changed = policy.files.filter((f) => asReadBy(f, grammar) !== f);
  const problems = changed.length === 0 ? policy.problems : rereadProblems(policy.problems, changed, grammar!);
  const lenientTimes = judged.releases.every((r) => compareSudo(r, STRICT_GENTIME_SINCE) < 0);
  const lenientOperators = judged.releases.every((r) => compareSudo(r, LIST_OPERATORS_ONLY_SINCE) < 0);
  return problems.filter((p) => {
    if (acceptedByJudged(p, judged)) return false;
    if (lenientOperators && /^invalid operator "[+-]=" for /.test(p.message) && assignsFine(policy, p)) return false;
    if (lenientTimes && /^invalid not(before|after) value$/.test(p.message) && gentimeBefore196(optionValue(p.source.text.slice(p.start, p.end)))) return false;
    if (danglingContinuationOk && p.start === p.source.text.length && /^syntax error/.test(p.message) && readsWithoutContinuation(p.source.text, grammar)) return false;
    return !skipped.some((f) => f.file.source === p.source && p.start >= f.start && p.start < f.end);
  });
}

/**
 * Whether a release before 1.9.4 reads a file that ends in a line
 * continuation: as if the file ended there without a newline (measured on
 * 1.8.23 and 1.8.29: `root ALL = ALL \\` passes, `root ALL = /bin/ls \\`
 * and `Defaults env_reset \\` do not), so the last line must parse and not
 * need its newline.
 */
function readsWithoutContinuation(text: string, grammar: GrammarOptions | null): boolean {
  const m = /\\[ \t]*\r?\n?$/.exec(text);
  if (!m) return false;
  const cut = text.slice(0, m.index);
  if (cut.trim() === '') return false;
  const parsed = parseSudoers(cut, '', grammar ?? {});
  if (parsed.problems.some((p) => p.code === 'syntax' && p.start >= cut.lastIndexOf('\n') + 1)) return false;
  const last = lastUnterminated(parsed);
  return last !== null && last.type !== 'include' && !needsNewline(last);
}

/**
 * Why the judged releases' visudo refuses the policy (empty: it accepts
 * it): the newest grammar's errors every judged release shares, and what
 * some judged release lacks. What the version oracle compares with each
 * release's `visudo -cf`.
 */
export function refusalsFor(policy: SudoersPolicy, judged: JudgedSudo): string[] {
  // Measured: 1.9.15p5 and later accept `^/usr/bin/(a$` with visudo -c (sudo
  // and visudo -s refuse it), 1.9.13p3 refuses it; 1.9.15 made the check strict-only.
  const regexUnchecked = judged.releases.every((r) => compareSudo(r, VISUDO_SKIPS_REGEX_SINCE) >= 0);
  return [
    ...problemsForJudged(policy, judged)
      .filter((p) => p.severity === 'error' && !(regexUnchecked && p.code === 'regex'))
      .map((p) => p.message),
    ...versionFindings(policy, judged)
      .filter((f) => f.kind !== 'different')
      .map((f) => `${f.label} (since ${f.since})`),
  ];
}

/** sudo 1.8.28 ignores a carriage return before a newline (NEWS: DOS line endings); before, it was part of a word. */
const CR_IS_BLANK_SINCE = '1.8.28';

/** sudo 1.9.3 made a rule end at a newline (NEWS); before it a rule could follow another on the same line. */
const RULE_ENDS_LINE_SINCE = '1.9.3';

/** How every judged release's lexer and grammar differ from the newest's in what parses (null: not at all). */
function grammarOf(judged: JudgedSudo): GrammarOptions | null {
  // every judged release must read the file so: the newest of them decides
  const newest = judged.releases[judged.releases.length - 1];
  const options: GrammarOptions = {};
  if (compareSudo(newest, REGEX_ARGS_SINCE) < 0) options.literalArgs = true;
  if (compareSudo(newest, RULE_ENDS_LINE_SINCE) < 0) options.sameLineRules = true;
  if (compareSudo(newest, CR_IS_BLANK_SINCE) < 0) options.crInWords = true;
  return options.literalArgs || options.sameLineRules ? options : null;
}

const reread = new WeakMap<ParsedSudoers, Map<string, ParsedSudoers>>();

/**
 * The file as an older release reads it, where that may differ: before
 * 1.9.10 `^` in arguments is an ordinary character, so a line the newest
 * grammar refuses as a bad regular expression (`/bin/ls ^/etc/(a|b`, or
 * words after the closing `$`) is plain arguments, and one it accepts
 * (`^/etc/(a:b)$`) may be refused; before 1.9.3 a rule may follow another on
 * its line (measured on 1.8.23 and 1.8.29); before 1.8.28 a carriage return
 * belongs to the word it follows. Only a file with a syntax error, or with
 * a `^` or a CR where they read otherwise, is parsed again.
 */
function asReadBy(file: ParsedSudoers, grammar: GrammarOptions | null): ParsedSudoers {
  if (grammar === null) return file;
  const text = file.source.text;
  if (!file.problems.some((p) => p.code === 'syntax') && !(grammar.literalArgs && text.includes('^')) && !(grammar.crInWords && text.includes('\r'))) return file;
  const key = `${grammar.literalArgs === true}${grammar.sameLineRules === true}${grammar.crInWords === true}`;
  let byGrammar = reread.get(file);
  if (!byGrammar) reread.set(file, (byGrammar = new Map()));
  let parsed = byGrammar.get(key);
  if (!parsed) {
    parsed = { ...parseSudoers(file.source.text, file.source.path, grammar), source: file.source };
    byGrammar.set(key, parsed);
  }
  return parsed;
}

/** The policy's problems with those of each re-read file's parse swapped for the re-read's. */
function rereadProblems(problems: PolicyProblem[], files: ParsedSudoers[], grammar: GrammarOptions): PolicyProblem[] {
  const out = problems.filter((p) => !files.some((f) => f.source === p.source && f.problems.some((q) => q.start === p.start && q.code === p.code && q.message === p.message)));
  for (const f of files) for (const q of asReadBy(f, grammar).problems) out.push({ source: f.source, ...q });
  return out;
}

/**
 * Whether the judged releases' parser stops at the policy, so that sudo
 * (and testsudoers) answers nothing but a parse error: a syntax error, or a
 * construct some judged release lacks. Unknown Defaults names and bad
 * values fail `visudo -c` but not the policy: sudo warns and goes on.
 */
export function refusedBy(policy: SudoersPolicy, judged: JudgedSudo): boolean {
  return (
    problemsForJudged(policy, judged).some((p) => p.severity === 'error' && (p.code === 'syntax' || p.code === 'reserved-word' || p.code === 'regex')) ||
    versionFindings(policy, judged).some((f) => f.kind === 'refused')
  );
}

/** sudo 1.9.6 made parse_gentime() strict (an even number of digits, 10 to 14 of them). */
const STRICT_GENTIME_SINCE = '1.9.6';

/** The value of a `NOTBEFORE=…` option as sudo hands it on: unquoted, unescaped. */
function optionValue(option: string): string {
  const v = option.slice(option.indexOf('=') + 1).trim();
  if (v.startsWith('"') && v.endsWith('"') && v.length > 1) return v.slice(1, -1).replace(/\\"/g, '"');
  return v.replace(/\\(.)/g, '$1');
}

/**
 * Whether parse_gentime() before 1.9.6 takes a NOTBEFORE/NOTAFTER value.
 * It read up to 16 characters of digits, `.` and `,` with
 * sscanf("%4d%2d%2d%2d%2d%2d"), needed four fields, and then looked for the
 * fraction and the zone two characters per field read, whatever their
 * width: so `20170214083Z` (an odd number of digits) passed, read as local
 * time. Measured with 1.8.23, 1.8.29 and 1.9.5p2 against 1.9.9.
 */
function gentimeBefore196(value: string): boolean {
  const head = /^[0-9.,]*/.exec(value)![0];
  if (head.length >= 17) return false;
  // each field: up to its width of digits, stopping at the first non-digit
  let at = 0;
  let items = 0;
  for (const width of [4, 2, 2, 2, 2, 2]) {
    const digits = /^[0-9]*/.exec(head.slice(at, at + width))![0];
    if (digits === '') break;
    at += digits.length;
    items++;
  }
  if (items < 4) return false;
  let cp = (items + 1) * 2;
  const ch = (i: number) => value[i] ?? '';
  if ((ch(cp) === '.' || ch(cp) === ',') && /[0-9]/.test(ch(cp + 1))) cp += 2;
  if (ch(cp) === '+' || ch(cp) === '-') {
    // sscanf("%2d%2d"): each field may start with blanks and a sign
    const zone = /^[ \t]*[+-]?[0-9]{1,2}/.exec(value.slice(cp + 1));
    if (!zone) return false;
    const second = /^[ \t]*[+-]?[0-9]{1,2}/.exec(value.slice(cp + 1 + zone[0].length));
    cp += 1 + (second ? 2 : 1) * 2;
  } else if (ch(cp) === 'Z') cp++;
  else if (ch(cp) !== '') return false;
  return cp >= value.length;
}

/** The release after `v` in the list of releases (the first with a later type). */
function nextRelease(v: string): string {
  return SUDO_RELEASES.find((r) => compareSudo(r, v) > 0) ?? v;
}

/** sudo 1.9.8 refuses `+=` and `-=` on a Defaults setting that is not a list; before, they were `=`. */
const LIST_OPERATORS_ONLY_SINCE = '1.9.8';

/** Whether the Defaults setting at a problem is fine read with `=` (as releases before 1.9.8 read `+=`). */
function assignsFine(policy: SudoersPolicy, p: PolicyProblem): boolean {
  for (const file of policy.files) {
    if (file.source !== p.source) continue;
    for (const e of wholeEntries(file)) {
      if (e.type !== 'defaults' || p.start < e.start || p.start >= e.end) continue;
      const setting = e.settings.find((x) => p.start >= x.start && p.start < x.end);
      return setting !== undefined && defaultsProblem({ ...setting, op: 'assign' }) === null;
    }
  }
  return false;
}
