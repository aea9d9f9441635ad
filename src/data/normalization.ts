/**
 * Input normalization x' = (x − offset) / scale per column, fitted on the training split only
 * and applied unchanged to the test split and to any later data (evaluate).
 *   minmax:   offset = min_j,  scale = max_j − min_j           (train column maps onto [0, 1])
 *   standard: offset = mean_j, scale = population std σ_j     (train column gets mean 0, std 1)
 * A constant column (scale 0, or below 1e-12 relative to its size) keeps scale 1.
 */
import { DataError } from "../core/errors.js";
import type { Float } from "../core/types.js";
import type { Normalization } from "./dataset.js";

export type NormalizationKind = Normalization["kind"];

const CONSTANT = 1e-12;

/** Fit per-column offset and scale on x [N×I]. */
export function fitNormalization(kind: NormalizationKind, x: Float, n: number, inputs: number): Normalization {
  if (kind === "none") return { kind, offset: null, scale: null };
  if (n < 1) throw new DataError(`cannot fit ${kind} normalization on an empty training split`);
  const offset = new Array<number>(inputs);
  const scale = new Array<number>(inputs);
  for (let j = 0; j < inputs; j++) {
    const [o, s] = kind === "minmax" ? columnRange(x, n, inputs, j) : columnMoments(x, n, inputs, j);
    offset[j] = o;
    scale[j] = s <= CONSTANT * Math.max(1, Math.abs(o)) ? 1 : s;
  }
  return { kind, offset, scale };
}

/** [min, max − min] of column j. */
function columnRange(x: Float, n: number, inputs: number, j: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = x[i * inputs + j]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi - lo];
}

/** [mean, population standard deviation] of column j (two passes, for accuracy). */
function columnMoments(x: Float, n: number, inputs: number, j: number): [number, number] {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i * inputs + j]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i * inputs + j]! - mean;
    squares += d * d;
  }
  return [mean, Math.sqrt(squares / n)];
}

/** x [N×I] ← (x − offset) / scale, in place (worked out in float64, stored in x's type); returns x. */
export function applyNormalization<X extends Float>(norm: Normalization, x: X, n: number, inputs: number): X {
  const { offset, scale } = norm;
  if (norm.kind === "none" || !offset || !scale) return x;
  if (offset.length !== inputs || scale.length !== inputs) {
    throw new DataError(
      `the ${norm.kind} normalization was fitted on ${offset.length} input columns but the data has ${inputs}`,
    );
  }
  if (x.length < n * inputs)
    throw new RangeError(`applyNormalization: x has ${x.length} values, expected ${n}×${inputs}`);
  for (let i = 0; i < n; i++) {
    const row = i * inputs;
    for (let j = 0; j < inputs; j++) x[row + j] = (x[row + j]! - offset[j]!) / scale[j]!;
  }
  return x;
}
