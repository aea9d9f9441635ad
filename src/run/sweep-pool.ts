/**
 * `sgd sweep --jobs K`: K worker threads (sweep-worker.ts) train the sweep's points K at a time,
 * each point handed to the next idle worker in index order, so every point runs exactly as the
 * serial sweep runs it (same config, seeds and files: only the timing differs). Each line a worker
 * prints reaches stderr prefixed by its point, "[point 3] …". stop() asks every worker to end its
 * current point after its checkpoint and hands out no more; the first error of a point does the
 * same, and run() rethrows it once every worker is idle.
 */
import type { Worker } from "node:worker_threads";
import { ConfigError, DataError, FileSystemError, UsageError } from "../core/errors.js";
import type { Io } from "../core/io.js";
import { startWorker } from "../engine/threads/start-worker.js";
import type { RunSummary } from "../report/train-run.js";
import type { PointJob, SweepWorkerData, WorkerMessage } from "./sweep-worker.js";

export interface PoolJob extends PointJob {
  /** the prefix of its stderr lines, e.g. "[point 3] " */
  label: string;
}

export class SweepPool {
  private stopped = false;
  private readonly workers: Worker[] = [];

  constructor(
    private readonly jobs: readonly PoolJob[],
    private readonly size: number,
    private readonly data: SweepWorkerData,
    private readonly io: Io,
  ) {}

  /** Ask every worker to end its point after the checkpoint; no further point starts. */
  stop(): void {
    this.stopped = true;
    for (const w of this.workers) w.postMessage({ type: "stop" });
  }

  /** Run the jobs; `onDone(k, summary)` as job k ends. Resolves when all ran (or stopped). */
  async run(onDone: (k: number, summary: RunSummary) => void): Promise<void> {
    let next = 0;
    let failure: Error | null = null;
    const serve = (worker: Worker) =>
      new Promise<void>((resolve) => {
        let current = -1;
        let pending = "";
        const dispatch = () => {
          if (this.stopped || failure !== null || next >= this.jobs.length) return resolve();
          current = next++;
          const { label: _label, ...job } = this.jobs[current]!;
          worker.postMessage({ type: "run", job });
        };
        const fail = (err: Error) => {
          failure ??= err;
          this.stop();
          resolve();
        };
        worker.on("message", (m: WorkerMessage) => {
          if (m.type === "stderr") {
            pending += m.text;
            const lines = pending.split("\n");
            pending = lines.pop()!;
            for (const line of lines) this.io.stderr(`${this.jobs[current]!.label}${line}\n`);
          } else if (m.type === "done") {
            onDone(current, m.summary as RunSummary);
            dispatch();
          } else fail(rebuiltError(m.name, m.message));
        });
        worker.on("error", fail);
        dispatch();
      });
    for (let i = 0; i < this.size; i++) this.workers.push(startWorker("sweep-worker", import.meta.url, this.data));
    try {
      await Promise.all(this.workers.map(serve));
    } finally {
      await Promise.all(this.workers.map((w) => w.terminate()));
    }
    if (failure !== null) throw failure;
  }
}

const KNOWN: Record<string, new (message: string) => Error> = { UsageError, ConfigError, DataError, FileSystemError };

/** A worker's error as the class it was thrown as (so its exit code is kept). */
function rebuiltError(name: string, message: string): Error {
  const Known = KNOWN[name];
  return Known === undefined ? new Error(message) : new Known(message);
}
