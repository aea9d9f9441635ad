/**
 * Test support: a worker for WorkerPool tests. Each job of size s adds (index + 1)·s to a shared
 * counter; worker `failOn.worker` throws a DataError on jobs of size `failOn.size`; with
 * `setupError` set, the worker's setup fails and every job reports that error.
 */
import { workerData } from "node:worker_threads";
import { DataError } from "../../src/core/errors.js";
import { serveJobs, type PoolMemory } from "../../src/grad/parallel-pool.js";

export interface TestWorkerData {
  index: number;
  pool: PoolMemory;
  /** Int32 [1] */
  counter: SharedArrayBuffer;
  failOn: { worker: number; size: number } | null;
  setupError: string | null;
}

const data = workerData as TestWorkerData;
const counter = new Int32Array(data.counter);
const job = (size: number): void => {
  if (data.failOn !== null && data.failOn.worker === data.index && data.failOn.size === size) {
    throw new DataError(`job of size ${size} refused`);
  }
  Atomics.add(counter, 0, (data.index + 1) * size);
};
serveJobs(data.pool, data.index, () => {
  if (data.setupError !== null) throw new Error(data.setupError);
  return job;
});
