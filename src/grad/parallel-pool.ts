/**
 * Worker threads that run one job at a time in lockstep with the main thread, through shared
 * memory only (no message per job, so a job costs two futex calls, not a trip through the event
 * loop): the main thread sets pending = W, bumps `generation` and notifies; each worker does its
 * share, then decrements pending; the main thread blocks in Atomics.wait until pending = 0. A
 * worker's exception is written into shared memory and rethrown on the main thread as an Error.
 */
import type { Worker } from "node:worker_threads";
import { startWorker } from "../threads/start-worker.js";

/** Slots of the shared control array [Int32]. */
const GENERATION = 0, PENDING = 1, STOP = 2, ERROR = 3, ERROR_CLAIM = 4, ERROR_LENGTH = 5, READY = 6, SIZE = 7;
const CONTROL_SLOTS = 8;
const ERROR_BYTES = 2048;
/** The main thread wakes this often while waiting, to look for a worker that never started. */
const POLL_MS = 100;
const STARTUP_POLLS = 600;

/** What each worker gets in workerData.pool: the control array and the error text, both shared. */
export interface PoolMemory {
  control: SharedArrayBuffer;
  errorText: SharedArrayBuffer;
}

/** Filled by the workers' error events (seen only when the main thread's event loop runs). */
interface PoolState {
  failure: Error | null;
}

/** Ends the workers of a pool that was dropped without dispose(). */
const abandoned = new FinalizationRegistry<Worker[]>((workers) => {
  for (const worker of workers) void worker.terminate();
});

export class WorkerPool {
  private readonly control: Int32Array;
  private readonly errorText: Uint8Array;
  private readonly workers: Worker[] = [];
  private readonly state: PoolState = { failure: null };
  private disposed = false;

  /**
   * Starts `count` workers of script `name` (found next to module `base`, by default this one's);
   * dataFor(k, memory) is worker k's workerData.
   */
  constructor(readonly name: string, count: number, dataFor: (k: number, memory: PoolMemory) => object, base = import.meta.url) {
    const memory: PoolMemory = {
      control: new SharedArrayBuffer(CONTROL_SLOTS * 4),
      errorText: new SharedArrayBuffer(ERROR_BYTES),
    };
    this.control = new Int32Array(memory.control);
    this.errorText = new Uint8Array(memory.errorText);
    const state = this.state;
    for (let k = 0; k < count; k++) {
      const worker = startWorker(name, base, dataFor(k, memory));
      worker.on("error", (error: Error) => (state.failure ??= error));
      worker.unref();
      this.workers.push(worker);
    }
    abandoned.register(this, this.workers, this);
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
      if (Atomics.wait(c, PENDING, pending, POLL_MS) !== "timed-out" || Atomics.load(c, READY) === this.workers.length) continue;
      if (++polls > STARTUP_POLLS) {
        void this.dispose();
        throw new Error(`${this.name}: a worker did not start within ${(STARTUP_POLLS * POLL_MS) / 1000} s`);
      }
    }
    const failed = Atomics.load(c, ERROR);
    if (failed === 0) return;
    const text = new TextDecoder().decode(this.errorText.slice(0, Atomics.load(c, ERROR_LENGTH)));
    Atomics.store(c, ERROR, 0);
    Atomics.store(c, ERROR_CLAIM, 0);
    throw new Error(`${this.name} ${failed - 1} failed: ${text}`);
  }

  /** Stops and terminates the workers (resolved once all have exited); the pool cannot be used afterwards. */
  dispose(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.disposed = true;
    abandoned.unregister(this);
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
  const c = new Int32Array(memory.control);
  let job: ((size: number) => void) | null = null, setUpError: unknown = null;
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
      reportError(c, new Uint8Array(memory.errorText), index, error);
    }
    if (Atomics.sub(c, PENDING, 1) === 1) Atomics.notify(c, PENDING);
  }
}

/** The first error of a job wins the claim and writes its text; later ones are dropped. */
function reportError(c: Int32Array, text: Uint8Array, index: number, error: unknown): void {
  if (Atomics.compareExchange(c, ERROR_CLAIM, 0, 1) !== 0) return;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const { written } = new TextEncoder().encodeInto(message, text);
  Atomics.store(c, ERROR_LENGTH, written);
  Atomics.store(c, ERROR, index + 1);
}
