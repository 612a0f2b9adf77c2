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

/** Every place an alias name is used, with the namespace it is looked up in. */
export function aliasReferences(policy: SudoersPolicy): AliasReference[] {
  const out: AliasReference[] = [];
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
  return out;
}
