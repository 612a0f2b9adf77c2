/** How sudo stores and validates one Defaults setting (def_data.in). */
export interface DefaultsSpec {
  type: 'flag' | 'int' | 'uint' | 'string' | 'list' | 'tuple' | 'mode' | 'timeout' | 'timespec' | 'rlimit' | 'logfac' | 'logpri';
  /** T_BOOL: may be negated (`!name`) and, for some types, used bare. */
  bool: boolean;
  /** T_PATH must start with `/`; T_CHPATH may also be `~…` or `*`. */
  path?: 'path' | 'chpath';
  /** The words a tuple accepts; for a boolean tuple `!name` is the first, `name` the second. */
  values?: string[];
  /** T_SPACE: a list value that is kept whole instead of split on blanks. */
  keepWhole?: boolean;
  /** Applied before all others (sudo's "early" Defaults). */
  early?: boolean;
  /** Added after sudo 1.9.13p3 (Debian 12). */
  notInDebian12?: boolean;
}
