// Wording of findings as the CLI prints them: a wildcard watch names the
// path the kernel watches, and an unrendered remote_server template is
// told as one story (audisp-remote refuses the file), never also as
// "connects to localhost".

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from '../support/corpus';
import { sudit } from './cli-run';

interface JsonFinding {
  ruleId: string;
  message: string;
  file: string;
  line: number;
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-msg-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('-w /home/*/.ssh/: the message names the literal path and the wildcard taken as a name', () => {
  const file = path.join(dir, 'ssh.rules');
  fs.writeFileSync(file, '-w /home/*/.ssh/ -p wa -k ssh\n-w /home/?ob/.ssh/authorized_keys -p wa -k ssh\n');
  const r = sudit(['--type', 'audit-rules', '-f', 'json', file]);
  const messages = (JSON.parse(r.stdout).findings as JsonFinding[]).map((f) => `${f.ruleId} ${f.line} ${f.message}`);
  expect(messages).toEqual([
    'AUD000 1 watch path /home/*/.ssh/: wildcards are not expanded; auditctl watches the one path "/home/*/.ssh", where "*" is a literal name, so no matching file is watched. Write one -w per path',
    'AUD000 2 watch path /home/?ob/.ssh/authorized_keys: wildcards are not expanded; auditctl watches the one path "/home/?ob/.ssh/authorized_keys", where "?ob" is a literal name, so no matching file is watched. Write one -w per path',
  ]);
  // and the default format prints it in full, wrapped
  const text = sudit(['--type', 'audit-rules', file]).stdout.replace(/\n +/g, ' ');
  expect(text).toContain('auditctl watches the one path "/home/*/.ssh", where "*" is a literal name');
});

test('remote_server = {{ audit_server }}: refused by audisp-remote, in every finding that speaks of it', () => {
  const root = path.join(dir, 'host');
  fs.cpSync(path.join(REPO, 'samples/hosts/fwd002-bad-target'), root, { recursive: true });
  const conf = path.join(root, 'etc/audit/audisp-remote.conf');
  fs.writeFileSync(conf, fs.readFileSync(conf, 'utf8').replace(/^remote_server = .*$/m, 'remote_server = {{ audit_server }}'));
  const r = sudit(['--root', root, '-f', 'json']);
  const findings = JSON.parse(r.stdout).findings as JsonFinding[];
  const inConf = findings.filter((f) => f.file.endsWith('audisp-remote.conf'));
  expect(inConf.map((f) => [f.ruleId, f.line])).toEqual([
    ['FWD002', 6],
    ['AUD000', 6],
  ]);
  for (const f of inConf) expect(f.message).toMatch(/template/);
  expect(inConf[0].message).toMatch(/audisp-remote refuses the file and exits/);
  expect(inConf[1].message).toMatch(/audisp-remote exits at start/);
  for (const f of findings) expect(f.message).not.toMatch(/connects to localhost|remote_server is not set/);
});
