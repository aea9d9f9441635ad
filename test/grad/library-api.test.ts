/** The public library entry (src/index.ts): build a network, ask each method for ∇C. */
import { describe, expect, it } from "vitest";
import { buildNetwork, computeGradient, GRADIENT_METHODS, paramCount, type Batch } from "../../src/index.js";

describe("library API", () => {
  it("builds a seeded network and the three methods agree on its gradient", () => {
    const { spec, w } = buildNetwork({ sizes: [2, 3, 2], activation: "tanh", seed: 7 });
    expect(spec).toEqual({
      sizes: [2, 3, 2],
      activation: "tanh",
      outputActivation: "linear",
      loss: "cross-entropy",
      precision: "float64",
    });
    expect(w.length).toBe(paramCount(spec));
    expect(Array.from(buildNetwork({ sizes: [2, 3, 2], activation: "tanh", seed: 7 }).w)).toEqual(Array.from(w));

    const batch: Batch = {
      size: 2,
      x: new Float64Array([0.5, -1, 2, 0.25]),
      labels: new Int32Array([1, 0]),
      targets: new Float64Array(4),
    };
    const [bp, ...others] = GRADIENT_METHODS.map((method) => computeGradient(spec, w, batch, { method }));
    for (const other of others) {
      expect(other.loss).toBe(bp!.loss);
      other.gradient.forEach((g, k) => expect(Math.abs(g - bp!.gradient[k]!)).toBeLessThan(1e-8));
    }
    expect(bp!.cost.multiplyAdds).toBe(3 * 2 * (3 * 2 + 2 * 3) - 2 * 3 * 2);
  });

  it("rejects an impossible network", () => {
    expect(() => buildNetwork({ sizes: [3] })).toThrow(RangeError);
    expect(() => buildNetwork({ sizes: [3, 1] })).toThrow(/at least 2 output classes/);
  });
});
