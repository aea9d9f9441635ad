import { describe, expect, it } from "vitest";
import type { Float } from "../../src/core/types.js";
import type { Kernels } from "../../src/engine/kernels.js";
import { referenceKernels } from "../../src/engine/reference/reference-kernels.js";
import { typedKernels } from "../../src/engine/typescript/typed-kernels.js";
import { Rng } from "../../src/core/rng.js";

const SETS: Kernels[] = [referenceKernels, typedKernels];
type Make = (n: number) => Float;
const PRECISIONS: [string, Make, number][] = [
  ["float64", (n) => new Float64Array(n), 1e-12],
  ["float32", (n) => new Float32Array(n), 2e-5],
];
// odd shapes [M, N, K]: unit, below/above the 4-wide unroll, primes, a few hundred
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [7, 13, 5],
  [33, 129, 17],
  [4, 8, 4],
  [5, 3, 9],
  [2, 1, 130],
  [16, 7, 31],
];

function random(make: Make, n: number, rng: Rng): Float {
  const a = make(n);
  for (let i = 0; i < n; i++) a[i] = rng.range(-1, 1);
  return a;
}

/** |a − b| ≤ tol · (1 + |b|) everywhere, over the first n entries */
function expectClose(a: Float, b: Float, tol: number): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (1 + Math.abs(b[i]!)));
  expect(worst).toBeLessThanOrEqual(tol);
}

describe("kernels on a product worked by hand", () => {
  // A = [[1, 2, 3], [4, 5, 6]] (2×3), B = [[1, 0, -1], [2, 1, 0]] (2×3)
  // A·Bᵀ = [[1·1+2·0+3·(−1), 1·2+2·1+3·0], [4−6, 8+5]] = [[−2, 4], [−2, 13]]; + bias [10, 20]
  const A = new Float64Array([1, 2, 3, 4, 5, 6]);
  const B = new Float64Array([1, 0, -1, 2, 1, 0]);
  for (const k of SETS) {
    it(`${k.name}: gemmNT, gemmTN, gemmNN, colSum`, () => {
      const out = new Float64Array(4);
      k.gemmNT(2, 2, 3, A, B, new Float64Array([10, 20]), out);
      expect(Array.from(out)).toEqual([8, 24, 8, 33]);
      k.gemmNT(2, 2, 3, A, B, null, out);
      expect(Array.from(out)).toEqual([-2, 4, -2, 13]);
      // Aᵀ·B with A, B read as [2×3]: out[3×3][i,j] = A[0,i]B[0,j] + A[1,i]B[1,j]
      const tn = new Float64Array(9).fill(1);
      k.gemmTN(3, 3, 2, A, B, tn, false);
      expect(Array.from(tn)).toEqual([1 + 8, 4, -1, 2 + 10, 5, -2, 3 + 12, 6, -3]);
      k.gemmTN(3, 3, 2, A, B, tn, true); // accumulate doubles it
      expect(tn[0]).toBe(18);
      // A[2×3] · C[3×2] with C = [[1, 2], [0, 1], [-1, 0]] = A·Bᵀ above
      const nn = new Float64Array(4);
      k.gemmNN(2, 2, 3, A, new Float64Array([1, 2, 0, 1, -1, 0]), nn);
      expect(Array.from(nn)).toEqual([-2, 4, -2, 13]);
      const sums = new Float64Array([100, 100, 100]);
      k.colSum(2, 3, A, sums, false);
      expect(Array.from(sums)).toEqual([5, 7, 9]);
      k.colSum(2, 3, A, sums, true);
      expect(Array.from(sums)).toEqual([10, 14, 18]);
    });
  }
});

describe("typed kernels equal the reference on odd shapes", () => {
  for (const [precision, make, tol] of PRECISIONS) {
    for (const [M, N, K] of SHAPES) {
      it(`${precision} M=${M} N=${N} K=${K}`, () => {
        const rng = Rng.fromSeed(M * 1000 + N * 10 + K);
        const A = random(make, M * K, rng),
          Bt = random(make, N * K, rng),
          bias = random(make, N, rng);
        const At = random(make, K * M, rng),
          Bk = random(make, K * N, rng);
        for (const b of [bias, null]) {
          const ref = make(M * N),
            fast = make(M * N);
          referenceKernels.gemmNT(M, N, K, A, Bt, b, ref);
          typedKernels.gemmNT(M, N, K, A, Bt, b, fast);
          expectClose(fast, ref, tol);
        }
        for (const accumulate of [false, true]) {
          const start = random(make, M * N, rng);
          const ref = make(M * N),
            fast = make(M * N);
          ref.set(start);
          fast.set(start);
          referenceKernels.gemmTN(M, N, K, At, Bk, ref, accumulate);
          typedKernels.gemmTN(M, N, K, At, Bk, fast, accumulate);
          expectClose(fast, ref, tol);
          const refSum = make(N),
            fastSum = make(N);
          refSum.set(start.subarray(0, N));
          fastSum.set(start.subarray(0, N));
          const rows = random(make, M * N, rng);
          referenceKernels.colSum(M, N, rows, refSum, accumulate);
          typedKernels.colSum(M, N, rows, fastSum, accumulate);
          expectClose(fastSum, refSum, tol);
        }
        const ref = make(M * N),
          fast = make(M * N).fill(7); // stale contents must be overwritten
        referenceKernels.gemmNN(M, N, K, A, Bk, ref);
        typedKernels.gemmNN(M, N, K, A, Bk, fast);
        expectClose(fast, ref, tol);
      });
    }
  }

  it("reads and writes only inside subarray views (as layer views are)", () => {
    const big = new Float64Array(100).fill(3);
    const A = big.subarray(10, 10 + 6),
      B = big.subarray(20, 20 + 9),
      out = big.subarray(40, 40 + 6);
    A.set([1, 2, 3, 4, 5, 6]);
    B.set([1, 0, 0, 0, 1, 0, 0, 0, 1]); // 3×3 identity
    typedKernels.gemmNT(2, 3, 3, A, B, null, out);
    expect(Array.from(out)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(big[39]).toBe(3);
    expect(big[46]).toBe(3);
  });
});
