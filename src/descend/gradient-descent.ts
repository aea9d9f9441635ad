/**
 * Gradient descent on an analytic function, a_{n+1} = a_n − γ ∇f(a_n) (or SGD's update with
 * momentum μ, src/optim/sgd.ts), and a verdict on each run. The loop does no I/O and takes the
 * gradient as an argument (exact, central differences, or a minibatch's), so it never knows how
 * ∇f was made. For f = a·Σx_i² the update is x_{n+1} = (1 − 2aγ)·x_n: it converges iff
 * 0 < γ < 1/a, cycles forever at γ = 1/a, diverges beyond; with momentum μ (v ← μv + ∇f,
 * x ← x − γv) x_{n+1} = (1 + μ − 2aγ)·x_n − μ·x_{n−1}, which converges iff 0 < γ < (1 + μ)/a.
 */
import { allFinite } from "../core/finite.js";
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

export type Classification = "converging" | "not converged" | "oscillating" | "diverging";

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
/** a change in f below this fraction of |f| is floating-point drift, not a rise or a fall */
export const DRIFT_TOLERANCE = 1e-7;
/** converged: f − f* at most this fraction of f(x_0) − f* */
export const REACHED_FRACTION = 0.1;

/**
 * Runs `steps` updates of `optimizer` (default: plain descent) from `start` and returns steps
 * 0…N (step 0 is the start). Each iterate records f and ‖∇f‖ of the whole function; the update
 * uses `stepGradient` when given (a minibatch's gradient, for SGD), else ∇f itself. Stops early,
 * after recording it, at the first iterate whose x or f is non-finite.
 */
export function gradientDescent(
  value: (x: Float64Array) => number,
  gradient: GradientFn,
  start: readonly number[],
  learningRate: number,
  steps: number,
  optimizer: Optimizer = plainDescent,
  stepGradient: GradientFn | null = null,
): Iterate[] {
  const x = Float64Array.from(start);
  const dX = new Float64Array(x.length);
  const dStep = stepGradient === null ? dX : new Float64Array(x.length);
  const state = optimizer.init(x.length, (n) => new Float64Array(n));
  const iterates: Iterate[] = [];
  for (let step = 0; ; step++) {
    gradient(x, dX);
    const f = value(x);
    iterates.push({ step, x: Array.from(x), f, gradNorm: euclideanNorm(dX) });
    if (step === steps || !allFinite(x) || !Number.isFinite(f)) return iterates;
    stepGradient?.(x, dStep);
    optimizer.update(x, dStep, learningRate, state); // the update: x ← x − γ·d(∇f)
  }
}

export interface ClassifyOptions {
  /** f* = min f (0 for the analytic functions) */
  minimum: number;
  /** minibatch steps: judged by where f − f* settles (its mean over the last W steps), not by trend */
  stochastic: boolean;
}

/**
 * Classifies a run, first rule that matches wins (W = min(TREND_WINDOW, N) final steps; gap = f − f*;
 * a change of f by less than DRIFT_TOLERANCE × the gap counts as none, so the 1e-9 a step that
 * central differences drift by on x² is not a trend):
 *   diverging     an iterate is non-finite, or ‖x_N‖∞ > DIVERGENCE_BOUND, or f rose at each of the
 *                 last W steps and ends above f_0;
 *   converging    ‖∇f(x_N)‖ ≤ GRADIENT_TOLERANCE; or f fell at each of the last W steps (stochastic:
 *                 the mean gap of the last W steps is below the start's) and the gap is at most
 *                 REACHED_FRACTION of the start's;
 *   not converged the same fall, but the gap is still above REACHED_FRACTION of the start's;
 *   converging    (not monotone, e.g. momentum) f did not rise at each of the last W steps, and their largest
 *                 gap is below that of the W before and at most REACHED_FRACTION of the start's;
 *   oscillating   otherwise: bounded but not settling (e.g. x² with γ = 1: −3, 3, −3, … with f = 9 fixed).
 */
export function classifyRun(
  iterates: readonly Iterate[],
  options: ClassifyOptions = { minimum: 0, stochastic: false },
): Verdict {
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
  const rose = (a: number, b: number) => risen(a, b, options.minimum);
  const fell = (a: number, b: number) => risen(b, a, options.minimum);
  if (window > 0 && strictly(tail, rose) && rose(first.f, last.f)) {
    return { classification: "diverging", reason: `f rose at each of the last ${window} steps, above f(x_0)` };
  }
  if (last.gradNorm <= GRADIENT_TOLERANCE) {
    return { classification: "converging", reason: `‖∇f‖ = ${short(last.gradNorm)} ≤ ${short(GRADIENT_TOLERANCE)}` };
  }
  const startGap = first.f - options.minimum;
  const gap = options.stochastic
    ? tail.reduce((s, it) => s + it.f, 0) / tail.length - options.minimum
    : last.f - options.minimum;
  const falling = window > 0 && (options.stochastic ? fell(first.f, gap + options.minimum) : strictly(tail, fell));
  if (falling) {
    const share = `${percent(gap / startGap)} of f(x_0) − f*`;
    const how = options.stochastic
      ? `mean f − f* over the last ${window} steps = ${short(gap)}, ${share}`
      : `f fell at each of the last ${window} steps; f − f* = ${short(gap)}, ${share}`;
    if (gap <= REACHED_FRACTION * startGap) return { classification: "converging", reason: how };
    return { classification: "not converged", reason: `within ${last.step} steps: ${how}` };
  }
  // not monotone (momentum spirals in): the peaks of f − f* shrink from one window to the next, and are low
  const before = iterates.slice(Math.max(0, iterates.length - 1 - 2 * window), iterates.length - 1 - window);
  const peak = (its: readonly Iterate[]) => Math.max(...its.map((it) => it.f - options.minimum));
  const shrinking = before.length > 0 && !strictly(tail, rose) && fell(peak(before), peak(tail));
  if (window > 0 && shrinking && peak(tail) <= REACHED_FRACTION * startGap) {
    const share = percent(peak(tail) / startGap);
    return {
      classification: "converging",
      reason:
        `f − f* ≤ ${short(peak(tail))} over the last ${window} steps (${share} of f(x_0) − f*), ` +
        "its peaks shrinking",
    };
  }
  const flips = alternates(tail) ? "; the steps alternate direction" : "";
  return {
    classification: "oscillating",
    reason: `bounded, f neither fell nor rose steadily over the last ${window} steps${flips}`,
  };
}

/** b − a beyond drift: more than DRIFT_TOLERANCE × the larger gap above f* (at least 1e-12·|f*|, rounding) */
function risen(a: number, b: number, minimum: number): boolean {
  const scale = Math.max(Math.abs(a - minimum), Math.abs(b - minimum), 1e-12 * Math.abs(minimum));
  return b - a > DRIFT_TOLERANCE * scale;
}

function percent(x: number): string {
  return `${Number((100 * x).toPrecision(2))} %`;
}

/** What the closed form predicts for f = a·Σx_i² (with momentum μ: the heavy-ball recurrence). */
export interface QuadraticBound {
  /** the contraction factor 1 − 2aγ of plain descent */
  factor: number;
  momentum: number;
  /** |largest root| of z² − (1 + μ − 2aγ)z + μ: the iterates shrink by this per step (= |1 − 2aγ| at μ = 0) */
  spectralRadius: number;
  /** (1 + μ)/a: γ below this converges, at it the iterates cycle, above it they diverge */
  maxStableLearningRate: number;
  /** 1/(2a): the γ that lands on the minimum in one step (plain descent) */
  oneStepLearningRate: number;
  predicted: Classification;
}

export function quadraticBound(a: number, learningRate: number, momentum = 0): QuadraticBound {
  const factor = 1 - 2 * a * learningRate;
  const t = factor + momentum;
  const disc = t * t - 4 * momentum;
  // complex roots have |z| = √μ; real ones (t ± √disc)/2
  const radius = disc < 0 ? Math.sqrt(momentum) : (Math.abs(t) + Math.sqrt(disc)) / 2;
  const predicted: Classification =
    Math.abs(radius - 1) < 1e-12 ? "oscillating" : radius < 1 ? "converging" : "diverging";
  return {
    factor,
    momentum,
    spectralRadius: radius,
    maxStableLearningRate: (1 + momentum) / a,
    oneStepLearningRate: 1 / (2 * a),
    predicted,
  };
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

/** 3 significant digits, scientific outside [1e-3, 1e4), for reasons ("8.31", "1.2e-7"); 0 stays "0". */
function short(v: number): string {
  if (v === 0) return "0";
  if (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4) return String(Number(v.toPrecision(3)));
  return v
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
