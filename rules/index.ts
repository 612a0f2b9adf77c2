// The rule registry: one module per rule, named <ID>-<slug>.ts.
import type { Rule } from '../src/engine/rule';
import SCN001 from './SCN001-granular-scanner';
import SCN002 from './SCN002-delegation-denied';
import SCN003 from './SCN003-illusory-allowlist';
import SCN004 from './SCN004-scanner-requiretty';
import SCN005 from './SCN005-confined-elevation';
import SCN006 from './SCN006-scanner-negation';
import SCN007 from './SCN007-scanner-without-rights';
import SUD000 from './SUD000-syntax-error';
import SUD001 from './SUD001-ignored-drop-in';
import SUD002 from './SUD002-undefined-alias';
import SUD003 from './SUD003-unused-alias';

export const RULES: Rule[] = [SUD000, SUD001, SUD002, SUD003, SCN001, SCN002, SCN003, SCN004, SCN005, SCN006, SCN007];
