/**
 * Storing layer 1 as Wᵀ (spec.transposeFirstLayer) changes where numbers live, not what the
 * network computes: same seeded weights, same loss, same gradient read through the views,
 * same model.json, for every gradient method.
 */
import { describe, expect, it } from "vitest";
import { createGradientMethod, type GradientOptions } from "../../src/grad/index.js";
import { createBatch, fillBatch } from "../../src/model/batch.js";
import { createParams } from "../../src/model/init.js";
import { layerViews, weightIndex } from "../../src/model/layout.js";
import { logicalParams } from "./logical-params.js";
import { toModelJson } from "../../src/model/model-json.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";
import { Rng } from "../../src/core/rng.js";
import type { Split } from "../../src/data/dataset.js";

const plain: NetworkSpec = { sizes: [5, 4, 3], activation: "tanh", loss: "cross-entropy", precision: "float64" };
const stored: NetworkSpec = { ...plain, transposeFirstLayer: true };

function split(): Split {
  const r = Rng.fromSeed(4);
  const n = 6;
  return { n, x: Float64Array.from({ length: n * 5 }, () => r.range(-1, 1)), labels: Int32Array.from({ length: n }, (_, i) => i % 3), targets: null };
}


describe("transposed first-layer storage", () => {
  it("stores layer 1 as [I×O]: W[j,i] sits at i·O + j", () => {
    const w = createParams(stored, "xavier", Rng.fromSeed(1));
    const v = layerViews(stored, w)[0]!;
    expect(v.transposed).toBe(true);
    expect([v.inputs, v.outputs]).toEqual([5, 4]);
    expect(weightIndex(v, 2, 3)).toBe(3 * 4 + 2);
    expect(layerViews(stored, w)[1]!.transposed).toBe(false);
  });

  it("draws the same logical weights and writes the same model.json", () => {
    const a = createParams(plain, "he", Rng.fromSeed(7)), b = createParams(stored, "he", Rng.fromSeed(7));
    expect(logicalParams(stored, b)).toEqual(logicalParams(plain, a));
    expect(Array.from(b)).not.toEqual(Array.from(a));
    expect(toModelJson(stored, b)).toEqual(toModelJson(plain, a));
  });

  for (const options of [
    { method: "backprop" },
    { method: "finite-difference", scheme: "central" },
    { method: "path-enumeration" },
  ] as GradientOptions[]) {
    it(`${options.method}: same loss and the same gradient through the views`, () => {
      const data = split();
      const results = [plain, stored].map((spec) => {
        const w = createParams(spec, "xavier", Rng.fromSeed(3));
        const batch = createBatch(spec, data.n);
        fillBatch(batch, data, spec, null, 0, data.n);
        const dw = new Float64Array(w.length);
        const loss = createGradientMethod(options, spec, data.n).compute(w, batch, dw);
        return { loss, grad: logicalParams(spec, dw) };
      });
      expect(results[1]!.loss).toBeCloseTo(results[0]!.loss, 14);
      results[1]!.grad.forEach((g, k) => expect(g).toBeCloseTo(results[0]!.grad[k]!, 12));
    });
  }
});
