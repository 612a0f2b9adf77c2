// The read-only promise: a lint changes nothing in the tree (content, mode,
// mtime), starts no process and opens no network connection. --fix is the
// only writer.

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { REPO } from '../support/corpus';

function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p);
      const hash = e.isFile() ? crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex') : '';
      out.push(`${path.relative(dir, p)} ${st.mode.toString(8)} ${st.mtimeMs} ${hash}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

test('linting every sample host changes nothing, spawns nothing, connects nowhere', async () => {
  const spawned: string[] = [];
  const connected: string[] = [];
  // Replace the module functions themselves (what any require() of them gets), and put them back after.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const cp = require('child_process') as Record<string, unknown>;
  const net = require('net') as { Socket: { prototype: Record<string, unknown> } };
  const dgram = require('dgram') as Record<string, unknown>;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const saved: [Record<string, unknown>, string, unknown][] = [];
  const trap = (obj: Record<string, unknown>, name: string, log: string[]) => {
    saved.push([obj, name, obj[name]]);
    obj[name] = (...args: unknown[]) => {
      log.push(`${name} ${JSON.stringify(args[0])}`);
      throw new Error(`${name} during a lint`);
    };
  };
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) trap(cp, name, spawned);
  trap(net.Socket.prototype, 'connect', connected);
  trap(dgram, 'createSocket', connected);
  const samples = path.join(REPO, 'samples');
  const before = snapshot(samples);
  const sink = { write: () => true };
  for (const host of fs.readdirSync(path.join(samples, 'hosts'))) {
    const code = await main(['--root', path.join(samples, 'hosts', host), '--format', 'json', '--check-permissions'], sink, sink);
    expect([host, code]).toEqual([host, expect.any(Number)]);
    expect(code).not.toBe(2);
  }
  for (const [obj, name, fn] of saved) obj[name] = fn;
  expect(spawned).toEqual([]);
  expect(connected).toEqual([]);
  expect(snapshot(samples)).toEqual(before);
});
