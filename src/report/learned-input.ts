/**
 * What the "what the network learned" views are drawn from: a run's dataset (its splits rebuilt exactly,
 * features as the network sees them, i.e. normalized) and its trained network (model.json). Predictions
 * run on the engine training used, with its evaluation chunk, so they are the run's own predictions:
 *   predict(x [N×I]) → ŷ [N×O] (softmax probabilities for cross-entropy) and a¹ [N×n_1] (the first hidden layer)
 * At the end of a run the test split's classes (argmax ŷ) come from the run itself (testClasses: its evaluator,
 * which holds the split in its engine already), the same classes without a second engine and copy of the split.
 */
import type { Dataset } from "../data/dataset.js";
import type { Float } from "../core/types.js";
import { Evaluator } from "../model/evaluate.js";
import { layerCount, width, type NetworkSpec } from "../model/network-spec.js";
import { onTrainingEngine } from "../model/on-engine.js";

export interface LearnedInput {
  dataset: Dataset;
  spec: NetworkSpec;
  /** the parameters, stored as layoutOf(spec) (as model.json is read) */
  w: Float;
  /** the evaluation chunk size of the run's evaluator */
  chunk: number;
  /**
   * the test split's predicted classes, from the run that has them at hand (its final weights on its own
   * evaluator, as predictedClasses would give them); without it the report predicts them itself
   */
  testClasses?: () => Int32Array;
}

export interface Prediction {
  /** [N×O] */
  outputs: Float64Array;
  /** [N×n_1], or null for a network without a hidden layer */
  hidden: Float64Array | null;
}

/** A predictor for `input`'s network: one engine and workspace, used for every call. */
export function predictor(input: LearnedInput): (x: Float, n: number) => Prediction {
  const { spec } = input;
  const run = onTrainingEngine(spec, input.w, input.chunk);
  const evaluator = new Evaluator(spec, input.chunk, run.engine);
  const O = width(spec, layerCount(spec));
  const H = layerCount(spec) >= 2 ? width(spec, 1) : 0;
  return (x, n) => {
    const outputs = new Float64Array(n * O);
    const hidden = H > 0 ? new Float64Array(n * H) : null;
    evaluator.predict(run.w, x, n, outputs, hidden ?? undefined);
    return { outputs, hidden };
  };
}

/** At most `max` indices 0…n−1, evenly spaced (all of them when n ≤ max). */
export function sampleIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, k) => Math.floor((k * n) / max));
}
