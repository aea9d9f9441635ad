/**
 * `descend(request)`: the typed core of `sgd descend` — one gradient-descent run
 * a_{n+1} = a_n − γ ∇f(a_n) per learning rate γ from the same start, each with its verdict and,
 * for the quadratic f = a·Σx_i², the closed-form prediction from x_{n+1} = (1 − 2aγ)·x_n.
 * The gradient is exact (hand-written) or central differences; the loop is the same.
 */
import { UsageError } from "../core/errors.js";
import { centralDifferenceGradient, objectiveByName, type GradientFn, type ObjectiveName } from "./objectives.js";
import {
  classifyRun,
  gradientDescent,
  quadraticBound,
  type Classification,
  type Iterate,
  type QuadraticBound,
} from "./gradient-descent.js";

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
}

export interface DescendRun {
  learningRate: number;
  classification: Classification;
  reason: string;
  iterates: Iterate[];
  final: Iterate;
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
  runs: DescendRun[];
}

export function descend(request: DescendRequest): DescendResult {
  const objective = objectiveByName(request.function, request.scale);
  if (objective.dimension !== undefined && request.start.length !== objective.dimension) {
    throw new UsageError(
      `--start: ${request.function} takes ${objective.dimension} coordinates ` +
        `(e.g. --start -1.2,1), got ${request.start.length}`,
    );
  }
  const isQuadratic = request.function === "quadratic";
  const gradient: GradientFn =
    request.gradient === "exact"
      ? objective.gradient
      : centralDifferenceGradient((x) => objective.value(x), request.epsilon);

  const runs = request.learningRates.map((learningRate): DescendRun => {
    const iterates = gradientDescent((x) => objective.value(x), gradient, request.start, learningRate, request.steps);
    const verdict = classifyRun(iterates);
    const final = iterates[iterates.length - 1]!;
    const run: DescendRun = { learningRate, ...verdict, iterates, final };
    if (isQuadratic) run.bound = quadraticBound(request.scale, learningRate);
    return run;
  });

  return {
    function: request.function,
    formula: objective.formula,
    ...(isQuadratic ? { scale: request.scale } : {}),
    start: request.start,
    steps: request.steps,
    gradient: request.gradient,
    ...(request.gradient === "finite-difference" ? { epsilon: request.epsilon } : {}),
    runs,
  };
}
