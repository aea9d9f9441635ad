/**
 * cs231n sanity checks: at initialisation with small weights the softmax is ≈ uniform, so the
 * cross-entropy is ≈ ln C; and a network can drive the loss on 20 samples to ≈ 0 by repeated
 * gradient steps w ← w − γ∇C(w) (a plain loop here; the optimizer lives in src/optim/).
 */
import { describe, expect, it } from "vitest";
import type { Activation, LossName } from "../../src/config/train-schema.js";
import type { Batch } from "../../src/core/types.js";
import { createGradientMethod } from "../../src/grad/index.js";
import { createParams } from "../../src/model/init.js";
import { createWorkspace, forwardLoss } from "../../src/model/mlp.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";
import { Rng } from "../../src/core/rng.js";
import { layoutOf } from "../../src/model/layout.js";

function randomBatch(rng: Rng, B: number, I: number, O: number): Batch {
  return {
    size: B,
    x: Float64Array.from({ length: B * I }, () => rng.uniform()),
    labels: Int32Array.from({ length: B }, () => rng.int(O)),
    targets: Float64Array.from({ length: B * O }, () => rng.normal()),
  };
}

describe("cross-entropy at initialisation ≈ ln C", () => {
  for (const classes of [3, 10]) {
    it(`${classes} classes, PyTorch-default uniform init`, () => {
      const spec: NetworkSpec = {
        sizes: [64, 100, classes],
        activation: "relu",
        loss: "cross-entropy",
        precision: "float64",
      };
      const rng = Rng.fromSeed(classes);
      const w = createParams(layoutOf(spec), "uniform", rng);
      const loss = forwardLoss(createWorkspace(spec, 500), w, randomBatch(rng, 500, 64, classes));
      expect(Math.abs(loss - Math.log(classes))).toBeLessThan(0.05);
    });
  }

  it("is exactly ln C when every weight is zero", () => {
    const spec: NetworkSpec = { sizes: [4, 5, 7], activation: "tanh", loss: "cross-entropy", precision: "float64" };
    const loss = forwardLoss(
      createWorkspace(spec, 3),
      new Float64Array(4 * 5 + 5 + 5 * 7 + 7),
      randomBatch(Rng.fromSeed(1), 3, 4, 7),
    );
    expect(loss).toBeCloseTo(Math.log(7), 14);
  });
});

describe("20 samples can be overfit", () => {
  // 20 samples x ~ N(0, 1)^5 with random labels among 3 (mse: one-hot targets), full-batch steps
  const cases: [Activation, LossName, number][] = [
    ["tanh", "cross-entropy", 0.5],
    ["relu", "cross-entropy", 0.2],
    ["tanh", "mse", 0.1],
  ];
  for (const [activation, loss, learningRate] of cases) {
    it(`${activation} with ${loss}`, () => {
      const spec: NetworkSpec = { sizes: [5, 32, 3], activation, loss, precision: "float64" };
      const rng = Rng.fromSeed(20);
      const w = createParams(layoutOf(spec), "xavier", rng),
        dw = new Float64Array(w.length);
      const batch = randomBatch(rng, 20, 5, 3);
      batch.x.forEach((_, k) => (batch.x[k] = rng.normal()));
      batch.targets.forEach((_, k) => (batch.targets[k] = batch.labels[Math.floor(k / 3)] === k % 3 ? 1 : 0));
      const method = createGradientMethod({ method: "backprop" }, spec, 20);
      const first = method.compute(w, batch, dw);
      let last = first;
      for (let step = 0; step < 3000; step++) {
        last = method.compute(w, batch, dw);
        for (let k = 0; k < w.length; k++) w[k] = w[k]! - learningRate * dw[k]!;
      }
      expect(first).toBeGreaterThan(0.5);
      expect(last).toBeLessThan(0.01);
    });
  }
});
