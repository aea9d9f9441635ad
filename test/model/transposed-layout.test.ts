/**
 * Storing layer 1 as Wᵀ (weight order "in-out") changes where numbers live, not what the
 * network computes: same seeded weights, same loss, same gradient read through the views,
 * same model.json, for every gradient method.
 */
import { describe, expect, it } from "vitest";
import { createGradientMethod, type GradientOptions } from "../../src/grad/index.js";
import { createBatch, fillBatch, heapBatchSource } from "../../src/model/batch.js";
import { createParams } from "../../src/model/init.js";
import { layerViews, weightIndex, layoutOf, type ParameterLayout } from "../../src/model/layout.js";
import { typescriptEngine, typescriptSparseEngine } from "../../src/engine/typescript/typescript-engine.js";
import { logicalParams } from "./logical-params.js";
import { toModelJson } from "../../src/model/model-json.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";
import { Rng } from "../../src/core/rng.js";
import type { Split } from "../../src/data/dataset.js";

const plain: NetworkSpec = { sizes: [5, 4, 3], activation: "tanh", loss: "cross-entropy", precision: "float64" };
const plainLayout = layoutOf(plain);
const stored: ParameterLayout = layoutOf(plain, ["in-out", "out-in"]);

function split(): Split {
  const r = Rng.fromSeed(4);
  const n = 6;
  return {
    n,
    x: Float64Array.from({ length: n * 5 }, () => r.range(-1, 1)),
    labels: Int32Array.from({ length: n }, (_, i) => i % 3),
    targets: null,
  };
}

describe("transposed first-layer storage", () => {
  it("stores layer 1 as [I×O]: W[j,i] sits at i·O + j", () => {
    const w = createParams(stored, "xavier", Rng.fromSeed(1));
    const v = layerViews(stored, w)[0]!;
    expect(v.order).toBe("in-out");
    expect([v.inputs, v.outputs]).toEqual([5, 4]);
    expect(weightIndex(v, 2, 3)).toBe(3 * 4 + 2);
    expect(layerViews(stored, w)[1]!.order).toBe("out-in");
  });

  it("draws the same logical weights and writes the same model.json", () => {
    const a = createParams(plainLayout, "he", Rng.fromSeed(7)),
      b = createParams(stored, "he", Rng.fromSeed(7));
    expect(logicalParams(stored, b)).toEqual(logicalParams(plainLayout, a));
    expect(Array.from(b)).not.toEqual(Array.from(a));
    expect(toModelJson(stored, b)).toEqual(toModelJson(plainLayout, a));
  });

  for (const options of [
    { method: "backprop" },
    { method: "finite-difference", scheme: "central" },
    { method: "path-enumeration" },
  ] as GradientOptions[]) {
    it(`${options.method}: same loss and the same gradient through the views`, () => {
      const data = split();
      // the sparse TypeScript engine stores layer 1 as Wᵀ
      const results = [
        [plainLayout, typescriptEngine],
        [stored, typescriptSparseEngine],
      ] as const;
      const computed = results.map(([layout, engine]) => {
        expect(engine.weightOrders(plain.sizes)).toEqual(layout.orders);
        const w = createParams(layout, "xavier", Rng.fromSeed(3));
        const batch = createBatch(plain, data.n);
        fillBatch(batch, heapBatchSource(data, plain), plain, null, 0, data.n);
        const dw = new Float64Array(w.length);
        const loss = createGradientMethod(options, plain, data.n, engine).compute(w, batch, dw);
        return { loss, grad: logicalParams(layout, dw) };
      });
      expect(computed[1]!.loss).toBeCloseTo(computed[0]!.loss, 14);
      computed[1]!.grad.forEach((g, k) => expect(g).toBeCloseTo(computed[0]!.grad[k]!, 12));
    });
  }
});
