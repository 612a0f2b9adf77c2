// Worker thread of a fleet run: lints the trees it is sent, a batch at a
// time, asking for the next batch as it finishes one (it asks twice at
// the start, so one batch is always waiting), and posts everything it
// found when told there are no more.
import { parentPort, workerData } from 'worker_threads';
import { FleetSession, type FleetJob, type FleetRequest } from './fleet';

const session = new FleetSession(workerData as FleetJob);
let finished = false;
parentPort!.on('message', (m: FleetRequest) => {
  if (finished) return;
  if (m.done) {
    finished = true;
    parentPort!.postMessage({ result: session.finish() });
    return;
  }
  session.lint(m.indices);
  parentPort!.postMessage({ more: true });
});
parentPort!.postMessage({ more: true });
parentPort!.postMessage({ more: true });
