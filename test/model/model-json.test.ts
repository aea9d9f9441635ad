import { describe, expect, it } from "vitest";
import { DataError } from "../../src/core/errors.js";
import { createParams } from "../../src/model/init.js";
import { fromModelJson, toModelJson } from "../../src/model/model-json.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";
import { Rng } from "../../src/core/rng.js";
import { layoutOf } from "../../src/model/layout.js";

const spec: NetworkSpec = { sizes: [3, 2, 2], activation: "tanh", loss: "cross-entropy", precision: "float64" };
// W1 [2×3] = [[1, 2, 3], [4, 5, 6]], b1 = [7, 8], W2 [2×2] = [[9, 10], [11, 12]], b2 = [13, 14]
const w = Float64Array.from({ length: 14 }, (_, k) => k + 1);

describe("model.json", () => {
  it("writes layers as outputs × inputs nested arrays, softmax on the cross-entropy output", () => {
    const json = toModelJson(layoutOf(spec), w, { classNames: ["a", "b"] });
    expect(json).toEqual({
      format: "sgd-mlp",
      version: 1,
      loss: "cross-entropy",
      precision: "float64",
      classNames: ["a", "b"],
      layers: [
        {
          inputs: 3,
          outputs: 2,
          activation: "tanh",
          weights: [
            [1, 2, 3],
            [4, 5, 6],
          ],
          bias: [7, 8],
        },
        {
          inputs: 2,
          outputs: 2,
          activation: "softmax",
          weights: [
            [9, 10],
            [11, 12],
          ],
          bias: [13, 14],
        },
      ],
    });
    expect(toModelJson(layoutOf({ ...spec, loss: "mse" }), w).layers[1]!.activation).toBe("linear");
  });

  it("round-trips through JSON text, extras included", () => {
    const big: NetworkSpec = {
      sizes: [5, 7, 4, 3],
      activation: "leaky-relu",
      outputActivation: "linear",
      loss: "mse",
      precision: "float32",
    };
    const params = createParams(layoutOf(big), "he", Rng.fromSeed(4));
    const text = JSON.stringify(
      toModelJson(layoutOf(big), params, { normalization: { kind: "none", offset: null, scale: null } }),
    );
    const loaded = fromModelJson(JSON.parse(text));
    expect(loaded.spec).toEqual(big);
    expect(loaded.w).toBeInstanceOf(Float32Array);
    expect(Array.from(loaded.w)).toEqual(Array.from(params));
    expect(loaded.extras).toEqual({ normalization: { kind: "none", offset: null, scale: null } });
  });

  it("writes a sigmoid output layer as its activation and reads it back", () => {
    const nielsen: NetworkSpec = {
      sizes: [4, 3, 2],
      activation: "sigmoid",
      outputActivation: "sigmoid",
      loss: "mse",
      precision: "float64",
    };
    const params = createParams(layoutOf(nielsen), "xavier", Rng.fromSeed(5));
    const json = toModelJson(layoutOf(nielsen), params);
    expect(json.layers.map((l) => l.activation)).toEqual(["sigmoid", "sigmoid"]);
    const loaded = fromModelJson(JSON.parse(JSON.stringify(json)));
    expect(loaded.spec).toEqual(nielsen);
    expect(Array.from(loaded.w)).toEqual(Array.from(params));
    // an mse file whose last layer is "linear" reads as a linear output
    const linear = fromModelJson(
      JSON.parse(JSON.stringify(toModelJson(layoutOf({ ...nielsen, outputActivation: "linear" }), params))),
    );
    expect(linear.spec.outputActivation).toBe("linear");
    const tanhOutput = JSON.parse(JSON.stringify(json)) as { layers: { activation: string }[] };
    tanhOutput.layers[1]!.activation = "tanh";
    expect(() => fromModelJson(tanhOutput, "m.json")).toThrow(
      'm.json: layers.1.activation: "tanh" is not supported here (expected "linear" or "sigmoid" with loss mse)',
    );
  });

  it("refuses extras that would overwrite the network", () => {
    expect(() => toModelJson(layoutOf(spec), w, { layers: [] })).toThrow(/reserved/);
  });

  const good = (): Record<string, unknown> =>
    JSON.parse(JSON.stringify(toModelJson(layoutOf(spec), w))) as Record<string, unknown>;
  const layer = (m: Record<string, unknown>, i: number) => (m.layers as Record<string, unknown>[])[i]!;
  const corrupt: [string, (m: Record<string, unknown>) => unknown, RegExp][] = [
    ["not an object", () => 42, /not an sgd model/],
    ["wrong format", (m) => ({ ...m, format: "keras" }), /format is "keras"/],
    ["version 2", (m) => ({ ...m, version: 2 }), /version 2 is not supported/],
    ["no layers", (m) => ({ ...m, layers: [] }), /layers/],
    [
      "a string weight",
      (m) => {
        (layer(m, 0).weights as unknown[][])[1]![2] = "6";
        return m;
      },
      /layers\[0\]\.weights\[1\]\[2\]: expected a number, found "6"/,
    ],
    [
      "a short row",
      (m) => {
        (layer(m, 0).weights as unknown[][])[1]!.pop();
        return m;
      },
      /weights\.1: has 2 entries, expected inputs = 3/,
    ],
    [
      "layers that do not chain",
      (m) => {
        layer(m, 1).inputs = 3;
        return m;
      },
      /layers\.1: has 3 inputs but the layer before has 2 outputs/,
    ],
    [
      "a short bias",
      (m) => {
        layer(m, 0).bias = [7];
        return m;
      },
      /layers\.0\.bias: has 1 entries/,
    ],
    [
      "softmax on a hidden layer",
      (m) => {
        layer(m, 0).activation = "softmax";
        return m;
      },
      /only supported on the output layer/,
    ],
    [
      "linear output with cross-entropy",
      (m) => {
        layer(m, 1).activation = "linear";
        return m;
      },
      /expected "softmax"/,
    ],
    [
      "sigmoid output with cross-entropy",
      (m) => {
        layer(m, 1).activation = "sigmoid";
        return m;
      },
      /"sigmoid" is not supported here \(expected "softmax" with loss cross-entropy\)/,
    ],
    [
      "unknown activation",
      (m) => {
        layer(m, 0).activation = "gelu";
        return m;
      },
      /layers\[0\]\.activation: expected one of /,
    ],
  ];
  for (const [what, damage, message] of corrupt) {
    it(`throws DataError on ${what}`, () => {
      const call = () => fromModelJson(damage(good()), "runs/x/model.json");
      expect(call).toThrow(DataError);
      expect(call).toThrow(/^runs\/x\/model\.json: /);
      expect(call).toThrow(message);
    });
  }
});
