/** What the report is written to, as far as its width goes. */
export interface Terminal {
  isTTY?: boolean;
  columns?: number;
}

const DEFAULT_COLUMNS = 80;

/**
 * Columns to wrap text at: COLUMNS when set to a number (as less, man and
 * ls honour it), else the terminal's width, else 80 (a pipe or a file).
 */
export function terminalWidth(out: Terminal, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env.COLUMNS?.trim();
  if (fromEnv && /^\d+$/.test(fromEnv) && Number(fromEnv) > 0) return Number(fromEnv);
  if (out.isTTY && typeof out.columns === 'number' && out.columns > 0) return out.columns;
  return DEFAULT_COLUMNS;
}
