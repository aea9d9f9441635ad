/**
 * Analytic test functions for plain gradient descent, each with its exact gradient written by
 * hand a few lines below it (micrograd style):
 *   quadratic  f = Σ a·x_i²                                ∂f/∂x_i = 2a·x_i
 *   rosenbrock f = (1−x)² + 100(y−x²)²                     minimum 0 at (1, 1)
 *   himmelblau f = (x²+y−11)² + (x+y²−7)²                  four minima of value 0, e.g. (3, 2)
 *   beale      f = (1.5−x+xy)² + (2.25−x+xy²)² + (2.625−x+xy³)²   minimum 0 at (3, 0.5)
 * and one stochastic objective, a mean over seeded samples s_i (sample-objective.ts):
 *   mean-squares  f = mean_i ‖x − s_i‖²                    minimum mean_i ‖s_i − s̄‖² at s̄
 */
import type { Float } from "../core/types.js";
import { finiteDifferenceGradient } from "../grad/finite-difference.js";

/** Writes ∇f(x) into `dX` (same length as x); allocates nothing. */
export type GradientFn = (x: Float64Array, dX: Float64Array) => void;

export interface Objective {
  readonly name: string;
  /** number of coordinates x must have; `undefined` = any n ≥ 1 */
  readonly dimension: number | undefined;
  /** a one-line formula for help and reports */
  readonly formula: string;
  /** f* = min f, for "how far from the minimum" */
  readonly minimum: number;
  value(x: Float64Array): number;
  gradient: GradientFn;
}

export const OBJECTIVE_NAMES = ["quadratic", "rosenbrock", "himmelblau", "beale", "mean-squares"] as const;
export type ObjectiveName = (typeof OBJECTIVE_NAMES)[number];

/** Looks up a deterministic objective by name; `scale` is the quadratic's a (ignored by the others). */
export function objectiveByName(name: Exclude<ObjectiveName, "mean-squares">, scale = 1): Objective {
  switch (name) {
    case "quadratic":
      return quadratic(scale);
    case "rosenbrock":
      return ROSENBROCK;
    case "himmelblau":
      return HIMMELBLAU;
    case "beale":
      return BEALE;
  }
}

/** f = Σ a·x_i² in any dimension; with a = 1 and n = 1 this is the tutorial's x². (docs/background.md) */
export function quadratic(a: number): Objective {
  return {
    name: "quadratic",
    dimension: undefined,
    formula: a === 1 ? "f = Σ x_i²" : `f = Σ ${a}·x_i²`,
    minimum: 0,
    value(x) {
      let f = 0;
      for (let i = 0; i < x.length; i++) f += a * x[i]! * x[i]!;
      return f;
    },
    // ∂f/∂x_i = 2a·x_i
    gradient(x, dX) {
      for (let i = 0; i < x.length; i++) dX[i] = 2 * a * x[i]!;
    },
  };
}

export const ROSENBROCK: Objective = {
  name: "rosenbrock",
  dimension: 2,
  minimum: 0,
  formula: "f = (1−x)² + 100(y−x²)²",
  value(p) {
    const x = p[0]!,
      y = p[1]!;
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  },
  // ∂f/∂x = −2(1−x) − 400x(y−x²),  ∂f/∂y = 200(y−x²)
  gradient(p, dP) {
    const x = p[0]!,
      y = p[1]!;
    const valley = y - x * x;
    dP[0] = -2 * (1 - x) - 400 * x * valley;
    dP[1] = 200 * valley;
  },
};

export const HIMMELBLAU: Objective = {
  name: "himmelblau",
  dimension: 2,
  minimum: 0,
  formula: "f = (x²+y−11)² + (x+y²−7)²",
  value(p) {
    const x = p[0]!,
      y = p[1]!;
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2;
  },
  // with u = x²+y−11, v = x+y²−7:  ∂f/∂x = 4x·u + 2v,  ∂f/∂y = 2u + 4y·v
  gradient(p, dP) {
    const x = p[0]!,
      y = p[1]!;
    const u = x * x + y - 11;
    const v = x + y * y - 7;
    dP[0] = 4 * x * u + 2 * v;
    dP[1] = 2 * u + 4 * y * v;
  },
};

export const BEALE: Objective = {
  name: "beale",
  dimension: 2,
  minimum: 0,
  formula: "f = (1.5−x+xy)² + (2.25−x+xy²)² + (2.625−x+xy³)²",
  value(p) {
    const x = p[0]!,
      y = p[1]!;
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y * y * y) ** 2;
  },
  // with t_k = c_k − x + x·y^k:  ∂f/∂x = Σ 2t_k(y^k − 1),  ∂f/∂y = Σ 2t_k·k·x·y^(k−1)
  gradient(p, dP) {
    const x = p[0]!,
      y = p[1]!;
    const t1 = 1.5 - x + x * y;
    const t2 = 2.25 - x + x * y * y;
    const t3 = 2.625 - x + x * y * y * y;
    dP[0] = 2 * t1 * (y - 1) + 2 * t2 * (y * y - 1) + 2 * t3 * (y * y * y - 1);
    dP[1] = 2 * t1 * x + 2 * t2 * 2 * x * y + 2 * t3 * 3 * x * y * y;
  },
};

/**
 * Central differences, ∂f/∂x_i ≈ (f(x + ε·e_i) − f(x − ε·e_i)) / 2ε, as a GradientFn: the
 * same shape as an exact gradient, so the descent loop cannot tell which one it was given. The
 * differences are the ones training uses (src/grad/finite-difference.ts): x is nudged in place
 * and restored, and the quotient divides by the step as stored.
 */
export function centralDifferenceGradient(value: (x: Float64Array) => number, epsilon: number): GradientFn {
  const loss = (x: Float) => value(x as Float64Array);
  return (x, dX) => void finiteDifferenceGradient(loss, x, dX, epsilon, "central");
}
