/**
 * The stochastic objective of `sgd descend --function mean-squares`: N seeded samples s_i ∈ R^d,
 * s_i ~ N(0, I), and
 *   f(x) = mean_i ‖x − s_i‖²            ∇f(x) = 2(x − s̄),   minimum f* = mean_i ‖s_i − s̄‖² at x* = s̄
 *   on a minibatch S:  f_S(x) = mean_{i∈S} ‖x − s_i‖²,   ∇f_S(x) = 2(x − mean_{i∈S} s_i)
 * SGD steps with ∇f_S of a batch of B samples (B = 1: the tutorial's SGD, B = N: plain GD), drawn
 * as training draws them: a seeded shuffle each epoch, then consecutive batches.
 */
import type { Rng } from "../core/rng.js";
import type { GradientFn, Objective } from "./objectives.js";

export interface SampleObjective extends Objective {
  /** N samples, row-major [N×d] */
  readonly samples: Float64Array;
  readonly count: number;
  /** x* = s̄ */
  readonly minimizer: number[];
  /** f_S(x) over the samples order[start … start+size) */
  batchValue(x: Float64Array, order: Int32Array, start: number, size: number): number;
  /** ∇f_S(x) into dX */
  batchGradient(x: Float64Array, order: Int32Array, start: number, size: number, dX: Float64Array): void;
}

export function meanSquares(dimension: number, count: number, rng: Rng): SampleObjective {
  const d = dimension;
  const samples = new Float64Array(count * d);
  for (let k = 0; k < samples.length; k++) samples[k] = rng.normal();
  const mean = new Array<number>(d).fill(0);
  for (let i = 0; i < count; i++) for (let j = 0; j < d; j++) mean[j]! += samples[i * d + j]! / count;
  const all = Int32Array.from({ length: count }, (_, i) => i);
  const batchValue = (x: Float64Array, order: Int32Array, start: number, size: number): number => {
    let f = 0;
    for (let k = start; k < start + size; k++) {
      const i = order[k]!;
      for (let j = 0; j < d; j++) f += (x[j]! - samples[i * d + j]!) ** 2;
    }
    return f / size;
  };
  // ∂f_S/∂x_j = 2(x_j − mean_{i∈S} s_ij)
  const batchGradient = (x: Float64Array, order: Int32Array, start: number, size: number, dX: Float64Array) => {
    for (let j = 0; j < d; j++) {
      let m = 0;
      for (let k = start; k < start + size; k++) m += samples[order[k]! * d + j]!;
      dX[j] = 2 * (x[j]! - m / size);
    }
  };
  const value = (x: Float64Array): number => batchValue(x, all, 0, count);
  const gradient: GradientFn = (x, dX) => batchGradient(x, all, 0, count, dX);
  return {
    name: "mean-squares",
    dimension: d,
    formula: `f = mean_i ‖x − s_i‖² over ${count} seeded samples s_i ~ N(0, I)`,
    minimum: value(Float64Array.from(mean)),
    minimizer: mean,
    value,
    gradient,
    samples,
    count,
    batchValue,
    batchGradient,
  };
}

/** f(x) = mean_i ‖x − s_i‖² from samples given as vectors (as descend.json stores them). */
export function meanSquaresValue(samples: readonly (readonly number[])[]): (x: Float64Array) => number {
  return (x) => {
    let f = 0;
    for (const s of samples) for (let j = 0; j < s.length; j++) f += (x[j]! - s[j]!) ** 2;
    return f / samples.length;
  };
}
