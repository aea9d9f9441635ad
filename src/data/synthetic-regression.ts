/**
 * Seeded regression generators; one target column (O = 1), ε ~ N(0, noise²) per sample:
 *   linear:     x ~ N(0, 1)^I,   w ~ N(0, 1)^I,          y = x·w + ε            (no bias term)
 *   sine:       x ~ U(−π, π)^I,                          y = (1/I) Σ_j sin(x_j) + ε
 *   polynomial: x ~ U(−1, 1)^I,  a_jk ~ N(0, 1) k=1..3,  y = Σ_j Σ_k a_jk x_j^k + ε   (cubic, y(0) = 0)
 * Draw order (fixed, so a seed fixes the data): coefficients first, then each sample's x row, then its ε.
 */
import type { Rng } from "../core/rng.js";
import type { Pool } from "./sample-split.js";

export type RegressionGenerator = "linear" | "sine" | "polynomial";

export interface RegressionSpec {
  readonly samples: number;
  readonly features: number;
  readonly noise: number;
}

/** The noiseless target of one row x[I] (coefficients fixed per dataset). */
type Target = (x: Float64Array, row: number, features: number) => number;

export function generateRegression(generator: RegressionGenerator, spec: RegressionSpec, rng: Rng): Pool {
  const { samples: n, features, noise } = spec;
  const { target, drawX } = PLAN[generator](features, rng);
  const x = new Float64Array(n * features);
  const targets = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < features; j++) x[i * features + j] = drawX(rng);
    targets[i] = target(x, i * features, features) + noise * rng.normal();
  }
  return { n, inputs: features, x, labels: null, targets, outputs: 1 };
}

interface Plan {
  target: Target;
  drawX: (rng: Rng) => number;
}

const PLAN: Record<RegressionGenerator, (features: number, rng: Rng) => Plan> = {
  linear(features, rng) {
    const w = Float64Array.from({ length: features }, () => rng.normal());
    return {
      drawX: (r) => r.normal(),
      target: (x, row) => {
        let y = 0;
        for (let j = 0; j < features; j++) y += x[row + j]! * w[j]!;
        return y;
      },
    };
  },
  sine() {
    return {
      drawX: (r) => r.range(-Math.PI, Math.PI),
      target: (x, row, features) => {
        let y = 0;
        for (let j = 0; j < features; j++) y += Math.sin(x[row + j]!);
        return y / features;
      },
    };
  },
  polynomial(features, rng) {
    const a = Float64Array.from({ length: 3 * features }, () => rng.normal()); // a[j·3 + k−1]
    return {
      drawX: (r) => r.range(-1, 1),
      target: (x, row) => {
        let y = 0;
        for (let j = 0; j < features; j++) {
          const v = x[row + j]!;
          y += v * (a[3 * j]! + v * (a[3 * j + 1]! + v * a[3 * j + 2]!));
        }
        return y;
      },
    };
  },
};
