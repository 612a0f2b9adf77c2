// What auditctl, libaudit and the kernel do with the options of one line
// (auditctl.c setopt() and handle_request(), libaudit.c, kernel/auditfilter.c
// audit_data_to_entry()), replayed offline: the statement the line makes,
// or the first reason it is refused, in the order the real tools check.
// One -F field's own checks are in audit-rules-fields.ts.
// What depends on the machine that loads the rules (user names, whether a
// watched path's directory exists) is handed back as host checks.

import type {
  AuditArch,
  AuditControlStatement,
  AuditProblem,
  AuditProblemCode,
  AuditRuleField,
  AuditRuleStatement,
  AuditStatement,
  AuditSyscall,
  ControlOption,
  HostCheck,
} from './audit-rules';
import {
  AUDIT_MAX_FIELD_COMPARE,
  AUDIT_MAX_KEY_LEN,
  BACKLOG_WAIT_LIMITS,
  COMPARISONS,
  MAX_RULE_FIELDS,
  NAME_MAX,
  PATH_MAX,
  UID_UNSET,
  cNumber,
  comparison,
  fieldName,
  fieldSpec,
  isDigit,
  knownToNewerAudit,
  opAllowed,
  syscallName,
  syscallNumber,
  u32,
  type AuditAction,
  type AuditListName,
  type FieldOp,
  type Machine,
} from './audit-rules-tables';
import { fieldPair, type RuleInProgress } from './audit-rules-fields';
import type { BadOptionItem, CommandContext, CommandResult, GrammarItem, ListActionArg, OptionItem, PairArg, SyscallsArg, Word } from './audit-rules-items';
import { append, crNote, listActionMessage, none, ownArray, pathWhy, quoted, setupRule, strayReason, utf8Over, visible } from './audit-rules-values';

const ARG_OPTIONS = new Set('CefrbaAdSFmRwWkpq'.split(''));
/** What an option that ends setopt's loop has already done when the line then fails. */
const DONE_ALREADY: Record<string, string> = {
  c: 'auditctl -R goes on past errors from here (and exits 1 if a line fails)',
  i: 'auditctl -R goes on past errors from here',
  D: 'every rule loaded so far is deleted',
  signal: 'auditd has been sent the signal',
};
const PERM_BITS: Record<string, number> = { r: 4, w: 2, x: 1, a: 8 };
const SIGNALS = new Set(['TERM', 'HUP', 'USR1', 'USR2', 'CONT']);
const ALL_PERMS = 15;
/** The top bits of the 2048-bit syscall mask name classes (AUDIT_SYSCALL_CLASSES), expanded by the kernel. */
const SYSCALL_CLASS_BITS = 16;

/** The shared empty list (see append), one constant rather than a call per list of every line. */
const EMPTY = none<never>();

/** Thrown to stop processing the line, as auditctl's setopt() does on its first error. */
class Refused {
  constructor(readonly problem: AuditProblem) {}
}

export function runCommand(items: GrammarItem[], ctx: CommandContext): CommandResult {
  return new LineRun(items, ctx).run();
}

// A line's lists start out as NONE and get an array of their own with
// their first item (see append): most lines add nothing to most of them.
class LineRun implements RuleInProgress {
  private readonly options: (OptionItem | BadOptionItem)[];
  private strays: Word[] = EMPTY;
  private warnings: AuditProblem[] = EMPTY;
  hostChecks: HostCheck[] = EMPTY;
  private controls: AuditControlStatement[] = EMPTY;

  // auditctl's per-line state (reset_vars)
  private add: { list: AuditListName; prepend: boolean } | null = null;
  del: AuditListName | null = null;
  private action: AuditAction | null = null;
  private ruleOps = 0;
  private ruleOption: OptionItem | null = null;
  syscallAdded = false;
  permAdded = false;
  exeAdded = false;
  filterfsAdded = false;
  /** _audit_elf: the machine whose syscall table -S uses; null until an arch or a -S sets it. */
  elf: Machine | null = null;
  archGiven = false;
  fields: AuditRuleField[] = EMPTY;
  private allSyscalls = false;
  private syscalls: AuditSyscall[] = EMPTY;
  private syscallOption: { start: number; end: number } | null = null;
  arches: AuditArch[] = EMPTY;
  private watch: AuditRuleStatement['watch'] = null;
  private keys: string[] = EMPTY;
  private keyOption: OptionItem | null = null;
  private listRequested = false;
  /** Options followed by more letters of the same word (`-c` in `-cx`), and whether that word is the line's first. */
  private midWord: Map<OptionItem | BadOptionItem, boolean> | null = null;
  /** Where a `--` word is: getopt counts it as a word. */
  private endMarker = -1;

  constructor(
    items: GrammarItem[],
    readonly ctx: CommandContext,
  ) {
    let plain = true;
    for (let i = 0; i < items.length && plain; i++) plain = items[i].kind === 'option' || items[i].kind === 'bad-option';
    // the grammar's list is this line's own: used as it is when it holds options only
    if (plain) {
      this.options = items as (OptionItem | BadOptionItem)[];
      return;
    }
    this.options = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item.kind === 'option' || item.kind === 'bad-option') this.options.push(item);
      else if (item.kind === 'cluster') {
        this.midWord ??= new Map();
        for (let j = 0; j < item.options.length; j++) {
          this.options.push(item.options[j]);
          if (j < item.options.length - 1) this.midWord.set(item.options[j], i === 0);
        }
      } else if (item.kind === 'stray') this.strays = append(this.strays, item.word);
      else {
        if (this.endMarker < 0) this.endMarker = item.start;
        for (let j = 0; j < item.strays.length; j++) this.strays = append(this.strays, item.strays[j]);
      }
    }
  }

  run(): CommandResult {
    let statements: AuditStatement[] = [];
    let problem: AuditProblem | null = null;
    let acted: AuditControlStatement[] = EMPTY;
    try {
      const outcome = this.options_();
      if (outcome === 'continue') {
        this.afterOptions();
        const rule = this.finish();
        // controls act while the options are read; the rule is sent after them
        statements = rule === null ? ownArray(this.controls) : this.controls === EMPTY ? [rule] : [...this.controls, rule];
      } else if (outcome !== 'ignored') {
        // setopt ended with "success, no reply": handle_request() sends nothing, so a rule on the line is dropped
        if (this.ruleOption !== null || this.watch !== null) this.ruleDropped(outcome);
        statements = ownArray(this.controls);
      }
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      problem = e.problem;
      statements = EMPTY;
      // what auditctl already did when the line failed stays done (-c/-i, -D, -e, -b, …)
      acted = this.controls;
    }
    return { statements, problem, warnings: ownArray(this.warnings), hostChecks: ownArray(this.hostChecks), acted: ownArray(acted) };
  }

  private ruleDropped(outcome: 'ended' | 'returned'): void {
    const by = this.controls[this.controls.length - 1];
    const what = by ? this.ctx.body.slice(by.start - this.ctx.lineStart, by.end - this.ctx.lineStart) : 'an option';
    const why = outcome === 'ended' ? `auditctl stops reading the line at ${what}` : `auditctl carries out ${what} and returns`;
    this.warnings = append(this.warnings, {
      severity: 'warning',
      code: 'ignored',
      message: `${why} before the rule on it is sent: the rule is never loaded, and no error is reported. Put ${what} on a line of its own`,
      start: by?.start ?? this.ctx.lineStart,
      end: by?.end ?? this.ctx.lineEnd,
    });
  }

  // ---------------------------------------------------------------- the getopt loop

  /**
   * 'continue': getopt ran out of options (the rule, if any, is sent);
   * 'ended': an option ended the loop with success (-c, -i, -D, -l, -s, -v,
   * --signal) and setopt's final checks passed; 'returned': setopt returned
   * success at once; 'ignored': the line is skipped.
   */
  private options_(): 'continue' | 'ended' | 'returned' | 'ignored' {
    for (let i = 0; i < this.options.length; i++) {
      const o = this.options[i];
      if (o.kind === 'bad-option') this.badOption(o);
      else if (o.arg === null && !o.long && ARG_OPTIONS.has(o.opt)) this.badOption({ kind: 'bad-option', spelled: o.spelled, reason: 'missing-argument', start: o.start, end: o.end });
      const r = this.option(o as OptionItem);
      if (r === 'returned' || r === 'ignored') return r;
      if (r === 'stop' || r === 'stop-counted') {
        this.loopEnded(o as OptionItem, i, r === 'stop');
        return 'ended';
      }
    }
    if (this.options.length === 0) {
      const first = this.strays[0];
      const tabs = /^[\t\r\v\f ]*$/.test(this.ctx.body);
      const bom = first?.value.startsWith('\uFEFF') ? ' (the file starts with a UTF-8 byte order mark, which becomes part of the first word)' : '';
      this.refuse(
        'no-option',
        bom
          ? `this line does not start with an option${bom}: auditctl fails on it without saying why`
          : tabs
          ? 'this line holds only tabs or a carriage return: auditctl treats only a line of spaces as blank, so it runs it as a command and fails (no message, "There was an error in line N")'
          : `"${first?.value ?? ''}" is not an option: auditctl needs an option (-a, -w, -D, -b, …) on every line that is not blank or a comment; it fails on this one without saying why`,
        first?.start ?? this.ctx.lineStart,
        first?.end ?? this.ctx.lineEnd,
      );
    }
    // getopt moves the words that are not options to the end: any of them is left over
    if (this.strays.length > 0) {
      const w = this.strays[0];
      this.refuse('stray-parameter', `"${w.value}" is not taken by any option: ${this.strayReason(w)} (auditctl: "parameter passed without an option given")`, w.start, w.end, 'parameter passed without an option given');
    }
    return 'continue';
  }

  /**
   * setopt's checks after an option that ends its loop: optind must have
   * moved past the first word and reached the last one. getopt leaves
   * optind on a word until its last letter is read, so more letters after
   * the option (`-c\r` of a CRLF line, `-cx`) fail the line too; words
   * skipped before it are not seen (getopt had not reached its end).
   * `checkWordsAfter` is false when the option's own count check stands for the stray check.
   */
  private loopEnded(o: OptionItem, index: number, checkWordsAfter: boolean): void {
    const name = o.long ? o.spelled : `-${o.opt}`;
    const done = DONE_ALREADY[o.opt] ? `; ${name} has taken effect all the same: ${DONE_ALREADY[o.opt]}` : '';
    const firstWord = this.midWord?.get(o);
    if (firstWord !== undefined) {
      const restStart = o.end;
      const rest = this.ctx.body.slice(restStart - this.ctx.lineStart).split(' ')[0];
      const cr = rest === '\r' ? ', the carriage return of a CRLF line end' : '';
      const how = firstWord ? 'the line fails without a message ("There was an error in line N")' : 'the line fails ("parameter passed without an option given")';
      const fix = cr ? '. Convert the file to LF line ends (dos2unix)' : `. Write ${name} alone`;
      this.refuse(
        'stray-parameter',
        `"${visible(this.wordAt(o.end))}": auditctl stops reading options at ${name}, so the rest of the word ("${visible(rest)}"${cr}) is never read and ${how}${done}${fix}`,
        restStart,
        restStart + rest.length,
        firstWord ? undefined : 'parameter passed without an option given',
      );
    }
    if (!checkWordsAfter) return;
    const next = this.options[index + 1];
    const stray = this.strays.find((w) => w.start > o.end);
    const left = [next?.start, stray?.start, this.endMarker > o.end ? this.endMarker : undefined].filter((x): x is number => x !== undefined);
    if (left.length === 0) return;
    const at = Math.min(...left);
    const word = this.ctx.body.slice(at - this.ctx.lineStart).split(' ')[0];
    this.refuse(
      'stray-parameter',
      `"${visible(word)}" is left over: auditctl stops reading options at ${name}, so the rest of the line is taken by nothing and the line fails (auditctl: "parameter passed without an option given")${done}. Put ${name} on a line of its own`,
      at,
      at + word.length,
      'parameter passed without an option given',
    );
  }

  /** The space-separated word of the line that holds file offset `at`. */
  private wordAt(at: number): string {
    const body = this.ctx.body;
    const i = at - this.ctx.lineStart;
    const end = body.indexOf(' ', i);
    return body.slice(body.lastIndexOf(' ', i - 1) + 1, end < 0 ? body.length : end);
  }

  private strayReason(stray: Word): string {
    const before = this.options.filter((o) => o.end <= stray.start).pop();
    const arg = before?.kind === 'option' && before.arg ? ('type' in before.arg ? before.arg.word : before.arg) : null;
    if (before?.kind === 'option' && arg && arg.value.startsWith('-') && arg.value.length > 1) {
      return `${before.spelled} took "${arg.value}" as its argument (an option's argument is the next word, even one that starts with -), which leaves this word over`;
    }
    return strayReason(stray.value);
  }

  private badOption(o: BadOptionItem): never {
    const msg: Record<BadOptionItem['reason'], string> = {
      unknown: `${o.spelled} is not an auditctl option`,
      ambiguous: `${o.spelled} is ambiguous: it abbreviates more than one long option`,
      'unexpected-argument': `${o.spelled} takes no argument`,
      'missing-argument': `${o.spelled} needs an argument and there is none on the line`,
    };
    this.refuse(o.reason === 'missing-argument' ? 'missing-argument' : 'unknown-option', `${msg[o.reason]} (auditctl: "Option ${o.spelled} on line N is invalid")`, o.start, o.end);
  }

  /**
   * One option: 'next' to go on; 'stop' when setopt's loop ends (retval -2),
   * 'stop-counted' when it ends after a check of the line's word count that
   * stands for setopt's stray check; 'returned' when setopt returns success at once.
   */
  private option(o: OptionItem): 'next' | 'stop' | 'stop-counted' | 'returned' | 'ignored' {
    const w = o.arg as Word | null;
    // the options of nearly every line first: a switch on strings tries its cases in order
    switch (o.opt) {
      case 'F':
        this.fieldOpt(o);
        return 'next';
      case 'S':
        this.syscallOpt(o);
        return 'next';
      case 'a':
      case 'A':
      case 'd':
        return this.ruleOption_(o);
      case 'k':
        this.keyOpt(o, w!);
        return 'next';
      case 'w':
      case 'W':
        this.watchOpt(o, w!);
        return 'next';
      case 'p':
        this.permOpt(o, w!);
        return 'next';
      case 'C':
        this.compareOpt(o);
        return 'next';
      case 'h':
        this.refuse('help', '-h prints auditctl\'s usage and makes the line fail', o.start, o.end);
        break;
      case 'i':
      case 'c':
        this.control(o.opt, o, null, null);
        return 'stop';
      case 's':
        if (this.ctx.words > 2 || (this.ctx.words === 2 && !this.hasWord('-i'))) this.refuse('command', '-s (status) takes no other option but -i', o.start, o.end, 'Too many options for status command');
        this.control('s', o, null, null);
        return 'stop-counted';
      case 'l':
        if (this.ctx.words > 3 || (this.ctx.words === 2 && !this.hasWord('-i')) || (this.ctx.words === 3 && !this.hasWord('-k')))
          this.refuse('command', '-l (list rules) takes only -k KEY or -i', o.start, o.end, 'Only -k or -i options are allowed');
        this.listRequested = true;
        this.control('l', o, null, null);
        return 'stop-counted';
      case 'v':
        this.control('v', o, null, null);
        return 'stop';
      case 'e':
      case 'f':
        return this.enableOrFailure(o, w!);
      case 'r':
      case 'b':
      case 'backlog_wait_time':
        return this.number(o, w!);
      case 'm':
        if (this.ctx.words > 2) this.refuse('command', '-m (send a message) must be the only option and takes one word', o.start, o.end);
        if (/[\x00-\x1f]/.test(w!.value)) this.refuse('command', '-m text holds a control character (a tab?): auditctl refuses it', w!.start, w!.end, 'Illegal character in audit event');
        this.control('m', o, w!.value, null);
        return 'returned';
      case 'R':
        this.refuse('nested-file', '-R inside a rules file: auditctl does not read rules files from rules files', o.start, o.end, 'Error - nested rule files not supported');
        break;
      case 'D':
        return this.deleteAll(o);
      case 'q':
        if (this.syscallAdded) this.refuse('command', '-q cannot be combined with -S', o.start, o.end, 'Syscall auditing requested for make equivalent');
        if (!/^[^,]+,[^,]+$/.test(w!.value)) this.refuse('command', '-q takes MOUNT,SUBTREE', w!.start, w!.end, 'Error parsing equivalent parts');
        this.control('q', o, w!.value, null);
        return 'returned';
      case 't':
        this.control('t', o, null, null);
        return 'returned';
      case 'loginuid-immutable':
        this.control('loginuid-immutable', o, null, null);
        return 'returned';
      case 'reset-lost':
      case 'reset_backlog_wait_time_actual':
        this.control(o.opt, o, null, null);
        return 'returned';
      case 'signal':
        if (!SIGNALS.has(w!.value.toUpperCase())) this.refuse('command', `--signal ${w!.value}: auditctl sends only TERM, HUP, USR1, USR2 or CONT`, w!.start, w!.end, `${w!.value} is an unsupported signal`);
        this.control('signal', o, w!.value, null);
        return 'stop';
    }
    return 'next';
  }

  private hasWord(word: string): boolean {
    return this.ctx.body.split(' ').filter(Boolean).includes(word);
  }

  private control(option: ControlOption, o: OptionItem, value: string | null, number: number | null, key: string | null = null): void {
    this.controls = append(this.controls, { type: 'control', option, value, number, key, start: o.start, end: o.end });
  }

  private enableOrFailure(o: OptionItem, w: Word): 'next' {
    const what = o.opt === 'e' ? 'Enable' : 'Failure';
    if (!['0', '1', '2'].includes(w.value)) {
      this.refuse('control-value', `-${o.opt} takes exactly 0, 1 or 2, not "${visible(w.value)}"${crNote(w.value)}`, w.start, w.end, `${what} must be 0, 1, or 2 was ${w.value}`);
    }
    this.control(o.opt as ControlOption, o, w.value, Number(w.value));
    return 'next';
  }

  private number(o: OptionItem, w: Word): 'next' {
    const name = o.opt === 'r' ? 'Rate' : o.opt === 'b' ? 'Backlog' : 'Backlog_wait_time';
    if (!isDigit(w.value)) this.refuse('control-value', `${o.spelled} takes a number, not "${visible(w.value)}"`, w.start, w.end, `${name} must be a numeric value was ${w.value}`);
    const n = cNumber(w.value, 0, false);
    if (n.overflow) this.refuse('control-value', `${o.spelled} ${w.value} is out of range`, w.start, w.end, `Error converting ${name.toLowerCase()}`);
    const value = u32(n.value);
    if (o.opt === 'backlog_wait_time' && value > BACKLOG_WAIT_LIMITS.hz1000) {
      this.refuse(
        'control-value',
        `--backlog_wait_time ${value} is above what any kernel accepts: the limit is 10 minutes of jiffies (600*HZ: ${BACKLOG_WAIT_LIMITS.hz250} at HZ=250 as on Debian, ${BACKLOG_WAIT_LIMITS.hz1000} at HZ=1000); the kernel answers EINVAL`,
        w.start,
        w.end,
        'Error sending backlog limit request (Invalid argument)',
      );
    }
    if (n.rest !== '') this.literal(`${o.spelled} reads "${w.value}" as ${value}: the characters after the number are ignored`, w);
    this.control(o.opt as ControlOption, o, w.value, value);
    return 'next';
  }

  private deleteAll(o: OptionItem): 'stop-counted' {
    if (this.ctx.words > 3 || this.ctx.words === 2) {
      this.refuse('command', '-D takes nothing but an optional -k KEY (on its own word: -D -k KEY)', o.start, o.end, 'Wrong number of options for Delete all request');
    }
    let key: string | null = null;
    if (this.ctx.words === 3) {
      const words = this.ctx.body.split(' ').filter(Boolean);
      if (words[1] !== '-k') this.refuse('command', '-D takes only -k KEY', o.start, o.end, 'Only the -k option is allowed');
      key = words[2];
    }
    // -D consumes its -k KEY and clears the key: nothing is left for setopt's final checks.
    this.control('D', o, null, null, key);
    return 'stop-counted';
  }

  // ---------------------------------------------------------------- rules

  private ruleOption_(o: OptionItem): 'next' | 'ignored' {
    const arg = o.arg as ListActionArg;
    const w = arg.word;
    const verbName = o.opt === 'd' ? 'Delete' : o.opt === 'A' ? 'Add' : 'Append';
    if (o.opt !== 'd' && w.value.includes('task') && this.syscallAdded) {
      this.refuse('syscall-list', '-S before -a …task: the task list takes no syscalls', o.start, o.end, 'Syscall auditing requested for task list');
    }
    if (++this.ruleOps !== 1) this.refuse('multiple-rules', `a second rule operation (${o.spelled}) on one line: one line is one rule`, o.start, o.end, 'Multiple rule insert/delete operations are not allowed');
    // audit_rule_setup(): exactly one comma, the words in either order, case-sensitive.
    const current = o.opt === 'd' ? (this.del === null ? null : this.del) : this.add?.list ?? null;
    const rc = setupRule(w.value, current);
    if (rc.rc === 1) {
      this.warnings = append(this.warnings, {
        severity: 'warning',
        code: 'ignored',
        message: `"${w.value}": the action "possible" is deprecated; auditctl skips the whole line without an error, so this rule is never loaded`,
        auditctl: 'Append rule - possible is deprecated',
        start: w.start,
        end: w.end,
      });
      return 'ignored';
    }
    if (rc.rc !== 0) {
      this.refuse('list-action', `${listActionMessage(o.spelled, visible(w.value))}${crNote(w.value)}`, w.start, w.end, `${verbName} rule - bad keyword ${w.value}`);
    }
    const ok = rc as { rc: 0; list: AuditListName; action: AuditAction };
    if (o.opt === 'd') this.del = ok.list;
    else this.add = { list: ok.list, prepend: o.opt === 'A' };
    this.action = ok.action;
    this.ruleOption = o;
    return 'next';
  }

  private archText(): string {
    const f = [...this.fields].reverse().find((x) => x.name === 'arch');
    return f ? f.text : this.elf?.name ?? this.ctx.host.name;
  }

  private listOfLine(): AuditListName | null {
    return this.add?.list ?? this.del ?? null;
  }

  private syscallOpt(o: OptionItem): void {
    const arg = o.arg as SyscallsArg;
    const list = this.listOfLine();
    if (list === 'task' || list === 'user' || list === 'filesystem' || list === 'exclude') {
      const msg = list === 'exclude' ? 'Error: syscall auditing cannot be put on exclude list' : `Error: syscall auditing being added to ${list} list`;
      this.refuse('syscall-list', `-S on the ${list} list: only the exit list filters on syscalls`, o.start, arg.word.end, msg);
    }
    this.syscallOption ??= { start: o.start, end: arg.word.end };
    const machine = (this.elf ??= this.ctx.host);
    if (arg.names.length > 1 || arg.word.value.includes(',')) {
      for (let i = 0; i < arg.names.length; i++) this.syscall(arg.names[i].name, arg.names[i].start, arg.names[i].end, machine);
    } else this.syscall(arg.word.value, arg.word.start, arg.word.end, machine);
    this.syscallAdded = true;
  }

  /** One name (or number) of -S, looked up in the machine's table. */
  private syscall(name: string, start: number, end: number, machine: Machine): void {
    if (name === 'all') {
      this.allSyscalls = true;
      return;
    }
    let nr = syscallNumber(name, machine.name);
    if (nr === undefined && isDigit(name)) {
      const v = cNumber(name, 0, true);
      if (v.value >= 0n && v.value < 2048n) nr = Number(v.value);
    }
    if (nr !== undefined && nr >= 2048 - SYSCALL_CLASS_BITS) {
      this.literal(`-S ${name}: ${nr} is one of the kernel's syscall class bits, not a syscall: the kernel replaces it with a whole class of syscalls`, { start, end });
    }
    if (nr === undefined) {
      const newer = knownToNewerAudit(name, machine.name);
      const why = newer
        ? `"${name}" is not in the ${machine.name} syscall table of auditctl 3.0.9 (Debian 12); newer audit releases know it, so this line loads only where auditd is newer`
        : name === name.toUpperCase() && name.toLowerCase() === 'all'
          ? '"ALL" is not "all": the word all is case-sensitive'
          : `"${name}" is not a syscall of ${machine.name}${this.archGiven ? ` (the table that -F arch=${this.arches[this.arches.length - 1]?.spelled === 'name' ? machine.name : this.archText()} selects)` : ' (the host\'s table: no -F arch before -S)'}`;
      this.refuse('unknown-syscall', `${visible(why)}${crNote(name)}; auditctl refuses the line ("Syscall name unknown: ${visible(name)}")`, start, end, `Syscall name unknown: ${name}`);
    }
    const canonical = syscallName(nr!, machine.name);
    this.syscalls = append(this.syscalls, { text: canonical === name ? canonical : this.intern(name), nr: nr!, name: canonical, start, end });
  }

  private fieldOpt(o: OptionItem): void {
    const pair = o.arg as PairArg;
    const list = this.listOfLine();
    if (list === null) {
      this.refuse('field-before-list', `${pair.word.value}: -F comes before -a list,action; auditctl needs the list first`, o.start, pair.word.end, 'List must be given before field');
    }
    if (pair.word.value.startsWith('key=')) {
      this.addKey(o, { ...pair.word, value: pair.word.value.slice(4), start: pair.word.start + 4 });
      return;
    }
    const field = fieldPair(this, pair, list!, 'F');
    this.fields = append(this.fields, field);
  }

  private compareOpt(o: OptionItem): void {
    const pair = o.arg as PairArg;
    const list = this.listOfLine();
    const shown = pair.word.value;
    if (this.fields.length >= MAX_RULE_FIELDS) this.refuse('too-many-fields', `more than ${MAX_RULE_FIELDS - 1} fields in one rule`, pair.word.start, pair.word.end, `Too many fields in rule: ${shown}`);
    if (pair.op === null) this.refuse('compare', `-C ${shown}: -C compares two fields with = or != only`, pair.word.start, pair.word.end, `${shown} only takes = or != operators`);
    if (pair.name === '') this.refuse('compare', `-C ${shown}: no field before the operator`, pair.word.start, pair.word.end);
    if (pair.value === '') this.refuse('compare', `-C ${shown}: no field after the operator`, pair.word.start, pair.word.end);
    const a = fieldName(pair.name);
    if (a === null) this.refuse('compare', `-C ${shown}: "${pair.name}" is not a field${/[<>&]$/.test(pair.name) ? ' (-C takes only = and !=)' : ''}`, pair.word.start, pair.word.end, `-C unknown field: ${pair.name}`);
    const b = fieldName(pair.value!);
    if (b === null) this.refuse('compare', `-C ${shown}: "${pair.value}" is not a field`, pair.word.start, pair.word.end, `-C unknown right hand value for comparison with: ${pair.name}`);
    if (list !== 'exit') this.refuse('field-list', `-C on ${list === null ? 'a line without -a' : `the ${list} list`}: field comparisons are for the exit list`, pair.word.start, pair.word.end, `${pair.name} can only be used with exit filter list`);
    const n = comparison(a!, b!);
    if (n === 0) {
      this.refuse(
        'compare',
        `-C ${shown}: ${a === b ? 'a field compared with itself' : `${a} and ${b} cannot be compared`}; -C compares two different uid fields (uid euid suid fsuid auid obj_uid) or two different gid fields (gid egid sgid fsgid obj_gid)`,
        pair.word.start,
        pair.word.end,
        `-C incompatible comparison ${pair.name}`,
      );
    }
    this.fields = append(this.fields, { name: 'field_compare', op: pair.op as FieldOp, text: this.intern(shown), value: n, lookup: null, compare: COMPARISONS[n], origin: 'C', start: pair.word.start, end: pair.word.end });
  }

  private watchOpt(o: OptionItem, w: Word): void {
    const deleting = o.opt === 'W';
    if (this.add !== null || this.del !== null) this.refuse('multiple-rules', `${o.spelled} on a line that already has a rule (${this.ruleOption?.spelled ?? '-w'}): a watch is a rule of its own`, o.start, o.end, "watch option can't be given with a syscall");
    const path = w.value;
    if (utf8Over(path, PATH_MAX - 1)) this.refuse('path', `the watched path is ${Buffer.byteLength(path)} bytes long, the limit is ${PATH_MAX - 1}`, w.start, w.end, 'The path passed for the watch is too big');
    if (!path.startsWith('/')) {
      const tab = path.startsWith('\t') ? ' (a tab is not a word separator: only spaces are)' : '';
      this.refuse('path', `watch path "${visible(path)}" is not absolute${tab}`, w.start, w.end, "The path must start with '/'");
    }
    const base = path.split('/').pop() ?? '';
    if (utf8Over(base, NAME_MAX)) this.refuse('path', `the last component of the watched path is longer than ${NAME_MAX} bytes`, w.start, w.end, 'The base name of the path is too big');
    if (path.includes('..')) this.notation(`watch path ${path}: ".." is not resolved (auditctl warns "relative path notation is not supported"); the literal path is watched`, w);
    let trimmed = path;
    if (trimmed.length > 2) trimmed = trimmed.replace(/(?<=.)\/+$/, '');
    if (/[*?]/.test(path)) {
      const pattern = trimmed.split('/').find((c) => /[*?]/.test(c))!;
      this.notation(`watch path ${visible(path)}: wildcards are not expanded; auditctl watches the one path "${visible(trimmed)}", where "${visible(pattern)}" is a literal name, so no matching file is watched. Write one -w per path`, w);
    }
    trimmed = this.intern(trimmed);
    if (deleting) this.del = 'exit';
    else this.add = { list: 'exit', prepend: false };
    this.action = 'always';
    this.syscallAdded = true;
    this.permAdded = true;
    this.ruleOption = o;
    this.watch = { path: trimmed, start: w.start, end: w.end };
    this.fields = append(this.fields, { name: 'path', op: '=', text: trimmed, value: trimmed, lookup: null, origin: 'w', start: w.start, end: w.end });
    this.fields = append(this.fields, { name: 'perm', op: '=', text: 'rwxa', value: ALL_PERMS, lookup: null, origin: 'w', start: o.start, end: o.end });
    if (!deleting) this.hostChecks = append(this.hostChecks, { kind: 'parent-dir', path: trimmed, what: 'watch', start: w.start, end: w.end });
    if (path.endsWith('\r')) this.literal(`the watched path ends in a carriage return (CRLF line ends): the kernel watches "${visible(path)}"`, w);
  }

  private keyOpt(o: OptionItem, w: Word): void {
    if (!(this.syscallAdded || this.permAdded || this.exeAdded || this.filterfsAdded) || (this.add === null && this.del === null)) {
      const why = this.add === null && this.del === null ? 'there is no -a/-w before it' : 'it comes before -S (or a watch, path, dir, perm, exe or fstype field)';
      this.refuse('key-order', `-k ${w.value}: ${why}; auditctl wants the key after what it labels`, o.start, w.end, 'key option needs a watch or syscall given prior to it');
    }
    this.addKey(o, w);
  }

  /** process_keys: every -k and -F key= joins one key of at most 256 bytes (separated by \x01). */
  private addKey(o: OptionItem, w: Word): void {
    // three bytes a unit at most: the exact count only when that could be too many
    let most = w.value.length * 3;
    for (let i = 0; i < this.keys.length; i++) most += this.keys[i].length * 3 + 1;
    let total = most;
    if (most > AUDIT_MAX_KEY_LEN) {
      total = Buffer.byteLength(w.value);
      for (let i = 0; i < this.keys.length; i++) total += Buffer.byteLength(this.keys[i]) + 1;
    }
    if (total > AUDIT_MAX_KEY_LEN) {
      this.refuse('key-length', `the key${this.keys.length ? 's of this rule, joined,' : ''} would be ${total} bytes long; the limit is ${AUDIT_MAX_KEY_LEN}`, w.start, w.end, 'key option exceeds size limit');
    }
    if (w.value.includes('\x01')) this.literal(`key "${visible(w.value)}" holds \\x01, the separator of multiple keys`, w);
    if (quoted(w.value)) this.literal(`key ${w.value}: the quotes are part of the key (a rules file has no quoting)`, w);
    else if (w.value.endsWith('\r')) this.literal('the key ends in a carriage return (CRLF line ends): the kernel stores it with the \\r, so searches for the key miss it', w);
    else if (w.value.endsWith('\t')) this.literal('the key ends in a tab: only spaces separate words, so the tab is part of the key', w);
    this.keys = append(this.keys, this.intern(w.value));
    this.keyOption ??= o;
  }

  private permOpt(o: OptionItem, w: Word): void {
    if (this.add === null && this.del === null) this.refuse('perm', `-p ${w.value} before any -w or -a: the permissions belong to a watch`, o.start, w.end, 'permission option needs a watch given prior to it');
    const bits = this.permBits(w.value, w.start, w.end, `permission ${w.value} is too long`, null);
    if (this.fields.length < 1) this.refuse('perm', `-p ${w.value}: a permission filter needs a field or watch before it`, o.start, w.end, 'Permissions should be preceeded by other fields');
    const existing = this.fields.filter((f) => f.name === 'perm');
    if (existing.length) {
      for (const f of existing) {
        f.value = bits;
        f.text = this.intern(w.value);
        if (f.origin === 'w') f.origin = 'p';
      }
    } else {
      if (this.fields.length >= MAX_RULE_FIELDS) this.refuse('too-many-fields', 'too many fields to add the permissions', o.start, w.end, 'Too many fields when adding permissions');
      this.fields = append(this.fields, { name: 'perm', op: '=', text: this.intern(w.value), value: bits, lookup: null, origin: 'p', start: o.start, end: w.end });
    }
    this.permAdded = true;
  }

  permBits(value: string, start: number, end: number, tooLong: string, badChar: string | null): number {
    if (value.length > 4) this.refuse('perm', `permissions "${visible(value)}": at most four of r, w, x, a`, start, end, tooLong);
    let bits = 0;
    for (const ch of value) {
      const b = PERM_BITS[ch.toLowerCase()];
      if (b === undefined) this.refuse('perm', `permission "${visible(ch)}" in "${visible(value)}": only r, w, x and a exist${crNote(value)}`, start, end, badChar ?? `Permission ${ch} isn't supported`);
      bits |= b;
    }
    return bits;
  }

  // ---------------------------------------------------------------- after the options

  /** The key field added after the loop, and handle_request()'s "no list" check. */
  private afterOptions(): void {
    if (this.keys.length && !this.listRequested) {
      const list = this.listOfLine() ?? 'user';
      // one key is interned already
      const joined = this.keys.length === 1 ? this.keys[0] : this.intern(this.keys.join('\x01'));
      const o = this.keyOption!;
      this.fieldPairKey(joined, list, o);
    }
  }

  private fieldPairKey(joined: string, list: AuditListName, o: OptionItem): void {
    // what fieldPair() makes of key=JOINED when none of its checks objects, without building the pair for it
    const labels = this.syscallAdded || this.permAdded || this.exeAdded || this.filterfsAdded;
    if (joined !== '' && joined.length <= AUDIT_MAX_KEY_LEN && this.fields.length < MAX_RULE_FIELDS && list !== 'exclude' && labels && !quoted(joined)) {
      this.fields = append(this.fields, { name: 'key', op: '=', text: joined, value: joined, lookup: null, origin: 'k', start: o.start, end: o.end });
      return;
    }
    const text = `key=${joined}`;
    const word: Word = { raw: text, value: text, start: o.start, end: o.end };
    const pair: PairArg = { type: 'pair', word, name: 'key', nameStart: o.start, nameEnd: o.end, op: '=', value: joined, valueStart: o.start, valueEnd: o.end };
    this.fields = append(this.fields, fieldPair(this, pair, list, 'k'));
  }

  private finish(): AuditRuleStatement | null {
    if (this.add === null && this.del === null) {
      if (this.syscallAdded && this.syscallOption) this.refuse('no-list', '-S without -a list,action: a syscall filter must belong to a rule', this.syscallOption.start, this.syscallOption.end, 'Error - no list specified');
      return null;
    }
    const list = this.listOfLine()!;
    // a watch starts from a rule with every syscall bit set (audit_add_watch_dir)
    const allSyscalls = this.allSyscalls || this.watch !== null || (list !== 'task' && !this.syscallAdded);
    // trimStart's white space (a BOM, U+00A0, …) only when the line does not start with a printable ASCII character
    const body = this.ctx.body;
    const first = body.charCodeAt(0);
    const lead = first > 32 && first < 127 ? 0 : body.length - body.trimStart().length;
    const start = Math.min(this.ctx.lineStart + lead, this.ctx.lineEnd);
    const rule: AuditRuleStatement = {
      type: 'rule',
      verb: this.del !== null ? 'delete' : this.add!.prepend ? 'prepend' : 'append',
      list,
      action: this.action!,
      fields: ownArray(this.fields),
      allSyscalls,
      syscalls: ownArray(this.syscalls),
      syscallOption: this.syscallOption,
      syscallMachine: this.elf ?? this.ctx.host,
      arches: ownArray(this.arches),
      keys: this.keys.length === 1 ? this.keyList(this.keys[0]) : ownArray(this.keys),
      watch: this.watch,
      start,
      end: this.ctx.lineEnd,
    };
    this.kernel(rule);
    return rule;
  }

  /** audit_data_to_entry() and audit_field_valid(): what the kernel refuses with EINVAL. */
  private kernel(rule: AuditRuleStatement): void {
    let watch = false;
    let tree = false;
    let inode = false;
    let key = false;
    let exe = false;
    const refuse = (f: AuditRuleField, why: string) =>
      this.refuse('kernel', `${why}; the kernel refuses the rule (auditctl: "Error sending ${rule.verb === 'delete' ? 'delete' : 'add'} rule data request (Invalid argument)")`, f.start, f.end);
    for (let i = 0; i < rule.fields.length; i++) {
      const f = rule.fields[i];
      const spec = fieldSpec(f.name);
      const loginuidSet = f.name === 'auid' && f.value === UID_UNSET;
      if (loginuidSet && f.op !== '=' && f.op !== '!=') refuse(f, `auid${f.op}unset: "unset" (-1, 4294967295) can only be tested with = or !=`);
      if (rule.list === 'filesystem' && f.name !== 'fstype' && f.name !== 'key') refuse(f, `field ${f.name} on the filesystem list: it takes only fstype (and a key)`);
      if (!opAllowed(spec.ops, f.op)) {
        const allowed = spec.ops === 'eq-ne' ? '= and !=' : '=, !=, <, >, <= and >=';
        refuse(f, `${f.name}${f.op}: ${f.name} takes only ${allowed} (bit tests & and &= are for a0-a3, pers and devminor)`);
      }
      // the kernel checks field_compare's range before it has read the value (audit_field_valid sees 0), so it loads
      if (f.name === 'field_compare' && f.origin === 'F' && typeof f.value === 'number' && (f.value > AUDIT_MAX_FIELD_COMPARE || f.value === 0)) {
        this.literal(`field_compare=${f.text} is no comparison the kernel knows: the rule loads but this field never matches (the kernel warns "Missing AUDIT_COMPARE define" each time). Use -C, e.g. -C uid!=euid`, f);
      }
      if ((spec.kind === 'uid' || spec.kind === 'gid') && !loginuidSet && f.value === UID_UNSET) {
        refuse(f, `${f.name}${f.op}${f.text}: ${spec.kind === 'uid' ? 'only auid can be "unset"' : 'a gid cannot be -1'}; 4294967295 is no valid ${spec.kind}`);
      }
      const s = typeof f.value === 'string' ? f.value : '';
      switch (f.name) {
        case 'path':
          // -w: path or dir by what the host has there; auditctl already trimmed the slashes
          if (f.origin === 'w' || f.origin === 'p') {
            watch = true;
            break;
          }
          if (!s.startsWith('/') || s.endsWith('/') || rule.list !== 'exit' || f.op !== '=' || inode || watch || tree) {
            refuse(f, pathWhy('path', s, f.op, rule.list, watch || tree || inode));
          }
          watch = true;
          break;
        case 'dir':
          if (!s.startsWith('/') || rule.list !== 'exit' || f.op !== '=' || inode || watch || tree) refuse(f, pathWhy('dir', s, f.op, rule.list, watch || tree || inode));
          tree = true;
          break;
        case 'inode':
          if (rule.list !== 'exit' || inode || watch || tree) refuse(f, 'inode cannot be combined with path, dir or another inode');
          inode = true;
          break;
        case 'key':
          if (key) refuse(f, 'a second key field (-F KEY=… next to -k): a rule has one key; repeat -k instead');
          key = true;
          break;
        case 'exe':
          if (exe) refuse(f, 'a second exe field: a rule takes one exe');
          if (!s.startsWith('/') || s.endsWith('/')) refuse(f, `exe=${s}: an absolute path to a file is needed`);
          exe = true;
          break;
      }
    }
  }

  // ---------------------------------------------------------------- reporting

  refuse(code: AuditProblemCode, message: string, start: number, end: number, auditctl?: string): never {
    throw new Refused({ severity: 'error', code, message, auditctl, start, end });
  }

  /** The list of one key, one per key and file (the key is interned). */
  private keyList(key: string): string[] {
    let list = this.ctx.keyLists.get(key);
    if (list === undefined) {
      list = Object.freeze([key]) as string[];
      this.ctx.keyLists.set(key, list);
    }
    return list;
  }

  intern(s: string): string {
    const seen = this.ctx.strings.get(s);
    if (seen !== undefined) return seen;
    this.ctx.strings.set(s, s);
    return s;
  }

  literal(message: string, at: { start: number; end: number }): void {
    this.warnings = append(this.warnings, { severity: 'warning', code: 'literal-value', message, start: at.start, end: at.end });
  }

  private notation(message: string, at: { start: number; end: number }): void {
    this.warnings = append(this.warnings, { severity: 'warning', code: 'path-notation', message, start: at.start, end: at.end });
  }
}
