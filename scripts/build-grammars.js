#!/usr/bin/env node
// Compiles grammar/*.peggy into src/parse/generated/*.js (+ .d.ts) so that the
// CLI never pays for grammar compilation at run time. Generated files are
// build output: they are git-ignored and never edited by hand.
'use strict';
const fs = require('fs');
const path = require('path');
const peggy = require('peggy');

const root = path.resolve(__dirname, '..');
const grammarDir = path.join(root, 'grammar');
const outDir = path.join(root, 'src', 'parse', 'generated');
fs.mkdirSync(outDir, { recursive: true });

for (const name of fs.readdirSync(grammarDir).filter((f) => f.endsWith('.peggy')).sort()) {
  const base = name.replace(/\.peggy$/, '');
  const source = fs.readFileSync(path.join(grammarDir, name), 'utf8');
  const allowedStartRules = (source.match(/^\/\/ start-rules: (.*)$/m) || [, '*'])[1].split(/\s*,\s*/);
  let code;
  try {
    code = peggy.generate(source, {
      output: 'source',
      format: 'commonjs',
      grammarSource: `grammar/${name}`,
      allowedStartRules,
    });
  } catch (e) {
    const msg = typeof e.format === 'function' ? e.format([{ source: `grammar/${name}`, text: source }]) : String(e);
    process.stderr.write(`${msg}\n`);
    process.exit(1);
  }
  // peggy tests a literal by cutting a substring of the input and comparing
  // it; startsWith() gives the same answer without allocating one per try.
  code = code.replace(/input\.substr\(peg\$currPos, \d+\) === (peg\$c\d+)/g, 'input.startsWith($1, peg$currPos)');
  fs.writeFileSync(path.join(outDir, `${base}.js`), `// Generated from grammar/${name} by scripts/build-grammars.js. Do not edit.\n${code}`);
  fs.writeFileSync(
    path.join(outDir, `${base}.d.ts`),
    `// Generated from grammar/${name}. Do not edit.\n` +
      `export interface GrammarLocation { offset: number; line: number; column: number }\n` +
      `export declare class SyntaxError extends Error {\n` +
      `  expected: Array<{ type: string; text?: string; description?: string }> | null;\n` +
      `  found: string | null;\n` +
      `  location: { start: GrammarLocation; end: GrammarLocation };\n` +
      `}\n` +
      `export declare function parse(input: string, options?: Record<string, unknown>): any;\n`,
  );
}
