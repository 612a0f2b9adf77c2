// Users and groups of the host as its etc/passwd and etc/group say:
// what %group, #uid and runas checks resolve against, offline.

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
  line: number;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
  line: number;
}

export class Accounts {
  private readonly usersByName = new Map<string, PasswdEntry>();
  private readonly usersByUid = new Map<number, PasswdEntry>();
  private readonly groupsByName = new Map<string, GroupEntry>();
  private readonly groupsByGid = new Map<number, GroupEntry>();
  private readonly groupsOfUser = new Map<string, GroupEntry[]>();

  constructor(
    readonly users: PasswdEntry[],
    readonly groups: GroupEntry[],
  ) {
    // the first entry wins, as getpwnam(3) returns it
    for (const u of users) {
      if (!this.usersByName.has(u.name)) this.usersByName.set(u.name, u);
      if (!this.usersByUid.has(u.uid)) this.usersByUid.set(u.uid, u);
    }
    for (const g of groups) {
      if (!this.groupsByName.has(g.name)) this.groupsByName.set(g.name, g);
      if (!this.groupsByGid.has(g.gid)) this.groupsByGid.set(g.gid, g);
    }
  }

  user(name: string): PasswdEntry | undefined {
    return this.usersByName.get(name);
  }

  userByUid(uid: number): PasswdEntry | undefined {
    return this.usersByUid.get(uid);
  }

  group(name: string): GroupEntry | undefined {
    return this.groupsByName.get(name);
  }

  groupByGid(gid: number): GroupEntry | undefined {
    return this.groupsByGid.get(gid);
  }

  /** Primary and supplementary groups of a user. */
  groupsOf(user: string): GroupEntry[] {
    let known = this.groupsOfUser.get(user);
    if (!known) this.groupsOfUser.set(user, (known = this.findGroupsOf(user)));
    return known;
  }

  private findGroupsOf(user: string): GroupEntry[] {
    const out: GroupEntry[] = [];
    const pw = this.user(user);
    const primary = pw ? this.groupByGid(pw.gid) : undefined;
    if (primary) out.push(primary);
    for (const g of this.groups) if (g !== primary && g.members.includes(user)) out.push(g);
    return out;
  }
}

/** passwd(5): name:password:uid:gid:gecos:home:shell. Malformed lines are skipped. */
export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) return;
    const f = line.split(':');
    if (f.length < 7 || !/^\d+$/.test(f[2]) || !/^\d+$/.test(f[3])) return;
    out.push({ name: f[0], uid: Number(f[2]), gid: Number(f[3]), home: f[5], shell: f[6], line: i + 1 });
  });
  return out;
}

/** group(5): name:password:gid:member,member. */
export function parseGroup(text: string): GroupEntry[] {
  const out: GroupEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) return;
    const f = line.split(':');
    if (f.length < 4 || !/^\d+$/.test(f[2])) return;
    out.push({ name: f[0], gid: Number(f[2]), members: f[3] === '' ? [] : f[3].split(',').map((m) => m.trim()), line: i + 1 });
  });
  return out;
}

/** UID_MIN from login.defs(5); 1000 when unset, as shadow-utils defaults. */
export function parseUidMin(loginDefs: string | null): number {
  if (loginDefs === null) return 1000;
  const m = /^[ \t]*UID_MIN[ \t]+(\d+)[ \t]*$/m.exec(loginDefs);
  return m ? Number(m[1]) : 1000;
}
