/**
 * Worker threads that run one job at a time in lockstep with the main thread, through shared
 * memory only (no message per job, so a job costs two futex calls, not a trip through the event
 * loop): the main thread sets pending = W, bumps `generation` and notifies; each worker does its
 * share, then decrements pending; the main thread blocks in Atomics.wait until pending = 0. A
 * worker's exception goes into a SharedWorkerError and is rethrown on the main thread as an Error.
 */
import type { Worker } from "node:worker_threads";
import { endWhenCollected, forgetWorkers, startWorker } from "../engine/threads/start-worker.js";
import { SharedWorkerError } from "../engine/threads/worker-error.js";

/** Slots of the shared control array [Int32]. */
const GENERATION = 0,
  PENDING = 1,
  STOP = 2,
  READY = 3,
  SIZE = 4;
const CONTROL_SLOTS = 5;
/** The main thread wakes this often while waiting, to look for a worker that never started. */
const POLL_MS = 100;
const STARTUP_POLLS = 600;

/** What each worker gets in workerData.pool: the control array and the first error's slot, both shared. */
export interface PoolMemory {
  control: SharedArrayBuffer;
  error: SharedArrayBuffer;
}

/** Filled by the workers' error events (seen only when the main thread's event loop runs). */
interface PoolState {
  failure: Error | null;
}

export class WorkerPool {
  private readonly control: Int32Array;
  private readonly error: SharedWorkerError;
  private readonly workers: Worker[] = [];
  private readonly state: PoolState = { failure: null };
  private disposed = false;

  /**
   * Starts `count` workers of script `name` (found next to module `base`, by default this one's);
   * dataFor(k, memory) is worker k's workerData.
   */
  constructor(
    readonly name: string,
    count: number,
    dataFor: (k: number, memory: PoolMemory) => object,
    base = import.meta.url,
  ) {
    const memory: PoolMemory = {
      control: new SharedArrayBuffer(CONTROL_SLOTS * 4),
      error: SharedWorkerError.allocate(),
    };
    this.control = new Int32Array(memory.control);
    this.error = new SharedWorkerError(memory.error);
    const state = this.state;
    for (let k = 0; k < count; k++) {
      const worker = startWorker(name, base, dataFor(k, memory));
      worker.on("error", (error: Error) => (state.failure ??= error));
      worker.unref();
      this.workers.push(worker);
    }
    endWhenCollected(this, this.workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Starts a job of `size` (each worker's job is called with it) and returns at once. */
  start(size: number): void {
    if (this.disposed) throw new Error(`${this.name}: the worker pool was disposed`);
    if (this.state.failure !== null) throw new Error(`${this.name} failed: ${this.state.failure.message}`);
    const c = this.control;
    Atomics.store(c, SIZE, size);
    Atomics.store(c, PENDING, this.workers.length);
    Atomics.add(c, GENERATION, 1);
    Atomics.notify(c, GENERATION);
  }

  /** Blocks until every worker has finished the job; throws the first worker error as an Error. */
  finish(): void {
    const c = this.control;
    let polls = 0;
    for (let pending = Atomics.load(c, PENDING); pending > 0; pending = Atomics.load(c, PENDING)) {
      if (Atomics.wait(c, PENDING, pending, POLL_MS) !== "timed-out" || Atomics.load(c, READY) === this.workers.length)
        continue;
      if (++polls > STARTUP_POLLS) {
        void this.dispose();
        throw new Error(`${this.name}: a worker did not start within ${(STARTUP_POLLS * POLL_MS) / 1000} s`);
      }
    }
    const failed = this.error.take(true);
    if (failed !== null) throw new Error(`${this.name} ${failed.worker} failed: ${failed.message}`);
  }

  /** Stops and terminates the workers (resolved once all have exited); the pool cannot be used afterwards. */
  dispose(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.disposed = true;
    forgetWorkers(this);
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
    return Promise.all(this.workers.map((worker) => worker.terminate())).then(() => undefined);
  }
}

/**
 * The worker side: build the job with setUp(), announce readiness, then run job(size) once per
 * generation until stopped. A job that throws, or a setUp that threw, is reported, never fatal.
 */
export function serveJobs(memory: PoolMemory, index: number, setUp: () => (size: number) => void): void {
  const c = new Int32Array(memory.control),
    shared = new SharedWorkerError(memory.error);
  let job: ((size: number) => void) | null = null,
    setUpError: unknown = null;
  try {
    job = setUp();
  } catch (error) {
    setUpError = error;
  }
  Atomics.add(c, READY, 1);
  Atomics.notify(c, PENDING);
  for (let seen = 0; ; ) {
    // wait for the next generation and remember the one seen, so a wake-up without a new job
    // (or a late start) can never run a job twice
    while (Atomics.load(c, GENERATION) === seen) Atomics.wait(c, GENERATION, seen);
    seen = Atomics.load(c, GENERATION);
    if (Atomics.load(c, STOP) === 1) return;
    try {
      if (job === null) throw setUpError;
      job(Atomics.load(c, SIZE));
    } catch (error) {
      shared.report(index, error);
    }
    if (Atomics.sub(c, PENDING, 1) === 1) Atomics.notify(c, PENDING);
  }
}
