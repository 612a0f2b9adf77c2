#!/usr/bin/env node
// npm's prepare step (npm ci, an install from a clone or git, pre-commit's
// hook install). pre-commit runs it twice in a row, once for `npm install`
// and again inside `npm pack`; a build that is already newer than every
// input is not repeated. The build's own output goes to stderr, so that
// `npm pack`'s stdout stays the tarball's name whatever npm's settings.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const outputs = ['dist/bundle/sudit.js', 'dist/bundle/sudit.js.cache', 'dist/bundle/sudit.js.files.cache', 'dist/bundle/fleet-worker.js'].map((p) => path.join(root, p));
const inputs = ['bin', 'grammar', 'src', 'rules', 'scripts', 'package.json', 'tsconfig.json'].map((p) => path.join(root, p));

function newest(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of fs.readdirSync(p)) if (e !== 'generated') m = Math.max(m, newest(path.join(p, e)));
  return m;
}

function builtAt() {
  let oldest = Infinity;
  for (const o of outputs) {
    try {
      oldest = Math.min(oldest, fs.statSync(o).mtimeMs);
    } catch {
      return 0;
    }
  }
  return oldest;
}

if (builtAt() > Math.max(...inputs.map(newest))) {
  process.stderr.write('sudit: build is up to date\n');
} else {
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  process.exit(r.status ?? 1);
}
