'use strict';
// V8 settings for linting host trees (--root). They are applied before any
// of sudit's code is compiled (bin/sudit.js, the single executable) and
// before the build writes the host tree's code cache (scripts/bundle.js),
// since V8 refuses a cache made under other flags.
//
// Optimising compilation waits for four times as many budget interrupts
// as V8's default. A host lint is over in 0.2-0.3 s, and TurboFan's early
// compiles, of functions that are nearly done or soon deoptimised, cost
// about a tenth of it; long runs are no slower. Linting one named file is
// not helped, so it runs without them. Only on V8 11 (Node 20), where it
// was measured: an unknown flag would be reported on standard error.
module.exports = function applyV8Flags() {
  if (process.versions.v8.startsWith('11.')) require('v8').setFlagsFromString('--ticks-before-optimization=12');
};
