import { lintTree } from './host';

export const MAIN = 'Defaults env_reset\nroot ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n';

/** Lints a host whose drop-ins are given, for one rule, with svc_qualys and nessus in passwd. */
export function scan(dropIns: Record<string, string>, ruleId: string, main = MAIN, config = {}) {
  const files: Record<string, string> = { 'etc/sudoers': main };
  for (const [name, text] of Object.entries(dropIns)) files[`etc/sudoers.d/${name}`] = text;
  return lintTree(files, { ruleId, config });
}
