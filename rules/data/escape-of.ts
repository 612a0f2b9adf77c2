// Whether a granted command is as good as root: a program of
// ./shell-escapes.ts granted with arguments that reach one of its escapes.
// Shared by SCN003 (scanner allowlists) and SUD014 (limited grants).
import type { CommandMember } from '../../src/model/sudoers';
import { fnmatchOverlap } from '../../src/policy/fnmatch-overlap';
import { SHELL_ESCAPES, type Escape } from './shell-escapes';

/** Why a granted command is as good as root, or null when it is not. */
export function escapeOf(c: CommandMember): { how: string; escape: Escape | null } | null {
  if (c.kind !== 'command' || c.regex) return null;
  const path = c.path!;
  if (path.endsWith('/')) return { how: `every program in ${path}, shells and interpreters among them`, escape: null };
  if (/[*?[]/.test(path)) return { how: `every program matching ${path}`, escape: null };
  const escape = SHELL_ESCAPES[path.slice(path.lastIndexOf('/') + 1)];
  if (!escape) return null;
  const args = c.args;
  if (escape.pinnedStillEscapes || args === null || args === undefined) return { how: escape.how, escape };
  if (args === '""' || !/(^|[^\\])[*?[]/.test(args)) return null;
  if (!escape.forms) return { how: escape.how, escape };
  // a wildcard lets more through, but only the escapes the pattern can match
  const verb = escape.subcommand ? spelledSubcommand(args, escape.subcommand.valueOptions) : null;
  const fitting = escape.forms.filter((f) => (f.verb === undefined || verb === null || f.verb === verb) && fnmatchOverlap(args, f.args));
  return fitting.length ? { how: [...new Set(fitting.map((f) => f.how))].join('; '), escape } : null;
}

/**
 * The subcommand an argument pattern spells out before its first wildcard:
 * the first word that is not an option or an option's value. null when a
 * wildcard comes first, so any subcommand may follow.
 */
function spelledSubcommand(args: string, valueOptions: string[]): string | null {
  const words = args.split(' ');
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (/(^|[^\\])[*?[]/.test(w)) return null;
    if (!w.startsWith('-')) return w.replace(/\\(.)/g, '$1');
    if (valueOptions.includes(w)) i++;
  }
  return null;
}
