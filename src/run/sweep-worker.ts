/**
 * The worker side of `sgd sweep --jobs K` (sweep-pool.ts): a worker thread that trains points of
 * the sweep, each exactly as the serial sweep would (runTrainingToDir, same config, same seeds, the
 * same dataset: loadDataset is a function of the data config and the seed), with its stderr lines
 * posted to the main thread. It is started before the sweep has checked its points, so its modules
 * load while the main thread loads its own and checks the points. Protocol:
 *   main → worker  {type: "load", id, config}  load this config's dataset now, while the main thread
 *                    loads others, into shared memory, and post it back
 *                  {type: "dataset", config, dataset}  the dataset of this config, as the main thread
 *                    has it (in shared memory); a config not sent is loaded here when needed
 *                  {type: "run", jobs, settings, claims}  train jobs[k] for every k it claims from
 *                    `claims` (sweep-pool.ts), one after another, until none is left
 *                  {type: "stop"}  finish the current point after its checkpoint
 *   worker → main  {type: "loaded", id, dataset | null} · {type: "start", k} · {type: "stderr", text} ·
 *                  {type: "done", k, summary} · {type: "error", name, message} · {type: "idle"} (no job left)
 * The worker reads no process state: cwd, environment and platform come in its workerData.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { TrainConfig } from "../config/train-schema.js";
import type { Io } from "../core/io.js";
import type { Dataset } from "../data/dataset.js";
import { createReporter } from "../report/reporter.js";
import { seedStreams } from "./experiment.js";
import {
  claimJob,
  inSharedMemory,
  type JobClaims,
  type LaneSettings,
  type PointJob,
  type SweepWorkerData,
  type WorkerMessage,
} from "./sweep-pool.js";
import { sharedDatasets } from "./sweep-plan.js";
import { runTrainingToDir } from "./train-run.js";

type MainMessage =
  | { type: "dataset"; config: TrainConfig; dataset: Dataset }
  | { type: "load"; id: number; config: TrainConfig }
  | { type: "run"; jobs: PointJob[]; settings: LaneSettings; claims: JobClaims }
  | { type: "stop" };

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
const loadData = sharedDatasets(data.cwd);

port.on("message", (m: MainMessage) => {
  if (m.type === "stop") stopRequested = true;
  else if (m.type === "dataset") loadData.adopt(m.config, m.dataset);
  else if (m.type === "load") load(m.id, m.config);
  else void runJobs(m.jobs, m.settings, m.claims);
});

/** The dataset of `config` loaded here into shared memory, kept, and handed to the main thread (null: it could not). */
function load(id: number, config: TrainConfig): void {
  let dataset: Dataset | null = null;
  try {
    dataset = inSharedMemory(loadData(config, seedStreams(config.seed)));
    loadData.adopt(config, dataset);
  } catch {
    // the main thread loads it itself, and says what is wrong
  }
  post({ type: "loaded", id, dataset });
}

async function runJobs(jobs: readonly PointJob[], settings: LaneSettings, claims: JobClaims): Promise<void> {
  const out = createReporter(io, { quiet: settings.quiet });
  for (let k = claimJob(claims, jobs.length); k >= 0; k = claimJob(claims, jobs.length)) {
    post({ type: "start", k });
    const job = jobs[k]!;
    try {
      const { summary } = await runTrainingToDir(job.config, job.dir, {
        io,
        out,
        threads: settings.threads,
        allowSlow: settings.allowSlow,
        resume: job.resume,
        force: job.force,
        command: "sgd sweep",
        chart: false,
        shouldStop: () => stopRequested,
        loadData,
      });
      post({ type: "done", k, summary });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      post({ type: "error", name: e.constructor.name, message: e.message });
    }
  }
  post({ type: "idle" });
}
