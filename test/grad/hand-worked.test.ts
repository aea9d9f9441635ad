/** Losses and gradients worked out by hand, checked against all three methods. */
import { describe, expect, it } from "vitest";
import type { Batch } from "../../src/core/types.js";
import { createGradientMethod, GRADIENT_METHODS } from "../../src/grad/index.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";
import { Rng } from "../../src/core/rng.js";

function run(method: (typeof GRADIENT_METHODS)[number], spec: NetworkSpec, w: Float64Array, batch: Batch) {
  const dw = new Float64Array(w.length);
  const loss = createGradientMethod({ method, epsilon: 1e-6 }, spec, batch.size).compute(w, batch, dw);
  return { loss, dw: Array.from(dw) };
}

describe("a 2-2-1 ReLU network with mse, one sample", () => {
  // W1 = [[1, −1], [0.5, 0.5]], b1 = [0.5, −1], W2 = [[2, −1]], b2 = [0.25]; x = (1, 2), y = 1
  // forward  z1 = (1·1 − 1·2 + 0.5, 0.5·1 + 0.5·2 − 1) = (−0.5, 0.5) → a1 = relu(z1) = (0, 0.5)
  //          ŷ = 2·0 − 1·0.5 + 0.25 = −0.25,  C = (ŷ − y)² = (−1.25)² = 1.5625
  // backward ∂C/∂ŷ = 2(ŷ − y) = −2.5
  //          ∂C/∂W2 = −2.5·a1 = (0, −1.25),  ∂C/∂b2 = −2.5
  //          ∂C/∂a1 = −2.5·W2 = (−5, 2.5) → ∂C/∂z1 = (0 [relu off], 2.5)
  //          ∂C/∂W1 = ∂C/∂z1 ⊗ x = [[0, 0], [2.5, 5]],  ∂C/∂b1 = (0, 2.5)
  const spec: NetworkSpec = { sizes: [2, 2, 1], activation: "relu", loss: "mse", precision: "float64" };
  const w = new Float64Array([1, -1, 0.5, 0.5, /* b1 */ 0.5, -1, /* W2 */ 2, -1, /* b2 */ 0.25]);
  const batch: Batch = {
    size: 1,
    x: new Float64Array([1, 2]),
    labels: new Int32Array(1),
    targets: new Float64Array([1]),
  };
  const expected = [0, 0, 2.5, 5, 0, 2.5, 0, -1.25, -2.5];

  for (const method of GRADIENT_METHODS) {
    it(method, () => {
      const { loss, dw } = run(method, spec, w, batch);
      expect(loss).toBeCloseTo(1.5625, 14);
      const tol = method === "finite-difference" ? 1e-8 : 1e-15;
      dw.forEach((g, k) => expect(Math.abs(g - expected[k]!)).toBeLessThanOrEqual(tol));
    });
  }
});

describe("a 2→1 sigmoid output layer with zero weights, mse", () => {
  // z = 0 → ŷ = σ(0) = ½, y = 1: C = (½ − 1)² = ¼
  // ∂C/∂ŷ = 2(ŷ − y) = −1, σ'(0) = ŷ(1 − ŷ) = ¼ → ∂C/∂z = −¼
  // x = (1, 2): ∂C/∂W = −¼·x = (−¼, −½), ∂C/∂b = −¼
  const spec: NetworkSpec = {
    sizes: [2, 1],
    activation: "tanh",
    outputActivation: "sigmoid",
    loss: "mse",
    precision: "float64",
  };
  const batch: Batch = {
    size: 1,
    x: new Float64Array([1, 2]),
    labels: new Int32Array(1),
    targets: new Float64Array([1]),
  };
  for (const method of GRADIENT_METHODS) {
    it(method, () => {
      const { loss, dw } = run(method, spec, new Float64Array(3), batch);
      expect(loss).toBeCloseTo(0.25, 15);
      const expected = [-0.25, -0.5, -0.25];
      dw.forEach((g, k) =>
        expect(Math.abs(g - expected[k]!)).toBeLessThanOrEqual(method === "finite-difference" ? 1e-9 : 1e-16),
      );
    });
  }
});

describe("a 2→2 softmax layer with zero weights, cross-entropy", () => {
  // logits (0, 0) → p = (½, ½), label 0: C = −ln ½ = ln 2
  // ∂C/∂z = p − onehot = (−½, ½); x = (1, 2): ∂C/∂W = [[−½, −1], [½, 1]], ∂C/∂b = (−½, ½)
  const spec: NetworkSpec = { sizes: [2, 2], activation: "tanh", loss: "cross-entropy", precision: "float64" };
  const batch: Batch = {
    size: 1,
    x: new Float64Array([1, 2]),
    labels: new Int32Array([0]),
    targets: new Float64Array(2),
  };
  for (const method of GRADIENT_METHODS) {
    it(method, () => {
      const { loss, dw } = run(method, spec, new Float64Array(6), batch);
      expect(loss).toBeCloseTo(Math.LN2, 14);
      const expected = [-0.5, -1, 0.5, 1, -0.5, 0.5];
      dw.forEach((g, k) => expect(g).toBeCloseTo(expected[k]!, 8));
    });
  }
});

describe("mse gradient of a single linear unit is 2/N Σ (ŷ − y)·x", () => {
  it("on 4 random samples of 3 inputs", () => {
    const spec: NetworkSpec = { sizes: [3, 1], activation: "linear", loss: "mse", precision: "float64" };
    const rng = Rng.fromSeed(5),
      N = 4;
    const w = Float64Array.from({ length: 4 }, () => rng.normal()); // (w1, w2, w3, b)
    const batch: Batch = {
      size: N,
      x: Float64Array.from({ length: N * 3 }, () => rng.normal()),
      labels: new Int32Array(N),
      targets: Float64Array.from({ length: N }, () => rng.normal()),
    };
    const expected = [0, 0, 0, 0];
    let cost = 0;
    for (let n = 0; n < N; n++) {
      const x = [batch.x[3 * n]!, batch.x[3 * n + 1]!, batch.x[3 * n + 2]!];
      const err = w[0]! * x[0]! + w[1]! * x[1]! + w[2]! * x[2]! + w[3]! - batch.targets[n]!;
      cost += (err * err) / N;
      for (let i = 0; i < 3; i++) expected[i]! += (2 / N) * err * x[i]!;
      expected[3]! += (2 / N) * err;
    }
    for (const method of GRADIENT_METHODS) {
      const { loss, dw } = run(method, spec, w, batch);
      expect(loss).toBeCloseTo(cost, 13);
      dw.forEach((g, k) => expect(g).toBeCloseTo(expected[k]!, method === "finite-difference" ? 7 : 13));
    }
  });
});
