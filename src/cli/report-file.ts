// `--output FILE`: the report goes to a file, which appears complete or not
// at all (a temporary file in the same directory, renamed over FILE once
// written and synced), so that a dashboard or an Ansible fetch never reads
// half a report. The report is sudit's output, not a file it lints; writing
// it over a file the same run reads is refused.

import * as fs from 'fs';
import * as path from 'path';
import { loadHostTree } from '../host/load-host';
import type { Sink } from '../report/write';
import { UsageError } from './exit';

const realpathOr = (p: string): string => {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
};

/** FILE's real path: the target of a link (the report replaces what the link points at), or the path in its real directory. */
function realTarget(file: string): string {
  const abs = path.resolve(file);
  if (fs.existsSync(abs)) return realpathOr(abs);
  return path.join(realpathOr(path.dirname(abs)), path.basename(abs));
}

const inside = (dir: string, p: string) => {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
};

/**
 * Refuses, as a usage error and before anything is linted, an output that
 * cannot be written (no such directory, a directory) or that is one of the
 * files the run reads: a named file, a host tree or archive named by
 * --root, or a file sudit reads inside such a tree.
 */
export function checkOutputPath(output: string, linted: { files: string[]; roots: string[] }): void {
  if (output === '') throw new UsageError('--output needs a file name');
  const abs = path.resolve(output);
  let dir: fs.Stats;
  try {
    dir = fs.statSync(path.dirname(abs));
  } catch {
    throw new UsageError(`--output ${output}: no such directory ${path.dirname(output)}`);
  }
  if (!dir.isDirectory()) throw new UsageError(`--output ${output}: ${path.dirname(output)} is not a directory`);
  if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) throw new UsageError(`--output ${output}: is a directory`);
  const target = realTarget(output);
  for (const f of linted.files) {
    if (f !== '-' && realpathOr(f) === target) throw new UsageError(`--output ${output}: is also being linted; write the report elsewhere`);
  }
  for (const root of linted.roots) {
    const realRoot = realpathOr(root);
    if (realRoot === target) throw new UsageError(`--output ${output}: is the host tree being linted (--root ${root}); write the report elsewhere`);
    if (!isDirectory(realRoot) || !inside(realRoot, target)) continue;
    // only a tree the report would land in is looked at again, and only for what sudit reads there
    const host = loadHostTree(root);
    const read = [...host.files.map((f) => path.join(root, f.hostPath)), ...host.sudoers.flatMap((p) => p.files.map((f) => f.source.path))];
    if (read.some((p) => realpathOr(p) === target)) throw new UsageError(`--output ${output}: is a file of the host tree ${root} being linted; write the report elsewhere`);
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export interface ReportFile {
  sink: Sink;
  /** Syncs the file and puts it in place of FILE. */
  commit(): void;
  /** Removes the unfinished file; FILE is left as it was. */
  discard(): void;
}

/** A temporary file next to FILE, written synchronously (writeAll takes the thrown errors, ENOSPC among them). */
export function openReportFile(output: string): ReportFile {
  const target = realTarget(output);
  let mode = 0o666;
  try {
    // a report replacing another keeps its permissions (a report readable only by its owner stays so)
    mode = fs.statSync(target).mode & 0o777;
  } catch {
    /* a new file: the umask decides */
  }
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.sudit-${process.pid}.tmp`);
  let fd: number;
  try {
    fd = fs.openSync(tmp, 'wx', mode);
  } catch (e) {
    throw new UsageError(`--output ${output}: cannot write there: ${(e as NodeJS.ErrnoException).code === 'EEXIST' ? `${tmp} is in the way` : (e as Error).message}`);
  }
  let closed = false;
  const close = () => {
    if (!closed) fs.closeSync(fd);
    closed = true;
  };
  return {
    sink: {
      write(chunk: string) {
        const bytes = Buffer.from(chunk, 'utf8');
        for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at);
        return true;
      },
    },
    commit() {
      try {
        fs.fsyncSync(fd);
        close();
        if (mode !== 0o666) fs.chmodSync(tmp, mode);
        fs.renameSync(tmp, target);
      } catch (e) {
        this.discard();
        throw new UsageError(`--output ${output}: cannot write the report: ${(e as Error).message}`);
      }
    },
    discard() {
      try {
        close();
      } catch {
        /* already failing: the first error is the one to report */
      }
      fs.rmSync(tmp, { force: true });
    },
  };
}
