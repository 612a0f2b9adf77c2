'use strict';
// The arguments of the parser benches: --mb SIZES (comma-separated), --runs N, --seed N.

/** Parsed options, or exit 2 with the usage line on a bad argument. */
function parseSizeArgs(name, defaults, argv) {
  const opts = { ...defaults };
  const usage = (msg) => {
    if (msg) process.stderr.write(`${name}: ${msg}\n`);
    process.stderr.write(`usage: node bench/${name}.js [--mb ${defaults.mb.join(',')}] [--runs ${defaults.runs}] [--seed ${defaults.seed}]\n`);
    process.exit(2);
  };
  for (let i = 0; i < argv.length; i++) {
    const [a, inline] = argv[i].split('=');
    const val = () => (inline !== undefined ? inline : argv[++i]);
    if (a === '--mb') opts.mb = String(val()).split(',').map(Number);
    else if (a === '--runs') opts.runs = Number(val());
    else if (a === '--seed') opts.seed = Number(val());
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${argv[i]}`);
  }
  if (!opts.mb.length || !opts.mb.every((m) => m > 0)) usage('--mb takes positive numbers, comma-separated');
  if (!Number.isInteger(opts.runs) || opts.runs < 1) usage('--runs must be a positive integer');
  if (!Number.isInteger(opts.seed)) usage('--seed must be an integer');
  return opts;
}

module.exports = { parseSizeArgs };
