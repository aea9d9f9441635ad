/**
 * The TypeScript sparse first layer against plain loops written here: Z = X·Wt + b (ReLU or not)
 * and dWt = Xᵀ·dZ. Zero inputs add exact zeros in a k-ordered sum, so skipping them changes no
 * bit: the results must be equal, not close. Widths 1, 7, 8, 13 and 21 cover the 8-output blocks and tails.
 */
import { describe, expect, it } from "vitest";
import { TypedSparseInput } from "../../src/engine/typescript/typed-sparse-input.js";
import { Rng } from "../../src/core/rng.js";

function randomMatrix(r: Rng, n: number, zeros: number): Float64Array {
  return Float64Array.from({ length: n }, () => (r.uniform() < zeros ? 0 : r.uniform() * 2 - 1));
}

/** Z[b,o] = bias[o] + Σ_k X[b,k]·Wt[k,o], k ascending, every k (zeros included). */
function denseForward(
  B: number,
  K: number,
  N: number,
  x: Float64Array,
  wt: Float64Array,
  bias: Float64Array,
  relu: boolean,
): Float64Array {
  const z = new Float64Array(B * N);
  for (let b = 0; b < B; b++) {
    for (let o = 0; o < N; o++) {
      let s = bias[o]!;
      for (let k = 0; k < K; k++) s += x[b * K + k]! * wt[k * N + o]!;
      z[b * N + o] = relu ? Math.max(0, s) : s;
    }
  }
  return z;
}

describe("TypedSparseInput", () => {
  for (const N of [1, 7, 8, 13, 21]) {
    for (const relu of [false, true]) {
      it(`forward equals the dense sum bit for bit, N = ${N}, relu ${relu}`, () => {
        const r = Rng.fromSeed(N),
          B = 5,
          K = 37;
        const x = randomMatrix(r, B * K, 0.8),
          wt = randomMatrix(r, K * N, 0),
          bias = randomMatrix(r, N, 0);
        x.fill(0, 2 * K, 3 * K); // an all-zero row: its output is the bias
        const sparse = new TypedSparseInput(B, K);
        const nonzeros = sparse.load(B, x);
        expect(nonzeros).toBe(x.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0));
        const z = new Float64Array(B * N);
        sparse.forward(N, wt, bias, z, relu);
        expect(Array.from(z)).toEqual(Array.from(denseForward(B, K, N, x, wt, bias, relu)));
        if (!relu) expect(Array.from(z.subarray(2 * N, 3 * N))).toEqual(Array.from(bias));
      });
    }
    it(`weightGradient equals Xᵀ·dZ, N = ${N}`, () => {
      const r = Rng.fromSeed(100 + N),
        B = 6,
        K = 19;
      const x = randomMatrix(r, B * K, 0.7),
        dZ = randomMatrix(r, B * N, 0);
      const sparse = new TypedSparseInput(B, K);
      sparse.load(B, x);
      const dWt = new Float64Array(K * N).fill(9); // overwritten, not accumulated
      sparse.weightGradient(N, dZ, dWt);
      for (let k = 0; k < K; k++) {
        for (let o = 0; o < N; o++) {
          let s = 0;
          for (let b = 0; b < B; b++) s += x[b * K + k]! * dZ[b * N + o]!;
          expect(dWt[k * N + o]).toBe(s);
        }
      }
    });
  }
});
