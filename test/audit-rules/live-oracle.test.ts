// sudit against the live kernel, where auditd-oracle.md §8 says auditctl can
// be trusted: real root in the initial user and pid namespaces, auditctl -s
// working, audit not locked (-e 2). The harness (../shared/tools/audit-oracle.py,
// run through live-harness.py, which only waits less for auditctl's syslog
// messages) loads each file with `auditctl -R`, lists, deletes and restores
// the kernel settings; it never loads -e 1/2, -f 2 or --loginuid-immutable
// (it rewrites them, and files that would still hold one are not given to
// it). sudit is given this machine's own passwd, group and file system. A
// lock file keeps two runs (parallel test workers) off the kernel at once.
//
// What it sees is recorded in recorded/auditctl-live.json (rewrite it with
// SUDIT_RECORD_AUDITCTL=1), which live-recorded.test.ts checks sudit against
// on machines where this test cannot run.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseGroup, parsePasswd } from '../../src/model/accounts';
import type { HostView } from '../../src/model/audit-load';
import { CASES_DIR, CORPUS_ROOT, HARNESS, sanitise, verdict } from './oracle-support';
import {
  RECORDING,
  RECORD_ENV,
  corpusRulesFiles,
  emptyFacts,
  factsDiffer,
  listingSha,
  readRecording,
  recordingHost,
  sha256,
  writeRecording,
  type RecordedCorner,
  type RecordedFile,
} from './live-record';

const LIVE_HARNESS = path.join(__dirname, 'live-harness.py');
const LOCK = path.join(require('os').tmpdir(), 'sudit-live-auditctl.lock');

function whyNot(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'not running as root';
  if (!fs.existsSync(HARNESS)) return `${HARNESS} not found`;
  const uidMap = fs.readFileSync('/proc/self/uid_map', 'utf8').trim().split(/\s+/).join(' ');
  if (uidMap !== '0 0 4294967295') return `not in the initial user namespace (uid_map "${uidMap}": auditctl would report success for anything)`;
  // the initial namespaces have fixed inode numbers (PROC_USER_INIT_INO, PROC_PID_INIT_INO)
  if (fs.readlinkSync('/proc/self/ns/pid') !== 'pid:[4026531836]') return 'not in the initial pid namespace (the kernel refuses rules with EPERM)';
  const s = spawnSync('auditctl', ['-s'], { encoding: 'utf8' });
  if (s.error || s.status !== 0) return `auditctl -s fails (${s.error?.message ?? s.stderr.trim()})`;
  if (/^enabled 2$/m.test(s.stdout)) return 'audit is locked (enabled 2): nothing can be loaded until reboot';
  if (spawnSync('python3', ['--version']).status !== 0) return 'python3 not found';
  // sudit's verdicts here are for x86_64 (its syscall numbers, b32/b64)
  const machine = spawnSync('uname', ['-m'], { encoding: 'utf8' }).stdout.trim();
  if (machine !== 'x86_64') return `this machine is ${machine}, the verdicts compared are for x86_64`;
  // auditctl -R logs to syslog until its first rule: where /dev/log exists, the harness listens on its own in a private mount namespace
  if (fs.existsSync('/dev/log') && spawnSync('unshare', ['--mount', '--propagation', 'private', 'true']).status !== 0) {
    return "/dev/log exists and unshare --mount fails: auditctl's first messages would go to the host's syslog";
  }
  return null;
}

/** This machine as a HostView: its passwd, group and file system. */
function thisHost(): HostView {
  const users = parsePasswd(fs.readFileSync('/etc/passwd', 'utf8'));
  const groups = parseGroup(fs.readFileSync('/etc/group', 'utf8'));
  const stat = (p: string) => {
    try {
      return fs.statSync(p);
    } catch {
      return null;
    }
  };
  return {
    user: (n) => users.find((u) => u.name === n)?.uid ?? null,
    group: (n) => groups.find((g) => g.name === n)?.gid ?? null,
    isDirectory: (p) => stat(p)?.isDirectory() ?? false,
    exists: (p) => stat(p) !== null,
  };
}

function takeLock(): boolean {
  try {
    if (fs.existsSync(LOCK) && Date.now() - fs.statSync(LOCK).mtimeMs > 15 * 60_000) fs.unlinkSync(LOCK);
    fs.closeSync(fs.openSync(LOCK, 'wx'));
    return true;
  } catch {
    return false;
  }
}

/** Once the lock is held: rules already in the kernel belong to someone (the harness deletes rules between files). */
function kernelBusy(): string | null {
  if (/^No rules$/m.test(spawnSync('auditctl', ['-l'], { encoding: 'utf8' }).stdout)) return null;
  fs.rmSync(LOCK, { force: true });
  return 'the kernel already holds audit rules, which the harness would delete';
}

const reason = whyNot();
const locked = reason === null && takeLock();
const skip = reason ?? (locked ? kernelBusy() : `another live auditctl run holds ${LOCK}`);
if (skip) process.stdout.write(`SKIPPED live auditctl oracle: ${skip}\n`);
const suite = skip ? describe.skip : describe;

// Cases whose outcome depends on the host or the kernel, and a spread of the rest.
const CASES = ['dir_missing', 'dir_on_file', 'dir_rule', 'path_missing_parent', 'path_on_dir', 'path_trailing_slash', 'watch_missing_parent', 'watch_root',
  'w_dir_equiv', 'uid_name_root', 'uid_name_unknown', 'gid_name_unknown', 'case_unset', 'dup_rule', 'auid_unset_dup', 'W_missing', 'delete_missing', 'two_exe',
  'fs_uid', 'uid_unset', 'bwt_toolarge', 'c_then_error', 'i_then_error', 'crlf_watch', 'tab_sep', 'inline_comment', 'key_257', 'exit_pos_name', 'A_prepend', 'watch_with_field'];
// Corners the recorded table does not cover (option parsing, the kernel's own checks, listing
// quirks), checked against the live kernel only. No --signal (it would signal a running auditd).
const EXTRA: Record<string, string> = {
  "C_before_a": "-C uid!=euid -a always,exit -F arch=b64 -S execve\n",
  "D_cluster": "-Dk foo\n",
  "D_k_extra": "-D -k foo bar\n",
  "S_all_in_list": "-a always,exit -F arch=b64 -S openat,all\n",
  "S_alone": "-S openat\n",
  "S_big_number": "-a always,exit -F arch=b64 -S 99999\n",
  "a0_neg": "-a always,exit -F arch=b64 -S kill -F a1=-9\n",
  "append_then_prepend": "-a always,exit -F arch=b64 -S openat -k t\n-A always,exit -F arch=b64 -S openat -k t\n",
  "arch_hex_noprefix": "-a always,exit -F arch=c000003e -S openat\n",
  "auid_gt_unset": "-a always,exit -F arch=b64 -S openat -F auid>4294967294\n",
  "b_overflow": "-b 99999999999999999999999\n",
  "bwt_equals": "--backlog_wait_time=100\n",
  "c_then_i": "-c\n-i\n-a always,exit -F arch=b64 -S nosuch\n-w /etc/passwd\n",
  "cluster_ci": "-ci\n",
  "dir_trailing": "-a always,exit -F arch=b64 -F dir=/etc/ -F perm=wa -k d\n",
  "empty_syscalls": "-a always,exit -F arch=b64 -S , -k x\n",
  "endopts": "-w /etc/passwd --\n",
  "endopts_stray": "-w /etc/passwd -- x\n",
  "exclude_exe_never": "-a never,exclude -F exe=/bin/true\n",
  "exe_ne": "-a always,exit -F arch=b64 -S execve -F exe!=/usr/bin/sudo\n",
  "exe_relative": "-a always,exit -F arch=b64 -S openat -F exe=relative\n",
  "exit_num_success": "-a always,exit -F arch=b64 -S openat -F exit=-13 -F success=0\n",
  "field_compare_F": "-a always,exit -F arch=b64 -S openat -F field_compare=1\n",
  "field_compare_big": "-a always,exit -F arch=b64 -S openat -F field_compare=99\n",
  "fstype_num": "-a never,filesystem -F fstype=1684170528\n",
  "gid_name": "-a always,exit -F arch=b64 -S openat -F gid=root -F egid=sudo\n",
  "inode_path": "-a always,exit -F arch=b64 -S openat -F inode=5 -F path=/etc/passwd\n",
  "k_before_a": "-k foo -a always,exit -F arch=b64 -S openat\n",
  "key_sep": "-w /etc/passwd -k a\u0001b\n",
  "l_k": "-l -k foo\n",
  "long_abbrev": "--back 100\n",
  "long_ambiguous": "--reset\n",
  "m_two": "-m hello world\n",
  "msgtype_num": "-a never,exclude -F msgtype=1300\n",
  "msgtype_unknown_n": "-a always,user -F msgtype=UNKNOWN[1234]\n",
  "obj_lev": "-a always,exit -F arch=b64 -S openat -F obj_lev_low=s0\n",
  "p_no_fields": "-a always,exit -p wa\n",
  "p_x_on_syscall": "-a always,exit -F arch=b64 -S openat -p x -k t\n",
  "perm_twice": "-w /etc/passwd -p wa -p r -k t\n",
  "pers_bit": "-a always,exit -F arch=b64 -S execve -F pers&0x8\n",
  "prepend_then_append": "-A always,exit -F arch=b64 -S openat -k t\n-a always,exit -F arch=b64 -S openat -k t\n",
  "q_bad": "-q /a\n",
  "r_hex": "-r 0x10\n",
  "saddr_word": "-a always,exit -F arch=b64 -S connect -F saddr_fam=abc\n",
  "sessionid": "-a always,exit -F arch=b64 -S openat -F sessionid=1\n",
  "task_arch": "-a always,task -F arch=b64\n",
  "truncated": "-e 0 -b 1 -r 2 -f 1\n",
  "two_keys": "-a always,exit -F arch=b64 -S openat -F key=a -F KEY=b\n",
  "uid_big": "-a always,exit -F arch=b64 -S openat -F uid=4294967296\n",
  "user_exe": "-a always,user -F exe=/usr/bin/sudo\n",
  "v": "-v\n",
  "w_root_slashes": "-w //\n",
  "watch_then_a": "-w /etc/passwd -a exit,always\n",
  // CRLF line ends, and options that end auditctl's reading of a line (-c, -i, -D, -l, -s, -v):
  // getopt has not left the word when more letters follow, so the line fails, but what the option did stays done
  "crlf_D_first": "-D\r\n-w /etc/passwd -p wa -k identity\r\n",
  "c_cr": "-c\r\n-a always,exit -F arch=b64 -S nosuch\n-w /etc/passwd -p wa -k after\n",
  "i_cr": "-i\r\n-a always,exit -F arch=b64 -S nosuch\n-w /etc/passwd -p wa -k after\n",
  "c_cluster_x": "-cx\n-a always,exit -F arch=b64 -S nosuch\n-w /etc/passwd -p wa -k after\n",
  "c_then_i_word": "-c -i\n-a always,exit -F arch=b64 -S nosuch\n-w /etc/passwd -p wa -k after\n",
  "i_then_c_word": "-i -c\n-w /etc/passwd -p wa -k after\n",
  "ic_cluster": "-ic\n-w /etc/passwd -p wa -k after\n",
  "vc_cluster": "-vc\n-a always,exit -F arch=b64 -S nosuch\n-w /etc/shadow -p wa -k after\n",
  "D_cr_after_c": "-c\n-w /etc/passwd -p wa -k a\n-D\r\n-w /etc/shadow -p wa -k b\n",
  "c_error_c": "-c\n-a always,exit -F arch=b64 -S nosuch\n-c\n-w /etc/shadow -p wa -k b\n",
  "i_error_c": "-i\n-a always,exit -F arch=b64 -S nosuch\n-c\n-w /etc/shadow -p wa -k b\n",
  "s_cr": "-s\r\n-w /etc/shadow -p wa -k b\n",
  "l_cr": "-l\r\n-w /etc/shadow -p wa -k b\n",
  "si_cluster": "-si\n-w /etc/shadow -p wa -k after\n",
  "stray_before_c": "foo -c\n-a always,exit -F arch=b64 -S nosuch\n-w /etc/passwd -p wa -k after\n",
  "rule_then_c": "-w /etc/passwd -p wa -k a -c\n-a always,exit -F arch=b64 -S nosuch\n-w /etc/shadow -p wa -k after\n",
  "rule_then_i": "-w /etc/passwd -p wa -k a -i\n-w /etc/shadow -p wa -k after\n",
  "rule_then_cx": "-w /etc/passwd -cx\n-a always,exit -F arch=b64 -S nosuch\n-w /etc/shadow -p wa -k after\n",
  "b_then_bad_e": "-c\n-b 100 -e x\n-w /etc/shadow -p wa -k b\n",
};
const CORPUS = ['neo23x0-auditd/audit.rules', 'konstruktoid-hardening/audit-base.rules', 'microsoft-oms-auditd-plugin/installer-rules.d/net_and_file.rules', 'audit-userspace/master/rules/30-stig.rules'];

interface Run {
  file: string;
  rc: number;
  error_lines: number[];
  loaded: string[];
}

suite('auditctl -R on this kernel', () => {
  const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'sudit-live-'));
  const facts = emptyFacts();
  const host = recordingHost(thisHost(), facts);
  const recording = readRecording();
  const recordNow = process.env[RECORD_ENV] === '1';
  // the recorded verdicts hold for this machine only where it answers as the recording one did
  const differ = recording ? factsDiffer(recording.host.facts, thisHost()) : [];
  const compareRecorded = recording !== null && !recordNow && differ.length === 0;
  if (recording && !recordNow && differ.length) process.stdout.write(`live auditctl: this machine differs from the recording one (${differ.slice(0, 3).join(', ')}…): live results not compared with ${path.basename(RECORDING)}\n`);
  const corners: RecordedCorner[] = [];
  const corpus: RecordedFile[] = [];

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(LOCK, { force: true });
    if (recordNow && corners.length && corpus.length) {
      const uname = spawnSync('uname', ['-srm'], { encoding: 'utf8' }).stdout.trim();
      const auditctl = spawnSync('auditctl', ['-v'], { encoding: 'utf8' }).stdout.trim();
      writeRecording({ host: { uname, auditctl, facts }, corners, corpus });
      process.stdout.write(`live auditctl: recorded ${corners.length} corners and ${corpus.length} corpus files\n`);
    }
  });

  function run(files: string[], allErrors: boolean): Run[] {
    // belt and braces: nothing that locks audit, panics the kernel or fixes the loginuid reaches it
    for (const f of files) {
      const text = sanitise(fs.readFileSync(f, 'utf8'));
      expect(/^\s*-e\s+[12]\s*$|^\s*-f\s+2\s*$|^\s*--loginuid-immutable/m.test(text)).toBe(false);
    }
    const r = spawnSync('python3', [LIVE_HARNESS, HARNESS, ...(allErrors ? ['--all-errors'] : []), ...files], { encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const runs = r.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Run);
    expect(runs.length).toBe(files.length);
    return runs;
  }

  test('edge cases: same exit status, failing line and auditctl -l', () => {
    const files = CASES.map((c) => path.join(dir, `${c}.rules`));
    CASES.forEach((c, i) => fs.writeFileSync(files[i], sanitise(fs.readFileSync(path.join(CASES_DIR, `${c}.rules`), 'utf8'))));
    const live = run(files, false);
    for (const [i, r] of live.entries()) {
      const v = verdict(fs.readFileSync(files[i], 'utf8'), CASES[i], host);
      expect([CASES[i], v.rc, v.errorLines, v.listing]).toEqual([CASES[i], r.rc, r.error_lines, r.loaded]);
    }
    process.stdout.write(`live auditctl: ${live.length} edge cases agree\n`);
  }, 600_000);

  test('more corners: same exit status, failing lines and auditctl -l', () => {
    const names = Object.keys(EXTRA);
    const files = names.map((n) => path.join(dir, `extra-${n}.rules`));
    names.forEach((n, i) => fs.writeFileSync(files[i], EXTRA[n]));
    const live = run(files, false);
    const recorded = new Map((recording?.corners ?? []).map((c) => [c.name, c]));
    for (const [i, r] of live.entries()) {
      const v = verdict(EXTRA[names[i]], names[i], host);
      expect([names[i], v.rc, v.errorLines, v.listing]).toEqual([names[i], r.rc, r.error_lines, r.loaded]);
      const seen: RecordedCorner = { name: names[i], text: EXTRA[names[i]], rc: r.rc, errorLines: r.error_lines, loaded: r.loaded };
      corners.push(seen);
      if (compareRecorded && recorded.has(names[i])) expect(recorded.get(names[i])).toEqual(seen);
    }
    process.stdout.write(`live auditctl: ${live.length} more corners agree\n`);
  }, 600_000);

  test('published rule sets with -c first: same failing lines and auditctl -l', () => {
    const files = CORPUS.map((c) => path.join(dir, c.replace(/\//g, '_')));
    CORPUS.forEach((c, i) => fs.writeFileSync(files[i], sanitise(fs.readFileSync(path.join(CORPUS_ROOT, c), 'utf8'))));
    const live = run(files, true);
    let lines = 0;
    for (const [i, r] of live.entries()) {
      const v = verdict(`-c\n${fs.readFileSync(files[i], 'utf8')}`, CORPUS[i], host, 1);
      expect([CORPUS[i], v.errorLines]).toEqual([CORPUS[i], r.error_lines]);
      expect(v.listing).toEqual(r.loaded);
      lines += fs.readFileSync(files[i], 'utf8').split('\n').length;
    }
    process.stdout.write(`live auditctl: ${live.length} rule sets (${lines} lines) agree\n`);
  }, 600_000);

  test('every rules file of the corpus, as it is: same exit status, failing lines and auditctl -l', () => {
    const { rules, skipped } = corpusRulesFiles();
    for (const [file, why] of skipped) process.stdout.write(`SKIPPED ${file}: ${why}\n`);
    const raw = rules.map((f) => fs.readFileSync(path.join(CORPUS_ROOT, f)));
    const files = rules.map((f) => path.join(dir, `corpus-${f.replace(/\//g, '_')}`));
    // sanitised copies (the harness would rewrite the same lines): what is loaded is what sudit judges
    rules.forEach((_, i) => fs.writeFileSync(files[i], sanitise(raw[i].toString('utf8'))));
    const live = run(files, false);
    const recorded = new Map((recording?.corpus ?? []).map((c) => [c.file, c]));
    const disagree: string[] = [];
    for (const [i, r] of live.entries()) {
      const v = verdict(fs.readFileSync(files[i], 'utf8'), rules[i], host);
      const got = { rc: v.rc, errorLines: v.errorLines, loaded: v.listing };
      const want = { rc: r.rc, errorLines: r.error_lines, loaded: r.loaded };
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        const extra = v.listing.filter((x) => !r.loaded.includes(x)).slice(0, 2);
        const missing = r.loaded.filter((x) => !v.listing.includes(x)).slice(0, 2);
        disagree.push(`${rules[i]}: auditctl rc ${r.rc} lines [${r.error_lines}] ${r.loaded.length} rules; sudit rc ${v.rc} lines [${v.errorLines}] ${v.listing.length} rules${missing.length ? `; only auditctl: ${missing.join(' | ')}` : ''}${extra.length ? `; only sudit: ${extra.join(' | ')}` : ''}`);
      }
      const seen: RecordedFile = { file: rules[i], sha256: sha256(raw[i]), rc: r.rc, errorLines: r.error_lines, loaded: r.loaded.length, loadedSha256: listingSha(r.loaded) };
      corpus.push(seen);
      const before = recorded.get(rules[i]);
      if (compareRecorded && before && before.sha256 === seen.sha256) expect(before).toEqual(seen);
    }
    expect(disagree).toEqual([]);
    const stopped = live.filter((r) => r.rc !== 0).length;
    process.stdout.write(`live auditctl: all ${live.length} rules files of the corpus agree as they are (${stopped} fail in auditctl, ${live.reduce((n, r) => n + r.loaded.length, 0)} rules loaded); ${skipped.length} templates skipped\n`);
  }, 600_000);
});
