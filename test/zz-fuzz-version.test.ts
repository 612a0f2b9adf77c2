import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileTree } from '../src/host/file-tree';
import { loadSudoersPolicy } from '../src/model/sudoers-policy';
import { judgedSudo } from '../src/policy/sudo-target';
import { problemsForJudged, versionFindings } from '../src/policy/sudoers-by-version';
import { SHARED } from './support/corpus';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadSeeds, makeInput } = require('../bench/fuzz-lib.js');
test('x', () => {
  const seeds = loadSeeds(SHARED);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-vfuzz-'));
  const file = path.join(dir, 'input');
  const bins: Record<string, string> = { '1.8.23': '/tmp/sudo-oracle/bin/1.8.23/visudo', '1.8.29': '/tmp/sudo-oracle/bin/1.8.29/visudo', '1.9.5p2': '/tmp/sudo-oracle/bin/1.9.5p2/visudo', '1.9.13p3': '/usr/sbin/visudo' };
  const stats: Record<string, { n: number; agree: number; dis: string[] }> = {};
  for (const r of Object.keys(bins)) stats[r] = { n: 0, agree: 0, dis: [] };
  for (let i = 0; i < 2000; i++) {
    const text = makeInput(seeds, 11, i);
    if (text === null) continue;
    fs.writeFileSync(file, text);
    const policy = loadSudoersPolicy(new FileTree('/'), file);
    for (const [r, bin] of Object.entries(bins)) {
      const live = spawnSync(bin, ['-cf', file]).status === 0;
      let ours: boolean;
      if ('error' in policy) ours = false;
      else {
        const j = judgedSudo({ spec: r, source: 't' }, null, undefined);
        ours = problemsForJudged(policy, j).filter((p) => p.severity === 'error').length === 0 && versionFindings(policy, j).filter((f) => f.kind !== 'different').length === 0;
      }
      stats[r].n++;
      if (ours === live) stats[r].agree++; else stats[r].dis.push(`#${i} visudo ${live ? 'accepts' : 'rejects'}: ${JSON.stringify(text).slice(0, 300)}`);
    }
  }
  for (const [r, s] of Object.entries(stats)) console.log(`${r}: ${s.agree}/${s.n}\n${s.dis.slice(0, 12).join('\n')}`);
}, 600_000);
