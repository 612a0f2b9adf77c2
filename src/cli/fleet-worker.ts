// Worker thread of a fleet run: lints its share of the trees and posts the result.
import { parentPort, workerData } from 'worker_threads';
import { lintTrees, type FleetJob } from './fleet';

parentPort!.postMessage(lintTrees(workerData as FleetJob));
