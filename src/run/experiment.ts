/**
 * Assembling one training run from a validated config, a loaded dataset and an engine: the
 * network (sizes from the data, I → hidden… → O), seeded parameters in the engine's layout, the
 * configured gradient method, the optimizer and schedule, an evaluator, batch buffers, and with
 * early stopping or a validation split the watched metric and a buffer for the best weights. Seeds:
 * one Rng from `seed`, forked into independent streams for the data split, the initial weights
 * and the epoch shuffles.
 */
import { stopDirection } from "../config/stop-checks.js";
import type { TrainConfig } from "../config/train-schema.js";
import { ConfigError } from "../core/errors.js";
import type { Batch, Float } from "../core/types.js";
import { Rng } from "../core/rng.js";
import type { Dataset } from "../data/dataset.js";
import { allocateFloat, type Engine } from "../engine/engine.js";
import { engineBytes } from "../engine/select-engine.js";
import type { GradientMethod } from "../grad/gradient-method.js";
import { createGradientMethod } from "../grad/index.js";
import { createBatch } from "../model/batch.js";
import { Evaluator } from "../model/evaluate.js";
import { createParams } from "../model/init.js";
import { engineLayout, paramCount, type ParameterLayout } from "../model/layout.js";
import { checkSpec, type NetworkSpec } from "../model/network-spec.js";
import { createOptimizer } from "../optim/create-optimizer.js";
import type { Optimizer, OptimizerState } from "../optim/optimizer.js";
import { createSchedule, type Schedule } from "../optim/schedule.js";
import type { MonitorRule } from "../train/early-stopping.js";
import { totalSteps } from "../train/train.js";

export interface SeedStreams {
  data: Rng;
  init: Rng;
  shuffle: Rng;
}

/** Independent generators for each use, all determined by the config's seed. */
export function seedStreams(seed: number): SeedStreams {
  const root = Rng.fromSeed(seed);
  return { data: root.fork(), init: root.fork(), shuffle: root.fork() };
}

export interface Experiment {
  /** the kernels and memory the run uses */
  engine: Engine;
  spec: NetworkSpec;
  /** how w is stored on the engine */
  layout: ParameterLayout;
  parameters: number;
  w: Float;
  dw: Float;
  method: GradientMethod;
  optimizer: Optimizer;
  optimizerState: OptimizerState;
  schedule: Schedule;
  evaluator: Evaluator;
  /** the metric watched (stop, or validation_loss for a validation split alone), and the best weights [p] */
  monitor: MonitorRule | null;
  bestW: Float | null;
  batch: Batch;
  batchSize: number;
  /** log.gradientNoise with B < EVAL_CHUNK: a second instance of the method, batch and gradient of capacity
   *  EVAL_CHUNK, so the full training-set gradient takes N / EVAL_CHUNK calls instead of N / B */
  probe: { method: GradientMethod; batch: Batch; dw: Float; capacity: number } | null;
  totalSteps: number;
  /** Ends the worker threads of the gradient method and the engine (call once the run is over). */
  dispose(): Promise<void>;
}

export function networkSpecFor(config: TrainConfig, dataset: Dataset): NetworkSpec {
  return checkSpec({
    sizes: [dataset.inputs, ...config.model.hidden, dataset.outputs],
    activation: config.model.activation,
    outputActivation: config.model.outputActivation,
    loss: config.loss,
    precision: config.model.precision,
  });
}

/** The batch a run uses: the configured size, or the whole training set for "full". */
export function batchSizeFor(config: TrainConfig, dataset: Dataset): number {
  const b = config.optimizer.batchSize;
  return b === "full" ? dataset.train.n : Math.min(b, dataset.train.n);
}

/**
 * What a run watches: `stop` as configured; with only a validation split, validation_loss for the
 * best weights, never stopping (patience ∞); otherwise nothing.
 */
export function monitorRuleFor(config: TrainConfig, dataset: Dataset): MonitorRule | null {
  const stop = config.stop;
  if (stop === null) {
    if (config.data.validation === null) return null;
    return { monitor: "validation_loss", direction: "min", patience: Number.POSITIVE_INFINITY, minDelta: 0 };
  }
  if (stop.monitor.endsWith("_accuracy") && dataset.task !== "classification") {
    throw new ConfigError(
      `stop.monitor: ${stop.monitor} needs a classifier, and ${dataset.name} is a regression dataset: ` +
        `watch ${stop.monitor.replace("_accuracy", "_loss")}`,
    );
  }
  const direction = stopDirection(stop.monitor, stop.mode);
  return { monitor: stop.monitor, direction, patience: stop.patience, minDelta: stop.minDelta };
}

/** Samples per evaluation chunk (the evaluator's workspace capacity). */
export const EVAL_CHUNK = 500;

/**
 * Bytes an engine must reserve for one run: the workspaces of the method, the estimator
 * (a batch each) and the evaluator (EVAL_CHUNK), plus the features in float32 of the training split
 * and of the splits evaluated at every evaluation (test, validation), which the evaluator keeps there.
 */
export function engineBytesFor(config: TrainConfig, dataset: Dataset): number {
  const spec = networkSpecFor(config, dataset);
  const probe = hasProbe(config, dataset);
  const rows = 2 * batchSizeFor(config, dataset) + EVAL_CHUNK + (probe ? 2 * EVAL_CHUNK : 0);
  // the training features, and their row index when sparse (< 0.4 nonzero: ≤ 0.8 of their size, + n offsets)
  const rowsHeld = dataset.train.n + dataset.test.n + (dataset.validation?.n ?? 0);
  const features = 2 * rowsHeld * dataset.inputs + rowsHeld;
  return engineBytes(spec.sizes, paramCount(spec), rows, features + (probe ? paramCount(spec) : 0));
}

/** Whether the run gets a probe method (log.gradientNoise on, and batches smaller than EVAL_CHUNK). */
function hasProbe(config: TrainConfig, dataset: Dataset): boolean {
  return config.log.gradientNoise > 0 && batchSizeFor(config, dataset) < EVAL_CHUNK;
}

/**
 * The run's shape, worked out (and refused with a ConfigError where the config does not fit the data)
 * without an engine: what buildExperiment builds on, and all a sweep checks of a backprop point.
 */
export function planExperiment(config: TrainConfig, dataset: Dataset, engine?: Engine) {
  const spec = networkSpecFor(config, dataset),
    opt = config.optimizer;
  const batchSize = batchSizeFor(config, dataset);
  const steps = totalSteps(dataset.train.n, batchSize, opt.epochs, opt.maxSteps);
  return {
    spec,
    batchSize,
    steps,
    optimizer: createOptimizer(opt, spec.precision, engine?.update),
    schedule: createSchedule(opt.schedule, opt.learningRate, steps),
    monitor: monitorRuleFor(config, dataset),
  };
}

/** `threads`: worker threads the gradient method may use (its result is the same whatever the count). */
export function buildExperiment(
  config: TrainConfig,
  dataset: Dataset,
  initRng: Rng,
  engine: Engine,
  threads = 1,
): Experiment {
  const { spec, batchSize, steps, optimizer, schedule, monitor } = planExperiment(config, dataset, engine);
  const layout = engineLayout(spec, engine),
    p = paramCount(spec);
  const alloc = (k: number) => allocateFloat(engine.allocator, spec.precision, k);
  const { method: name, epsilon, scheme } = config.gradient;
  const method = createGradientMethod({ method: name, epsilon, scheme, threads }, spec, batchSize, engine);
  const probe = hasProbe(config, dataset)
    ? {
        method: createGradientMethod({ method: name, epsilon, scheme, threads }, spec, EVAL_CHUNK, engine),
        batch: { ...createBatch(spec, EVAL_CHUNK, engine.allocator), xOnDemand: method.inputsThroughLayers === true },
        dw: alloc(p),
        capacity: EVAL_CHUNK,
      }
    : null;
  return {
    engine,
    spec,
    layout,
    parameters: p,
    w: createParams(layout, config.model.init, initRng, engine.allocator),
    dw: alloc(p),
    method,
    optimizer,
    optimizerState: optimizer.init(p, alloc),
    schedule,
    evaluator: new Evaluator(spec, EVAL_CHUNK, engine, true),
    monitor,
    bestW: monitor === null ? null : alloc(p),
    batch: { ...createBatch(spec, batchSize, engine.allocator), xOnDemand: method.inputsThroughLayers === true },
    batchSize,
    probe,
    totalSteps: steps,
    dispose: () =>
      Promise.all([method.dispose?.(), probe?.method.dispose?.(), engine.dispose?.()]).then(() => undefined),
  };
}
