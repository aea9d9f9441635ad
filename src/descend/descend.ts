/**
 * `descend(request)`: the typed core of `sgd descend` — one gradient-descent run
 * a_{n+1} = a_n − γ ∇f(a_n) per learning rate γ (and, on mean-squares, per batch size B) from the
 * same start, each with its verdict and, for the quadratic f = a·Σx_i², the closed-form prediction
 * from x_{n+1} = (1 − 2aγ)·x_n (with momentum μ, the heavy-ball recurrence). The gradient is exact
 * (hand-written) or central differences, of f or of a minibatch's f_S; the loop is the same, and the
 * update is SGD's (src/optim/sgd.ts), so --momentum is the optimizer's own momentum.
 *   path length = Σ_n ‖x_{n+1} − x_n‖,  straight distance = ‖x_N − x_0‖ (a wandering SGD run: ≫ 1 apart)
 */
import { UsageError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import { createSgd } from "../optim/sgd.js";
import {
  centralDifferenceGradient,
  objectiveByName,
  type GradientFn,
  type Objective,
  type ObjectiveName,
} from "./objectives.js";
import {
  classifyRun,
  gradientDescent,
  plainDescent,
  quadraticBound,
  type Classification,
  type Iterate,
  type QuadraticBound,
} from "./gradient-descent.js";
import { meanSquares, type SampleObjective } from "./sample-objective.js";

export type GradientSource = "exact" | "finite-difference";

export interface DescendRequest {
  function: ObjectiveName;
  start: number[];
  learningRates: number[];
  steps: number;
  /** the quadratic's a in f = a·Σx_i² (only for `quadratic`) */
  scale: number;
  gradient: GradientSource;
  /** ε of the central differences (only for `finite-difference`) */
  epsilon: number;
  /** μ of SGD's momentum (0: plain descent) */
  momentum: number;
  /** mean-squares only: batch sizes B ("full" = N), one run each per γ */
  batchSizes: (number | "full")[];
  /** mean-squares only: N samples, drawn from `seed` */
  samples: number;
  seed: number;
}

export interface DescendRun {
  learningRate: number;
  /** mean-squares: samples per step (N for full batch) */
  batchSize?: number;
  classification: Classification;
  reason: string;
  iterates: Iterate[];
  final: Iterate;
  /** Σ ‖x_{n+1} − x_n‖ and ‖x_N − x_0‖ */
  pathLength: number;
  distance: number;
  bound?: QuadraticBound;
}

export interface DescendResult {
  function: ObjectiveName;
  formula: string;
  scale?: number;
  start: number[];
  steps: number;
  gradient: GradientSource;
  epsilon?: number;
  momentum: number;
  /** f* = min f */
  minimum: number;
  /** where f* is attained, when known (mean-squares: s̄) */
  minimizer?: number[];
  /** mean-squares: the samples, one [d] vector each */
  samples?: number[][];
  runs: DescendRun[];
}

export function descend(request: DescendRequest): DescendResult {
  const stochastic = request.function === "mean-squares";
  const objective: Objective | SampleObjective = stochastic
    ? meanSquares(request.start.length, request.samples, Rng.fromSeed(request.seed))
    : objectiveByName(request.function as Exclude<ObjectiveName, "mean-squares">, request.scale);
  if (objective.dimension !== undefined && request.start.length !== objective.dimension) {
    throw new UsageError(
      `--start: ${request.function} takes ${objective.dimension} coordinates ` +
        `(e.g. --start -1.2,1), got ${request.start.length}`,
    );
  }
  const isQuadratic = request.function === "quadratic";
  const exact = request.gradient === "exact";
  const gradient: GradientFn = exact
    ? objective.gradient
    : centralDifferenceGradient((x) => objective.value(x), request.epsilon);
  const optimizer =
    request.momentum === 0 ? plainDescent : createSgd({ momentum: request.momentum, nesterov: false, weightDecay: 0 });
  const batches = stochastic ? request.batchSizes : [null];

  const runs = request.learningRates.flatMap((learningRate) =>
    batches.map((batch, b): DescendRun => {
      const sampler = stochastic ? minibatches(objective as SampleObjective, batch!, request, b) : null;
      const value = (x: Float64Array) => objective.value(x);
      const iterates = gradientDescent(
        value,
        gradient,
        request.start,
        learningRate,
        request.steps,
        optimizer,
        sampler?.step ?? null,
      );
      const verdict = classifyRun(iterates, { minimum: objective.minimum, stochastic: sampler?.stochastic ?? false });
      const final = iterates[iterates.length - 1]!;
      const run: DescendRun = { learningRate, ...verdict, iterates, final, ...pathOf(iterates) };
      if (sampler) run.batchSize = sampler.size;
      if (isQuadratic) run.bound = quadraticBound(request.scale, learningRate, request.momentum);
      return run;
    }),
  );

  return {
    function: request.function,
    formula: objective.formula,
    ...(isQuadratic ? { scale: request.scale } : {}),
    start: request.start,
    steps: request.steps,
    gradient: request.gradient,
    ...(request.gradient === "finite-difference" ? { epsilon: request.epsilon } : {}),
    momentum: request.momentum,
    minimum: objective.minimum,
    ...(stochastic ? samplesOf(objective as SampleObjective) : {}),
    runs,
  };
}

function samplesOf(o: SampleObjective): Pick<DescendResult, "minimizer" | "samples"> {
  const d = o.samples.length / o.count;
  return {
    minimizer: o.minimizer,
    samples: Array.from({ length: o.count }, (_, i) => Array.from(o.samples.subarray(i * d, (i + 1) * d))),
  };
}

/**
 * The minibatch gradient for one run: seeded shuffles per epoch (a stream per run, from the seed and the
 * batch's place in --batch), consecutive batches of `size` (an epoch's last one smaller when B does not
 * divide N), and ∇f_S exact or by central differences.
 */
function minibatches(o: SampleObjective, batch: number | "full", request: DescendRequest, index: number) {
  const size = batch === "full" ? o.count : Math.min(batch, o.count);
  const rng = Rng.fromSeed(request.seed * 7919 + index + 1);
  let order = rng.permutation(o.count);
  let start = 0;
  const epsilon = request.epsilon;
  const step: GradientFn = (x, dX) => {
    if (start >= o.count) {
      order = rng.permutation(o.count);
      start = 0;
    }
    const n = Math.min(size, o.count - start); // an epoch's last batch may be smaller
    if (request.gradient === "exact") o.batchGradient(x, order, start, n, dX);
    else centralDifferenceGradient((y) => o.batchValue(y, order, start, n), epsilon)(x, dX);
    start += n;
  };
  return { step, size, stochastic: size < o.count };
}

function pathOf(iterates: readonly Iterate[]): { pathLength: number; distance: number } {
  let pathLength = 0;
  for (let k = 1; k < iterates.length; k++) pathLength += norm(iterates[k]!.x, iterates[k - 1]!.x);
  return { pathLength, distance: norm(iterates[iterates.length - 1]!.x, iterates[0]!.x) };
}

function norm(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}
