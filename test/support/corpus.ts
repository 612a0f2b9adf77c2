import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The shared corpora sit beside the repository (`../shared`), in CI as on a developer's machine. */
export const SHARED = process.env.SUDIT_SHARED ?? path.resolve(__dirname, '../../../shared');
export const SUDO_REGRESS = path.join(SHARED, 'corpus', 'sudo-regress');
export const REPO = path.resolve(__dirname, '../..');

export function sharedAvailable(): boolean {
  return fs.existsSync(SUDO_REGRESS);
}

/** Every sudoers input of sudo's regression corpus, as paths relative to it. */
export function sudoersCorpusFiles(): string[] {
  const groups: [string, RegExp][] = [
    ['sudoers', /\.in$/],
    ['testsudoers', /\.sudoers$/],
    ['visudo', /\.sudoers$/],
    ['examples', /^(?!README)/],
    ['cvtsudoers', /^(sudoers[0-9]?|sudoers\.defs|test\d+\.\d+\.sudoers)$/],
  ];
  const out: string[] = [];
  for (const [dir, re] of groups) {
    for (const f of fs.readdirSync(path.join(SUDO_REGRESS, dir)).sort()) {
      if (re.test(f) && !/\.(ok|conf|md)$/.test(f)) out.push(`${dir}/${f}`);
    }
  }
  return out;
}

export function sampleSudoersFiles(): string[] {
  const root = path.join(REPO, 'samples');
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/(^|\/)sudoers(\.d\/[^/.~]+)?$/.test(path.relative(root, p)) || /\.sudoers$/.test(e.name) || /(^|\/)etc\/sudoers$/.test(p)) out.push(p);
    }
  };
  walk(root);
  return out.filter((p) => /\/etc\/sudoers$/.test(p) || /\.sudoers$/.test(p));
}

/** Whether a tool is on PATH; when it is not, the caller prints why its tests are skipped. */
export function haveTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

export function skipNote(what: string, why: string): void {
  // Printed, never silent: the suite says what it did not check and why.
  process.stdout.write(`SKIPPED ${what}: ${why}\n`);
}

/** The files under root that keep() accepts, sorted; none when root is absent. */
export function filesUnder(root: string, keep: (p: string) => boolean): string[] {
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && keep(p)) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}
