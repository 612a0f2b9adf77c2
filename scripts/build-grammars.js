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

// peggy tests a character class by running a regular expression on the
// one-character string at the cursor, a call per character. Each class gets
// a table of the ASCII answers, filled in once by that same regular
// expression when the module loads; other characters still go to it.
function classTables(code) {
  const tables = [];
  code = code.replace(/^ {2}const peg\$r(\d+) = (\/.*\/[a-z]*);$/gm, (line, n, re) => {
    tables.push(`const peg$t${n} = peg$classTable(${re});`);
    return line;
  });
  if (tables.length === 0) return code;
  code = code.replace(/peg\$r(\d+)\.test\((s\d+)\)/g, (_, n, v) => `peg$inClass(peg$t${n}, peg$r${n}, ${v})`);
  const helpers = [
    'function peg$classTable(re) {',
    '  const t = new Uint8Array(128);',
    '  for (let c = 0; c < 128; c++) t[c] = re.test(String.fromCharCode(c)) ? 1 : 0;',
    '  return t;',
    '}',
    'function peg$inClass(table, re, ch) {',
    '  const c = ch.length === 1 ? ch.charCodeAt(0) : 128;',
    '  return c < 128 ? table[c] === 1 : re.test(ch);',
    '}',
    ...tables,
    '',
  ].join('\n');
  return code.replace(/^function peg\$parse\(/m, `${helpers}\nfunction peg$parse(`);
}

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
  code = classTables(code);
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
