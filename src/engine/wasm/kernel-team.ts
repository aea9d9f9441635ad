/**
 * A team of threads running kernels of one module on one shared wasm memory: the main thread
 * and `helpers` workers, each with its own instance of the module. A call is split by its caller
 * (split-exports.ts) into parts; part 0 runs here, part t on worker t − 1, at the same time:
 *   post(t, fn, args) for each helper part → run(parts, fn, part 0's args) = start, part 0, join
 * Latency matters more than anything (a part is 2–200 µs of work), so the workers spin on the
 * job counter for a while before sleeping in Atomics.wait, and the main thread spins for them.
 * A part is claimed before it runs (a compare-and-swap on its claim word): a worker claims its
 * part when it sees the job; the main thread, done with part 0, takes back every part not yet
 * claimed and runs it itself — so a worker that sleeps or that the OS has preempted never holds
 * the main thread up. Either way each part runs once, with the same code on the same arguments.
 * Until every worker has started, `threads` is 1 and callers run serially (same results).
 */
import type { Worker } from "node:worker_threads";
import { endWhenCollected, forgetWorkers, startWorker } from "../threads/start-worker.js";
import { SharedWorkerError } from "../threads/worker-error.js";
import type { WasmMemory, WasmModule } from "./webassembly-api.js";

/**
 * Slots of the control array [Int32]. Per worker w, from WORKERS on: doneSlot(w) holds the last job
 * it finished, claimSlot(w) its part's claim (0 open, 1 claimed by the worker, 2 taken back or none).
 */
export const CONTROL = { JOB: 0, STOP: 1, READY: 2, WORKERS: 3 } as const;
export const doneSlot = (w: number): number => CONTROL.WORKERS + 2 * w;
export const claimSlot = (w: number): number => CONTROL.WORKERS + 2 * w + 1;
export const CLAIM = { OPEN: 0, WORKER: 1, MAIN: 2 } as const;
/** Float64 slots per worker in the argument array: the function's index, then up to 10 arguments (one slot spare). */
export const ARG_SLOTS = 12;
/** The functions a worker can run, by index in its job (split-exports.ts keeps to these names). */
export const TEAM_FUNCTIONS = ["gemm_nt", "gemm_nn", "gemm_tn", "sparse_rows", "sgd", "sgd_momentum"] as const;
export type TeamFunction = (typeof TEAM_FUNCTIONS)[number];
/** A kernel export called with its arguments as numbers. */
export type TeamKernel = (...args: number[]) => void;

/**
 * Main thread: spins this long for a part still running, then sleeps between checks. A part is
 * ≤ ~200 µs; a longer wait means the worker is not running (more threads than free cores), and
 * sleeping frees the core for it.
 */
const JOIN_SPIN_MS = 1;
/** Spins between two looks at the clock. */
const SPINS_PER_CHECK = 256;
/** A part that has not finished after this long means a worker is gone. */
const JOIN_TIMEOUT_MS = 60_000;

/** What each worker receives as workerData. */
export interface KernelTeamWorkerData {
  index: number;
  module: WasmModule;
  memory: WasmMemory;
  control: SharedArrayBuffer;
  args: SharedArrayBuffer;
  /** a SharedWorkerError's buffer */
  error: SharedArrayBuffer;
}

export class KernelTeam {
  private readonly control: Int32Array;
  private readonly args: Float64Array;
  private readonly error: SharedWorkerError;
  private readonly workers: Worker[] = [];
  private readonly own: TeamKernel[];
  private job = 0;
  private jobs = 0;
  private parts = 1;
  private takenBack = 0;
  private disposed = false;
  private started = false;

  /**
   * Starts `helpers` workers on `memory` (shared) with their own instances of `module`; `exports`
   * are this thread's instance's (it runs the parts it takes back with them).
   */
  constructor(
    module: WasmModule,
    memory: WasmMemory,
    readonly helpers: number,
    exports: Record<TeamFunction, TeamKernel>,
  ) {
    if (!Number.isInteger(helpers) || helpers < 1)
      throw new RangeError(`a kernel team needs 1 or more helper threads, got ${helpers}`);
    this.own = TEAM_FUNCTIONS.map((name) => exports[name]);
    const control = new SharedArrayBuffer(4 * doneSlot(helpers));
    const args = new SharedArrayBuffer(8 * ARG_SLOTS * helpers);
    const error = SharedWorkerError.allocate();
    this.control = new Int32Array(control);
    this.args = new Float64Array(args);
    this.error = new SharedWorkerError(error);
    for (let index = 0; index < helpers; index++) {
      const data: KernelTeamWorkerData = { index, module, memory, control, args, error };
      const worker = startWorker("kernel-team-worker", import.meta.url, data);
      worker.unref();
      this.workers.push(worker);
    }
    endWhenCollected(this, this.workers);
  }

  /** Threads a call can be split over: 1 + helpers once all workers run, 1 before (or after dispose). */
  get threads(): number {
    if (!this.started) this.started = !this.disposed && Atomics.load(this.control, CONTROL.READY) === this.helpers;
    return this.started && !this.disposed ? 1 + this.helpers : 1;
  }

  /** Blocks until every worker runs (true) or `timeoutMs` passes (false). Callers never need it: they run serially until then. */
  waitUntilReady(timeoutMs: number): boolean {
    const deadline = performance.now() + timeoutMs;
    for (
      let ready = Atomics.load(this.control, CONTROL.READY);
      ready < this.helpers;
      ready = Atomics.load(this.control, CONTROL.READY)
    ) {
      this.throwWorkerError();
      const left = deadline - performance.now();
      if (left <= 0) return false;
      Atomics.wait(this.control, CONTROL.READY, ready, Math.min(left, 50));
    }
    return this.threads > 1;
  }

  /** Part `part` (1 … helpers) of the next job: function `fn` with up to 10 arguments (unused ones 0). */
  post(
    part: number,
    fn: TeamFunction,
    a0: number,
    a1: number,
    a2: number,
    a3: number,
    a4 = 0,
    a5 = 0,
    a6 = 0,
    a7 = 0,
    a8 = 0,
    a9 = 0,
  ): void {
    const base = (part - 1) * ARG_SLOTS,
      args = this.args;
    args[base] = TEAM_FUNCTIONS.indexOf(fn);
    args[base + 1] = a0;
    args[base + 2] = a1;
    args[base + 3] = a2;
    args[base + 4] = a3;
    args[base + 5] = a4;
    args[base + 6] = a5;
    args[base + 7] = a6;
    args[base + 8] = a7;
    args[base + 9] = a8;
    args[base + 10] = a9;
  }

  /** Jobs handed to the workers so far (calls that were split). */
  get jobsStarted(): number {
    return this.jobs;
  }

  /** Parts the main thread took back from a worker that had not claimed them yet. */
  get partsTakenBack(): number {
    return this.takenBack;
  }

  /** Hands the posted parts 1 … parts − 1 to the workers (the others idle through this job). */
  start(parts: number): void {
    const c = this.control;
    this.jobs++;
    this.parts = parts;
    // a part's arguments are written before its claim opens: whoever wins the claim reads them whole
    for (let w = 0; w < this.helpers; w++) Atomics.store(c, claimSlot(w), w < parts - 1 ? CLAIM.OPEN : CLAIM.MAIN);
    this.job = (this.job + 1) | 0;
    Atomics.store(c, CONTROL.JOB, this.job);
    Atomics.notify(c, CONTROL.JOB);
  }

  /**
   * Ends the job started last: each part a worker has not claimed is taken back and run here;
   * a claimed one is waited for. Rethrows a worker's error.
   */
  join(): void {
    const c = this.control,
      job = this.job;
    for (let w = 0; w < this.parts - 1; w++) {
      if (Atomics.compareExchange(c, claimSlot(w), CLAIM.OPEN, CLAIM.MAIN) === CLAIM.OPEN) {
        this.takenBack++;
        this.runHere(w);
        continue;
      }
      const slot = doneSlot(w);
      let spins = 0,
        since = 0;
      for (let done = Atomics.load(c, slot); done !== job; done = Atomics.load(c, slot)) {
        if (++spins < SPINS_PER_CHECK) continue;
        spins = 0;
        const now = performance.now();
        since = since === 0 ? now : since;
        if (now - since < JOIN_SPIN_MS) continue;
        if (now - since > JOIN_TIMEOUT_MS)
          throw new Error(`kernel team: worker ${w} did not finish a kernel within ${JOIN_TIMEOUT_MS / 1000} s`);
        Atomics.wait(c, slot, done, 1);
      }
    }
    this.throwWorkerError();
  }

  /** Stops the workers; calls after this run serially. */
  dispose(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.disposed = true;
    forgetWorkers(this);
    Atomics.store(this.control, CONTROL.STOP, 1);
    Atomics.add(this.control, CONTROL.JOB, 1);
    Atomics.notify(this.control, CONTROL.JOB);
    return Promise.all(this.workers.map((worker) => worker.terminate())).then(() => undefined);
  }

  /**
   * One split call: hands out the posted parts 1 … parts − 1, runs part 0 here — `fn` (this
   * thread's export) on a0 … — and joins, even when part 0 throws.
   */
  run(
    parts: number,
    fn: TeamKernel,
    a0: number,
    a1: number,
    a2: number,
    a3: number,
    a4 = 0,
    a5 = 0,
    a6 = 0,
    a7 = 0,
    a8 = 0,
    a9 = 0,
  ): void {
    this.start(parts);
    try {
      fn(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9);
    } finally {
      this.join();
    }
  }

  /** Worker w's part of the current job, run on this thread. */
  private runHere(w: number): void {
    const a = this.args,
      base = w * ARG_SLOTS;
    this.own[a[base]!]!(
      a[base + 1]!,
      a[base + 2]!,
      a[base + 3]!,
      a[base + 4]!,
      a[base + 5]!,
      a[base + 6]!,
      a[base + 7]!,
      a[base + 8]!,
      a[base + 9]!,
      a[base + 10]!,
    );
  }

  private throwWorkerError(): void {
    const failed = this.error.take(false);
    if (failed !== null) throw new Error(`kernel team worker ${failed.worker} failed: ${failed.message}`);
  }
}
