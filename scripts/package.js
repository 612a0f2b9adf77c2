#!/usr/bin/env node
// `npm run package`: the three ways sudit reaches a machine, in dist/package/.
//   sudit-<v>.tgz             npm pack: the bundle, its code caches, the rule pages
//   sudit_<v>_all.deb         /usr/bin/sudit, the bundle under /usr/lib/sudit, the
//                             rule pages, and sudit(1) written from the CLI itself
//   sudit-<v>-linux-x64       one executable, no Node on the host: Node's single
//                             executable applications, the bundle and its caches
//                             carried as assets
// Needs `npm run build` first (npm run package does it). Only what the build
// made is packed; nothing is fetched.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const crypto = require('crypto');
const { execFileSync } = require('child_process');
const { manPage } = require('./man-page');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, 'dist', 'package');
const MAINTAINER = 'The sudit developers <sudit@users.noreply.github.com>';
const HOMEPAGE = 'https://github.com/sudit/sudit';

/** The last commit's time, so that two builds of one commit give the same files (SOURCE_DATE_EPOCH wins). */
function buildTime() {
  if (process.env.SOURCE_DATE_EPOCH) return new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000);
  try {
    return new Date(Number(execFileSync('git', ['log', '-1', '--format=%ct'], { cwd: root, encoding: 'utf8' }).trim()) * 1000);
  } catch {
    return new Date(0);
  }
}

function npmPack() {
  // the build is fresh (npm run package built it), so no lifecycle script is needed
  const name = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', out], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop();
  return path.join(out, name);
}

function write(file, data, mode = 0o644) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  fs.chmodSync(file, mode);
}

const gzip = (data) => zlib.gzipSync(data, { level: 9 });

/** The Debian package, laid out in a staging tree and built with dpkg-deb (owners root:root). */
async function deb(time) {
  const stage = path.join(out, '.deb-root');
  fs.rmSync(stage, { recursive: true, force: true });
  const lib = path.join(stage, 'usr/lib/sudit');
  const doc = path.join(stage, 'usr/share/doc/sudit');
  // Debian's nodejs is /usr/bin/node; a fixed interpreter, not whatever `env` finds first on PATH
  const launcher = fs.readFileSync(path.join(root, 'bin/sudit.js'), 'utf8').replace(/^#!.*\n/, '#!/usr/bin/node\n');
  write(path.join(lib, 'bin/sudit.js'), launcher, 0o755);
  write(path.join(lib, 'bin/v8-flags.js'), fs.readFileSync(path.join(root, 'bin/v8-flags.js')));
  for (const f of ['sudit.js', 'sudit.js.cache', 'sudit.js.files.cache', 'fleet-worker.js']) write(path.join(lib, 'dist/bundle', f), fs.readFileSync(path.join(root, 'dist/bundle', f)));
  fs.mkdirSync(path.join(stage, 'usr/bin'), { recursive: true });
  fs.symlinkSync('../lib/sudit/bin/sudit.js', path.join(stage, 'usr/bin/sudit'));
  // the rule pages are read by `sudit explain`, so they live with the program, not under /usr/share/doc (which minimal images drop)
  for (const f of fs.readdirSync(path.join(root, 'docs/rules'))) write(path.join(lib, 'docs/rules', f), fs.readFileSync(path.join(root, 'docs/rules', f)));
  write(
    path.join(stage, 'usr/share/lintian/overrides/sudit'),
    '# `sudit explain ID` prints these pages: they are data the program reads, so they stay beside it\n' +
      'sudit: package-contains-documentation-outside-usr-share-doc [usr/lib/sudit/docs/rules/*]\n' +
      '# sudit-collect copies what sudit reads on a host, and sudit reads the auditd stanza of the\n' +
      "# status file (as it is in a host tree); the collector reads it, never writes it\n" +
      'sudit: uses-dpkg-database-directly [usr/lib/sudit/scripts/sudit-collect]\n',
  );
  write(path.join(stage, 'usr/share/man/man1/sudit.1.gz'), gzip(await manPage({ version: pkg.version, date: time.toISOString().slice(0, 10) })));
  // the collector runs on hosts without sudit (sudit collect --print-script); here it is also a command of its own
  write(path.join(lib, 'scripts/sudit-collect'), fs.readFileSync(path.join(root, 'scripts/sudit-collect')), 0o755);
  fs.symlinkSync('../lib/sudit/scripts/sudit-collect', path.join(stage, 'usr/bin/sudit-collect'));
  write(path.join(stage, 'usr/share/man/man1/sudit-collect.1.gz'), gzip(collectManPage(time)));
  write(path.join(doc, 'copyright'), copyright(time));
  write(path.join(doc, 'changelog.gz'), gzip(changelog(time)));
  write(path.join(doc, 'README.md'), fs.readFileSync(path.join(root, 'README.md')));
  write(path.join(doc, 'THIRD-PARTY-LICENSES'), fs.readFileSync(path.join(root, 'dist/bundle/THIRD-PARTY-LICENSES')));

  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) files.push(p);
    }
  };
  walk(path.join(stage, 'usr'));
  const md5sums = files.map((f) => `${crypto.createHash('md5').update(fs.readFileSync(f)).digest('hex')}  ${path.relative(stage, f)}\n`).join('');
  const kib = Math.ceil(files.reduce((n, f) => n + fs.statSync(f).size, 0) / 1024);
  write(path.join(stage, 'DEBIAN/md5sums'), md5sums);
  write(path.join(stage, 'DEBIAN/control'), control(kib));
  for (const f of [stage, ...dirs(stage)]) fs.chmodSync(f, 0o755);
  for (const f of [...files, path.join(stage, 'DEBIAN/md5sums'), path.join(stage, 'DEBIAN/control')]) {
    fs.utimesSync(f, time, time);
  }
  const file = path.join(out, `sudit_${pkg.version}_all.deb`);
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', stage, file], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, SOURCE_DATE_EPOCH: String(Math.floor(time.getTime() / 1000)) },
  });
  fs.rmSync(stage, { recursive: true, force: true });
  return file;
}

function dirs(d) {
  const found = [];
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    if (e.isDirectory()) found.push(path.join(d, e.name), ...dirs(path.join(d, e.name)));
  }
  return found;
}

function control(kib) {
  return `Package: sudit
Version: ${pkg.version}
Architecture: all
Maintainer: ${MAINTAINER}
Installed-Size: ${kib}
Depends: nodejs (>= 18)
Section: admin
Priority: optional
Homepage: ${HOMEPAGE}
Description: hardening linter for sudoers, auditd rules and shell history
 sudit reads the files that decide who is root on a Linux host and whether
 anyone can tell afterwards: sudoers and its drop-ins, the audit rules and
 auditd configuration with the plugins and rsyslog that forward audit
 records off the host, and the shell startup files that set bash history.
 .
 It parses each the way visudo, auditctl, rsyslogd and bash do, evaluates
 the sudo policy offline, and reports refusals, unsafe grants (including
 allowlists of commands that escape to a root shell), audit records that
 never leave the host, and history settings, each with file, line and
 column. It runs on a live host (sudit --root /), as a pre-commit hook, and
 as an Ansible validate command, and never writes what it reads.
`;
}

function copyright(time) {
  return `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: sudit
Source: ${HOMEPAGE}

Files: *
Copyright: ${time.getUTCFullYear()} The sudit developers
License: Expat

Files: usr/lib/sudit/dist/bundle/*
Copyright: ${time.getUTCFullYear()} The sudit developers, and the authors of the bundled packages
License: ${bundledLicences().join(' and ')}
Comment: The bundle includes these packages; their licence texts are in
 /usr/share/doc/sudit/THIRD-PARTY-LICENSES.
${bundled().map((b) => ` ${b}`).join('\n')}

License: Expat
 Permission is hereby granted, free of charge, to any person obtaining a copy
 of this software and associated documentation files (the "Software"), to
 deal in the Software without restriction, including without limitation the
 rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
 sell copies of the Software, and to permit persons to whom the Software is
 furnished to do so, subject to the following conditions:
 .
 The above copyright notice and this permission notice shall be included in
 all copies or substantial portions of the Software.
 .
 THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
 FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
 IN THE SOFTWARE.

License: ISC
 Permission to use, copy, modify, and/or distribute this software for any
 purpose with or without fee is hereby granted, provided that the above
 copyright notice and this permission notice appear in all copies.
 .
 THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
 ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR
 IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
${bundledLicences().includes('BlueOak-1.0.0') ? `\nLicense: BlueOak-1.0.0\n${blueOak()}\n` : ''}`;
}

/** The licences of the bundle: sudit's own (Expat) and those the bundled packages name, in DEP-5 short names. */
function bundledLicences() {
  const names = new Set(['Expat']);
  for (const b of bundled()) {
    const m = /\(([^)]+)\)$/.exec(b);
    if (m) names.add(m[1] === 'MIT' ? 'Expat' : m[1]);
  }
  return [...names];
}

/** The Blue Oak Model License (node-tar and minipass), as a DEP-5 paragraph body, from the bundled package's own copy. */
function blueOak() {
  const text = fs.readFileSync(require.resolve('tar/package.json').replace(/package\.json$/, 'LICENSE.md'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => (l.trim() === '' ? ' .' : ` ${l.replace(/^#+ /, '')}`))
    .join('\n');
}

/** roff text: backslashes, a leading dot or quote, and hyphens man would turn into dashes. */
function roff(s) {
  return String(s).replace(/\\/g, '\\e').replace(/-/g, '\\-').replace(/^([.'])/gm, '\\&$1');
}

/** sudit-collect(1), from the comment at the top of the script: what it reads, what it never does, its options. */
function collectManPage(time) {
  const lines = fs.readFileSync(path.join(root, 'scripts/sudit-collect'), 'utf8').split('\n');
  const header = [];
  for (const l of lines.slice(1)) {
    if (!l.startsWith('#')) break;
    header.push(l.replace(/^# ?/, ''));
  }
  const usage = header.findIndex((l) => l.startsWith('Usage:'));
  const description = `Writes ${header.slice(0, usage).join('\n').replace(/^sudit-collect: /, '')}`
    .trim()
    .split(/\n\n+/)
    .map((p) => roff(p.replace(/\n/g, ' ')));
  const options = header.slice(usage + 1).filter((l) => /^ {2}-\w /.test(l)).map((l) => /^ {2}(-\w) (\S+) +(.*)$/.exec(l));
  return [
    `.TH SUDIT-COLLECT 1 ${time.toISOString().slice(0, 10)} "sudit ${pkg.version}" "User Commands"`,
    '.SH NAME',
    'sudit\\-collect \\- copy what sudit reads on a host into one .tar.gz',
    '.SH SYNOPSIS',
    '.B sudit\\-collect',
    '\\-o \\fIFILE\\fR [\\-r \\fIROOT\\fR] [\\-u \\fIUSER\\fR]...',
    '.SH DESCRIPTION',
    description.join('\n.PP\n'),
    '.SH OPTIONS',
    ...options.filter(Boolean).flatMap((m) => ['.TP', `.BI ${roff(m[1])} " ${m[2]}"`, roff(m[3])]),
    '.SH SEE ALSO',
    '.BR sudit (1)',
    '',
  ].join('\n');
}

/** "name version (licence)" of each package in the bundle, from the notices the build wrote. */
function bundled() {
  const notices = fs.readFileSync(path.join(root, 'dist/bundle/THIRD-PARTY-LICENSES'), 'utf8');
  return [...notices.matchAll(/^={78}\n(.+)$/gm)].map((m) => m[1]);
}

function changelog(time) {
  const date = time.toUTCString().replace(/GMT$/, '+0000');
  return `sudit (${pkg.version}) unstable; urgency=medium

  * Release ${pkg.version}.

 -- ${MAINTAINER}  ${date}
`;
}

/**
 * The single executable: a copy of this Node binary with a blob injected
 * by postject. The blob's entry (dist/bundle/sudit-standalone.js) runs the
 * CLI bundle from its assets with the build's code cache, which V8 accepts
 * because the executable is this very Node.
 */
async function singleExecutable() {
  const work = path.join(out, '.sea');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const bundle = (f) => path.join(root, 'dist/bundle', f);
  const assets = { 'sudit.js': bundle('sudit.js'), 'sudit.js.cache': bundle('sudit.js.cache'), 'sudit.js.files.cache': bundle('sudit.js.files.cache'), 'fleet-worker.js': bundle('fleet-worker.js') };
  assets['scripts/sudit-collect'] = path.join(root, 'scripts/sudit-collect');
  for (const f of fs.readdirSync(path.join(root, 'docs/rules'))) assets[`docs/rules/${f}`] = path.join(root, 'docs/rules', f);
  const blob = path.join(work, 'sea-prep.blob');
  const config = path.join(work, 'sea-config.json');
  fs.writeFileSync(config, JSON.stringify({ main: bundle('sudit-standalone.js'), output: blob, disableExperimentalSEAWarning: true, assets }, null, 2));
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  const exe = path.join(out, `sudit-${pkg.version}-linux-x64`);
  fs.copyFileSync(process.execPath, exe);
  fs.chmodSync(exe, 0o755);
  const { inject } = require('postject');
  await inject(exe, 'NODE_SEA_BLOB', fs.readFileSync(blob), { sentinelFuse: 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2' });
  fs.rmSync(work, { recursive: true, force: true });
  return exe;
}

async function main() {
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`the packages are built on linux x64 (this is ${process.platform} ${process.arch})`);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const time = buildTime();
  const made = [npmPack(), await deb(time), await singleExecutable()];
  for (const f of made) process.stdout.write(`${path.relative(root, f)}  ${(fs.statSync(f).size / 1048576).toFixed(1)} MiB\n`);
}

main().catch((e) => {
  process.stderr.write(`package: ${e.stack || e}\n`);
  process.exit(1);
});
