/**
 * sgd as a TypeScript library: build an MLP as one flat parameter vector w, compute ∇C(w) on a
 * batch with a named method (backprop, finite differences, path enumeration), evaluate, save.
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

export { Rng } from "./core/rng.js";
export * from "./core/errors.js";
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
