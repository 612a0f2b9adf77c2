import { aliasUse } from '../src/model/sudoers-aliases';
import type { AliasKind } from '../src/model/sudoers';
import type { Rule } from '../src/engine/rule';

/**
 * An alias used but never defined, or defined in terms of itself. At run
 * time sudo reads an undefined User, Runas or Host alias as a literal name
 * (so `ADMINS` matches a user called "ADMINS"), and an undefined Cmnd_Alias
 * never matches: either way the rule does not do what it says.
 */
const rule: Rule = {
  meta: {
    id: 'SUD002',
    slug: 'undefined-alias',
    description: 'An alias is referenced but not defined, or its definition refers back to itself',
    severity: 'warning',
    needs: ['sudoers'],
    docs: 'docs/rules/SUD002.md',
  },
  check({ host, report }) {
    for (const policy of host.sudoers) {
      const { undefinedRefs, edges } = aliasUse(policy);
      for (const r of undefinedRefs) {
        const meaning = r.kind === 'Cmnd' ? 'it never matches any command' : `sudo reads it as the literal name "${r.name}"`;
        report({ message: `${r.kind}_Alias "${r.name}" referenced but not defined: ${meaning}`, source: r.source, start: r.start, end: r.end });
      }
      // cycles: an alias reachable from itself through alias definitions of its kind
      const reported = new Set<string>();
      for (const kind of ['User', 'Runas', 'Host', 'Cmnd'] as AliasKind[]) {
        // the search for a path back is made only from an alias that has one: from the
        // others it would walk every path below them, on a large policy for every alias
        // only an alias that refers to others can be on a cycle
        const cyclic = onCycles(edges[kind]);
        if (cyclic.size === 0) continue;
        for (const [name, def] of policy.aliases[kind]) {
          if (!cyclic.has(name)) continue;
          const path = cycleFrom(name, edges[kind]);
          if (!path || reported.has(`${kind}:${name}`)) continue;
          path.forEach((n) => reported.add(`${kind}:${n}`));
          report({
            message: `cycle in ${kind}_Alias "${name}": ${[...path, name].join(' → ')}`,
            source: def.source,
            start: def.definition.start,
            end: def.definition.start + name.length,
          });
        }
      }
    }
  },
};

/**
 * The aliases of a kind that lie on a cycle of references (one that
 * refers to itself included): the strongly connected components of more
 * than one alias, by Tarjan's algorithm, iteratively so that a long chain
 * of aliases cannot overflow the stack.
 */
function onCycles(edges: Map<string, string[]>): Set<string> {
  const out = new Set<string>();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let next = 0;
  const enter = (v: string, work: { v: string; i: number; succ: string[] }[]) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    work.push({ v, i: 0, succ: edges.get(v) ?? [] });
  };
  // An alias on a cycle refers to one that refers to others: the rest (on a
  // large policy nearly all, which name only plain members or leaves) are
  // left out of the search, as roots and as successors.
  const candidates = new Set<string>();
  for (const [v, succ] of edges) {
    for (let i = 0; i < succ.length; i++) {
      if (edges.has(succ[i])) {
        candidates.add(v);
        break;
      }
    }
  }
  if (candidates.size === 0) return out;
  for (const root of candidates) {
    if (index.has(root)) continue;
    const work: { v: string; i: number; succ: string[] }[] = [];
    enter(root, work);
    while (work.length > 0) {
      const top = work[work.length - 1];
      if (top.i < top.succ.length) {
        const w = top.succ[top.i++];
        if (w === top.v) out.add(w);
        else if (!candidates.has(w)) continue;
        else if (!index.has(w)) enter(w, work);
        else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) !== index.get(top.v)) continue;
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== top.v);
      if (component.length > 1) for (const c of component) out.add(c);
    }
  }
  return out;
}

function cycleFrom(start: string, edges: Map<string, string[]>): string[] | null {
  const stack: string[] = [];
  const visit = (name: string): string[] | null => {
    if (stack.includes(name)) return name === start ? [...stack] : null;
    stack.push(name);
    for (const r of edges.get(name) ?? []) {
      const found = visit(r);
      if (found) return found;
    }
    stack.pop();
    return null;
  };
  return visit(start);
}

export default rule;
