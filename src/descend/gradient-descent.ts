/**
 * Plain gradient descent on an analytic function, a_{n+1} = a_n − γ ∇f(a_n), and a verdict on
 * each run. The loop does no I/O and takes the gradient as an argument (exact or central
 * differences), so it never knows how ∇f was made. For f = a·Σx_i² the update is
 * x_{n+1} = (1 − 2aγ)·x_n: it converges iff 0 < γ < 1/a, cycles forever at γ = 1/a, diverges beyond.
 */
import type { Optimizer } from "../optim/optimizer.js";
import { createSgd } from "../optim/sgd.js";
import type { GradientFn } from "./objectives.js";

/** Plain gradient descent a_{n+1} = a_n − γ ∇f(a_n): SGD's update with no momentum and no decay. */
export const plainDescent: Optimizer = createSgd({ momentum: 0, nesterov: false, weightDecay: 0 });

export interface Iterate {
  step: number;
  x: number[];
  f: number;
  gradNorm: number;
}

export type Classification = "converging" | "oscillating" | "diverging";

export interface Verdict {
  classification: Classification;
  /** one human sentence: which rule decided */
  reason: string;
}

/** ‖x‖∞ beyond this counts as diverged. */
export const DIVERGENCE_BOUND = 1e6;
/** ‖∇f‖ at or below this counts as converged. */
export const GRADIENT_TOLERANCE = 1e-6;
/** how many final steps the trend rules look at */
export const TREND_WINDOW = 5;

/**
 * Runs `steps` updates of `optimizer` (default: plain descent) from `start` and returns steps
 * 0…N (step 0 is the start). Stops early, after recording it, at the first iterate whose x or f
 * is non-finite.
 */
export function gradientDescent(
  value: (x: Float64Array) => number,
  gradient: GradientFn,
  start: readonly number[],
  learningRate: number,
  steps: number,
  optimizer: Optimizer = plainDescent,
): Iterate[] {
  const x = Float64Array.from(start);
  const dX = new Float64Array(x.length);
  const state = optimizer.init(x.length, (n) => new Float64Array(n));
  const iterates: Iterate[] = [];
  for (let step = 0; ; step++) {
    gradient(x, dX);
    const f = value(x);
    iterates.push({ step, x: Array.from(x), f, gradNorm: euclideanNorm(dX) });
    if (step === steps || !allFinite(x) || !Number.isFinite(f)) return iterates;
    optimizer.update(x, dX, learningRate, state); // the update: x ← x − γ·∇f(x)
  }
}

/**
 * Classifies a run, first rule that matches wins (W = min(TREND_WINDOW, N) final steps):
 *   diverging   – an iterate is non-finite, or ‖x_N‖∞ > DIVERGENCE_BOUND, or f rose strictly over
 *                 each of the last W steps and ends above f_0;
 *   converging  – ‖∇f(x_N)‖ ≤ GRADIENT_TOLERANCE, or f fell strictly over each of the last W steps;
 *   oscillating – otherwise: bounded but not settling (e.g. x² with γ = 1: −3, 3, −3, … with f = 9 fixed).
 */
export function classifyRun(iterates: readonly Iterate[]): Verdict {
  const last = iterates[iterates.length - 1];
  const first = iterates[0];
  if (last === undefined || first === undefined) throw new RangeError("classifyRun: no iterates");
  if (!allFinite(last.x) || !Number.isFinite(last.f)) {
    return { classification: "diverging", reason: `became non-finite at step ${last.step}` };
  }
  const reach = maxAbs(last.x);
  if (reach > DIVERGENCE_BOUND) {
    return { classification: "diverging", reason: `‖x‖∞ = ${short(reach)} > ${short(DIVERGENCE_BOUND)}` };
  }
  const window = Math.min(TREND_WINDOW, iterates.length - 1);
  const tail = iterates.slice(iterates.length - 1 - window);
  if (window > 0 && strictly(tail, (a, b) => b > a) && last.f > first.f) {
    return { classification: "diverging", reason: `f rose at each of the last ${window} steps, above f(x_0)` };
  }
  if (last.gradNorm <= GRADIENT_TOLERANCE) {
    return { classification: "converging", reason: `‖∇f‖ = ${short(last.gradNorm)} ≤ ${short(GRADIENT_TOLERANCE)}` };
  }
  if (window > 0 && strictly(tail, (a, b) => b < a)) {
    return { classification: "converging", reason: `f fell at each of the last ${window} steps` };
  }
  const flips = alternates(tail) ? "; the steps alternate direction" : "";
  return {
    classification: "oscillating",
    reason: `bounded, f neither fell nor rose steadily over the last ${window} steps${flips}`,
  };
}

/** What the closed form x_{n+1} = (1 − 2aγ)·x_n predicts for f = a·Σx_i². */
export interface QuadraticBound {
  /** the contraction factor 1 − 2aγ */
  factor: number;
  /** 1/a: γ below this converges, at it the iterates cycle, above it they diverge */
  maxStableLearningRate: number;
  /** 1/(2a): the γ that lands on the minimum in one step */
  oneStepLearningRate: number;
  predicted: Classification;
}

export function quadraticBound(a: number, learningRate: number): QuadraticBound {
  const factor = 1 - 2 * a * learningRate;
  const size = Math.abs(factor);
  const predicted: Classification = size < 1 ? "converging" : size === 1 ? "oscillating" : "diverging";
  return { factor, maxStableLearningRate: 1 / a, oneStepLearningRate: 1 / (2 * a), predicted };
}

function strictly(tail: readonly Iterate[], holds: (a: number, b: number) => boolean): boolean {
  for (let k = 1; k < tail.length; k++) if (!holds(tail[k - 1]!.f, tail[k]!.f)) return false;
  return true;
}

/** consecutive steps d_k = x_{k+1} − x_k point against each other: d_k · d_{k+1} < 0 */
function alternates(tail: readonly Iterate[]): boolean {
  if (tail.length < 3) return false;
  for (let k = 2; k < tail.length; k++) {
    const a = tail[k - 2]!.x,
      b = tail[k - 1]!.x,
      c = tail[k]!.x;
    let dot = 0;
    for (let i = 0; i < a.length; i++) dot += (b[i]! - a[i]!) * (c[i]! - b[i]!);
    if (!(dot < 0)) return false;
  }
  return true;
}

/** 3 significant digits in scientific notation, for reasons ("1.2e-7"); 0 stays "0". */
function short(v: number): string {
  return v === 0
    ? "0"
    : v
        .toExponential(2)
        .replace(/\.?0+e/, "e")
        .replace("e+", "e");
}

function euclideanNorm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return m;
}

function allFinite(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}
