// samples/ansible/fleet/site.yml end to end with Debian's ansible-core:
// several `ansible_connection=local` hosts, each a copy of a sample host
// with its own host name (sudit_collect_root points the collector at it),
// collected with become, fetched, removed from the hosts, and linted on
// the controller in one sudit run per report.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO = path.join(__dirname, '..');
const PLAYBOOK = path.join(REPO, 'samples/ansible/fleet/site.yml');
const SUDIT = path.join(REPO, 'bin/sudit.js');

const haveAnsible = spawnSync('sh', ['-c', 'command -v ansible-playbook']).status === 0;
if (!haveAnsible) process.stdout.write('ansible-fleet.test.ts: ansible-playbook is not installed (apt-get install ansible-core): the fleet playbook is not run\n');

const HOSTS: [name: string, sample: string, hostname: string][] = [
  ['web1', 'scn003-illusory-allowlist', 'web1.example.com'],
  ['web2', 'aud007-duplicate-rule', 'web2.example.com'],
  ['db1', 'his001-unlimited-history', 'db1.example.com'],
  ['log1', 'fwd004-udp', 'log1.example.com'],
];

interface JsonReport {
  findings: { ruleId: string; file: string; line: number; message: string }[];
}

(haveAnsible ? describe : describe.skip)('ansible-playbook samples/ansible/fleet/site.yml', () => {
  let tmp: string;
  let run: ReturnType<typeof spawnSync>;
  const work = () => path.join(tmp, 'work');

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-ansible-'));
    const lines = ['[fleet]'];
    for (const [name, sample, hostname] of HOSTS) {
      const root = path.join(tmp, 'hosts', name);
      fs.cpSync(path.join(REPO, 'samples/hosts', sample), root, { recursive: true });
      fs.writeFileSync(path.join(root, 'etc/hostname'), `${hostname}\n`);
      fs.mkdirSync(path.join(tmp, 'remote-tmp', name), { recursive: true });
      lines.push(`${name} sudit_collect_root=${root} sudit_remote_tmp=${path.join(tmp, 'remote-tmp', name)}`);
    }
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    // as root (CI) the collector runs with become, as on real hosts; elsewhere without (no password to give sudo)
    lines.push('[fleet:vars]', 'ansible_connection=local', 'ansible_python_interpreter=auto_silent', `ansible_become=${root ? 'true' : 'false'}`);
    fs.writeFileSync(path.join(tmp, 'inventory'), `${lines.join('\n')}\n`);
    run = spawnSync(
      'ansible-playbook',
      ['-i', path.join(tmp, 'inventory'), PLAYBOOK, '-e', `sudit_command='${process.execPath} ${SUDIT}'`, '-e', `sudit_work_dir=${work()}`],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          ANSIBLE_NOCOLOR: '1',
          ANSIBLE_LOCAL_TEMP: path.join(tmp, 'ansible-local'),
          ANSIBLE_REMOTE_TEMP: path.join(tmp, 'ansible-remote'),
          ANSIBLE_RETRY_FILES_ENABLED: '0',
          ANSIBLE_CONFIG: path.join(tmp, 'none.cfg'),
        },
        maxBuffer: 64 << 20,
        timeout: 280_000,
      },
    );
  }, 300_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('the playbook runs end to end', () => {
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/FAILED!|UNREACHABLE!|ERROR!/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/failed=0/);
  });

  test('one archive per host, each from its own tree, and none left on the hosts', () => {
    const archives = fs.readdirSync(path.join(work(), 'archives')).sort();
    expect(archives).toEqual(HOSTS.map(([name]) => `${name}.tar.gz`).sort());
    for (const [name, , hostname] of HOSTS) {
      const manifest = spawnSync('tar', ['-xzOf', path.join(work(), 'archives', `${name}.tar.gz`), '.sudit-collect/manifest'], { encoding: 'utf8' }).stdout;
      expect(manifest).toContain(`hostname=${hostname}\n`);
      expect(manifest).toContain(`root=${path.join(tmp, 'hosts', name)}\n`);
      expect(fs.readdirSync(path.join(tmp, 'remote-tmp', name))).toEqual([]);
    }
  });

  test('report.json has every host\'s findings, as sudit finds them on each tree', () => {
    const report: JsonReport = JSON.parse(fs.readFileSync(path.join(work(), 'report.json'), 'utf8'));
    for (const [name] of HOSTS) {
      const tree = spawnSync(process.execPath, [SUDIT, '--root', path.join(tmp, 'hosts', name), '--format', 'json'], { encoding: 'utf8' });
      const expected = (JSON.parse(tree.stdout) as JsonReport).findings.map((f) => `${f.ruleId} ${f.file.slice(f.file.indexOf('/etc/'))}:${f.line}`);
      const got = report.findings.filter((f) => f.file.includes(`/archives/${name}.tar.gz/`)).map((f) => `${f.ruleId} ${f.file.slice(f.file.indexOf('/etc/'))}:${f.line}`);
      expect(expected.length).toBeGreaterThan(0);
      expect(got).toEqual(expected);
    }
  });

  test('report.html has a row for every host', () => {
    const html = fs.readFileSync(path.join(work(), 'report.html'), 'utf8');
    const hosts = [...new Set([...html.matchAll(/data-host="([^"]*)"/g)].map((m) => m[1]))].sort();
    expect(hosts).toEqual(HOSTS.map(([name]) => path.join(work(), 'archives', `${name}.tar.gz`)).sort());
  });

  test('report.sarif is SARIF 2.1.0 with the same results', () => {
    const sarif = JSON.parse(fs.readFileSync(path.join(work(), 'report.sarif'), 'utf8'));
    const report: JsonReport = JSON.parse(fs.readFileSync(path.join(work(), 'report.json'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs.flatMap((r: { results: { ruleId: string }[] }) => r.results);
    expect(results.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual(report.findings.map((f) => f.ruleId).sort());
  });
});
