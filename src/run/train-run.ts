/**
 * One training run into one run directory, shared by `sgd train` and `sgd sweep`:
 *   config → dataset → experiment → (estimate, for finite differences) → train() → run directory
 * (config.json, metrics, checkpoint, summary.json, model.json, report.html). Returns the summary;
 * the caller decides what a diverged or interrupted run means (exit 3 / 130) and what goes to stdout.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadTrainConfig } from "../config/load-config.js";
import type { TrainConfig } from "../config/train-schema.js";
import type { Dataset } from "../data/dataset.js";
import { loadDataset } from "../data/load-dataset.js";
import { DataError, UsageError } from "../core/errors.js";
import { batchSource, fillBatch, heapBatchSource } from "../model/batch.js";
import { measureDensity, SPARSE_DENSITY_LIMIT } from "../engine/dense-layers.js";
import { engineThreads, selectEngine } from "../engine/select-engine.js";
import { describeSpec } from "../model/network-spec.js";
import { terminalLossChart } from "../report/loss-chart.js";
import { writeTrainReport } from "../report/run-report-files.js";
import { prepareOutputDir, RUN_FILES, writeJsonAtomic } from "../report/run-directory.js";
import { readJsonFile } from "../report/run-reader.js";
import { createTrainProgress, formatFinalTable } from "../report/train-progress.js";
import { buildSummary, RunRecorder, type RunSummary } from "../report/train-run.js";
import { restoreCheckpoint } from "../train/checkpoint.js";
import { estimateGradientTime } from "../grad/time-estimate.js";
import { batchSizeFor, buildExperiment, engineBytesFor, networkSpecFor, seedStreams, type Experiment, type SeedStreams } from "./experiment.js";
import type { TrainResult } from "../train/state.js";
import { initialProgress, train } from "../train/train.js";
import type { Io } from "../cli/io.js";
import type { CommonFlags } from "../cli/command-options.js";
import type { Reporter } from "../cli/output.js";

/** A finite-difference run predicted to take longer than this needs --allow-slow. */
export const SLOW_RUN_SECONDS = 3600;

/** The flags `sgd train` and `sgd sweep` share, as commander hands them to an action. */
export interface RunFlags extends CommonFlags {
  set: string[];
  out?: string;
  force?: boolean;
  seed?: string;
  threads?: string;
  allowSlow?: boolean;
}

export interface TrainRunOptions {
  io: Io;
  /** where the human lines go (--json / --quiet already applied) */
  out: Reporter;
  /** recorded in summary.json's environment */
  threads: number;
  /** start a run estimated over SLOW_RUN_SECONDS */
  allowSlow: boolean;
  /** continue from the checkpoint in `dir` instead of starting afresh */
  resume: boolean;
  /** write into a non-empty `dir` (ignored when resuming) */
  force: boolean;
  /** print the terminal loss chart at the end */
  chart: boolean;
  /** the caller watches for interrupts; without it SIGINT/SIGTERM are watched for this run only */
  shouldStop?: () => boolean;
  /** how to get the dataset (a sweep shares one between points); default loadDataset */
  loadData?: (config: TrainConfig, seeds: SeedStreams) => Dataset;
}

export interface TrainRunOutcome {
  dir: string;
  result: TrainResult;
  summary: RunSummary;
}

/** The run ready to train: data loaded, network built, the finite-difference estimate passed. */
export interface PreparedRun {
  config: TrainConfig;
  seeds: SeedStreams;
  dataset: Dataset;
  exp: Experiment;
  /** which kernels run it (summary.json's environment.engine); the engine itself is exp.engine */
  engineName: string;
}

const clock = (): number => performance.now() / 1000;

/** `--config FILE` plus `--set`s, validated, with data paths made absolute (taken from the config's folder). */
export function loadRunConfig(file: string, sets: readonly string[], cwd: string): TrainConfig {
  return absoluteDataPaths(loadTrainConfig(file, sets, cwd), path.dirname(path.resolve(cwd, file)));
}

/** Load the data and build the experiment, printing what it is; refuse a too-slow finite-difference run. */
export function prepareRun(
  config: TrainConfig,
  options: Pick<TrainRunOptions, "io" | "out" | "allowSlow" | "loadData"> & { threads?: number },
): PreparedRun {
  const { out } = options;
  const seeds = seedStreams(config.seed);
  const dataset = options.loadData?.(config, seeds) ?? loadDataset(config.data, seeds.data, { cwd: options.io.cwd });
  const engineThreads = engineThreadsFor(config, dataset, options.threads ?? 1);
  const engine = selectEngine(config.model.precision, engineBytesFor(config, dataset), "auto", engineThreads);
  const exp = buildExperiment(config, dataset, seeds.init, engine, options.threads ?? 1);
  const onThreads = engineThreads > 1 && engine.name !== "typescript" ? ` (${engineThreads} threads)` : "";
  out.info(
    `${config.name}: ${describeSpec(exp.spec)} on ${engine.name}${onThreads}, ${exp.parameters.toLocaleString("en-US")} parameters, ` +
      `${dataset.train.n} train / ${dataset.test.n} test (${dataset.name}), batch ${exp.batchSize}, ` +
      `${exp.totalSteps} steps, gradient by ${config.gradient.method}`,
  );
  if (config.gradient.method !== "backprop") {
    fillBatch(exp.batch, heapBatchSource(dataset.train, exp.spec), exp.spec, null, 0, exp.batchSize);
    const gradient = { ...config.gradient, threads: options.threads ?? 1 };
    const est = estimateGradientTime(exp.spec, exp.w, exp.batch, gradient, clock, exp.engine);
    const totalSeconds = est.seconds * exp.totalSteps;
    out.info(
      `${config.gradient.method} (${config.gradient.scheme}): ${Math.round(est.forwardPasses).toLocaleString("en-US")} ` +
        `forward passes per step; estimated ${formatDuration(totalSeconds)} for ${exp.totalSteps} steps`,
    );
    if (totalSeconds > SLOW_RUN_SECONDS && !options.allowSlow) {
      throw new UsageError(
        `estimated ${formatDuration(totalSeconds)} is over the ${SLOW_RUN_SECONDS / 3600} h limit: pass --allow-slow, ` +
          `or make it smaller (model.hidden, data.train, optimizer.epochs or optimizer.maxSteps, or gradient.method=backprop)`,
      );
    }
  }
  return { config, seeds, dataset, exp, engineName: engine.name };
}

/**
 * Threads for the training engine: for backprop, `threads` (at most one per core: the engine's
 * threads spin while they wait for each other) when the network's dense products are big enough
 * to pay (engineThreads); finite differences share `threads` among their own workers instead.
 */
function engineThreadsFor(config: TrainConfig, dataset: Dataset, threads: number): number {
  if (config.gradient.method !== "backprop" || threads < 2) return 1;
  const sizes = networkSpecFor(config, dataset).sizes, sparse = measureDensity(dataset.train.x) < SPARSE_DENSITY_LIMIT;
  return engineThreads(sizes, batchSizeFor(config, dataset), Math.min(threads, os.availableParallelism()), sparse);
}

/** Train `config` into `dir` (SPEC §4) and return how it ended. Never throws for divergence or interrupt. */
export async function runTrainingToDir(config: TrainConfig, dir: string, options: TrainRunOptions): Promise<TrainRunOutcome> {
  const prepared = prepareRun(config, options);
  try {
    return await trainPrepared(prepared, dir, options);
  } finally {
    await prepared.exp.dispose(); // the engine's and the method's worker threads
  }
}

/** The run itself, on a prepared experiment. */
async function trainPrepared({ config, seeds, dataset, exp, engineName }: PreparedRun, dir: string, options: TrainRunOptions): Promise<TrainRunOutcome> {
  const { io, out } = options;
  const trainSource = batchSource(dataset.train, exp.spec, exp.engine);

  let progress = initialProgress(seeds.shuffle);
  if (options.resume) {
    const ckptFile = path.join(dir, RUN_FILES.checkpoint);
    if (!fs.existsSync(ckptFile)) throw new DataError(`${ckptFile}: no checkpoint to resume from`);
    progress = restoreCheckpoint(readJsonFile(ckptFile), ckptFile, exp.w, exp.optimizerState.velocity);
    out.info(`resuming ${dir} at step ${progress.step}`);
  } else {
    prepareOutputDir(dir, options.force);
    writeJsonAtomic(path.join(dir, RUN_FILES.config), config);
  }

  const view = createTrainProgress(
    { write: (t) => io.stderr(t), columns: io.columns },
    out.quiet ? "none" : out.live ? "bar" : "lines",
  );
  const recorder = new RunRecorder(dir, options.resume ? progress.step : null, view, dataset.train.n);
  let stopRequested = false;
  const shouldStop = options.shouldStop ?? (() => stopRequested);
  const removeHandler = options.shouldStop
    ? () => {}
    : io.onInterrupt(() => {
        stopRequested = true;
      });
  let result: TrainResult;
  try {
    result = await train({
      dataset, method: exp.method, optimizer: exp.optimizer, optimizerState: exp.optimizerState,
      schedule: exp.schedule, evaluate: (w, split) => exp.evaluator.evaluate(w, split),
      w: exp.w, dw: exp.dw, batch: exp.batch, batchSize: exp.batchSize,
      fillBatch: (batch, order, start, count) => fillBatch(batch, trainSource, exp.spec, order, start, count),
      epochs: config.optimizer.epochs, maxSteps: config.optimizer.maxSteps,
      logEvery: config.log.every, evalEvery: config.log.evalEvery, progress, clock,
      shouldStop,
      yieldControl: () => new Promise((resolve) => setImmediate(resolve)),
      onEvent: (e) => recorder.onEvent(e),
    });
  } finally {
    removeHandler();
  }

  const summary = buildSummary(result, {
    parameters: exp.parameters,
    gradientMethod: config.gradient.method,
    seed: config.seed,
    environment: { node: process.version, cpu: os.cpus()[0]?.model ?? "unknown", threads: options.threads, engine: engineName },
    network: describeSpec(exp.spec),
  });
  recorder.finish(summary, exp.layout, exp.w, dataset);
  const { rows } = writeTrainReport(dir);
  out.info(formatFinalTable(result));
  const chart = out.json || !options.chart ? "" : terminalLossChart(rows, { columns: io.columns ?? 80, colour: out.colour.level > 0 });
  if (chart !== "") out.info(chart);
  out.info(`run directory: ${dir}`);
  return { dir, result, summary };
}

/** The help line of `--threads` (train and sweep). */
export const THREADS_HELP = "threads for finite differences, and for backprop's big products on the wasm engine (default: the machine's cores)";

/** `--threads N`, default the machine's cores. */
export function parseThreads(text: string | undefined): number {
  if (text === undefined) return os.availableParallelism();
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--threads: expected a positive integer, found "${text}"`);
  return n;
}

/**
 * The resolved config a run keeps: data file paths made absolute (relative ones are taken from
 * the config's folder) and the editor-only "$schema" key dropped.
 */
function absoluteDataPaths(withSchema: TrainConfig, baseDir: string): TrainConfig {
  const { $schema: _editorOnly, ...config } = withSchema;
  const d = config.data;
  const abs = (p: string) => path.resolve(baseDir, p);
  if (d.source === "csv") return { ...config, data: { ...d, path: abs(d.path) } };
  if (d.source === "idx") {
    return {
      ...config,
      data: { ...d, trainImages: abs(d.trainImages), trainLabels: abs(d.trainLabels), testImages: abs(d.testImages), testLabels: abs(d.testLabels) },
    };
  }
  return config;
}

function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}
