/**
 * Seeded classification generators with balanced classes: of n samples and C classes, class c
 * gets ⌊n/C⌋ + (c < n mod C ? 1 : 0), generated in class order. η ~ N(0, noise²) per coordinate.
 *   blobs:   centre μ_c ~ U(−1, 1)^I,                            x = μ_c + η
 *   moons:   scikit-learn make_moons; t = linspace(0, π, m_c):
 *            class 0 x = (cos t, sin t) + η, class 1 x = (1 − cos t, 1/2 − sin t) + η
 *   spirals: arm c, r = (i+1)/m_c, θ = 2πc/C + 4r,             x = r·(cos θ, sin θ) + η
 *   xor:     |x1|, |x2| ~ U(0, 1], signs equal for class 0 and opposite for class 1, then + η
 */
import type { Rng } from "../core/rng.js";
import type { Pool } from "./sample-split.js";

export type ClassificationGenerator = "blobs" | "moons" | "spirals" | "xor";

export interface ClassificationSpec {
  readonly samples: number;
  /** I (moons, spirals and xor are 2-D: the config check guarantees 2) */
  readonly features: number;
  /** C (moons and xor: 2) */
  readonly classes: number;
  readonly noise: number;
}

/** Writes the noiseless point number i (of m) of class c into out[0..I). */
type PointOf = (c: number, i: number, m: number, out: Float64Array) => void;

/** Samples per class: ⌊n/C⌋, plus one for the first n mod C classes. */
export function balancedCounts(samples: number, classes: number): number[] {
  const base = Math.floor(samples / classes);
  return Array.from({ length: classes }, (_, c) => base + (c < samples % classes ? 1 : 0));
}

export function generateClassification(generator: ClassificationGenerator, spec: ClassificationSpec, rng: Rng): Pool {
  const { samples: n, features, classes, noise } = spec;
  const pointOf = PLAN[generator](spec, rng);
  const x = new Float64Array(n * features);
  const labels = new Int32Array(n);
  const point = new Float64Array(features);
  let row = 0;
  balancedCounts(n, classes).forEach((m, c) => {
    for (let i = 0; i < m; i++, row++) {
      pointOf(c, i, m, point);
      for (let j = 0; j < features; j++) x[row * features + j] = point[j]! + noise * rng.normal();
      labels[row] = c;
    }
  });
  return { n, inputs: features, x, labels, targets: null, outputs: classes };
}

const PLAN: Record<ClassificationGenerator, (spec: ClassificationSpec, rng: Rng) => PointOf> = {
  blobs({ features, classes }, rng) {
    const centres = Float64Array.from({ length: classes * features }, () => rng.range(-1, 1));
    return (c, _i, _m, out) => out.set(centres.subarray(c * features, (c + 1) * features));
  },
  moons() {
    return (c, i, m, out) => {
      const t = m > 1 ? (Math.PI * i) / (m - 1) : 0;
      out[0] = c === 0 ? Math.cos(t) : 1 - Math.cos(t);
      out[1] = c === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    };
  },
  spirals({ classes }) {
    return (c, i, m, out) => {
      const r = (i + 1) / m;
      const theta = (2 * Math.PI * c) / classes + 4 * r;
      out[0] = r * Math.cos(theta);
      out[1] = r * Math.sin(theta);
    };
  },
  xor(_spec, rng) {
    return (c, _i, _m, out) => {
      const sign1 = rng.uniform() < 0.5 ? -1 : 1;
      const sign2 = c === 0 ? sign1 : -sign1;
      out[0] = sign1 * (1 - rng.uniform()); // (0, 1]: never on an axis
      out[1] = sign2 * (1 - rng.uniform());
    };
  },
};
