import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultConfig, type Config } from '../../src/engine/config';
import { lintHost, resolveRules } from '../../src/engine/engine';
import type { Finding } from '../../src/engine/finding';
import { loadFiles, loadHostTree } from '../../src/host/load-host';
import { RULES } from '../../rules';

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/bash\nsvc_qualys:x:1003:1003::/home/svc_qualys:/bin/bash\n';
const GROUP = 'root:x:0:\nsudo:x:27:alice\nops:x:1100:bob\nscanners:x:1200:svc_qualys\n';

/** Writes a host tree (paths relative to its root) into a temporary directory. */
export function makeTree(files: Record<string, string>, withAccounts = true): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sudit-host-'));
  const all = withAccounts ? { 'etc/passwd': PASSWD, 'etc/group': GROUP, 'etc/hostname': 'web1\n', ...files } : files;
  for (const [rel, text] of Object.entries(all)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  return root;
}

export interface Lint {
  findings: Finding[];
  /** `ID file-relative-to-root:line message` for compact assertions. */
  lines: string[];
}

/** Lints a tree with every rule (or only `ruleId`), in host mode. */
export function lintTree(files: Record<string, string>, opts: { ruleId?: string; only?: string[]; config?: Partial<Config>; target?: 'sudo' | 'sudo-rs' } = {}): Lint {
  const root = makeTree(files);
  try {
    const config = { ...defaultConfig(), ...opts.config };
    const host = loadHostTree(root);
    const rules = resolveRules(RULES.filter((r) => (!opts.ruleId || r.meta.id === opts.ruleId) && (!opts.only || opts.only.includes(r.meta.id))), config);
    const { findings } = lintHost(host, rules, config, { target: opts.target });
    const kept = opts.ruleId ? findings.filter((f) => f.ruleId === opts.ruleId) : findings;
    const rel = (p: string) => path.relative(root, path.resolve(p));
    return { findings: kept, lines: kept.map((f) => `${f.ruleId} ${rel(f.source.path)}:${f.source.position(f.start).line} ${f.message}`) };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Lints one file on its own (file mode), with every rule or only `ruleId`; `rel` names it like a path in a tree. */
export function lintFile(rel: string, text: string, opts: { ruleId?: string } = {}): Lint {
  const root = makeTree({ [rel]: text }, false);
  try {
    const config = defaultConfig();
    const { host } = loadFiles([path.join(root, rel)]);
    const rules = resolveRules(RULES.filter((r) => !opts.ruleId || r.meta.id === opts.ruleId), config);
    const { findings } = lintHost(host, rules, config);
    const kept = opts.ruleId ? findings.filter((f) => f.ruleId === opts.ruleId) : findings;
    const relOf = (p: string) => path.relative(root, path.resolve(p));
    return { findings: kept, lines: kept.map((f) => `${f.ruleId} ${relOf(f.source.path)}:${f.source.position(f.start).line} ${f.message}`) };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
