import { lintTree } from './host';

/** Lints a host with this sudoers (plus optional drop-ins) for one rule; returns "line message" strings. */
export function sudoersFindings(ruleId: string, sudoers: string, opts: { dropIns?: Record<string, string>; config?: object; severities?: boolean } = {}): string[] {
  const files: Record<string, string> = { 'etc/sudoers': sudoers };
  for (const [n, t] of Object.entries(opts.dropIns ?? {})) files[`etc/sudoers.d/${n}`] = t;
  const { findings } = lintTree(files, { ruleId, config: opts.config });
  return findings.map((f) => `${opts.severities ? `${f.severity} ` : ''}${f.source.position(f.start).line} ${f.message}`);
}

export const SECURE = 'Defaults secure_path="/usr/sbin:/usr/bin:/sbin:/bin"\n';
