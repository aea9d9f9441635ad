import { describe, expect, it } from "vitest";
import { locateParameter } from "../../src/compare/core-backend.js";
import { layerViews, paramCount, weightIndex, layoutOf, type ParameterLayout } from "../../src/model/layout.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";

/** For every weight W^l[j, i] and bias b^l[j], the layout's own index must locate back to (l, j, i). */
function expectRoundTrip(layout: ParameterLayout): void {
  const w = new Float64Array(paramCount(layout.spec));
  layerViews(layout, w).forEach((view, l) => {
    const weightsOffset = view.weights.byteOffset / 8;
    const biasOffset = view.bias.byteOffset / 8;
    for (let j = 0; j < view.outputs; j++) {
      for (let i = 0; i < view.inputs; i++) {
        const index = weightsOffset + weightIndex(view, j, i);
        expect(locateParameter(layout, index)).toEqual({ index, layer: l + 1, kind: "weight", row: j, column: i });
      }
      expect(locateParameter(layout, biasOffset + j)).toEqual({
        index: biasOffset + j,
        layer: l + 1,
        kind: "bias",
        row: j,
        column: null,
      });
    }
  });
}

describe("locateParameter", () => {
  const spec: NetworkSpec = { sizes: [2, 3, 2], activation: "tanh", loss: "mse", precision: "float64" };

  it("inverts the layout: W^1 [3×2] row-major, b^1, W^2 [2×3], b^2", () => {
    // by hand: index 3 = W^1[1, 1]; 6 = b^1[0]; 9 = W^2[0][0]; 16 = b^2[1]
    expect(locateParameter(layoutOf(spec), 3)).toMatchObject({ layer: 1, kind: "weight", row: 1, column: 1 });
    expect(locateParameter(layoutOf(spec), 6)).toMatchObject({ layer: 1, kind: "bias", row: 0 });
    expect(locateParameter(layoutOf(spec), 9)).toMatchObject({ layer: 2, kind: "weight", row: 0, column: 0 });
    expect(locateParameter(layoutOf(spec), 16)).toMatchObject({ layer: 2, kind: "bias", row: 1 });
    expect(() => locateParameter(layoutOf(spec), 17)).toThrow(RangeError);
    expectRoundTrip(layoutOf(spec));
  });

  it("reads a transposed first layer as (unit, input) too", () => {
    expectRoundTrip(layoutOf(spec, ["in-out", "out-in"]));
  });
});
