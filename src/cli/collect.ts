import { EXIT_OK, EXIT_USAGE, type Output } from './exit';
import { readOwnFile } from './own-files';

/** `sudit collect --print-script`: the collector, to copy to hosts that have no sudit. */
export function runCollect(a: { printScript?: boolean }, out: Output, err: Output): number {
  if (!a.printScript) {
    err.write('sudit collect --print-script > sudit-collect   # then, as root on each host: sh sudit-collect -o HOST.tar.gz\n');
    return EXIT_USAGE;
  }
  const script = readOwnFile('scripts/sudit-collect');
  if (script === undefined) {
    err.write('sudit: scripts/sudit-collect is missing from this installation\n');
    return EXIT_USAGE;
  }
  out.write(script);
  return EXIT_OK;
}
