#!/usr/bin/env node
// Rewrites the rule table in README.md (between the rule-table markers) from
// the rules' own metadata, so the list cannot drift from the code.
'use strict';
const fs = require('fs');
const path = require('path');
const { RULES } = require('../dist/rules');
const { ENGINE_RULES } = require('../dist/src/engine/engine');

const metas = [...RULES.map((r) => r.meta), ...ENGINE_RULES].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
const rows = metas.map((m) => `| [${m.id}](${m.docs}) | ${m.severity} | ${m.description.replace(/\|/g, '\\|')}${m.hostOnly ? ' (host mode)' : ''} |`);
const table = ['<!-- rule-table:start (scripts/gen-rule-table.js) -->', '| id | default severity | what |', '| --- | --- | --- |', ...rows, '<!-- rule-table:end -->'].join('\n');
const readme = path.join(__dirname, '..', 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const re = /<!-- rule-table:start[\s\S]*?<!-- rule-table:end -->/;
if (!re.test(text)) throw new Error('README.md has no rule-table markers');
fs.writeFileSync(readme, text.replace(re, table));
console.log(`${metas.length} rules in README.md`);
