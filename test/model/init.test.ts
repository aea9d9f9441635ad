import { describe, expect, it } from "vitest";
import { createParams } from "../../src/model/init.js";
import { layerViews, layoutOf } from "../../src/model/layout.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";
import { Rng } from "../../src/core/rng.js";

const spec: NetworkSpec = { sizes: [400, 300, 10], activation: "relu", loss: "cross-entropy", precision: "float64" };

function stats(a: ArrayLike<number>): { mean: number; std: number; maxAbs: number } {
  let s = 0,
    s2 = 0,
    maxAbs = 0;
  for (let k = 0; k < a.length; k++) {
    s += a[k]!;
    s2 += a[k]! ** 2;
    maxAbs = Math.max(maxAbs, Math.abs(a[k]!));
  }
  const mean = s / a.length;
  return { mean, std: Math.sqrt(s2 / a.length - mean * mean), maxAbs };
}

describe("seeded initialisation", () => {
  it("he: N(0, 2/fan_in), std √(2/400) ≈ 0.0707 on the 300×400 layer", () => {
    const [first] = layerViews(layoutOf(spec), createParams(layoutOf(spec), "he", Rng.fromSeed(1)));
    const { mean, std } = stats(first!.weights);
    expect(Math.abs(mean)).toBeLessThan(0.002);
    expect(std / Math.sqrt(2 / 400)).toBeCloseTo(1, 1);
  });

  it("xavier: U(±√(6/(fan_in+fan_out))), std = bound/√3", () => {
    const [first, second] = layerViews(layoutOf(spec), createParams(layoutOf(spec), "xavier", Rng.fromSeed(2)));
    const bound = Math.sqrt(6 / 700);
    const { std, maxAbs } = stats(first!.weights);
    expect(maxAbs).toBeLessThanOrEqual(bound);
    expect(maxAbs).toBeGreaterThan(0.99 * bound);
    expect(std / (bound / Math.sqrt(3))).toBeCloseTo(1, 1);
    expect(stats(second!.weights).maxAbs).toBeLessThanOrEqual(Math.sqrt(6 / 310));
  });

  it("uniform: U(±1/√fan_in) as PyTorch's Linear", () => {
    const [first, second] = layerViews(layoutOf(spec), createParams(layoutOf(spec), "uniform", Rng.fromSeed(3)));
    expect(stats(first!.weights).maxAbs).toBeLessThanOrEqual(1 / 20);
    expect(stats(first!.weights).maxAbs).toBeGreaterThan(0.99 / 20);
    expect(stats(second!.weights).maxAbs).toBeLessThanOrEqual(1 / Math.sqrt(300));
  });

  it("normal: weights and biases N(0, 1), as Nielsen's network.py", () => {
    const layers = layerViews(layoutOf(spec), createParams(layoutOf(spec), "normal", Rng.fromSeed(4)));
    const weights = stats(layers[0]!.weights),
      biases = stats(layers[0]!.bias);
    expect(Math.abs(weights.mean)).toBeLessThan(0.01); // 120,000 draws: the mean's std is 0.003
    expect(weights.std).toBeCloseTo(1, 2);
    expect(Math.abs(biases.mean)).toBeLessThan(0.2); // 300 draws: std 0.058
    expect(Math.abs(biases.std - 1)).toBeLessThan(0.15);
    expect(stats(layers[1]!.bias).maxAbs).toBeGreaterThan(0);
  });

  it("biases are zero, the same seed gives the same vector, float32 gives the rounded draw", () => {
    const a = createParams(layoutOf(spec), "he", Rng.fromSeed(9)),
      b = createParams(layoutOf(spec), "he", Rng.fromSeed(9));
    expect(Array.from(b)).toEqual(Array.from(a));
    for (const view of layerViews(layoutOf(spec), a)) expect(stats(view.bias).maxAbs).toBe(0);
    const f32 = createParams(layoutOf({ ...spec, precision: "float32" }), "he", Rng.fromSeed(9));
    expect(f32).toBeInstanceOf(Float32Array);
    expect(f32[123]).toBe(Math.fround(a[123]!));
    expect(Array.from(createParams(layoutOf(spec), "he", Rng.fromSeed(10)).subarray(0, 5))).not.toEqual(
      Array.from(a.subarray(0, 5)),
    );
  });
});
