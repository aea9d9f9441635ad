/**
 * A team of threads, the main thread and `helpers` workers, running jobs of parts through shared
 * memory only (team-memory.ts; no message per job, a hand-off is ~0.3 µs):
 *   post(t, fn, …args) for each worker part t = 1 … parts − 1 → run(parts, fn, …args of part 0)
 *   = start(parts), part 0 here, join()
 * A part is claimed before it runs (a compare-and-swap on its claim word): worker t − 1 claims
 * part t when it sees the job; the main thread, done with part 0, takes back every part not yet
 * claimed and runs it itself with its own functions, so a worker that sleeps, is preempted or
 * never started holds nothing up. Each part runs once, with the same function on the same arguments.
 * A worker's error is rethrown by join(). Workers of a team dropped undisposed end when it is collected.
 */
import type { Worker } from "node:worker_threads";
import { endWhenCollected, forgetWorkers, startWorker } from "./start-worker.js";
import { awaitPart, type PartWait } from "./team-wait.js";
import {
  CLAIM,
  claimSlot,
  controlBytes,
  functionsInOrder,
  jobSlot,
  PART_SLOTS,
  READY,
  recordedError,
  runPart,
  STOP,
  writePart,
  type FunctionName,
  type TeamFunction,
  type TeamFunctions,
  type TeamMemory,
  type TeamWorkerData,
} from "./team-memory.js";
import { SharedWorkerError } from "./worker-error.js";

export interface WorkerTeamOptions<F extends TeamFunctions<F>> {
  /** names the team in errors: "<name> <worker> failed: …" */
  name: string;
  /** the worker script (no extension) in the folder of module URL `base`; it calls serveTeam */
  script: string;
  base: string;
  helpers: number;
  /** the team's functions in a fixed order, and this thread's own of each (part 0, parts taken back) */
  functions: readonly FunctionName<F>[];
  own: F;
  /** what each worker's script sets up from (workerData.data) */
  data: object;
  /** worker: spin this long on its JOB word after a job before sleeping (0: sleep at once); main: see PartWait */
  idleSpinMs: number;
  wait: PartWait;
}

/** Filled by the workers' error events (a script that fails to load; seen when the event loop runs). */
interface EventState {
  failure: Error | null;
}

export class WorkerTeam<F extends TeamFunctions<F>> {
  readonly name: string;
  readonly helpers: number;
  private readonly control: Int32Array;
  private readonly slots: Float64Array;
  private readonly partError: SharedWorkerError;
  private readonly setupError: SharedWorkerError;
  private readonly own: TeamFunction[];
  private readonly indexOf: Record<string, number> = {};
  private readonly workers: Worker[] = [];
  private readonly events: EventState = { failure: null };
  private readonly wait: PartWait;
  private readonly startedAt = performance.now();
  private job = 0;
  private parts = 1;
  private jobs = 0;
  private takenBack = 0;
  private allReady = false;
  private disposed = false;

  constructor(options: WorkerTeamOptions<F>) {
    const { name, helpers, functions } = options;
    if (!Number.isInteger(helpers) || helpers < 1)
      throw new RangeError(`${name}: a team needs 1 or more helper threads, got ${helpers}`);
    this.name = name;
    this.helpers = helpers;
    this.wait = options.wait;
    this.own = functionsInOrder(options.own, functions, name);
    for (const [k, fn] of functions.entries()) this.indexOf[fn] = k;
    const team: TeamMemory = {
      control: new SharedArrayBuffer(controlBytes(helpers)),
      slots: new SharedArrayBuffer(8 * PART_SLOTS * helpers),
      partError: SharedWorkerError.allocate(),
      setupError: SharedWorkerError.allocate(),
      functions,
      idleSpinMs: options.idleSpinMs,
    };
    this.control = new Int32Array(team.control);
    this.slots = new Float64Array(team.slots);
    this.partError = new SharedWorkerError(team.partError);
    this.setupError = new SharedWorkerError(team.setupError);
    for (let w = 0; w < helpers; w++) Atomics.store(this.control, claimSlot(w), CLAIM.MAIN);
    this.startWorkers(options, team);
  }

  /** Threads a job can be split over: 1 + helpers once every worker runs; 1 before, after dispose or a failure. */
  get threads(): number {
    if (!this.allReady) this.allReady = Atomics.load(this.control, READY) === this.helpers;
    return this.allReady && !this.disposed && this.events.failure === null ? 1 + this.helpers : 1;
  }

  /** Jobs started so far. */
  get jobsStarted(): number {
    return this.jobs;
  }

  /** Parts the main thread took back from a worker that had not claimed them. */
  get partsTakenBack(): number {
    return this.takenBack;
  }

  /** Blocks until every worker runs (true) or `timeoutMs` passes (false); throws a worker's failed setup. */
  waitUntilReady(timeoutMs: number): boolean {
    const deadline = performance.now() + timeoutMs;
    for (
      let ready = Atomics.load(this.control, READY);
      ready < this.helpers;
      ready = Atomics.load(this.control, READY)
    ) {
      this.throwSetupError();
      const left = deadline - performance.now();
      if (left <= 0) return false;
      Atomics.wait(this.control, READY, ready, Math.min(left, 50));
    }
    return this.threads > 1;
  }

  /** Part `part` (1 … helpers) of the next job: this team's function `fn` on `args`. */
  post<K extends FunctionName<F>>(part: number, fn: K, ...args: Parameters<F[K]>): void {
    if (!(part >= 1 && part <= this.helpers))
      throw new RangeError(`${this.name}: part ${part} of a team of 1 + ${this.helpers} threads`);
    // forwarding the rest parameter whole lets V8 skip making its array (a loop over it made one per call)
    writePart(this.slots, (part - 1) * PART_SLOTS, this.indexOf[fn]!, ...args);
  }

  /**
   * One job: hands out the posted parts 1 … parts − 1, runs part 0 here (`fn` on `args`) and joins,
   * even when part 0 throws.
   */
  run<K extends FunctionName<F>>(parts: number, fn: K, ...args: Parameters<F[K]>): void {
    this.start(parts);
    try {
      this.own[this.indexOf[fn]!]!(...args);
    } finally {
      this.join();
    }
  }

  /** Hands the posted parts 1 … parts − 1 to the workers (the others idle through this job). */
  start(parts: number): void {
    if (this.disposed) throw new Error(`${this.name}: the team was disposed`);
    if (this.events.failure !== null) throw new Error(`${this.name} failed: ${this.events.failure.message}`);
    if (!(parts >= 1 && parts <= 1 + this.helpers))
      throw new RangeError(`${this.name}: ${parts} parts for a team of 1 + ${this.helpers} threads`);
    const c = this.control;
    this.jobs++;
    this.parts = parts;
    this.job = (this.job + 1) | 0;
    // a part's arguments are written before its claim opens: whoever wins the claim reads them whole
    for (let w = 0; w < this.helpers; w++) {
      Atomics.store(c, claimSlot(w), w < parts - 1 ? CLAIM.OPEN : CLAIM.MAIN);
      Atomics.store(c, jobSlot(w), this.job);
      Atomics.notify(c, jobSlot(w));
    }
  }

  /**
   * Ends the job started last: each part no worker has claimed is taken back and run here (unless
   * `takeBack` is false: then every part is left to its worker); a claimed one is waited for.
   * Rethrows the first error of a part, here or on a worker, then a worker's failed setup (every job).
   */
  join(takeBack = true): void {
    const c = this.control;
    let failed = false,
      failure: unknown = null;
    for (let w = 0; w < this.parts - 1; w++) {
      if (takeBack && Atomics.compareExchange(c, claimSlot(w), CLAIM.OPEN, CLAIM.MAIN) === CLAIM.OPEN) {
        this.takenBack++;
        try {
          runPart(this.own, this.slots, w * PART_SLOTS);
        } catch (error) {
          if (!failed) [failed, failure] = [true, error];
        }
      } else {
        this.awaitWorker(w);
      }
    }
    this.parts = 1;
    if (failed) throw failure;
    const error = recordedError(this.partError, this.name, true);
    if (error !== null) throw error;
    this.throwSetupError();
  }

  /** Stops the workers (resolved once all have exited); start() throws afterwards and `threads` is 1. */
  dispose(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.disposed = true;
    forgetWorkers(this);
    Atomics.store(this.control, STOP, 1);
    for (let w = 0; w < this.helpers; w++) {
      Atomics.add(this.control, jobSlot(w), 1);
      Atomics.notify(this.control, jobSlot(w));
    }
    return Promise.all(this.workers.map((worker) => worker.terminate())).then(() => undefined);
  }

  private startWorkers(options: WorkerTeamOptions<F>, team: TeamMemory): void {
    const events = this.events;
    for (let index = 0; index < this.helpers; index++) {
      const workerData: TeamWorkerData<object> = { team, index, data: options.data };
      const worker = startWorker(options.script, options.base, workerData);
      worker.on("error", (error: Error) => (events.failure ??= error));
      worker.unref();
      this.workers.push(worker);
    }
    endWhenCollected(this, this.workers);
  }

  /**
   * Waits for worker w's part of the current job; a worker that never started, or a part past the
   * time limit, is an Error.
   */
  private awaitWorker(w: number): void {
    const outcome = awaitPart(this.control, w, this.job, this.wait, this.startedAt);
    if (outcome === "done") return;
    if (outcome === "setup failed") this.throwSetupError();
    if (outcome === "not started") {
      void this.dispose();
      throw new Error(`${this.name}: worker ${w} did not start within ${this.wait.startTimeoutMs / 1000} s`);
    }
    throw new Error(`${this.name}: worker ${w} did not finish its part within ${this.wait.partTimeoutMs / 1000} s`);
  }

  private throwSetupError(): void {
    const error = recordedError(this.setupError, this.name, false);
    if (error !== null) throw error;
  }
}
