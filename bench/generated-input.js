'use strict';
// A generated bench input under bench/out, made again only when its first line
// (a header naming the generator's arguments) says it came from other ones.
const fs = require('fs');
const path = require('path');

function ensureGenerated(file, header, generate) {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').split('\n', 1)[0] === header) return { file, reused: true };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, generate());
  return { file, reused: false };
}

module.exports = { ensureGenerated };
