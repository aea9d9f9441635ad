/**
 * `sgd sweep --jobs K`: K lanes train the sweep's points K at a time — this thread (`here`) and
 * K − 1 worker threads (sweep-worker.ts) — every point run exactly as the serial sweep runs it
 * (same config, seeds and files: only the timing differs). Each lane claims the next point itself
 * from a counter in shared memory, k = Atomics.add(next, 1), so points start in index order and a
 * worker never waits for this thread to hand it one (this thread may be busy writing a report).
 * Each line a lane prints reaches stderr prefixed by its point, "[point 3] …". stop() sets the
 * shared stop flag (no lane claims another point) and asks every lane to end its current point
 * after its checkpoint; the first error of a point does the same, and run() rethrows it once every
 * lane is idle. This module loads nothing heavy: the CLI starts the workers (startSweepWorkers)
 * before it loads the sweep's own modules; the datasets come from this thread (shareDatasets), which
 * loaded them to check the points, so the workers load none while it does.
 */
import type { Worker } from "node:worker_threads";
import type { TrainConfig } from "../config/train-schema.js";
import type { Dataset, Split } from "../data/dataset.js";
import { ConfigError, DataError, FileSystemError, UsageError } from "../core/errors.js";
import type { Io } from "../core/io.js";
import { startWorker } from "../engine/threads/start-worker.js";
import type { RunSummary } from "../report/train-run.js";

export interface PointJob {
  config: TrainConfig;
  dir: string;
  resume: boolean;
  force: boolean;
}

export interface PoolJob extends PointJob {
  /** the prefix of its stderr lines, e.g. "[point 3] " */
  label: string;
  /** printed (after the label) as the job starts; "" for nothing */
  announce: string;
}

/** What a worker is started with (it reads no process state). */
export interface SweepWorkerData {
  cwd: string;
  env: Record<string, string | undefined>;
  platform: Io["platform"];
}

/** How every lane runs its points. */
export interface LaneSettings {
  quiet: boolean;
  threads: number;
  allowSlow: boolean;
}

/** Int32Array [next job, stopped] in shared memory, read and written with Atomics only. */
export type JobClaims = Int32Array;

/** The next job's index for this lane, or −1 when the pool has stopped or no job is left. */
export function claimJob(claims: JobClaims, count: number): number {
  if (Atomics.load(claims, 1) !== 0) return -1;
  const k = Atomics.add(claims, 0, 1);
  return k < count ? k : -1;
}

export type WorkerMessage =
  | { type: "start"; k: number }
  | { type: "stderr"; text: string }
  | { type: "done"; k: number; summary: unknown }
  | { type: "error"; name: string; message: string }
  | { type: "idle" }
  | { type: "loaded"; id: number; dataset: Dataset | null };

/** `count` sweep workers, started now: they load their modules while this thread goes on. */
export function startSweepWorkers(count: number, io: Io): Worker[] {
  const data: SweepWorkerData = { cwd: io.cwd, env: io.env, platform: io.platform };
  return Array.from({ length: Math.max(0, count) }, () => startWorker("sweep-worker", import.meta.url, data));
}

/**
 * Hand the workers the datasets of these configs that this thread has loaded (each distinct one once),
 * their arrays copied once into shared memory that every worker reads: the workers train on the very
 * numbers the points were checked with, and none copies or loads them again.
 */
export function shareDatasets(
  workers: readonly Worker[],
  configs: readonly TrainConfig[],
  loaded: (config: TrainConfig) => Dataset | undefined,
): void {
  const sent = new Set<Dataset>();
  for (const config of configs) {
    const dataset = loaded(config);
    if (dataset === undefined || sent.has(dataset) || workers.length === 0) continue;
    sent.add(dataset);
    const shared = inSharedMemory(dataset);
    for (const w of workers) w.postMessage({ type: "dataset", config, dataset: shared });
  }
}

/** The dataset with every array of its splits in a SharedArrayBuffer (posted without a copy): copied there once. */
export function inSharedMemory(dataset: Dataset): Dataset {
  const share = <T extends Float64Array | Float32Array | Int32Array>(a: T): T => {
    if (a.buffer instanceof SharedArrayBuffer) return a;
    const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
    copy.set(a);
    return copy;
  };
  const split = (s: Split): Split => ({
    ...s,
    x: share(s.x),
    labels: s.labels && share(s.labels),
    targets: s.targets && share(s.targets),
    ...(s.sourceIndex ? { sourceIndex: share(s.sourceIndex) } : {}),
  });
  const validation = dataset.validation ? { validation: split(dataset.validation) } : {};
  return { ...dataset, train: split(dataset.train), test: split(dataset.test), ...validation };
}

let loadRequests = 0;

/**
 * The dataset of `config` loaded on `worker` (into shared memory: it arrives without a copy, and the
 * worker keeps it), while this thread does other work; null when the worker could not load it.
 */
export function loadOnWorker(worker: Worker, config: TrainConfig): Promise<Dataset | null> {
  const id = ++loadRequests;
  return new Promise((resolve) => {
    const done = (dataset: Dataset | null) => {
      worker.off("message", onMessage).off("exit", onEnd).off("error", onEnd);
      resolve(dataset);
    };
    const onMessage = (m: WorkerMessage) => {
      if (m.type === "loaded" && m.id === id) done(m.dataset);
    };
    const onEnd = () => done(null);
    worker.on("message", onMessage).on("exit", onEnd).on("error", onEnd);
    worker.postMessage({ type: "load", id, config });
  });
}

export class SweepPool {
  private readonly claims: JobClaims = new Int32Array(new SharedArrayBuffer(8));

  constructor(
    private readonly jobs: readonly PoolJob[],
    /** the worker lanes (this thread is one more) */
    private readonly workers: readonly Worker[],
    private readonly settings: LaneSettings,
    private readonly io: Io,
    /** train a job in this thread, its stderr through `stderr`, stopping when `shouldStop()` */
    private readonly here: (
      job: PoolJob,
      stderr: (text: string) => void,
      shouldStop: () => boolean,
    ) => Promise<RunSummary>,
  ) {}

  /** Ask every lane to end its point after the checkpoint; no further point starts. */
  stop(): void {
    Atomics.store(this.claims, 1, 1);
    for (const w of this.workers) w.postMessage({ type: "stop" });
  }

  private get stopped(): boolean {
    return Atomics.load(this.claims, 1) !== 0;
  }

  private announce(k: number): void {
    const { label, announce } = this.jobs[k]!;
    if (announce !== "") this.io.stderr(`${label}${announce}\n`);
  }

  /** Run the jobs; `onDone(k, summary)` as job k ends. Resolves when all ran (or stopped). */
  async run(onDone: (k: number, summary: RunSummary) => void): Promise<void> {
    let failure: Error | null = null;
    const fail = (err: Error) => {
      failure ??= err;
      this.stop();
    };
    const jobs = this.jobs.map(({ label: _label, announce: _announce, ...job }) => job);
    const serve = (worker: Worker) =>
      new Promise<void>((resolve) => {
        let current = -1;
        const write = lineWriter((line) => this.io.stderr(`${this.jobs[current]!.label}${line}\n`));
        worker.on("message", (m: WorkerMessage) => {
          if (m.type === "start") {
            current = m.k;
            this.announce(current);
          } else if (m.type === "stderr") write(m.text);
          else if (m.type === "done") onDone(m.k, m.summary as RunSummary);
          else if (m.type === "error") fail(rebuiltError(m.name, m.message));
          else if (m.type === "idle") resolve();
        });
        worker.on("error", (err) => {
          fail(err);
          resolve();
        });
        worker.on("exit", () => resolve());
        worker.postMessage({ type: "run", jobs, settings: this.settings, claims: this.claims });
      });
    const local = async () => {
      for (let k = claimJob(this.claims, jobs.length); k >= 0; k = claimJob(this.claims, jobs.length)) {
        const write = lineWriter((line) => this.io.stderr(`${this.jobs[k]!.label}${line}\n`));
        this.announce(k);
        try {
          onDone(k, await this.here(this.jobs[k]!, write, () => this.stopped));
        } catch (err) {
          fail(err instanceof Error ? err : new Error(String(err)));
        }
      }
    };
    const served = this.workers.map(serve);
    await Promise.all([local(), ...served]);
    if (failure !== null) throw failure;
  }
}

/** A writer of text in pieces that calls `line` once per whole line (without its newline). */
function lineWriter(line: (text: string) => void): (text: string) => void {
  let pending = "";
  return (text) => {
    const lines = (pending + text).split("\n");
    pending = lines.pop()!;
    for (const l of lines) line(l);
  };
}

const KNOWN: Record<string, new (message: string) => Error> = { UsageError, ConfigError, DataError, FileSystemError };

/** A worker's error as the class it was thrown as (so its exit code is kept). */
function rebuiltError(name: string, message: string): Error {
  const Known = KNOWN[name];
  return Known === undefined ? new Error(message) : new Known(message);
}
