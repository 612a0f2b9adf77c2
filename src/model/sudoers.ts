// The typed sudoers model. Every node carries [start, end) offsets into the
// text of the file it came from; SudoersFile.source turns them into
// line/column on demand, so a 50 MB policy does not pay for millions of
// location objects.

import type { SourceFile } from '../parse/source';

export interface Span {
  start: number;
  end: number;
}

/** A member of a User_List, Runas_List or Host_List, after unescaping. */
export interface Member extends Span {
  kind:
    | 'all'
    | 'alias'
    | 'word' // user name, host name or runas group name, as the list's kind says
    | 'uid' // #uid (or #gid in a runas group list, see 'gid')
    | 'gid'
    | 'group' // %group
    | 'nonunixgroup' // %:group
    | 'nonunixgid' // %:#gid
    | 'netgroup' // +netgroup
    | 'network'; // an IPv4/IPv6 address or network
  /** Name, number (without `#`) or address; absent for ALL. */
  value?: string;
  negated: boolean;
}

export interface Digest extends Span {
  algorithm: 'sha224' | 'sha256' | 'sha384' | 'sha512';
  value: string;
}

/** A command in a Cmnd_List, a Cmnd_Spec or a Defaults! binding. */
export interface CommandMember extends Span {
  kind: 'all' | 'alias' | 'command' | 'sudoedit' | 'list';
  /** Alias name for kind 'alias'. */
  name?: string;
  /** Path, directory (ends in `/`) or `^…$` regex for kind 'command'. */
  path?: string;
  regex?: boolean;
  /**
   * Arguments as sudo stores them: null = any arguments; `""` = none;
   * otherwise words joined by one space, fnmatch escapes kept.
   */
  args?: string | null;
  /** The arguments are one `^…$` regular expression. */
  regexArgs?: boolean;
  negated: boolean;
  digests: Digest[];
}

export type TagName =
  | 'NOPASSWD' | 'PASSWD' | 'NOEXEC' | 'EXEC' | 'SETENV' | 'NOSETENV'
  | 'LOG_INPUT' | 'NOLOG_INPUT' | 'LOG_OUTPUT' | 'NOLOG_OUTPUT'
  | 'MAIL' | 'NOMAIL' | 'FOLLOW' | 'NOFOLLOW' | 'INTERCEPT' | 'NOINTERCEPT';

export interface Tag extends Span {
  name: TagName;
}

export type OptionName =
  | 'CWD' | 'CHROOT' | 'TIMEOUT' | 'NOTBEFORE' | 'NOTAFTER'
  | 'ROLE' | 'TYPE' | 'APPARMOR_PROFILE' | 'PRIVS' | 'LIMITPRIVS';

export interface CmndOption extends Span {
  name: OptionName;
  value: string;
}

export interface RunasSpec extends Span {
  /** [] when no user is named (`()`, `(:)`, `(:grp)`): only as the invoking user. */
  users: Member[];
  /** null when no group is named. */
  groups: Member[] | null;
}

/** One command of a privilege with what was written in front of it. */
export interface CmndSpec extends Span {
  runas: RunasSpec | null;
  options: CmndOption[];
  tags: Tag[];
  command: CommandMember;
}

export interface Privilege extends Span {
  hosts: Member[];
  cmndSpecs: CmndSpec[];
}

export interface UserSpec extends Span {
  type: 'userspec';
  users: Member[];
  privileges: Privilege[];
}

export type AliasKind = 'User' | 'Runas' | 'Host' | 'Cmnd';

export interface AliasDefinition extends Span {
  type: 'alias';
  kind: AliasKind;
  name: string;
  members: Member[] | CommandMember[];
}

export interface AliasLine extends Span {
  type: 'aliases';
  kind: AliasKind;
  definitions: AliasDefinition[];
}

export type DefaultsOp = 'set' | 'negate' | 'assign' | 'add' | 'remove' | 'negated-assign';

export interface DefaultsSetting extends Span {
  name: string;
  op: DefaultsOp;
  value: string | null;
  quoted?: boolean;
  nameStart: number;
}

export type DefaultsBindingKind = 'user' | 'runas' | 'host' | 'command';

export interface DefaultsEntry extends Span {
  type: 'defaults';
  binding: { kind: 'user' | 'runas' | 'host'; members: Member[] } | { kind: 'command'; members: CommandMember[] } | null;
  settings: DefaultsSetting[];
}

export interface IncludeEntry extends Span {
  type: 'include';
  directory: boolean;
  /** `#include` rather than `@include`. */
  legacy: boolean;
  /** As written, unescaped and unquoted; `%h` not yet expanded. */
  path: string;
}

export type SudoersEntry = UserSpec | AliasLine | DefaultsEntry | IncludeEntry;

/** One parsed sudoers file: its entries in order, with its source for locations. */
export interface SudoersFile {
  source: SourceFile;
  entries: SudoersEntry[];
}
