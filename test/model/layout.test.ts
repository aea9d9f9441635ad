import { describe, expect, it } from "vitest";
import { LayerViewCache, layerViews, paramCount, parameterTensors, layoutOf } from "../../src/model/layout.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";

const spec: NetworkSpec = { sizes: [3, 4, 2], activation: "relu", loss: "mse", precision: "float64" };

describe("flat parameter layout", () => {
  it("p = Σ n_l (n_{l−1} + 1): 4·4 + 2·5 = 26", () => {
    expect(paramCount(spec)).toBe(26);
    expect(paramCount({ ...spec, sizes: [784, 128, 10] })).toBe(128 * 785 + 10 * 129);
  });

  it("orders each layer's weights [O×I] then its bias", () => {
    expect(parameterTensors(layoutOf(spec))).toEqual([
      { name: "layer1.weights", layer: 1, offset: 0, size: 12, shape: [4, 3] },
      { name: "layer1.bias", layer: 1, offset: 12, size: 4, shape: [4] },
      { name: "layer2.weights", layer: 2, offset: 16, size: 8, shape: [2, 4] },
      { name: "layer2.bias", layer: 2, offset: 24, size: 2, shape: [2] },
    ]);
  });

  it("views write through to w, W[j,i] at j·I + i", () => {
    const w = new Float64Array(26);
    const [l1, l2] = layerViews(layoutOf(spec), w);
    l1!.weights[2 * 3 + 1] = 7; // W1[2,1]
    l1!.bias[3] = 8;
    l2!.weights[1 * 4 + 0] = 9; // W2[1,0]
    l2!.bias[1] = 10;
    expect([w[7], w[15], w[20], w[25]]).toEqual([7, 8, 9, 10]);
    expect(w.reduce((a, b) => a + b, 0)).toBe(34);
  });

  it("rejects a vector of the wrong length or precision", () => {
    expect(() => layerViews(layoutOf(spec), new Float64Array(25))).toThrow(/length 25.*needs 26/);
    expect(() => new LayerViewCache(layoutOf(spec)).of(new Float32Array(26))).toThrow(
      /float64 but was handed a Float32Array/,
    );
  });

  it("the cache remakes views only for a new vector", () => {
    const cache = new LayerViewCache(layoutOf(spec)),
      w = new Float64Array(26);
    const first = cache.of(w);
    expect(cache.of(w)).toBe(first);
    expect(cache.of(new Float64Array(26))).not.toBe(first);
  });
});
