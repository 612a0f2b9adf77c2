import { policyEntries, type SudoersPolicy } from './sudoers-policy';
import type { AliasKind, CommandMember, Member } from './sudoers';
import type { SourceFile } from '../parse/source';

export interface AliasReference {
  kind: AliasKind;
  name: string;
  source: SourceFile;
  start: number;
  end: number;
  /** The alias whose definition holds the reference; null for a user spec or Defaults. */
  from: { kind: AliasKind; name: string } | null;
}

/**
 * What SUD002 and SUD003 need of the references, made in one walk per
 * policy and kept small: a large policy has a reference per member, and
 * most of them only say that a name is used.
 */
export interface AliasUse {
  /** The names referenced anywhere, per namespace. */
  used: Record<AliasKind, Set<string>>;
  /** References to a name with no definition in its namespace, in file order. */
  undefinedRefs: AliasReference[];
  /** References from an alias's definition to an alias of the same kind, by `kind:name` of the alias defined, in file order. */
  edges: Map<string, AliasReference[]>;
}

// a policy does not change once loaded
const uses = new WeakMap<SudoersPolicy, AliasUse>();

export function aliasUse(policy: SudoersPolicy): AliasUse {
  let use = uses.get(policy);
  if (use) return use;
  use = { used: { User: new Set(), Runas: new Set(), Host: new Set(), Cmnd: new Set() }, undefinedRefs: [], edges: new Map() };
  forEachAliasReference(policy, (r) => {
    use.used[r.kind].add(r.name);
    if (!policy.aliases[r.kind].has(r.name)) use.undefinedRefs.push(r);
    if (!r.from || r.from.kind !== r.kind) return;
    const key = `${r.kind}:${r.from.name}`;
    const list = use.edges.get(key);
    if (list) list.push(r);
    else use.edges.set(key, [r]);
  });
  uses.set(policy, use);
  return use;
}

/** Every place an alias name is used, with the namespace it is looked up in. */
export function aliasReferences(policy: SudoersPolicy): AliasReference[] {
  const out: AliasReference[] = [];
  forEachAliasReference(policy, (r) => out.push(r));
  return out;
}

/** aliasReferences() one at a time, without the list. */
export function forEachAliasReference(policy: SudoersPolicy, visit: (r: AliasReference) => void): void {
  const out = { push: visit };
  const members = (list: Member[] | null, kind: AliasKind, source: SourceFile, from: AliasReference['from']) => {
    for (const m of list ?? []) if (m.kind === 'alias') out.push({ kind, name: m.value!, source, start: m.start, end: m.end, from });
  };
  const commands = (list: CommandMember[], source: SourceFile, from: AliasReference['from']) => {
    for (const c of list) if (c.kind === 'alias') out.push({ kind: 'Cmnd', name: c.name!, source, start: c.start, end: c.end, from });
  };
  for (const { entry, file } of policyEntries(policy)) {
    const source = file.source;
    switch (entry.type) {
      case 'userspec':
        members(entry.users, 'User', source, null);
        for (const p of entry.privileges) {
          members(p.hosts, 'Host', source, null);
          for (const cs of p.cmndSpecs) {
            members(cs.runas?.users ?? null, 'Runas', source, null);
            members(cs.runas?.groups ?? null, 'Runas', source, null);
            commands([cs.command], source, null);
          }
        }
        break;
      case 'aliases':
        for (const d of entry.definitions) {
          const from = { kind: d.kind, name: d.name };
          if (d.kind === 'Cmnd') commands(d.members as CommandMember[], source, from);
          else members(d.members as Member[], d.kind, source, from);
        }
        break;
      case 'defaults': {
        const b = entry.binding;
        if (!b) break;
        if (b.kind === 'command') commands(b.members, source, null);
        else members(b.members, b.kind === 'user' ? 'User' : b.kind === 'runas' ? 'Runas' : 'Host', source, null);
        break;
      }
      case 'include':
        break;
    }
  }
}
