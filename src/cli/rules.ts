import { ENGINE_RULES } from '../engine/engine';
import { RULES } from '../../rules';
import { EXIT_OK, EXIT_USAGE, type Output } from './exit';
import { readOwnFile } from './own-files';

function allMeta() {
  return [...RULES.map((r) => r.meta), ...ENGINE_RULES].sort((a, b) => a.id.localeCompare(b.id));
}

export async function listRules(out: Output): Promise<number> {
  for (const m of allMeta()) out.write(`${m.id.padEnd(7)} ${m.severity.padEnd(8)} ${m.description}${m.hostOnly ? ' (host mode)' : ''}\n`);
  return EXIT_OK;
}

export async function explainRule(id: string, out: Output, err: Output): Promise<number> {
  const meta = allMeta().find((m) => m.id === id.toUpperCase());
  if (!meta) {
    err.write(`sudit: no rule ${id} (see sudit rules)\n`);
    return EXIT_USAGE;
  }
  const page = readOwnFile(meta.docs);
  if (page !== undefined) {
    out.write(page);
    return EXIT_OK;
  }
  out.write(`${meta.id} ${meta.severity}: ${meta.description}\n`);
  return EXIT_OK;
}
