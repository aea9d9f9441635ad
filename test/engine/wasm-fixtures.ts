/**
 * Shared by the wasm kernel tests: random float32 arrays inside an engine's memory, float64
 * copies for the reference, and the float32 tolerance: |wasm − exact| ≤ rel · Σ|terms|, where
 * the magnitude Σ|terms| is the reference product of the absolute values (plus |bias|, |out|).
 */
import { expect } from "vitest";
import type { Float } from "../../src/core/types.js";
import type { Allocator } from "../../src/engine/kernels.js";
import type { Rng } from "../../src/core/rng.js";

/** n uniform values in [−1, 1) in the allocator's float32 memory; `zeros` of them set to 0. */
export function randomF32(allocator: Allocator, n: number, rng: Rng, zeros = 0): Float32Array {
  const a = allocator.float32(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform() < zeros ? 0 : rng.range(-1, 1);
  return a;
}

export const toF64 = (a: Float): Float64Array => Float64Array.from(a);
export const absF64 = (a: Float): Float64Array => Float64Array.from(a, Math.abs);

/** Every |got[i] − exact[i]| ≤ rel · magnitude[i] (NaN fails); names the worst entry. */
export function expectWithin(got: Float, exact: Float, magnitude: Float, rel = 1e-5, what = ""): void {
  expect(got.length).toBeGreaterThanOrEqual(exact.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < exact.length; i++) {
    const err = Math.abs(got[i]! - exact[i]!);
    const ratio = Number.isNaN(err) ? Infinity : err === 0 ? 0 : err / (rel * magnitude[i]!);
    if (ratio > worst) {
      worst = ratio;
      at = i;
    }
  }
  expect(
    worst,
    `${what} worst at ${at}: got ${got[at]}, exact ${exact[at]}, magnitude ${magnitude[at]}`,
  ).toBeLessThanOrEqual(1);
}

/**
 * The shapes [M, N, K] every product is checked on: unit, odd, tile edges, K = 1 (the rank-1
 * path, with vector steps and a 3-lane tail), K = 0, the MNIST layers, row blocks (M > 128),
 * K blocks (K > 256, one ending in a single k), and K too long for the packed panels.
 */
export const SHAPES: readonly [number, number, number][] = [
  [1, 1, 1],
  [7, 13, 5],
  [33, 129, 17],
  [32, 128, 784],
  [32, 10, 128],
  [64, 256, 784],
  [1, 128, 784],
  [5, 3, 1],
  [6, 23, 1],
  [3, 9, 257],
  [4, 9, 0],
  [2, 21, 9],
  [300, 9, 33],
  [13, 7, 600],
  [4, 5, 11001],
];
