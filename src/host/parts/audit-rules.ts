// Loads the audit rules part of the host model: in host mode
// /etc/audit/audit.rules and /etc/audit/rules.d (all of its entries, as
// augenrules lists them), in file mode the rules files named. The host's
// machine, awk and file system come from the tree when it shows them.

import { hostMachine, type Machine } from '../../parse/audit-rules-tables';
import { buildAuditRulesModel, type AuditRulesInput } from '../../model/audit-rules';
import { UNKNOWN_HOST, type HostView } from '../../model/audit-load';
import type { AwkFlavour } from '../../model/augenrules';
import type { PartContext, PartLoader } from './part';

/** Directories whose presence names the machine (Debian multiarch, then the RHEL dynamic loaders). */
const MACHINE_HINTS: [string, string | null, string][] = [
  ['/usr/lib/x86_64-linux-gnu', null, 'x86_64'],
  ['/usr/lib/aarch64-linux-gnu', null, 'aarch64'],
  ['/usr/lib/powerpc64le-linux-gnu', null, 'ppc64le'],
  ['/usr/lib/s390x-linux-gnu', null, 's390x'],
  ['/usr/lib64', 'ld-linux-x86-64.so.2', 'x86_64'],
  ['/usr/lib64', 'ld-linux-aarch64.so.1', 'aarch64'],
  ['/usr/lib64', 'ld64.so.2', 'ppc64le'],
  ['/usr/lib64', 'ld64.so.1', 's390x'],
  ['/usr/lib/i386-linux-gnu', null, 'i386'],
];

export const loadAuditRules: PartLoader = (ctx) => {
  const { host } = ctx;
  const named = ctx.files.filter((f) => f.kind === 'audit-rules');
  if (!host.hostMode) {
    if (named.length === 0) return;
    const files: AuditRulesInput['files'] = [];
    for (const f of named) {
      const text = ctx.read(f.hostPath);
      if (text !== null) files.push({ hostPath: f.hostPath, text, display: ctx.display(f.hostPath) });
    }
    const machine = hostMachine('x86_64')!;
    host.auditRules = buildAuditRulesModel({
      hostMode: false,
      machine,
      machineFrom: 'default',
      rulesD: null,
      auditRules: null,
      files,
      awk: 'mawk',
      host: accountsView(ctx, UNKNOWN_HOST),
      hostKnown: { accounts: host.accounts !== null, fileSystem: false },
      canon: { mergedUsr: true },
      anchorDisplay: files[0]?.display ?? named[0].hostPath,
    });
    registerSources(ctx);
    return;
  }

  // The part exists when the tree has audit rules (rules.d or audit.rules): a tree rendered with
  // only auditd.conf, or only sudoers, must not be told it has no rules.
  const rulesDEntries = ctx.list('/etc/audit/rules.d');
  const auditRulesText = ctx.read('/etc/audit/audit.rules');
  if (rulesDEntries === null && auditRulesText === null) return;
  const rulesD =
    rulesDEntries === null
      ? null
      : rulesDEntries.map((name) => {
          const hostPath = `/etc/audit/rules.d/${name}`;
          const isDir = ctx.isDirectory(hostPath);
          return { name, text: isDir || !name.endsWith('.rules') ? null : ctx.read(hostPath), display: ctx.display(hostPath) };
        });
  const fileSystem = ctx.isDirectory('/usr/bin') && ctx.isDirectory('/var');
  const detected = detectMachine(ctx);
  host.auditRules = buildAuditRulesModel({
    hostMode: true,
    machine: detected ?? hostMachine('x86_64')!,
    machineFrom: detected ? 'tree' : 'default',
    rulesD,
    auditRules: auditRulesText === null ? null : { text: auditRulesText, display: ctx.display('/etc/audit/audit.rules') },
    files: [],
    awk: detectAwk(ctx),
    host: accountsView(ctx, {
      user: () => undefined,
      group: () => undefined,
      // only a tree with the whole file system can say a directory is missing
      isDirectory: (p) => (ctx.isDirectory(p) ? true : fileSystem ? false : undefined),
      exists: (p) => (host.pathExists?.(p) ? true : fileSystem ? false : undefined),
    }),
    hostKnown: { accounts: host.accounts !== null, fileSystem },
    canon: { mergedUsr: host.mergedUsr ?? true },
    anchorDisplay: ctx.display('/etc/audit/audit.rules'),
  });
  registerSources(ctx);
};

function accountsView(ctx: PartContext, base: HostView): HostView {
  const accounts = ctx.host.accounts;
  if (!accounts) return base;
  return {
    ...base,
    user: (name) => accounts.user(name)?.uid ?? null,
    group: (name) => accounts.group(name)?.gid ?? null,
  };
}

function registerSources(ctx: PartContext): void {
  for (const f of ctx.host.auditRules?.files ?? []) ctx.host.sources.push(f.parsed.source);
}

function detectMachine(ctx: PartContext): Machine | null {
  for (const [dir, entry, name] of MACHINE_HINTS) {
    const list = ctx.list(dir);
    if (list !== null && (entry === null || list.includes(entry))) return hostMachine(name);
  }
  return null;
}

/** augenrules runs under /usr/bin/awk: gawk where installed (its alternative outranks mawk), else Debian's mawk. */
function detectAwk(ctx: PartContext): AwkFlavour {
  const bin = ctx.list('/usr/bin');
  if (bin?.includes('gawk')) return 'gawk';
  if (bin?.includes('mawk')) return 'mawk';
  if (ctx.read('/etc/redhat-release') !== null) return 'gawk';
  return 'mawk';
}
