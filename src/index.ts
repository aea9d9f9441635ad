/**
 * sgd as a TypeScript library (docs/library.md). Runs, as the CLI makes them:
 *   const config = loadTrainConfig("configs/moons-backprop.yaml", { set: ["optimizer.epochs=5"] });
 *   const { dir, summary } = await train(config, { out: "runs/moons", onProgress: (e) => … });
 *   const { loss, accuracy } = evaluate(dir);
 * and the pieces: build an MLP as one flat parameter vector w, compute ∇C(w) on a batch with a
 * named method (backprop, finite differences, path enumeration), evaluate, save.
 *   const { spec, w } = buildNetwork({ sizes: [2, 8, 3], loss: "cross-entropy", seed: 1 });
 *   const { loss, gradient } = computeGradient(spec, w, batch, { method: "backprop" });
 */
import type { Init } from "./config/train-schema.js";
import type { GradientCost } from "./grad/gradient-method.js";
import type { Batch, Float } from "./core/types.js";
import { createGradientMethod } from "./grad/index.js";
import type { GradientOptions } from "./grad/gradient-options.js";
import type { Engine } from "./engine/engine.js";
import { createParams } from "./model/init.js";
import { layoutOf, paramCount } from "./model/layout.js";
import {
  checkSpec,
  type Activation,
  type LossName,
  type NetworkSpec,
  type OutputActivation,
  type Precision,
} from "./model/network-spec.js";
import { Rng } from "./core/rng.js";
import { libraryIo } from "./cli/io.js";
import type { TrainConfig } from "./config/train-schema.js";
import type { EvaluationReport } from "./run/evaluate-run.js";
import {
  evaluateWith,
  loadConfigFrom,
  trainWith,
  type ConfigOptions,
  type ConfigSource,
  type EvaluateApiOptions,
  type TrainOptions,
  type TrainOutcome,
  type TrainProgressEvent,
} from "./run/library.js";

/** A train config from a file (.json/.yaml) or an object, validated with every default filled in. */
export function loadTrainConfig(source: ConfigSource, options: ConfigOptions = {}): TrainConfig {
  return loadConfigFrom(source, options, libraryIo(options).cwd);
}

/** Trains as `sgd train` does, into a run directory; resolves with the summary however the run ended. */
export function train(source: ConfigSource | TrainConfig, options: TrainOptions = {}): Promise<TrainOutcome> {
  return trainWith(source, options, libraryIo(options));
}

/** Scores a run directory's model as `sgd evaluate --json` does (its own test split, or `set: ["data.…"]`). */
export function evaluate(runDir: string, options: EvaluateApiOptions = {}): EvaluationReport {
  return evaluateWith(runDir, options, libraryIo(options));
}

export interface BuildOptions {
  /** [I, H1, …, O] */
  sizes: number[];
  activation?: Activation;
  /** σ of the output layer with loss mse (default linear) */
  outputActivation?: OutputActivation;
  loss?: LossName;
  precision?: Precision;
  init?: Init;
  /** seed of the initial weights (default 1) */
  seed?: number;
}

/** A network spec and freshly initialised parameters (defaults: relu, cross-entropy, float64, he). */
export function buildNetwork(options: BuildOptions): { spec: NetworkSpec; w: Float } {
  const spec = checkSpec({
    sizes: [...options.sizes],
    activation: options.activation ?? "relu",
    outputActivation: options.outputActivation ?? "linear",
    loss: options.loss ?? "cross-entropy",
    precision: options.precision ?? "float64",
  });
  return { spec, w: createParams(layoutOf(spec), options.init ?? "he", Rng.fromSeed(options.seed ?? 1)) };
}

/** One-off gradient (allocates a method each call: for loops, keep a `createGradientMethod`). */
export function computeGradient(
  spec: NetworkSpec,
  w: Float,
  batch: Batch,
  options: GradientOptions,
  engine?: Engine,
): { loss: number; gradient: Float; cost: GradientCost } {
  const method = createGradientMethod(options, spec, Math.max(1, batch.size), engine);
  const gradient =
    spec.precision === "float32" ? new Float32Array(paramCount(spec)) : new Float64Array(paramCount(spec));
  const loss = method.compute(w, batch, gradient);
  return { loss, gradient, cost: method.lastCost() };
}

export type { ConfigOptions, ConfigSource, EvaluateApiOptions, TrainOptions, TrainOutcome, TrainProgressEvent };
export type { TrainConfig } from "./config/train-schema.js";
export type { EvaluationReport } from "./run/evaluate-run.js";
export type { RunSummary } from "./report/train-run.js";
export type { MetricsRow } from "./train/state.js";
export { Rng } from "./core/rng.js";
export * from "./core/errors.js";
export { InvalidConfigError, type ConfigIssue } from "./config/config-issue.js";
export type { Batch, Float } from "./core/types.js";
export type { GradientCost, GradientMethod } from "./grad/gradient-method.js";
export { createGradientMethod, estimatedMultiplyAdds, GRADIENT_METHODS } from "./grad/index.js";
export type { DifferenceScheme, GradientMethodName, GradientOptions } from "./grad/index.js";
export { finiteDifferenceGradient, type LossOfWeights } from "./grad/finite-difference.js";
export type { Allocator, Kernels } from "./engine/kernels.js";
export { heapAllocator } from "./engine/kernels.js";
export type { Engine } from "./engine/engine.js";
export { typescriptEngine } from "./engine/typescript/typescript-engine.js";
export { referenceKernels } from "./engine/reference/reference-kernels.js";
export { typedKernels } from "./engine/typescript/typed-kernels.js";
export { checkSpec, describeSpec, layerCount } from "./model/network-spec.js";
export type { Activation, LossName, NetworkSpec, OutputActivation, Precision } from "./model/network-spec.js";
export type { Init } from "./model/init.js";
export { createParams, initParams } from "./model/init.js";
export { layerViews, paramCount, parameterTensors, type LayerView, type ParameterTensor } from "./model/layout.js";
export { createBatch, fillBatch } from "./model/batch.js";
export { Evaluator, type Evaluation } from "./model/evaluate.js";
export { createWorkspace, forwardLoss, mlpForward, type Workspace } from "./model/mlp.js";
export { fromModelJson, toModelJson, type LoadedModel, type ModelJson } from "./model/model-json.js";
