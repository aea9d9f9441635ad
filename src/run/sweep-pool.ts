/**
 * `sgd sweep --jobs K`: K lanes train the sweep's points K at a time — this thread (`here`, which
 * has the data loaded already and starts at once) and K − 1 worker threads (sweep-worker.ts) —
 * each point handed to the next idle lane in index order, so every point runs exactly as the
 * serial sweep runs it (same config, seeds and files: only the timing differs). Each line a lane
 * prints reaches stderr prefixed by its point, "[point 3] …". stop() asks every lane to end its
 * current point after its checkpoint and hands out no more; the first error of a point does the
 * same, and run() rethrows it once every lane is idle.
 */
import type { Worker } from "node:worker_threads";
import { ConfigError, DataError, FileSystemError, UsageError } from "../core/errors.js";
import type { Io } from "../core/io.js";
import type { Dataset } from "../data/dataset.js";
import { startWorker } from "../engine/threads/start-worker.js";
import type { RunSummary } from "../report/train-run.js";
import type { PointJob, SweepWorkerData, WorkerMessage } from "./sweep-worker.js";

export interface PoolJob extends PointJob {
  /** the prefix of its stderr lines, e.g. "[point 3] " */
  label: string;
  /** printed (after the label) as the job starts; "" for nothing */
  announce: string;
}

export class SweepPool {
  private stopped = false;
  private readonly workers: Worker[] = [];

  constructor(
    private readonly jobs: readonly PoolJob[],
    private readonly size: number,
    private readonly data: SweepWorkerData,
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
    this.stopped = true;
    for (const w of this.workers) w.postMessage({ type: "stop" });
  }

  private announce(k: number): void {
    const { label, announce } = this.jobs[k]!;
    if (announce !== "") this.io.stderr(`${label}${announce}\n`);
  }

  /** Run the jobs; `onDone(k, summary)` as job k ends. Resolves when all ran (or stopped). */
  async run(onDone: (k: number, summary: RunSummary) => void): Promise<void> {
    let next = 0;
    let failure: Error | null = null;
    const more = () => !this.stopped && failure === null && next < this.jobs.length;
    const local = async () => {
      while (more()) {
        const k = next++;
        const write = lineWriter((line) => this.io.stderr(`${this.jobs[k]!.label}${line}\n`));
        this.announce(k);
        try {
          onDone(k, await this.here(this.jobs[k]!, write, () => this.stopped));
        } catch (err) {
          failure ??= err instanceof Error ? err : new Error(String(err));
          this.stop();
        }
      }
    };
    const serve = (worker: Worker) =>
      new Promise<void>((resolve) => {
        let current = -1;
        const write = lineWriter((line) => this.io.stderr(`${this.jobs[current]!.label}${line}\n`));
        const dispatch = () => {
          if (!more()) return resolve();
          current = next++;
          const { label: _label, announce: _announce, ...job } = this.jobs[current]!;
          this.announce(current);
          worker.postMessage({ type: "run", job });
        };
        const fail = (err: Error) => {
          failure ??= err;
          this.stop();
          resolve();
        };
        worker.on("message", (m: WorkerMessage) => {
          if (m.type === "stderr") write(m.text);
          else if (m.type === "done") {
            onDone(current, m.summary as RunSummary);
            dispatch();
          } else fail(rebuiltError(m.name, m.message));
        });
        worker.on("error", fail);
        dispatch();
      });
    for (let i = 1; i < this.size; i++) this.workers.push(startWorker("sweep-worker", import.meta.url, this.data));
    try {
      await Promise.all([local(), ...this.workers.map(serve)]);
    } finally {
      await Promise.all(this.workers.map((w) => w.terminate()));
    }
    if (failure !== null) throw failure;
  }
}

/**
 * `dataset` with every typed array copied once into shared memory, so posting it to a worker
 * shares the samples instead of copying them per point (the training never writes to them).
 */
export function sharedDataset(dataset: Dataset): Dataset {
  let shared = SHARED.get(dataset);
  if (shared === undefined) {
    shared = shareArrays(dataset) as Dataset;
    SHARED.set(dataset, shared);
  }
  return shared;
}

const SHARED = new WeakMap<Dataset, Dataset>();

function shareArrays(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const source = value as unknown as Float64Array;
    const Ctor = source.constructor as Float64ArrayConstructor;
    const copy = new Ctor(new SharedArrayBuffer(source.byteLength));
    copy.set(source);
    return copy;
  }
  if (Array.isArray(value)) return value.map(shareArrays);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shareArrays(v)]));
  }
  return value;
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
