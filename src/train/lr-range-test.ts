/**
 * The learning-rate range test (Smith, "Cyclical Learning Rates for Training Neural Networks",
 * 2017; fastai's lr_find): train from the initial weights for N steps while γ grows exponentially,
 *   γ_i = γ_min · (γ_max / γ_min)^(i / (N − 1)),   i = 0 … N − 1
 * recording each minibatch loss and its bias-corrected moving average s_i (β = 0.98, health.ts).
 * The test stops early when s_i > 4 · min_{j ≤ i} s_j or the loss is not finite (the loss blew up).
 * Suggested γ = γ at the minimum of s, divided by 10 (the loss is still falling fast there); the
 * steepest descent, min over i of ds/dlog γ before the minimum, is reported beside it. No I/O.
 */
import { Rng, type RngState } from "../core/rng.js";
import type { Batch, Float } from "../core/types.js";
import type { GradientMethod } from "../grad/gradient-method.js";
import type { Optimizer, OptimizerState } from "../optim/optimizer.js";
import { LOSS_SMOOTHING, smoothedLoss } from "./health.js";

/** A smoothed loss this many times its minimum so far ends the test. */
export const BLOW_UP_FACTOR = 4;
/** The steepest descent is looked for after this share of the points (the start is flat and noisy). */
const SKIP_START = 0.1;

export interface RangeTestSetup {
  method: GradientMethod;
  optimizer: Optimizer;
  optimizerState: OptimizerState;
  /** [p] parameters, updated in place (start from the initial weights) */
  w: Float;
  dw: Float;
  batch: Batch;
  fillBatch(batch: Batch, order: Int32Array, start: number, count: number): void;
  /** training samples N and the batch size B */
  n: number;
  batchSize: number;
  /** the shuffle stream: a permutation per pass over the data */
  shuffle: RngState;
  minLearningRate: number;
  maxLearningRate: number;
  steps: number;
}

export interface RangePoint {
  step: number;
  learning_rate: number;
  loss: number;
  smoothed: number;
}

export interface RangeTestResult {
  points: RangePoint[];
  /** why the test ended before its last step, or null */
  stopped: string | null;
  /** the minimum of the smoothed loss */
  minimum: RangePoint | null;
  /** the steepest fall of the smoothed loss against log γ, before the minimum */
  steepest: RangePoint | null;
  /** γ at the minimum / 10, or null when the loss never fell */
  suggested: number | null;
  /** what to make of a curve that gives no clear answer */
  note: string | null;
}

/** γ_i of the exponential sweep. */
export function rangeLearningRate(i: number, steps: number, min: number, max: number): number {
  return steps === 1 ? min : min * (max / min) ** (i / (steps - 1));
}

export function lrRangeTest(s: RangeTestSetup): RangeTestResult {
  const points: RangePoint[] = [];
  const rng = Rng.fromState(s.shuffle);
  let order = rng.permutation(s.n),
    at = 0,
    average = 0,
    best = Infinity;
  let stopped: string | null = null;
  for (let i = 0; i < s.steps; i++) {
    if (at >= s.n) [order, at] = [rng.permutation(s.n), 0];
    const count = Math.min(s.batchSize, s.n - at);
    s.fillBatch(s.batch, order, at, count);
    at += count;
    const learningRate = rangeLearningRate(i, s.steps, s.minLearningRate, s.maxLearningRate);
    const loss = s.method.compute(s.w, s.batch, s.dw);
    if (!Number.isFinite(loss)) {
      stopped = `the loss is ${loss} at γ = ${learningRate.toPrecision(3)}`;
      break;
    }
    average = LOSS_SMOOTHING * average + (1 - LOSS_SMOOTHING) * loss;
    const smoothed = smoothedLoss(average, i + 1)!;
    points.push({ step: i + 1, learning_rate: learningRate, loss, smoothed });
    best = Math.min(best, smoothed);
    if (smoothed > BLOW_UP_FACTOR * best) {
      stopped =
        `the smoothed loss ${smoothed.toPrecision(4)} passed ${BLOW_UP_FACTOR} × its minimum ` +
        `at γ = ${learningRate.toPrecision(3)}`;
      break;
    }
    s.optimizer.update(s.w, s.dw, learningRate, s.optimizerState);
  }
  return { points, stopped, ...suggestion(points, stopped !== null) };
}

/** The minimum, the steepest descent before it, and the suggested γ, from the recorded points. */
export function suggestion(
  points: readonly RangePoint[],
  blewUp: boolean,
): Pick<RangeTestResult, "minimum" | "steepest" | "suggested" | "note"> {
  if (points.length < 3) {
    return { minimum: null, steepest: null, suggested: null, note: "too few steps to suggest a γ: raise --steps" };
  }
  let m = 0;
  for (let i = 1; i < points.length; i++) if (points[i]!.smoothed < points[m]!.smoothed) m = i;
  const minimum = points[m]!;
  let steepest: RangePoint | null = null,
    slope = 0;
  for (let i = Math.max(1, Math.floor(SKIP_START * points.length)); i < m; i++) {
    const [a, b] = [points[i - 1]!, points[i + 1]!];
    const d = (b.smoothed - a.smoothed) / Math.log(b.learning_rate / a.learning_rate);
    if (d < slope) [slope, steepest] = [d, points[i]!];
  }
  if (minimum.smoothed >= points[0]!.smoothed || m === 0) {
    return { minimum, steepest: null, suggested: null, note: "the loss never fell: lower --min-lr" };
  }
  const note =
    m === points.length - 1 && !blewUp
      ? "the loss was still falling at --max-lr: raise it to see where it turns"
      : null;
  return { minimum, steepest, suggested: minimum.learning_rate / 10, note };
}
