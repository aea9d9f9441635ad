/**
 * The 2-3-2 network the encoder tests export: leaky ReLU, cross-entropy, float64, weights and a
 * standard normalization chosen so that folding it in is exact (scales are powers of two):
 *   W¹ = [[1, −0.5], [0.25, 2], [−1, 0.75]], b¹ = [0.5, −0.25, 0],  W² = [[1, −1, 0.5], [−2, 0.25, 1]], b² = [0.125, −0.5]
 *   offset = [1, −2], scale = [2, 4]   ⇒ folded W¹' = W¹/s = [[0.5, −0.125], [0.125, 0.5], [−0.5, 0.1875]],
 *   b¹' = b¹ − W¹'·offset = [0.5 − (0.5 + 0.25), −0.25 − (0.125 − 1), 0 − (−0.5 − 0.375)] = [−0.25, 0.625, 0.875]
 */
import { exportNetwork, type ExportNetwork } from "../../src/export/exported-network.js";
import { fromModelJson } from "../../src/model/model-json.js";

export const TINY_W1 = [
  [1, -0.5],
  [0.25, 2],
  [-1, 0.75],
];
export const TINY_B1 = [0.5, -0.25, 0];
export const TINY_W2 = [
  [1, -1, 0.5],
  [-2, 0.25, 1],
];
export const TINY_B2 = [0.125, -0.5];
export const TINY_FOLDED_W1 = [0.5, -0.125, 0.125, 0.5, -0.5, 0.1875];
export const TINY_FOLDED_B1 = [-0.25, 0.625, 0.875];

export function tinyNetwork(precision: "float32" | "float64" = "float64"): ExportNetwork {
  const model = fromModelJson({
    format: "sgd-mlp",
    version: 1,
    loss: "cross-entropy",
    precision,
    layers: [
      { inputs: 2, outputs: 3, activation: "leaky-relu", weights: TINY_W1, bias: TINY_B1 },
      { inputs: 3, outputs: 2, activation: "softmax", weights: TINY_W2, bias: TINY_B2 },
    ],
  });
  return exportNetwork(model, {
    task: "classification",
    normalization: { kind: "standard", offset: [1, -2], scale: [2, 4] },
    classNames: ["no", "yes"],
  });
}
