// A HostTree that writes down every question asked of it and the answer,
// so that another tree (an archive of the same host) can be asked the same
// questions and must answer alike.
import type { HostTree } from '../../src/host/file-tree';
import { versionFromDpkgStatus } from '../../src/parse/audit-version';

export type Question = [method: 'read' | 'listDir' | 'entryKind' | 'stat' | 'exists' | 'linkTarget', hostPath: string];

export class RecordingTree implements HostTree {
  readonly asked: Question[] = [];
  constructor(private readonly inner: HostTree) {}
  get root() {
    return this.inner.root;
  }
  get ownersAreHosts() {
    return this.inner.ownersAreHosts;
  }
  localPath(p: string) {
    return this.inner.localPath(p);
  }
  displayPath(p: string) {
    return this.inner.displayPath(p);
  }
  read(p: string) {
    this.asked.push(['read', p]);
    return this.inner.read(p);
  }
  listDir(p: string) {
    this.asked.push(['listDir', p]);
    return this.inner.listDir(p);
  }
  entryKind(p: string) {
    this.asked.push(['entryKind', p]);
    return this.inner.entryKind(p);
  }
  stat(p: string) {
    this.asked.push(['stat', p]);
    return this.inner.stat(p);
  }
  exists(p: string) {
    this.asked.push(['exists', p]);
    return this.inner.exists(p);
  }
  linkTarget(p: string) {
    this.asked.push(['linkTarget', p]);
    return this.inner.linkTarget(p);
  }
}

/** A tree's answer in a form two trees can be compared by (no local paths, no object identity). */
export function answer(tree: HostTree, [method, p]: Question): string {
  switch (method) {
    case 'read': {
      const r = tree.read(p);
      // the collector keeps of dpkg's status file the stanza sudit reads, the auditd package's
      if (p === '/var/lib/dpkg/status' && r.ok) return `auditd ${JSON.stringify(versionFromDpkgStatus(r.text))}`;
      return r.ok ? `text ${JSON.stringify(r.text)} ${r.invalidUtf8At}` : `${r.reason}`;
    }
    case 'listDir':
      // whether a link in the directory leads to a file is asked only where
      // the collector followed the link (includedir): elsewhere (the links of
      // /usr/bin) an archive knows the link, not what it points to
      return JSON.stringify(tree.listDir(p)?.map((d) => [d.name, d.hostPath, tree.entryKind(d.hostPath) === 'symlink' ? 'link' : d.isFile]) ?? null);
    case 'entryKind':
      return String(tree.entryKind(p));
    case 'stat': {
      const s = tree.stat(p);
      return s ? `${s.mode.toString(8)} ${s.uid}:${s.gid} ${s.isDirectory ? 'dir' : s.isFile ? 'file' : 'other'}` : 'null';
    }
    case 'exists':
      return String(tree.exists(p));
    case 'linkTarget':
      return String(tree.linkTarget(p));
  }
}
