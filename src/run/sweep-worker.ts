/**
 * The worker side of `sgd sweep --jobs K` (sweep-pool.ts): a worker thread that trains the points
 * it is sent, one after another, each exactly as the serial sweep would (runTrainingToDir, same
 * config, same seeds, the same dataset the main thread loaded), with its stderr lines posted to the
 * main thread. Protocol:
 *   main → worker  {type: "run", job} · {type: "stop"} (finish the current point after its checkpoint)
 *   worker → main  {type: "stderr", text} · {type: "done", summary} · {type: "error", name, message}
 * The worker reads no process state: cwd, environment and platform come in its workerData.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { TrainConfig } from "../config/train-schema.js";
import type { Io } from "../core/io.js";
import type { Dataset } from "../data/dataset.js";
import { createReporter } from "../report/reporter.js";
import { sharedDatasets } from "./sweep-plan.js";
import { runTrainingToDir } from "./train-run.js";

export interface SweepWorkerData {
  cwd: string;
  env: Record<string, string | undefined>;
  platform: Io["platform"];
  quiet: boolean;
  threads: number;
  allowSlow: boolean;
}

export interface PointJob {
  config: TrainConfig;
  /** its dataset, loaded already by the main thread (in shared memory: sweep-pool.ts) */
  dataset?: Dataset;
  dir: string;
  resume: boolean;
  force: boolean;
}

export type WorkerMessage =
  | { type: "stderr"; text: string }
  | { type: "done"; summary: unknown }
  | { type: "error"; name: string; message: string };

const data = workerData as SweepWorkerData;
const port = parentPort!;
const post = (m: WorkerMessage) => port.postMessage(m);
let stopRequested = false;
const io: Io = {
  stdout: (text) => post({ type: "stderr", text }),
  stderr: (text) => post({ type: "stderr", text }),
  env: data.env,
  cwd: data.cwd,
  isTTY: false,
  columns: undefined,
  onInterrupt: () => () => {},
  platform: data.platform,
};
const out = createReporter(io, { quiet: data.quiet });
const loadData = sharedDatasets(data.cwd);

port.on("message", (m: { type: "run"; job: PointJob } | { type: "stop" }) => {
  if (m.type === "stop") stopRequested = true;
  else void runPoint(m.job);
});

async function runPoint(job: PointJob): Promise<void> {
  try {
    const { summary } = await runTrainingToDir(job.config, job.dir, {
      io,
      out,
      threads: data.threads,
      allowSlow: data.allowSlow,
      resume: job.resume,
      force: job.force,
      command: "sgd sweep",
      chart: false,
      shouldStop: () => stopRequested,
      loadData: job.dataset === undefined ? loadData : () => job.dataset!,
    });
    post({ type: "done", summary });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    post({ type: "error", name: e.constructor.name, message: e.message });
  }
}
