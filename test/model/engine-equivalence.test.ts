/**
 * Every engine computes the same network: the WebAssembly engine (Wᵀ storage, sparse first
 * layer, fused ReLU) and the TypeScript sparse engine against the plain dense TypeScript engine,
 * on inputs that take the sparse path (80 % zeros, like MNIST) and the dense one, with cross-entropy and
 * with mse on a sigmoid output (the labels' one-hot targets). Losses and
 * gradients (read through the layout, so storage order does not matter) agree to float32 rounding.
 */
import { describe, expect, it } from "vitest";
import type { Split } from "../../src/data/dataset.js";
import { createGradientMethod } from "../../src/grad/index.js";
import { allocateFloat, type Engine } from "../../src/engine/engine.js";
import { typescriptEngine, typescriptSparseEngine } from "../../src/engine/typescript/typescript-engine.js";
import { wasmTrainingEngine } from "../../src/engine/wasm/wasm-training-engine.js";
import { batchSource, createBatch, fillBatch } from "../../src/model/batch.js";
import { createParams } from "../../src/model/init.js";
import { logicalParams } from "./logical-params.js";
import type { Activation, LossName, NetworkSpec, OutputActivation } from "../../src/model/network-spec.js";
import { Rng } from "../../src/core/rng.js";
import { copyParams, engineLayout, layoutOf } from "../../src/model/layout.js";

function split(n: number, inputs: number, zeros: number, classes: number): Split {
  const r = Rng.fromSeed(11);
  const x = Float64Array.from({ length: n * inputs }, () => (r.uniform() < zeros ? 0 : r.uniform()));
  return { n, x, labels: Int32Array.from({ length: n }, (_, i) => i % classes), targets: null };
}

function gradientOn(engine: Engine, base: NetworkSpec, w0: Float32Array | Float64Array, data: Split) {
  const spec = base,
    layout = engineLayout(spec, engine);
  const w = allocateFloat(engine.allocator, spec.precision, w0.length);
  copyParams(layoutOf(base), w0, layout, w);
  const batch = createBatch(spec, data.n, engine.allocator);
  fillBatch(batch, batchSource(data, spec, engine), spec, null, 0, data.n);
  const dw = allocateFloat(engine.allocator, spec.precision, w0.length);
  const loss = createGradientMethod({ method: "backprop" }, spec, data.n, engine).compute(w, batch, dw);
  return { loss, grad: logicalParams(layout, dw) };
}

const engines: [string, () => Engine][] = [
  ["wasm", () => wasmTrainingEngine(32 * 2 ** 20)],
  ["typescript-sparse", () => typescriptSparseEngine],
];

describe("engines agree", () => {
  for (const [name, make] of engines) {
    const networks: [Activation, LossName, OutputActivation][] = [
      ["relu", "cross-entropy", "linear"],
      ["tanh", "cross-entropy", "linear"],
      ["sigmoid", "mse", "sigmoid"],
    ];
    for (const [activation, loss, outputActivation] of networks) {
      for (const zeros of [0.8, 0.1]) {
        it(`${name}, ${activation}, ${loss}, ${outputActivation} output, ${zeros * 100}% zero inputs`, () => {
          const base: NetworkSpec = { sizes: [60, 16, 8, 5], activation, outputActivation, loss, precision: "float32" };
          const w0 = createParams(layoutOf(base), "he", Rng.fromSeed(5));
          const data = split(12, 60, zeros, 5);
          const want = gradientOn(typescriptEngine, base, w0, data);
          const got = gradientOn(make(), base, w0, data);
          expect(Math.abs(got.loss - want.loss)).toBeLessThan(1e-5 * Math.abs(want.loss));
          const scale = Math.max(...want.grad.map(Math.abs));
          const worst = Math.max(...got.grad.map((g, k) => Math.abs(g - want.grad[k]!)));
          expect(worst).toBeLessThan(1e-5 * scale);
          expect(scale).toBeGreaterThan(0);
        });
      }
    }
  }
});
