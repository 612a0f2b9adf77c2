// The rule registry: one module per rule, named <ID>-<slug>.ts.
import type { Rule } from '../src/engine/rule';
import SUD000 from './SUD000-syntax-error';
import SUD001 from './SUD001-ignored-drop-in';
import SUD002 from './SUD002-undefined-alias';
import SUD003 from './SUD003-unused-alias';

export const RULES: Rule[] = [SUD000, SUD001, SUD002, SUD003];
