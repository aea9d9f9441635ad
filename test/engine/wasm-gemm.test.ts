/**
 * The wasm products against the plain-loop reference (in float64, on the same float32 inputs):
 * gemmNT (+bias, +fused ReLU), gemmTN (= and +=), gemmNN (+bias, +ReLU), colSum, on odd shapes,
 * in both flavours (FMA and mul+add), which must then also agree with each other.
 */
import { describe, expect, it } from "vitest";
import { referenceKernels as ref } from "../../src/engine/reference/reference-kernels.js";
import { createWasmEngine, type WasmEngine, type WasmVariant } from "../../src/engine/wasm/wasm-engine.js";
import { Rng } from "../../src/core/rng.js";
import { absF64, expectWithin, randomF32, SHAPES, toF64 } from "./wasm-fixtures.js";

const relu = (a: Float64Array): Float64Array => a.map((x) => Math.max(x, 0));
const engines: [WasmVariant, WasmEngine][] = (["fma", "mul+add"] as const).map((v) => [
  v,
  createWasmEngine({ variant: v, maxBytes: 48 * 2 ** 20 }),
]);

describe.each(engines)("wasm kernels, %s", (variant, engine) => {
  const { kernels, training, allocator } = engine;
  it.each(SHAPES)("gemmNT %i×%i×%i with bias, and fused ReLU", (M, N, K) => {
    const rng = Rng.fromSeed(M * 1000 + N * 10 + K);
    const A = randomF32(allocator, M * K, rng),
      B = randomF32(allocator, N * K, rng),
      bias = randomF32(allocator, N, rng);
    const exact = new Float64Array(M * N),
      magnitude = new Float64Array(M * N);
    ref.gemmNT(M, N, K, toF64(A), toF64(B), toF64(bias), exact);
    ref.gemmNT(M, N, K, absF64(A), absF64(B), absF64(bias), magnitude);
    const out = allocator.float32(M * N);
    kernels.gemmNT(M, N, K, A, B, bias, out);
    expectWithin(out, exact, magnitude, 1e-5, `${variant} gemmNT`);
    training.gemmNTRelu(M, N, K, A, B, bias, out);
    expectWithin(out, relu(exact), magnitude, 1e-5, `${variant} gemmNTRelu`);
    ref.gemmNT(M, N, K, toF64(A), toF64(B), null, exact);
    kernels.gemmNT(M, N, K, A, B, null, out);
    expectWithin(out, exact, magnitude, 1e-5, `${variant} gemmNT without bias`);
  });

  it.each(SHAPES)("gemmTN %i×%i×%i, overwriting and accumulating", (M, N, K) => {
    const rng = Rng.fromSeed(M + N * 7 + K * 13);
    const A = randomF32(allocator, K * M, rng),
      B = randomF32(allocator, K * N, rng),
      out = randomF32(allocator, M * N, rng);
    const exact = toF64(out),
      magnitude = absF64(out);
    ref.gemmTN(M, N, K, toF64(A), toF64(B), exact, true);
    ref.gemmTN(M, N, K, absF64(A), absF64(B), magnitude, true);
    kernels.gemmTN(M, N, K, A, B, out, true);
    expectWithin(out, exact, magnitude, 1e-5, `${variant} gemmTN +=`);
    ref.gemmTN(M, N, K, toF64(A), toF64(B), exact, false);
    kernels.gemmTN(M, N, K, A, B, out, false);
    expectWithin(out, exact, magnitude, 1e-5, `${variant} gemmTN =`);
  });

  it.each(SHAPES)("gemmNN %i×%i×%i, plain and with bias + ReLU", (M, N, K) => {
    const rng = Rng.fromSeed(3 * M + 5 * N + K);
    const A = randomF32(allocator, M * K, rng),
      B = randomF32(allocator, K * N, rng),
      bias = randomF32(allocator, N, rng);
    const exact = new Float64Array(M * N),
      magnitude = new Float64Array(M * N);
    ref.gemmNN(M, N, K, toF64(A), toF64(B), exact);
    ref.gemmNN(M, N, K, absF64(A), absF64(B), magnitude);
    const out = allocator.float32(M * N);
    kernels.gemmNN(M, N, K, A, B, out);
    expectWithin(out, exact, magnitude, 1e-5, `${variant} gemmNN`);
    // bias added to every row, then ReLU: magnitude grows by |bias|
    const withBias = exact.map((x, i) => x + bias[i % N]!);
    training.gemmNNBias(M, N, K, A, B, bias, out, true);
    expectWithin(
      out,
      relu(withBias),
      magnitude.map((x, i) => x + Math.abs(bias[i % N]!)),
      1e-5,
      `${variant} gemmNNBias`,
    );
  });

  it.each([
    [1, 1],
    [7, 13],
    [33, 129],
    [32, 128],
    [3, 23],
    [0, 5],
  ])("colSum %i×%i, overwriting and accumulating", (M, N) => {
    const rng = Rng.fromSeed(M * 31 + N);
    const A = randomF32(allocator, M * N, rng),
      out = randomF32(allocator, N, rng);
    const exact = toF64(out),
      magnitude = absF64(out);
    ref.colSum(M, N, toF64(A), exact, true);
    ref.colSum(M, N, absF64(A), magnitude, true);
    kernels.colSum(M, N, A, out, true);
    expectWithin(out, exact, magnitude, 1e-5, `${variant} colSum +=`);
    ref.colSum(M, N, toF64(A), exact, false);
    kernels.colSum(M, N, A, out, false);
    expectWithin(out, exact, magnitude, 1e-5, `${variant} colSum =`);
  });

  it("writes nothing outside out (neighbours keep their values)", () => {
    const M = 5,
      N = 7,
      K = 6,
      rng = Rng.fromSeed(11);
    const A = randomF32(allocator, M * K, rng),
      B = randomF32(allocator, N * K, rng);
    const guarded = allocator.float32(M * N + 32).fill(-7);
    const out = guarded.subarray(16, 16 + M * N);
    kernels.gemmNT(M, N, K, A, B, null, out);
    kernels.gemmTN(M, N, K, randomF32(allocator, K * M, rng), randomF32(allocator, K * N, rng), out, true);
    kernels.gemmNN(M, N, K, A, randomF32(allocator, K * N, rng), out);
    kernels.colSum(M, N, randomF32(allocator, M * N, rng), out, false);
    expect([...guarded.subarray(0, 16), ...guarded.subarray(16 + M * N)]).toEqual(new Array(32).fill(-7));
  });
});

describe("the two flavours", () => {
  it("agree within float32 rounding on the MNIST layer products", () => {
    const [[, fma], [, mulAdd]] = engines as [[WasmVariant, WasmEngine], [WasmVariant, WasmEngine]];
    const M = 32,
      N = 128,
      K = 784,
      rng = Rng.fromSeed(5);
    const values = Float32Array.from({ length: M * K + N * K }, () => rng.range(-1, 1));
    const run = (engine: WasmEngine): Float32Array => {
      const A = engine.allocator.float32(M * K),
        B = engine.allocator.float32(N * K),
        out = engine.allocator.float32(M * N);
      A.set(values.subarray(0, M * K));
      B.set(values.subarray(M * K));
      engine.kernels.gemmNT(M, N, K, A, B, null, out);
      return out;
    };
    const a = run(fma),
      b = run(mulAdd),
      magnitude = new Float64Array(M * N);
    ref.gemmNT(M, N, K, absF64(values.subarray(0, M * K)), absF64(values.subarray(M * K)), null, magnitude);
    expectWithin(a, b, magnitude, 2e-5, "fma vs mul+add");
    expect(a).not.toEqual(new Float32Array(M * N));
  });
});
