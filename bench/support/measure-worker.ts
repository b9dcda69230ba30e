/** Worker thread of `measure()`: runs one command with `runMeasured` and posts back its figures. */
import { parentPort, workerData } from 'node:worker_threads';
import { runMeasured, type RunOptions } from './measure';

const { command, args, options } = workerData as { command: string; args: string[]; options: RunOptions };
runMeasured(command, args, options).then(
  (measurement) => parentPort!.postMessage({ measurement }),
  (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.stack ?? error.message : String(error) }),
);
