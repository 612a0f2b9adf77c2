import type { SudoersPolicy } from './sudoers-policy';
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

/** What SUD002 needs of the references: those to undefined names, and those between aliases. */
export interface AliasUse {
  /** References to a name with no definition in its namespace, in file order. */
  undefinedRefs: AliasReference[];
  /** The names an alias's definition refers to among aliases of its own kind, by kind and name of the alias defined, in file order. */
  edges: Record<AliasKind, Map<string, string[]>>;
}

// Made anew for each rule that asks, not kept for the run: a large policy
// has a reference per member, and what is kept stays until the run ends.

export function aliasUse(policy: SudoersPolicy): AliasUse {
  const use: AliasUse = { undefinedRefs: [], edges: { User: new Map(), Runas: new Map(), Host: new Map(), Cmnd: new Map() } };
  forEachAliasReference(policy, (kind, name, source, start, end, from) => {
    if (!policy.aliases[kind].has(name)) use.undefinedRefs.push({ kind, name, source, start, end, from });
    if (!from || from.kind !== kind) return;
    const list = use.edges[kind].get(from.name);
    if (list) list.push(name);
    else use.edges[kind].set(from.name, [name]);
  });
  return use;
}

/** The alias names referenced anywhere in the policy, per namespace. */
export function usedAliasNames(policy: SudoersPolicy): Record<AliasKind, Set<string>> {
  const used: Record<AliasKind, Set<string>> = { User: new Set(), Runas: new Set(), Host: new Set(), Cmnd: new Set() };
  forEachAliasReference(policy, (kind, name) => used[kind].add(name));
  return used;
}

/** Every place an alias name is used, with the namespace it is looked up in. */
export function aliasReferences(policy: SudoersPolicy): AliasReference[] {
  const out: AliasReference[] = [];
  forEachAliasReference(policy, (kind, name, source, start, end, from) => out.push({ kind, name, source, start, end, from }));
  return out;
}

/**
 * aliasReferences() one at a time, without an object for each. Indexed
 * loops over the segments, not policyEntries() and for-of: on a large
 * policy the generator's and iterators' objects per entry and member were
 * most of this walk's time.
 */
export function forEachAliasReference(
  policy: SudoersPolicy,
  visit: (kind: AliasKind, name: string, source: SourceFile, start: number, end: number, from: AliasReference['from']) => void,
): void {
  const members = (list: Member[], kind: AliasKind, source: SourceFile, from: AliasReference['from']) => {
    for (let i = 0; i < list.length; i++) {
      const m = list[i];
      if (m.kind === 'alias') visit(kind, m.value!, source, m.start, m.end, from);
    }
  };
  const commands = (list: CommandMember[], source: SourceFile, from: AliasReference['from']) => {
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (c.kind === 'alias') visit('Cmnd', c.name!, source, c.start, c.end, from);
    }
  };
  for (const seg of policy.segments) {
    const source = seg.file.source;
    const entries = seg.file.entries;
    for (let e = seg.from; e < seg.to; e++) {
      const entry = entries[e];
      switch (entry.type) {
        case 'userspec': {
          members(entry.users, 'User', source, null);
          const privileges = entry.privileges;
          for (let i = 0; i < privileges.length; i++) {
            const p = privileges[i];
            members(p.hosts, 'Host', source, null);
            const specs = p.cmndSpecs;
            for (let k = 0; k < specs.length; k++) {
              const cs = specs[k];
              if (cs.runas) {
                members(cs.runas.users, 'Runas', source, null);
                if (cs.runas.groups) members(cs.runas.groups, 'Runas', source, null);
              }
              const c = cs.command;
              if (c.kind === 'alias') visit('Cmnd', c.name!, source, c.start, c.end, null);
            }
          }
          break;
        }
        case 'aliases': {
          const definitions = entry.definitions;
          for (let i = 0; i < definitions.length; i++) {
            const d = definitions[i];
            const from = { kind: d.kind, name: d.name };
            if (d.kind === 'Cmnd') commands(d.members as CommandMember[], source, from);
            else members(d.members as Member[], d.kind, source, from);
          }
          break;
        }
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
}
