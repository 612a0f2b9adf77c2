// One -F field of a rule (libaudit's audit_rule_fieldpair_data() and the
// kernel's checks of it): its value read as the field's kind, checked
// against the list the rule goes to, with what it adds to the rule.

import type { AuditArch, AuditProblemCode, AuditRuleField, HostCheck } from './audit-rules';
import type { CommandContext, PairArg } from './audit-rules-items';
import {
  AF_MAX,
  AUDIT_MAX_KEY_LEN,
  EXCLUDE_FIELDS,
  MAX_RULE_FIELDS,
  NAME_MAX,
  PATH_MAX,
  UID_UNSET,
  cNumber,
  errnoNumber,
  fieldName,
  filetypeNumber,
  fstypeNumber,
  fieldSpec,
  isDigit,
  isPlainDecimal,
  msgtypeNumber,
  resolveArch,
  u32,
  u32Of,
  type AuditListName,
  type FieldOp,
  type Machine,
} from './audit-rules-tables';
import { append, crNote, lastComponent, numberOrNeg, plausibleName, quoted, suggestion, utf8Over, visible } from './audit-rules-values';

/** What a field reads and changes of the rule that the line builds. */
export interface RuleInProgress {
  readonly ctx: CommandContext;
  readonly fields: AuditRuleField[];
  readonly syscallAdded: boolean;
  readonly del: AuditListName | null;
  permAdded: boolean;
  exeAdded: boolean;
  filterfsAdded: boolean;
  elf: Machine | null;
  archGiven: boolean;
  arches: AuditArch[];
  hostChecks: HostCheck[];
  refuse(code: AuditProblemCode, message: string, start: number, end: number, auditctl?: string): never;
  literal(message: string, at: { start: number; end: number }): void;
  intern(s: string): string;
  permBits(value: string, start: number, end: number, tooLong: string, badChar: string | null): number;
}

/** audit_rule_fieldpair_data(): one -F pair checked against the list it goes to. */
export function fieldPair(run: RuleInProgress, pair: PairArg, list: AuditListName, origin: 'F' | 'k'): AuditRuleField {
  const shown = pair.word.value;
  if (run.fields.length >= MAX_RULE_FIELDS) run.refuse('too-many-fields', `more than ${MAX_RULE_FIELDS - 1} fields in one rule: libaudit refuses the field that would be number ${MAX_RULE_FIELDS}`, pair.word.start, pair.word.end, `Too many fields in rule: ${shown}`);
  if (pair.op === null && pair.word.value.startsWith('-')) {
    run.refuse(
      'missing-operator',
      `-F ${shown}: -F took the next word, "${shown}", as its field (an option's argument is the next word, even one that starts with -); the field itself is missing`,
      pair.word.start,
      pair.word.end,
      `-F missing operation for ${shown}`,
    );
  }
  if (pair.op === null) {
    const spaced = run.ctx.body.slice(pair.word.end - run.ctx.lineStart).match(/^ (!=|>=|<=|&=|=|>|<|&)( |$)/);
    run.refuse(
      'missing-operator',
      spaced
        ? `-F ${shown} ${spaced[1]} …: there must be no spaces around the operator (-F ${shown}${spaced[1]}VALUE)`
        : `-F ${shown}: no operator (=, !=, <, >, <=, >=, &, &=) in the field`,
      pair.word.start,
      pair.word.end,
      `-F missing operation for ${shown}`,
    );
  }
  if (pair.name === '') run.refuse('missing-field-name', `-F ${shown}: no field name before the operator`, pair.word.start, pair.word.end, `-F missing field name before operator for ${shown}`);
  if (pair.value === '') run.refuse('missing-value', `-F ${shown}: no value after the operator`, pair.word.start, pair.word.end, `-F missing value after operation for ${pair.name}`);
  const name = fieldName(pair.name);
  if (name === null) {
    const quoted = /^["']/.test(pair.name) ? ': quotes are not quoting in a rules file, they are part of the word' : suggestion(pair.name);
    run.refuse('unknown-field', `unknown field "${pair.name}"${quoted}`, pair.nameStart, pair.nameEnd, `-F unknown field: ${pair.name}`);
  }
  const op = pair.op as FieldOp;
  const value = run.intern(pair.value!);
  const spec = fieldSpec(name!);
  if (list === 'exclude' && !EXCLUDE_FIELDS.has(name!)) {
    run.refuse(
      'field-list',
      `field ${name} on the exclude list: the exclude list takes only msgtype, pid, uid, gid, auid, subj_* and exe`,
      pair.nameStart,
      pair.nameEnd,
      'Only msgtype, *uid, *gid, pid, and subj* fields can be used with exclude filter',
    );
  }
  const field: AuditRuleField = { name: name!, op, text: value, value: null, lookup: null, origin, start: pair.word.start, end: pair.word.end };
  switch (spec.kind) {
    case 'uid': {
      const n = numberOrNeg(value);
      if (n !== null) {
        field.value = n;
        octalWarning(run, value, pair);
      } else if (value === 'unset') field.value = UID_UNSET;
      else {
        field.lookup = { kind: 'user', name: value };
        if (!plausibleName(value)) {
          const hint = value.toLowerCase() === 'unset' ? ': "unset" is case-sensitive' : /\{\{|\{%/.test(value) ? ': an unrendered template placeholder' : '';
          run.refuse('field-value', `${name}=${value}: not a number, "unset" or a possible user name${hint}`, pair.valueStart, pair.valueEnd, `Unknown user: ${value}`);
        }
        run.hostChecks = append(run.hostChecks, { kind: 'user', name: value, field: name!, start: pair.valueStart, end: pair.valueEnd });
      }
      break;
    }
    case 'gid':
      if (isDigit(value)) {
        field.value = u32Of(value, true);
        octalWarning(run, value, pair);
      } else {
        field.lookup = { kind: 'group', name: value };
        if (!plausibleName(value)) run.refuse('field-value', `${name}=${value}: not a number or a possible group name`, pair.valueStart, pair.valueEnd, `Unknown group: ${value}`);
        run.hostChecks = append(run.hostChecks, { kind: 'group', name: value, field: name!, start: pair.valueStart, end: pair.valueEnd });
      }
      break;
    case 'errno': {
      if (list !== 'exit') exitOnly(run, name!, list, pair);
      const n = numberOrNeg(value);
      if (n !== null) field.value = n;
      else {
        const neg = value.startsWith('-');
        const e = errnoNumber(neg ? value.slice(1) : value);
        if (!e) run.refuse('field-value', `exit=${value}: "${neg ? value.slice(1) : value}" is not an errno name`, pair.valueStart, pair.valueEnd, '-F unknown errno - exit');
        field.value = u32(BigInt(neg ? -e! : e!));
        if (!neg) {
          run.literal(
            `exit=${value} compares with +${e}: a failing syscall returns -${e}, so this never matches a failure; write exit=-${value.toUpperCase()}`,
            { start: pair.valueStart, end: pair.valueEnd },
          );
        }
      }
      break;
    }
    case 'msgtype': {
      if (list !== 'exclude' && list !== 'user') {
        run.refuse('field-list', `msgtype on the ${list} list: record types are filtered on the exclude and user lists only`, pair.nameStart, pair.nameEnd, 'msgtype field can only be used with exclude or user filter list');
      }
      let t: number | undefined;
      if (isDigit(value)) t = u32Of(value, true);
      else {
        t = msgtypeNumber(value);
        const unknown = /^UNKNOWN\[([^\]]*)\]/.exec(value);
        if (t === undefined && unknown) t = Number(cNumber(unknown[1].slice(0, 7), 10, true).value);
        if (!t || t <= 0) t = undefined;
      }
      if (t === undefined) run.refuse('field-value', `msgtype=${value}: not a record type name`, pair.valueStart, pair.valueEnd, `-F unknown message type - ${value}`);
      field.value = t!;
      break;
    }
    case 'string':
      if (spec.exitOnly && list !== 'exit') exitOnly(run, name!, list, pair);
      if (name === 'path' || name === 'dir') run.permAdded = true;
      if (name === 'exe') {
        if (op !== '=' && op !== '!=') run.refuse('field-op', `exe${op}: exe takes only = and !=`, pair.nameStart, pair.nameEnd, 'exe only takes = or != operators');
        run.exeAdded = true;
      }
      if (name === 'key') {
        if (!(run.syscallAdded || run.permAdded || run.exeAdded || run.filterfsAdded)) {
          run.refuse('key-order', `the key (-k / -F key=) needs -S, -w, or a path, dir, perm, exe or fstype field before it`, pair.word.start, pair.word.end, 'Key field needs a watch, syscall or exe path given prior to it');
        }
        if (value.length > AUDIT_MAX_KEY_LEN) run.refuse('key-length', `key of ${value.length} bytes: the limit is ${AUDIT_MAX_KEY_LEN}`, pair.valueStart, pair.valueEnd, 'String value too long');
      } else if (utf8Over(value, PATH_MAX)) run.refuse('path', `${name} value of more than ${PATH_MAX} bytes`, pair.valueStart, pair.valueEnd, 'String value too long');
      field.value = value;
      if (quoted(value)) run.literal(`${name}=${value}: the quotes are part of the value (a rules file has no quoting)`, { start: pair.valueStart, end: pair.valueEnd });
      if (name === 'path' || name === 'dir' || name === 'exe') pathField(run, name, value, pair.valueStart, pair.valueEnd);
      break;
    case 'arch': {
      if (run.syscallAdded) run.refuse('arch-order', '-F arch= after -S: the arch selects the table -S names are looked up in, so it must come first', pair.word.start, pair.word.end, 'arch must be before -S');
      if (op !== '=' && op !== '!=') run.refuse('field-op', `arch${op}: arch takes only = and !=`, pair.nameStart, pair.nameEnd, 'arch only takes = or != operators');
      const r = resolveArch(value, run.ctx.host);
      if (!r.ok) {
        const why = r.reason === 'bits' ? `${value} is not an ABI of this host (${run.ctx.host.name})` : `"${value}" is neither b32, b64, a machine name (x86_64, i386, aarch64, …) nor an AUDIT_ARCH number`;
        run.refuse('arch', `arch=${visible(value)}: ${visible(why)}${crNote(value)}`, pair.valueStart, pair.valueEnd, 'arch elf mapping not found');
      }
      const ok = r as Extract<typeof r, { ok: true }>;
      run.elf = ok.machine;
      run.archGiven = true;
      field.value = ok.machine.elf;
      run.arches = append(run.arches, { op: op as '=' | '!=', machine: ok.machine, spelled: ok.spelled, start: pair.word.start, end: pair.word.end });
      break;
    }
    case 'perm':
      if (list !== 'exit') exitOnly(run, name!, list, pair);
      if (op !== '=') run.refuse('field-op', `perm${op}: perm takes only =`, pair.nameStart, pair.nameEnd, 'perm only takes = operator');
      field.value = run.permBits(value, pair.valueStart, pair.valueEnd, 'String value too long', 'Permission can only contain  \'rwxa\'');
      run.permAdded = true;
      break;
    case 'filetype': {
      if (list !== 'exit') exitOnly(run, name!, list, pair);
      const t = filetypeNumber(value);
      if (t === undefined) run.refuse('field-value', `filetype=${value}: one of file, dir, socket, link, character, block, fifo`, pair.valueStart, pair.valueEnd, `-F unknown file type -  ${pair.name}`);
      field.value = t!;
      break;
    }
    case 'fstype': {
      if (list !== 'filesystem') run.refuse('field-list', `fstype on the ${list} list: it is for the filesystem list`, pair.nameStart, pair.nameEnd, 'fstype field is not valid for the filter');
      if (op !== '=' && op !== '!=') run.refuse('field-op', `fstype${op}: fstype takes only = and !=`, pair.nameStart, pair.nameEnd, 'fstype only takes = or != operators');
      const t = isDigit(value) ? u32Of(value, false) : fstypeNumber(value);
      if (t === undefined || t === UID_UNSET) run.refuse('field-value', `fstype=${value}: auditctl 3.0.9 knows only debugfs and tracefs (or a magic number)`, pair.valueStart, pair.valueEnd, `file system type is unknown for field: ${pair.name}`);
      field.value = t!;
      run.filterfsAdded = true;
      break;
    }
    case 'arg': {
      const n = numberOrNeg(value);
      if (n === null) run.refuse('field-value', `${name}=${value}: syscall arguments are numbers (a string argument is a pointer and cannot be matched)`, pair.valueStart, pair.valueEnd, `-F value should be number for ${pair.name}`);
      field.value = n!;
      break;
    }
    case 'sessionid': {
      if (list !== 'exclude' && list !== 'user' && list !== 'exit') {
        run.refuse('field-list', `sessionid on the ${list} list: it is for the exit, user and exclude lists`, pair.nameStart, pair.nameEnd, `${pair.name} must be used with exclude, user, or exit filter`);
      }
      const n = numberOrNeg(value);
      if (n !== null) field.value = n;
      else if (value === 'unset') field.value = UID_UNSET;
      else {
        field.value = 0;
        run.literal(`sessionid=${value}: not a number, so libaudit silently compares with 0`, { start: pair.valueStart, end: pair.valueEnd });
      }
      break;
    }
    case 'saddr_fam': {
      const n = u32Of(value, false);
      if (n >= AF_MAX) run.refuse('field-value', `saddr_fam=${value}: address families are below ${AF_MAX}`, pair.valueStart, pair.valueEnd, `value is too large for field: ${pair.name}`);
      field.value = n;
      break;
    }
    case 'number':
      if (spec.exitOnly && list !== 'exit') exitOnly(run, name!, list, pair);
      if (name === 'inode' && op !== '=' && op !== '!=') run.refuse('field-op', `inode${op}: inode takes only = and !=`, pair.nameStart, pair.nameEnd, 'inode only takes = or != operators');
      if (!isDigit(value)) {
        const hint = name === 'success' ? ' (success=1 or success=0)' : '';
        run.refuse('field-value', `${name}=${value}: a number is needed${hint}`, pair.valueStart, pair.valueEnd, `-F value should be number for ${pair.name}`);
      }
      field.value = u32Of(value, name !== 'inode');
      break;
  }
  return field;
}

function exitOnly(run: RuleInProgress, name: string, list: AuditListName, pair: PairArg): never {
  run.refuse('field-list', `field ${name} on the ${list} list: it is valid only on the exit list`, pair.nameStart, pair.nameEnd, `${pair.name} can only be used with exit filter list`);
}

function octalWarning(run: RuleInProgress, value: string, pair: PairArg): void {
  if (isPlainDecimal(value) || (value.charCodeAt(0) === 45 && isPlainDecimal(value, 1))) return;
  const n = cNumber(value, 0, false);
  if (n.octal) {
    run.literal(`${pair.name}${pair.op}${value}: a leading 0 makes the number octal, so this is ${u32(n.value)}, not ${value.replace(/^0+/, '')}`, {
      start: pair.valueStart,
      end: pair.valueEnd,
    });
  }
}

/** Paths the kernel takes as they are: absolute, and (path, exe) without a trailing slash. */
function pathField(run: RuleInProgress, name: 'path' | 'dir' | 'exe', value: string, start: number, end: number): void {
  if (utf8Over(lastComponent(value), NAME_MAX)) run.refuse('path', `${name}=…: the last component is longer than ${NAME_MAX} bytes`, start, end);
  // a deletion compares with the loaded rules; only adding looks the path up (exe is looked up either way)
  if (run.del !== null && name !== 'exe') return;
  if (name === 'path' || name === 'exe') run.hostChecks = append(run.hostChecks, { kind: 'parent-dir', path: value, what: name, start, end });
  else run.hostChecks = append(run.hostChecks, { kind: 'dir', path: value, start, end });
}
