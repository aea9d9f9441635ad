/**
 * A run made ready to train, before anything is written:
 *   config → memory estimate of the data → dataset → threads capped to what helps → memory
 *   estimate of the run (refused over the machine's memory) → engine (by precision; threads where
 *   they pay) → experiment → for finite differences, the run time estimated and refused over
 *   SLOW_RUN_SECONDS without allowSlow.
 * One line says what will run. `sgd sweep` prepares every point of its shard this way before the
 * first one trains, so a bad point fails before any file exists.
 */
import { performance } from "node:perf_hooks";
import type { TrainConfig } from "../config/train-schema.js";
import { UsageError } from "../core/errors.js";
import type { Float } from "../core/types.js";
import type { Io } from "../core/io.js";
import type { Dataset } from "../data/dataset.js";
import { loadDataset } from "../data/load-dataset.js";
import { measureDensity, SPARSE_DENSITY_LIMIT } from "../engine/dense-layers.js";
import { engineThreads, selectEngine } from "../engine/select-engine.js";
import { estimateGradientTime } from "../grad/time-estimate.js";
import { fillBatch, heapBatchSource } from "../model/batch.js";
import { paramCount } from "../model/layout.js";
import { describeSpec } from "../model/network-spec.js";
import type { Reporter } from "../report/reporter.js";
import { checkDataMemory, checkRunMemory } from "./memory-estimate.js";
import { SLOW_RUN_SECONDS } from "./run-limits.js";
import {
  batchSizeFor,
  buildExperiment,
  engineBytesFor,
  networkSpecFor,
  planExperiment,
  seedStreams,
  type Experiment,
  type SeedStreams,
} from "./experiment.js";

export { SLOW_RUN_SECONDS };

/** Seconds from an arbitrary origin: the clock every run times itself with. */
export const clock = (): number => performance.now() / 1000;

export interface PrepareOptions {
  io: Io;
  /** where the human lines go (--json / --quiet already applied) */
  out: Reporter;
  /** start a run estimated over SLOW_RUN_SECONDS */
  allowSlow: boolean;
  /** threads the run may use (finite differences share them; backprop's engine uses them where they pay) */
  threads?: number;
  /** how to get the dataset (a sweep shares one between points); default loadDataset */
  loadData?: (config: TrainConfig, seeds: SeedStreams) => Dataset;
}

/** The run ready to train: data loaded, network built, the finite-difference estimate passed. */
export interface PreparedRun {
  config: TrainConfig;
  /** the threads the run uses: the requested ones, capped to what can help (usefulThreads) */
  threads: number;
  seeds: SeedStreams;
  dataset: Dataset;
  exp: Experiment;
  /** which kernels run it (summary.json's environment.engine); the engine itself is exp.engine */
  engineName: string;
  /** the threads the engine splits its products over (1: the engine trains on this thread alone) */
  engineThreads: number;
}

export function prepareRun(config: TrainConfig, options: PrepareOptions): PreparedRun {
  const { out, io } = options;
  const { seeds, dataset, threads } = checkedData(config, options);
  const onEngine = engineThreadsFor(config, dataset, threads, io.platform.cores);
  const engine = selectEngine(config.model.precision, engineBytesFor(config, dataset), "auto", onEngine);
  const exp = buildExperiment(config, dataset, seeds.init, engine, threads);
  const onThreads = onEngine > 1 && engine.name !== "typescript" ? ` (${onEngine} threads)` : "";
  out.info(
    `${config.name}: ${describeSpec(exp.spec)} on ${engine.name}${onThreads}, ` +
      `${exp.parameters.toLocaleString("en-US")} parameters, ` +
      `${dataset.train.n} train / ${dataset.validation ? `${dataset.validation.n} validation / ` : ""}` +
      `${dataset.test.n} test (${dataset.name}), batch ${exp.batchSize}, ` +
      `${exp.totalSteps} steps, gradient by ${config.gradient.method}, ${exp.optimizer.description}`,
  );
  if (config.gradient.method !== "backprop") checkRunTime(config, dataset, exp, { ...options, threads });
  return { config, threads, seeds, dataset, exp, engineName: engine.name, engineThreads: onEngine };
}

/**
 * What prepareRun would refuse, without building the run: the data, the threads, the memory, the
 * network and optimizer (planExperiment), and for finite differences the time estimate, which needs
 * the run built (and disposed again). A sweep checks each of its points so before training any.
 */
export function checkRun(config: TrainConfig, options: PrepareOptions): void {
  if (config.gradient.method !== "backprop") {
    prepareRun(config, options)
      .exp.dispose()
      .catch(() => {}); // ending its threads, if it started any
    return;
  }
  planExperiment(config, checkedData(config, options).dataset);
}

/** The seeds, the dataset (loaded within the memory estimate) and the threads that can help it. */
function checkedData(config: TrainConfig, options: PrepareOptions) {
  const { io } = options;
  const seeds = seedStreams(config.seed);
  checkDataMemory(config.data, io.platform.memory);
  const dataset =
    options.loadData?.(config, seeds) ??
    loadDataset(config.data, seeds.data, { cwd: io.cwd, precision: config.model.precision });
  const threads = usefulThreads(options.threads ?? 1, config, dataset, io.platform.cores, options.out);
  checkRunMemory(config, dataset, threads, io.platform.memory);
  return { seeds, dataset, threads };
}

/**
 * Threads that can help: at most one per core (more only take turns), and for finite differences
 * at most one per parameter (each thread differences a block of them). A note says when capped.
 */
function usefulThreads(requested: number, config: TrainConfig, dataset: Dataset, cores: number, out: Reporter): number {
  const fd = config.gradient.method !== "backprop";
  const parameters = fd ? paramCount(networkSpecFor(config, dataset)) : Number.POSITIVE_INFINITY;
  const threads = Math.max(1, Math.min(requested, cores, parameters));
  if (threads < requested) {
    const why = threads === cores ? `the machine's ${cores} cores` : `one per parameter of the ${parameters}`;
    out.info(`--threads ${requested}: using ${threads} (${why})`);
  }
  return threads;
}

/** Prints the forward passes per step and the estimated time; refuses a run over SLOW_RUN_SECONDS. */
function checkRunTime(
  config: TrainConfig,
  dataset: Dataset,
  exp: Experiment,
  options: PrepareOptions & { threads: number },
): void {
  fillBatch(exp.batch, heapBatchSource(dataset.train, exp.spec), exp.spec, null, 0, exp.batchSize);
  const est = estimateGradientTime(
    exp.spec,
    exp.w,
    exp.batch,
    { ...config.gradient, threads: options.threads },
    clock,
    exp.engine,
  );
  const totalSeconds = est.seconds * exp.totalSteps;
  options.out.info(
    `${config.gradient.method} (${config.gradient.scheme}): ${Math.round(est.forwardPasses).toLocaleString("en-US")} ` +
      `forward passes per step; estimated ${formatDuration(totalSeconds)} for ${exp.totalSteps} steps`,
  );
  if (totalSeconds > SLOW_RUN_SECONDS && !options.allowSlow) {
    throw new UsageError(
      `estimated ${formatDuration(totalSeconds)} is over the ${SLOW_RUN_SECONDS / 3600} h limit: pass --allow-slow, ` +
        "or make it smaller " +
        "(model.hidden, data.train, optimizer.epochs or optimizer.maxSteps, or gradient.method=backprop)",
    );
  }
}

/**
 * Threads for the training engine: for backprop, `threads` (at most one per core: the engine's
 * threads spin while they wait for each other) when the network's dense products are big enough
 * to pay (engineThreads); finite differences share `threads` among their own workers instead.
 */
export function engineThreadsFor(config: TrainConfig, dataset: Dataset, threads: number, cores: number): number {
  if (config.gradient.method !== "backprop" || threads < 2) return 1;
  const sizes = networkSpecFor(config, dataset).sizes,
    sparse = trainingDensity(dataset.train.x) < SPARSE_DENSITY_LIMIT;
  return engineThreads(sizes, batchSizeFor(config, dataset), Math.min(threads, cores), sparse);
}

/**
 * measureDensity of a loaded training split's features, once per array: a sweep's points share their
 * dataset (a scan of the 8,000 × 784 Quick-start digits takes ~8 ms), and a loaded split is never changed.
 */
const densities = new WeakMap<Float, number>();
function trainingDensity(x: Float): number {
  let density = densities.get(x);
  if (density === undefined) {
    density = measureDensity(x);
    densities.set(x, density);
  }
  return density;
}

function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}
