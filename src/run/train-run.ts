/**
 * One training run into one run directory, shared by `sgd train` and `sgd sweep`:
 *   prepareRun (config → dataset → engine → experiment) → the folder (created or claimed, then
 *   locked: one writer per run directory) → start or resume → train() → the files (config.json,
 *   metrics, TensorBoard events, checkpoint; then summary.json, model.json, report.html: finish-run.ts) → the lock
 *   released.
 * Resuming a run that has a config but no checkpoint yet starts it over from step 0, saying so;
 * a resumed point of a sweep updates its record in the sweep's sweep.json.
 * Returns the summary; the caller decides what a diverged or interrupted run means (exit 3 / 130)
 * and what goes to stdout. The training loop itself does no I/O: a RunRecorder writes its events.
 */
import fs from "node:fs";
import path from "node:path";
import type { TrainConfig } from "../config/train-schema.js";
import type { Float } from "../core/types.js";
import type { Dataset, Split } from "../data/dataset.js";
import { DataError } from "../core/errors.js";
import { batchSource, fillBatch } from "../model/batch.js";
import { initParams } from "../model/init.js";
import { writeJsonAtomic } from "../report/durable-files.js";
import { lockFolder, type FolderLock } from "../report/folder-lock.js";
import { prepareOutputDir, RUN_FILES } from "../report/run-directory.js";
import { readJsonFile } from "../report/run-reader.js";
import { recordResumedPoint } from "../report/sweep-files.js";
import { createTrainProgress } from "../report/train-progress.js";
import { RunRecorder, type RunSummary } from "../report/train-run.js";
import { restoreCheckpoint } from "../train/checkpoint.js";
import type { MetricsRow, TrainProgress, TrainResult } from "../train/state.js";
import { initialProgress, stepsPerEpoch, train, type TrainEvent, type TrainSetup } from "../train/train.js";
import { EvalThread, offThreadEvaluation } from "./eval-thread.js";
import { seedStreams, type Experiment } from "./experiment.js";
import { finishRun, modelWeights } from "./finish-run.js";
import { noiseProbe } from "./gradient-noise.js";
import { clock, prepareRun, type PreparedRun, type PrepareOptions } from "./prepare-run.js";

export interface TrainRunOptions extends PrepareOptions {
  /** recorded in summary.json's environment */
  threads: number;
  /** continue from the checkpoint in `dir` instead of starting afresh */
  resume: boolean;
  /** write into a non-empty `dir` (ignored when resuming) */
  force: boolean;
  /** `dir` is a default name: write into the first of dir, dir-2, … that no other run has */
  claimDir?: boolean;
  /** names the run in its lock file, e.g. "sgd train" */
  command?: string;
  /** print the terminal loss chart at the end */
  chart: boolean;
  /** the caller watches for interrupts; without it SIGINT/SIGTERM are watched for this run only */
  shouldStop?: () => boolean;
  /** called with every metrics row once it is written (the library's progress events) */
  onRow?: (row: MetricsRow, totalSteps: number) => void;
}

export interface TrainRunOutcome {
  dir: string;
  result: TrainResult;
  summary: RunSummary;
}

/** Train `config` into `dir` and return how it ended. Never throws for divergence or interrupt. */
export async function runTrainingToDir(
  config: TrainConfig,
  dir: string,
  options: TrainRunOptions,
): Promise<TrainRunOutcome> {
  const prepared = prepareRun(config, options);
  try {
    return await trainPrepared(prepared, dir, options);
  } finally {
    await prepared.exp.dispose(); // the engine's and the method's worker threads
  }
}

/** The run itself, on a prepared experiment, in its locked folder. */
async function trainPrepared(
  prepared: PreparedRun,
  requested: string,
  options: TrainRunOptions,
): Promise<TrainRunOutcome> {
  const { dir, lock } = openRunDir(requested, options);
  try {
    return await trainInDir(prepared, dir, options);
  } finally {
    lock.release();
  }
}

/** The folder created (or claimed, for a default name) and locked for this run. */
function openRunDir(requested: string, options: TrainRunOptions): { dir: string; lock: FolderLock } {
  const dir = options.resume ? requested : prepareOutputDir(requested, options.force, options.claimDir === true);
  const lock = lockFolder(dir, { pid: options.io.platform.pid, command: options.command ?? "sgd train" }, (m) =>
    options.out.warn(m),
  );
  return { dir, lock };
}

async function trainInDir(prepared: PreparedRun, dir: string, options: TrainRunOptions): Promise<TrainRunOutcome> {
  const { config, dataset, exp } = prepared,
    { io, out } = options;
  const { progress, resumed } = startOrResume(prepared, dir, options);
  const view = createTrainProgress(
    { write: (t) => io.stderr(t), columns: io.columns },
    out.quiet ? "none" : out.live ? "bar" : "lines",
  );
  const recorder = new RunRecorder(dir, resumed ? progress.step : null, view, dataset.train.n, {
    tensorboard: config.log.tensorboard ? {} : null,
    ...(options.onRow ? { onRow: options.onRow } : {}),
    layout: exp.layout,
    totalSteps: exp.totalSteps,
  });
  for (const line of recorder.repaired) out.info(line);
  let stopRequested = false;
  const shouldStop = options.shouldStop ?? (() => stopRequested);
  const removeHandler = options.shouldStop ? () => {} : io.onInterrupt(() => (stopRequested = true));
  let result: TrainResult,
    testClasses: Int32Array | null = null;
  const secondThread = offThreadEvaluation(config, dataset, { ...prepared, ...exp, threads: prepared.threads });
  // C(w₀) on the training split by the evaluation thread while training goes on, for a fresh run whose split is in
  // shared memory (posted without a copy; a normalized float32 split is not, and is then evaluated here after the run)
  const initialThere =
    secondThread &&
    progress.step === 0 &&
    progress.initialLoss == null &&
    dataset.train.x.buffer instanceof SharedArrayBuffer;
  const evalThread = secondThread
    ? new EvalThread(exp.spec, exp.engine, evaluatedSplits(dataset), initialThere ? { train: dataset.train } : {})
    : null;
  // w₀ is copied by this call, before the first step
  const initialLoss =
    evalThread !== null && initialThere
      ? evalThread.evaluate(exp.w, dataset.train).then(
          ({ loss }) => loss,
          () => null,
        )
      : null;

  try {
    const hooks = {
      clock,
      shouldStop,
      yieldControl: () => new Promise<void>((resolve) => setImmediate(resolve)),
      onEvent: (e: TrainEvent) => recorder.onEvent(e),
      evaluateLater: evalThread ? (w: Float, split: Split) => evalThread.evaluate(w, split) : null,
      initialLossLater: true,
    };
    const trained = await train(trainSetup(config, dataset, exp, progress, hooks));
    // the report's test classes from the evaluation thread when it holds the test split (from its last evaluation's
    // pass when the weights are those), while the initial loss is taken or computed here; should it fail, finishRun
    // predicts them on this thread
    const classes = evalThread?.holds(dataset.test)
      ? evalThread.classes(modelWeights(trained, exp), dataset.test).catch(() => null)
      : null;
    result = withInitialLoss(trained, prepared, await initialLoss);
    testClasses = await classes;
  } catch (err) {
    recorder.close();
    await evalThread?.dispose();
    throw err;
  } finally {
    removeHandler();
  }
  const stopped = evalThread?.dispose(); // the worker ends (~10 ms) while the files are written
  try {
    const summary = finishRun(prepared, result, recorder, dir, { ...options, secondThread, testClasses });
    if (options.resume) recordResumedPoint(dir, summary);
    return { dir, result, summary };
  } finally {
    await stopped;
  }
}

/**
 * Seconds of training between checkpoints at evaluations (besides the one at the end, on stopping
 * early and on Ctrl-C): a 1 MB checkpoint written durably at every evaluation took a fifth of the
 * Quick start and most of a short run; a hard kill now loses at most about this much training.
 */
export const CHECKPOINT_SECONDS = 1;

/**
 * The result with trend.initial = C(w₀) on the whole training split (the health verdict's start),
 * when the loop left it to us: `computed` when the evaluation thread worked it out during the run,
 * else w₀ drawn again from the config's seed into the spent gradient buffer, after the run — it is a
 * diagnosis, not training, so it is not on the run's clock. The same number either way (tested).
 */
function withInitialLoss(
  result: TrainResult,
  { config, exp, dataset }: PreparedRun,
  computed: number | null,
): TrainResult {
  if (result.trend.initial !== null) return result;
  let initial = computed;
  if (initial === null) {
    initParams(exp.layout, config.model.init, seedStreams(config.seed).init, exp.dw);
    initial = exp.evaluator.evaluate(exp.dw, dataset.train).loss;
  }
  return { ...result, trend: { ...result.trend, initial } };
}

/** The splits evaluated at every evaluation: the validation split when there is one, else the test split. */
function evaluatedSplits(dataset: Dataset): Record<string, Split> {
  return dataset.validation ? { validation: dataset.validation } : { test: dataset.test };
}

/** What the loop is handed: the experiment's pieces, the config's counts, and the caller's clock, stop and events. */
export function trainSetup(
  config: TrainConfig,
  dataset: Dataset,
  exp: Experiment,
  progress: TrainProgress,
  hooks: Pick<TrainSetup, "clock" | "shouldStop" | "yieldControl" | "onEvent" | "evaluateLater" | "initialLossLater">,
): TrainSetup {
  const source = batchSource(dataset.train, exp.spec, exp.engine);
  exp.evaluator.use(dataset.train, source); // the training loss is evaluated from the same copy
  // the split every evaluation reads, copied into the engine now (before the clock starts) unless
  // the evaluations run on another thread, which holds its own copy
  if (!hooks.evaluateLater)
    for (const split of Object.values(evaluatedSplits(dataset)))
      exp.evaluator.use(split, batchSource(split, exp.spec, exp.engine));
  const fill: TrainSetup["fillBatch"] = (batch, order, start, count) =>
    fillBatch(batch, source, exp.spec, order, start, count);
  const { gradientNoise, fullTrainLoss } = config.log;
  const own = { method: exp.method, batch: exp.batch, dw: exp.dw, capacity: exp.batchSize };
  const measureNoise =
    gradientNoise > 0 || fullTrainLoss
      ? noiseProbe({
          minibatch: own,
          full: exp.probe ?? own,
          fillBatch: fill,
          n: dataset.train.n,
          batchSize: exp.batchSize,
          minibatches: gradientNoise,
          seed: config.seed,
          trainLoss: (w) => exp.evaluator.evaluate(w, dataset.train).loss,
        })
      : null;
  return {
    dataset,
    method: exp.method,
    optimizer: exp.optimizer,
    optimizerState: exp.optimizerState,
    schedule: exp.schedule,
    evaluate: (w, split) => exp.evaluator.evaluate(w, split),
    monitor: exp.monitor,
    bestW: exp.bestW,
    w: exp.w,
    dw: exp.dw,
    batch: exp.batch,
    batchSize: exp.batchSize,
    fillBatch: fill,
    ...(exp.engine.allFinite ? { allFinite: (w: Float) => exp.engine.allFinite!(w) } : {}),
    measureNoise,
    epochs: config.optimizer.epochs,
    maxSteps: config.optimizer.maxSteps,
    logEvery: config.log.every,
    checkpointSeconds: CHECKPOINT_SECONDS,
    evalEvery: config.log.evalEvery,
    progress,
    ...hooks,
  };
}

/**
 * A fresh run's config.json and first progress, or the progress (and weights) of the checkpoint in
 * `dir`; a run killed before its first checkpoint has none, and starts over from step 0.
 */
function startOrResume(
  { config, seeds, exp, dataset }: PreparedRun,
  dir: string,
  options: TrainRunOptions,
): { progress: TrainProgress; resumed: boolean } {
  if (!options.resume) {
    writeJsonAtomic(path.join(dir, RUN_FILES.config), config);
    return { progress: initialProgress(seeds.shuffle), resumed: false };
  }
  const ckptFile = path.join(dir, RUN_FILES.checkpoint);
  if (!fs.existsSync(ckptFile)) {
    options.out.info(`${dir}: no checkpoint yet (the run stopped before its first one): starting it over from step 0`);
    return { progress: initialProgress(seeds.shuffle), resumed: false };
  }
  const progress = restoreCheckpoint(readJsonFile(ckptFile), ckptFile, exp.w, exp.optimizerState, exp.bestW);
  const perEpoch = stepsPerEpoch(dataset.train.n, exp.batchSize);
  if (progress.batchInEpoch >= perEpoch || progress.step > exp.totalSteps) {
    throw new DataError(
      `${ckptFile}: its progress (step ${progress.step}, batch ${progress.batchInEpoch} of the epoch) does not fit ` +
        `this run (${exp.totalSteps} steps, ${perEpoch} batches an epoch)`,
    );
  }
  options.out.info(`resuming ${dir} at step ${progress.step}`);
  return { progress, resumed: true };
}
