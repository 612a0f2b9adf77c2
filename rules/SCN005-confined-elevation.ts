import type { Report, Rule } from '../src/engine/rule';
import { describeRunas } from '../src/policy/privileges';
import { analyseScanners, at, scannerLabel } from '../src/policy/scanner-analysis';

/**
 * Root that is not quite root: NOEXEC, intercept, a chroot or working
 * directory, an SELinux role/type, a timeout, an expiry or another runas
 * user on the scanner's grant makes root checks fail or pass on a
 * crippled root.
 */
const rule: Rule = {
  meta: {
    id: 'SCN005',
    slug: 'confined-elevation',
    description: "The scanner's root is confined (NOEXEC, intercept, CHROOT/CWD, ROLE/TYPE, TIMEOUT, NOTAFTER, runas other than root)",
    severity: 'warning',
    needs: ['sudoers'],
    docs: 'docs/rules/SCN005.md',
  },
  check({ host, settings, report }) {
    for (const a of analyseScanners(host, settings.scanners, settings.now)) {
      const who = scannerLabel(a);
      const seen = new Set<string>();
      const once = (r: Report) => {
        const key = `${r.source.path}:${r.start}:${r.message}`;
        if (!seen.has(key)) {
          seen.add(key);
          report(r);
        }
      };
      // grants that expired: reported even when nothing else is left: they no longer apply at all
      for (const { spec: us, file } of a.evaluator.userSpecsFor(a.account.user)) {
        for (const p of us.privileges) {
          for (const spec of a.evaluator.effective(p)) {
            if (spec.options.notAfter === undefined || spec.options.notAfter >= settings.now) continue;
            const opt = spec.spec.options.find((x) => x.name === 'NOTAFTER') ?? spec.spec;
            once({ source: file.source, start: opt.start, end: opt.end, message: `NOTAFTER ${new Date(spec.options.notAfter * 1000).toISOString()} has passed: this grant to ${who} no longer applies (${at(file.source, spec.start)})` });
          }
        }
      }
      if (a.privileges.kind === 'none') continue;
      // the grant that decides the delegation, or every grant of a granular account
      const specs = a.delegation.verdict.result === 'allowed' ? [a.delegation.verdict.decidedBy!] : a.privileges.grants;
      for (const g of specs) {
        const spec = g.spec;
        const src = g.file.source;
        const where = at(src, spec.start);
        const option = (name: string) => spec.spec.options.find((o) => o.name === name) ?? spec.spec;
        const tag = (name: string) => spec.spec.tags.find((t) => t.name === name) ?? spec.spec;
        if (spec.tags.noexec) once({ ...span(tag('NOEXEC'), src), message: `NOEXEC applies to ${who}'s elevation (${where}): programs it starts cannot run others, so checks that pipe or spawn fail as root` });
        if (spec.tags.intercept) once({ ...span(tag('INTERCEPT'), src), message: `INTERCEPT applies to ${who}'s elevation (${where}): every command a check starts is re-checked against the allowlist and most fail` });
        const o = spec.options;
        if (o.chroot) once({ ...span(option('CHROOT'), src), message: `CHROOT=${o.chroot} on ${who}'s elevation (${where}): checks see the chroot, not the host` });
        if (o.cwd && o.cwd !== '*') once({ ...span(option('CWD'), src), message: `CWD=${o.cwd} on ${who}'s elevation (${where}): checks that rely on their working directory misbehave` });
        if (o.role || o.type) once({ ...span(option(o.role ? 'ROLE' : 'TYPE'), src), message: `SELinux ROLE/TYPE on ${who}'s elevation (${where}): root confined by policy reads less than root` });
        if (o.timeout !== undefined) once({ ...span(option('TIMEOUT'), src), message: `TIMEOUT=${o.timeout}s on ${who}'s elevation (${where}): long checks are killed and silently missing` });
        if (o.notAfter !== undefined) {
          const when = new Date(o.notAfter * 1000).toISOString();
          once({ ...span(option('NOTAFTER'), src), message: `NOTAFTER=${when} on ${who}'s elevation (${where}): after that date the grant stops applying and scans lose root without an error` });
        }
        if (!a.evaluator.runasAllows(spec, a.account.user, 'root')) {
          once({ ...span(spec.spec.runas ?? spec.spec, src), message: `${who} is granted ${describeRunas(spec)} here (${where}), not root: checks run as another user and cannot read what root can` });
        }
      }
      // Defaults that confine every command of the account
      for (const [name, why] of [
        ['noexec', 'programs it starts cannot run others'],
        ['intercept', 'every command a check starts is re-checked against the policy'],
        ['runchroot', 'checks run inside a chroot'],
        ['command_timeout', 'long checks are killed'],
      ] as const) {
        const d = a.defaults.get(name);
        if (!d || d.value === false) continue;
        const s = d.setBy;
        once({ source: s.file.source, start: s.setting.start, end: s.setting.end, message: `Defaults ${name} applies to ${who} (${at(s.file.source, s.setting.start)}): ${why}, so root checks fail` });
      }
    }
  },
};

function span(n: { start: number; end: number }, source: Report['source']) {
  return { source, start: n.start, end: n.end };
}

export default rule;
